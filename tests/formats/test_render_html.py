"""`quizlint render --format html`: self-contained pages, checked in real headless Chromium.

Chromium loads each page from disk with networking off and ``--dump-dom``
prints the DOM after the page ran (scripts included), so what is checked
is what a reader gets. Without ``/usr/bin/chromium`` those tests are
skipped (CI installs it: ``apt-get install -y chromium``); the checks of
the page text itself run everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rendertest import HOSTILE, Elements, project, render

from qltest import ROOT
from quizlint.formats import html as html_format
from quizlint.loader import load_file

QUIZZES = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and os.access(p, os.X_OK)),
                None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (/usr/bin/chromium; `apt-get install -y chromium`)")


def chromium(tmp: Path, *args: str) -> str:
    """Run headless Chromium with a fresh profile; return its stdout."""
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=tmp))
    r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--no-first-run", f"--user-data-dir={profile}", *args],
                       capture_output=True, text=True, timeout=90, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp)})
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def dom(tmp: Path, page: Path) -> str:
    return chromium(tmp, "--dump-dom", page.as_uri())


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    tmp = project(tmp_path_factory.mktemp("html"), ("hostile", HOSTILE), with_data=True)
    assert render(tmp, "-o", "out", "--format", "html") == 0
    return tmp / "out"


def _sections(text: str) -> dict:
    """Question id -> the HTML of its section."""
    parts = re.split(r'<section class="question" id="', text)[1:]
    return {p.split('"', 1)[0]: p for p in parts}


# --------------------------------------------------------------------------
# The page text (no browser needed)


def test_pages_are_self_contained_and_offline(pages):
    names = sorted(p.name for p in pages.glob("*.html"))
    assert "phase-04-calculus-optimization.es.html" in names and "index.es.html" in names
    for page in pages.glob("*.html"):
        text = page.read_text("utf-8")
        el = Elements(text)
        assert not el.tags("script") and not el.tags("link") and not el.tags("img"), page.name
        assert [a for t, a in el.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert not [a for _, a in el.elements if "src" in a], page.name
        hrefs = [a["href"] for a in el.tags("a")]
        assert all(h.startswith("#") or re.fullmatch(r"[\w.-]+\.html", h) for h in hrefs), hrefs
        assert "@media print" in text


def test_language_switch_links_sibling_pages(pages):
    es = Elements((pages / "phase-04-calculus-optimization.es.html").read_text("utf-8"))
    en = Elements((pages / "phase-04-calculus-optimization.html").read_text("utf-8"))
    assert {a["href"] for a in es.tags("a") if a.get("hreflang")} == {"phase-04-calculus-optimization.html"}
    assert {a["href"] for a in en.tags("a") if a.get("hreflang")} == {"phase-04-calculus-optimization.es.html"}
    assert "Espejo legible de data/quizzes/phase-04-calculus-optimization.yaml" in es.text
    assert "Readable mirror of data/quizzes/phase-04-calculus-optimization.yaml" in en.text


def test_mathml_is_rebuilt_from_an_allow_list():
    out = html_format.mathml(r"\text{<script>alert(1)</script>} + \href{javascript:alert(1)}{x} + \R^n", False)
    assert out.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML"')
    assert "<script" not in out and "href" not in out and "&#x0211D;" not in out and "ℝ" in out
    assert html_format.mathml(r"\frac{1}{" * 3000, True).startswith('<code class="tex">')  # too deep: the TeX
    assert html_format.markup("a `$x$` b") == "<p>a <code>$x$</code> b</p>\n"            # code is not math
    assert html_format.markup("$a_1 < b_2$ and _c_") .count("<math") == 1
    assert "<em>c</em>" in html_format.markup("$a_1 < b_2$ and _c_")                        # math is not Markdown
    # math in an attribute (a link title) goes back as escaped TeX, never as markup
    titled = Elements(html_format.markup('[a](https://x.org "t $\\text{\" onclick=\"x}$")'))
    assert titled.tags("a") == [{"href": "https://x.org", "title": 't \\text{" onclick="x}'}]


# --------------------------------------------------------------------------
# In Chromium


@needs_chromium
def test_every_question_present_and_math_as_mathml(pages, tmp_path):
    todo = []
    for f in QUIZZES:
        data = load_file(f).data
        langs = data.get("languages") or ["en"]
        todo += [(data, lang, f.stem if lang == langs[0] else f"{f.stem}.{lang}") for lang in langs]
    with ThreadPoolExecutor(3) as pool:  # one Chromium per page, a few at a time
        dumps = list(pool.map(lambda t: dom(tmp_path, pages / f"{t[2]}.html"), todo))
    checked = 0
    for (data, lang, name), got in zip(todo, dumps):
        sections = _sections(got)
        for q in data["questions"]:
            assert q["id"] in sections, (name, q["id"])
            body = sections[q["id"]]
            stem = q["stem"] if isinstance(q["stem"], str) else q["stem"][lang]
            if "$" in stem and "`" not in stem:
                assert "<math" in body, (name, q["id"])      # MathML, in the DOM
            assert not re.search(r"\$[^$<]*\\[a-z]+", body), (name, q["id"])  # no TeX left over
            checked += 1
    assert checked == 74


@needs_chromium
def test_no_script_from_quiz_text_runs(pages, tmp_path):
    got = dom(tmp_path, pages / "hostile.html")
    el = Elements(got)
    body = [a for t, a in el.elements if t == "body"][0]
    assert "data-pwned" not in body, body
    assert not el.tags("script") and not el.tags("img") and not el.tags("b")
    assert not [k for _, a in el.elements for k in a if k.startswith("on")]
    assert "Pick one <script>document.body.setAttribute('data-pwned', 'stem')</script>" in el.text
    assert "A heading </a></h2><script>" in el.text and "evil" not in el.ids()
    title = re.search(r"<title>(.*?)</title>", got, re.S).group(1)
    assert title == "Hostile &lt;/title&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;"
    # The same script in a page of its own does run here: the check above can fail.
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><html><body>Pick one <script>document.body.setAttribute"
                       "('data-pwned', 'stem')</script></body></html>", "utf-8")
    assert 'data-pwned="stem"' in dom(tmp_path, control)


@needs_chromium
def test_screenshot(pages, tmp_path):
    """A screenshot of the Spanish phase-04 page, to $QUIZLINT_SCREENSHOT when set."""
    target = Path(os.environ.get("QUIZLINT_SCREENSHOT") or tmp_path / "phase-04.es.png").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    chromium(tmp_path, f"--screenshot={target}", "--window-size=1000,1800", "--hide-scrollbars",
             (pages / "phase-04-calculus-optimization.es.html").as_uri())
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 20_000  # a page with text on it, not a blank image

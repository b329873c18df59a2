"""`quizlint render --format mkdocs`: the pages go through the real `mkdocs build --strict`."""

from __future__ import annotations

import re

import pytest
import yaml
from rendertest import DRAFT, HOSTILE, Elements, bilingual, mkdocs_build, project, render

from qltest import ROOT
from quizlint.loader import load_file

QUIZZES = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))


def _built_page(site, quiz: str, lang: str, default: str = "en"):
    path = site / (quiz if lang == default else f"{lang}/{quiz}") / "index.html"
    return Elements(path.read_text("utf-8"))


def _article(page_text: str) -> str:
    """The page's own content (what Markdown made), without the theme around it."""
    m = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', page_text, re.S)
    assert m, "no article in the built page"
    return m.group(1)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = project(tmp_path_factory.mktemp("mkdocs"), with_data=True)
    assert render(tmp, "-o", "out") == 0
    r = mkdocs_build(tmp / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    return tmp / "out"


def test_every_question_id_is_an_anchor_in_each_language(built):
    checked = 0
    for f in QUIZZES:
        data = load_file(f).data
        for lang in data.get("languages") or ["en"]:
            page = _built_page(built / "site", f.stem, lang)
            links = {a.get("href") for a in page.tags("a")}
            for q in data["questions"]:
                assert q["id"] in page.ids(), (f.stem, lang, q["id"])
                assert f"#{q['id']}" in links, (f.stem, lang, q["id"])  # the permalink
                checked += 1
    assert checked == 69 + 5  # every question of data/, and phase-04's five again in Spanish


def test_suffix_convention_index_and_config(built):
    docs = sorted(p.name for p in (built / "docs").glob("*.md"))
    assert docs == sorted(["index.md", "index.es.md", "phase-04-calculus-optimization.es.md"]
                          + [f"{f.stem}.md" for f in QUIZZES])
    config = yaml.safe_load((built / "mkdocs.yml").read_text("utf-8"))
    assert config["theme"]["name"] == "material"
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    assert i18n["docs_structure"] == "suffix"
    assert [(lg["locale"], lg.get("default", False)) for lg in i18n["languages"]] == [("en", True), ("es", False)]
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    for ext in ("attr_list", "admonition", "pymdownx.details", "pymdownx.superfences", "pymdownx.arithmatex"):
        assert ext in names
    index = _built_page(built / "site", ".", "en")
    hrefs = {a.get("href") for a in index.tags("a")}
    assert {f"{f.stem}/" for f in QUIZZES} <= hrefs
    spanish = _built_page(built / "site", ".", "es")
    assert "phase-04-calculus-optimization/" in {a.get("href") for a in spanish.tags("a")}
    assert "Cuestionarios" in spanish.text


def test_spanish_page_switch_note_answers_math_and_code(built):
    md = (built / "docs" / "phase-04-calculus-optimization.es.md").read_text("utf-8")
    assert "[English](../../phase-04-calculus-optimization/) · **Español**" in md
    assert "Espejo legible de `data/quizzes/phase-04-calculus-optimization.yaml`" in md
    assert "Fuente de verdad: `data/quizzes/phase-04-calculus-optimization.yaml`." in md
    html = (built / "site" / "es" / "phase-04-calculus-optimization" / "index.html").read_text("utf-8")
    article = _article(html)
    # the English page's link goes to the Spanish page that was built
    english = (built / "site" / "phase-04-calculus-optimization" / "index.html").read_text("utf-8")
    assert 'href="../es/phase-04-calculus-optimization/">Español</a>' in _article(english)
    assert article.count('class="admonition success"') == 5            # an answer for every question
    assert "<strong>Opción 2.</strong>" in article                      # the key statement, rendered
    assert '<span class="arithmatex">\\(\\partial L / \\partial z_i\\)</span>' in article  # math kept for MathJax
    assert "<code>∂L/∂z_i = p_i - y_i</code>" in article               # code kept as code
    assert "$$" not in article and "{#q-04-01}" not in article


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """``small(mode)``: a bilingual quiz and the 18 flashcards, rendered with
    ``--answers mode`` and built (each mode once per module)."""
    cards = (ROOT / "data" / "quizzes" / "optimizers-flashcards.yaml").read_text("utf-8")
    done = {}

    def build(mode):
        if mode not in done:
            tmp = project(tmp_path_factory.mktemp(mode), ("states", bilingual()),
                          ("fc", cards.replace("quiz: optimizers-flashcards", "quiz: fc")))
            assert render(tmp, "-o", "out", "--answers", mode) == 0
            r = mkdocs_build(tmp / "out")
            assert r.returncode == 0, r.stdout + r.stderr
            done[mode] = tmp / "out"
        return done[mode]

    return build


@pytest.mark.parametrize("mode", ["collapsed", "end", "none"])
def test_answers_modes(small, mode):
    out = small(mode)
    article = _article((out / "site" / "fc" / "index.html").read_text("utf-8"))
    reference = "A differentiable measure"                             # fc-opt-01's reference answer
    details = article.count("<details")
    if mode == "collapsed":
        assert details == 18 and reference in article
        assert 'id="answers"' not in article
    elif mode == "end":
        assert details == 0 and 'id="answers"' in article
        assert article.index('id="fc-opt-18"') < article.index('id="answers"') < article.index(reference)
        assert article.count('id="answer-fc-opt-') == 18
    else:
        assert details == 0 and reference not in article and "Answer" not in article
    assert article.count('class="headerlink"') >= 18


def test_translation_states_are_marked_even_on_student_pages(small):
    out = small("none")
    es = (out / "docs" / "states.es.md").read_text("utf-8")
    en = (out / "docs" / "states.md").read_text("utf-8")
    blocks = dict(re.findall(r"\{#(q-t-\d+)\}\n(.*?)(?=\n## |\Z)", es + "\n", re.S))
    assert "Traducción" not in blocks["q-t-01"]                       # reviewed, hash current
    assert '!!! warning "Traducción desactualizada"' in blocks["q-t-02"]  # hash 0badf00d is stale
    assert '!!! warning "Traducción sin revisar"' in blocks["q-t-03"]     # no translations.es
    assert "!!! warning" not in en
    built = _article((out / "site" / "es" / "states" / "index.html").read_text("utf-8"))
    assert built.count('class="admonition warning"') == 2


def test_drafts_only_on_reviewer_pages(tmp_path):
    tmp = project(tmp_path, ("drafts", DRAFT))
    assert render(tmp, "-o", "student", "--answers", "none") == 1    # the gate refuses a draft (exit 1, as check)
    assert not (tmp / "student").exists()
    assert render(tmp, "-o", "review") == 0
    md = (tmp / "review" / "docs" / "drafts.md").read_text("utf-8")
    assert '!!! danger "Draft"' in md and "quizlint review q-d-01" in md


def test_hostile_quiz_text_stays_text(tmp_path):
    tmp = project(tmp_path, ("hostile", HOSTILE))
    assert render(tmp, "-o", "out") == 0
    r = mkdocs_build(tmp / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    html = (tmp / "out" / "site" / "hostile" / "index.html").read_text("utf-8")
    page = Elements(html)
    handlers = [(t, k) for t, a in page.elements for k in a if k.startswith("on")]
    assert handlers == []
    assert not [a for a in page.tags("a") if (a.get("href") or "").lower().startswith("javascript")]
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)
    assert scripts and not [s for s in scripts if "pwned" in s or "alert" in s]
    assert not page.tags("img") and not page.tags("b")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith("Hostile &lt;/title&gt;&lt;script&gt;")
    article = _article(html)
    assert "Pick one &lt;script&gt;document.body.setAttribute" in article
    assert "{: onclick" not in article and "&#123;: onclick" in article
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in article
    assert "evil" not in page.ids() and "q-h-02" in page.ids()             # `{#evil}` in a heading is text
    assert "A heading &lt;/a&gt;&lt;/h2&gt;&lt;script&gt;" in article

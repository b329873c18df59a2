"""Canvas QTI export, with the real text2qti as the oracle.

The same quiz goes two ways: text2qti's text -> text2qti (the PyPI
package, run here, offline) -> QTI zip; and the same text -> quizlint's
importer -> quizlint's QTI export. Both zips are read back into plain
items (type, points, choices, keys, numerical ranges, feedback) with the
identifiers replaced by the choice texts, and must agree. Then every quiz
under data/ is exported both ways (quizlint -> text2qti text -> text2qti,
and quizlint -> QTI) and the items must agree by position; each zip must
be complete, well-formed, escaped and byte-identical on re-export.
"""

import html
import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from defusedxml import ElementTree as SafeET

from qltest import EXAMPLES, ROOT
from quizlint.formats import qti, text2qti
from quizlint.formats.model import Choice, Numeric, Question, Quiz, Symbolic, WrongAnswer, from_doc
from quizlint.loader import load_file

t2q_quiz = pytest.importorskip("text2qti.quiz")
from text2qti.config import Config  # noqa: E402
from text2qti.qti import QTI  # noqa: E402

EVERY_KIND = EXAMPLES / "import" / "text2qti" / "every-kind.txt"
DATA = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))
NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2", "m": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}


def real_text2qti(text: str) -> bytes:
    """The QTI zip text2qti itself makes of ``text`` (no config file, no code run)."""
    return QTI(t2q_quiz.Quiz(text, config=Config(), source_name="oracle")).zip_bytes()


# --- reading a QTI zip back ---------------------------------------------------

_EQ_IMG = re.compile(r'<img class="equation_image"[^>]*>')
_MATHML = re.compile(r'<math [^>]*>.*?</math>', re.S)
_TAG = re.compile(r"<[^>]+>")
_SMART = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "--",
                        "\u2014": "---", "\u2026": "..."})


def plain(fragment: str) -> str:
    """The text of an HTML fragment, each formula as ``[math]`` (text2qti's
    <img> and our MathML alike), text2qti's smart punctuation undone,
    whitespace collapsed."""
    fragment = _EQ_IMG.sub(" [math] ", fragment)
    fragment = _MATHML.sub(" [math] ", fragment)
    text = html.unescape(_TAG.sub(" ", fragment)).translate(_SMART)
    return " ".join(text.split())


def assessment(data: bytes):
    """The assessment root of a Canvas QTI zip, found through its manifest."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    manifest = SafeET.fromstring(zf.read("imsmanifest.xml"))
    res = manifest.find(".//m:resource[@type='imsqti_xmlv1p2']", NS)
    return SafeET.fromstring(zf.read(res.find("m:file", NS).get("href"))), zf


def _mattext(el) -> str:
    return el.find(".//q:mattext", NS).text or ""


def items(data: bytes) -> list[dict]:
    """Every item of the zip as plain data, identifiers replaced by choice texts."""
    root, _ = assessment(data)
    out = []
    for item in root.iter(f"{{{NS['q']}}}item"):
        meta = {f.find("q:fieldlabel", NS).text: f.find("q:fieldentry", NS).text or ""
                for f in item.iter(f"{{{NS['q']}}}qtimetadatafield")}
        names = {lab.get("ident"): plain(_mattext(lab)) for lab in item.iter(f"{{{NS['q']}}}response_label")
                 if lab.find(".//q:mattext", NS) is not None}
        feedback = {fb.get("ident"): plain(_mattext(fb)) for fb in item.iter(f"{{{NS['q']}}}itemfeedback")}
        got = {"type": meta["question_type"], "points": float(meta["points_possible"]), "title": item.get("title"),
               "stem": plain(_mattext(item.find("q:presentation", NS))), "choices": list(names.values()),
               "general": feedback.get("general_fb"),
               "why": {names[k[:-3]]: v for k, v in feedback.items() if k[:-3] in names},
               "keys": set(), "ranges": []}
        for rc in item.iter(f"{{{NS['q']}}}respcondition"):
            setvar = rc.find("q:setvar", NS)
            if setvar is None or float(setvar.text) != 100:
                continue
            var = rc.find("q:conditionvar", NS)
            if got["type"] == "multiple_answers_question":
                both = var.find("q:and", NS)
                got["keys"] = {names[v.text] for v in both.findall("q:varequal", NS)}
                assert {names[v.text] for v in both.findall("q:not/q:varequal", NS)} == set(names.values()) - got["keys"]
            elif got["type"] == "numerical_question":
                low = [float(v.text) for v in var.iter(f"{{{NS['q']}}}vargte")]
                high = [float(v.text) for v in var.iter(f"{{{NS['q']}}}varlte")]
                got["ranges"] += [low[0], high[0]]      # accepted: low <= x <= high
            else:
                got["keys"] = {names[v.text] for v in var.iter(f"{{{NS['q']}}}varequal")}
        out.append(got)
    return out


def assert_same(ours: dict, theirs: dict, where: str) -> None:
    """Same item for scoring: type, points, choices in order, keys, ranges, feedback."""
    assert ours["type"] == theirs["type"], where
    if ours["type"] == "true_false_question":     # text2qti keeps the text as typed: true/false
        ours = dict(ours, choices=[c.lower() for c in ours["choices"]], keys={k.lower() for k in ours["keys"]})
    assert ours["points"] == theirs["points"], where
    assert ours["stem"] == theirs["stem"], where
    assert ours["choices"] == theirs["choices"], where
    assert ours["keys"] == theirs["keys"], where
    assert ours["ranges"] == pytest.approx(theirs["ranges"], rel=1e-9, abs=1e-12), where
    assert ours["why"] == theirs["why"], where
    if ours["type"] == "essay_question":   # ours adds the reference answer for the grader
        assert (theirs["general"] or "") in (ours["general"] or ""), where
    else:
        assert ours["general"] == theirs["general"], where


# --- the oracle -----------------------------------------------------------------

def test_every_kind_matches_text2qti():
    text = EVERY_KIND.read_text("utf-8")
    imported = text2qti.read(text, str(EVERY_KIND), quiz_id="every-kind", lang="en")
    ours = items(qti.export(imported.quizzes, lang=None)["every-kind.zip"])
    theirs = items(real_text2qti(text))
    assert len(ours) == len(theirs) == 9
    assert {i["type"] for i in ours} == {"multiple_choice_question", "multiple_answers_question",
                                         "true_false_question", "numerical_question", "essay_question"}
    for n, (a, b) in enumerate(zip(ours, theirs), 1):
        assert_same(a, b, f"question {n}")
    # the scoring the fixture was written for, so a change in both readers still fails
    assert ours[0]["keys"] == {"The chain rule."} and ours[0]["title"] == theirs[0]["title"] == "Chain rule"
    assert ours[1]["keys"] == {"AdaGrad", "Adam"}
    assert ours[2]["keys"] == {"True"} and ours[2]["choices"] == ["True", "False"]
    assert sum((i["ranges"] for i in ours[3:7]), []) == pytest.approx([8, 8, 3.135, 3.145, 0.001, 0.01, 190, 210])
    assert "<script>" in ours[8]["stem"]          # shown as text: plain() unescaped it once
    raw = b"".join(zipfile.ZipFile(io.BytesIO(qti.export(imported.quizzes)["every-kind.zip"])).read(n)
                   for n in zipfile.ZipFile(io.BytesIO(qti.export(imported.quizzes)["every-kind.zip"])).namelist())
    assert b"&lt;math xmlns=" in raw and b"equation_image" not in raw      # MathML, not Canvas's images


def _ours_vs_text2qti(quiz: Quiz, lang: str):
    ours = items(qti.export([quiz], lang=lang)[f"{quiz.id}{'' if lang == quiz.source_lang else '.' + lang}.zip"])
    theirs = items(real_text2qti(text2qti.quiz_text(quiz, lang)))
    return ours, theirs


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_data_matches_text2qti(path):
    quiz = from_doc(load_file(path).data, ["en"], path=str(path))
    for lang in quiz.languages:
        ours, theirs = _ours_vs_text2qti(quiz, lang)
        assert len(ours) == len(theirs) == len(quiz.questions)
        for q, a, b in zip(quiz.questions, ours, theirs):
            where = f"{q.id} ({lang})"
            assert a["type"] == b["type"] == qti.TYPES[q.kind], where
            assert a["points"] == b["points"] == 1.0, where
            assert len(a["choices"]) == len(b["choices"]), where
            # keys by position: the texts differ where text2qti keeps $$display$$ math as text
            pos = lambda i: {i["choices"].index(k) for k in i["keys"]}  # noqa: E731
            assert pos(a) == pos(b), where
            assert set(map(a["choices"].index, a["why"])) == set(map(b["choices"].index, b["why"])), where
            assert (a["general"] is None) == (b["general"] is None and q.kind not in ("free", "symbolic")), where


# --- completeness, safety and stability on data/ ---------------------------------

def _check_zip(data: bytes, quiz: Quiz, lang: str) -> None:
    root, zf = assessment(data)
    names = zf.namelist()
    for name in names:
        assert zf.getinfo(name).date_time == (1980, 1, 1, 0, 0, 0)
        if name.endswith(".xml"):
            SafeET.fromstring(zf.read(name))          # well-formed
    manifest = SafeET.fromstring(zf.read("imsmanifest.xml"))
    for f in manifest.iter(f"{{{NS['m']}}}file"):
        assert f.get("href") in names
    maths = [m for t in root.iter(f"{{{NS['q']}}}mattext") for m in _MATHML.findall(t.text or "")]
    for m in maths:
        assert SafeET.fromstring(m).tag == "{http://www.w3.org/1998/Math/MathML}math"
    texts = [v.get(lang) or "" for q in quiz.questions
             for v in [q.stem, q.explanation or {}, q.answer if q.kind == "free" else {}]
             + [c.text for c in q.choices] + [c.why or {} for c in q.choices]]
    assert bool(maths) == any("$" in t for t in texts)
    got = items(data)
    idents = [i.get("ident") for i in root.iter(f"{{{NS['q']}}}item")]
    assert idents == [qti.ident(quiz.id, lang, q.id) for q in quiz.questions]
    for q, item in zip(quiz.questions, got):
        assert item["type"] == qti.TYPES[q.kind], q.id
        if q.kind in ("single", "multi"):
            assert len(item["choices"]) == len(q.choices), q.id
            assert {item["choices"][i] for i in q.keys()} == item["keys"], q.id
            assert len(item["why"]) == sum(1 for c in q.choices if c.why), q.id
        if q.explanation:
            words = plain(qti.to_html(q.explanation.get(lang) or q.explanation[quiz.source_lang])).split()[:6]
            assert " ".join(words) in item["general"], q.id
        if q.kind == "free":
            ref = q.answer.get(lang) or q.answer[quiz.source_lang]
            assert " ".join(plain(qti.to_html(ref)).split()[:6]) in item["general"], q.id
        if q.kind == "symbolic":
            assert q.answer.expr in item["general"], q.id


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_data_exports_complete_and_stable(path):
    quiz = from_doc(load_file(path).data, ["en"], path=str(path))
    for lang in quiz.languages:
        first = qti.export([quiz], lang=lang)
        assert first == qti.export([quiz], lang=lang)          # byte-identical
        (name, data), = first.items()
        assert name == (f"{quiz.id}.zip" if lang == quiz.source_lang else f"{quiz.id}.{lang}.zip")
        _check_zip(data, quiz, lang)


def test_languages_are_separate_quizzes():
    path = ROOT / "data" / "quizzes" / "phase-04-calculus-optimization.yaml"
    quiz = from_doc(load_file(path).data, ["en"], path=str(path))
    en = items(qti.export([quiz])["phase-04-calculus-optimization.zip"])
    es = items(qti.export([quiz], lang="es")["phase-04-calculus-optimization.es.zip"])
    assert en[0]["stem"].startswith("Why does momentum") and es[0]["stem"].startswith("¿Por qué el momentum")
    assert en[1]["general"].startswith("Choices 1, 2, 3.") and es[1]["general"].startswith("Opciones 1, 2, 3.")
    assert qti.ident(quiz.id, "en") != qti.ident(quiz.id, "es")


# --- numeric tolerances, wrong answers, hostile text ------------------------------

def _one(question: Question) -> dict:
    quiz = Quiz(id="t", title={"en": "T"}, questions=[question])
    return items(qti.export([quiz])["t.zip"])[0]


@pytest.mark.parametrize("answer, ranges", [
    (Numeric(42, exact=True), [42, 42]),
    (Numeric(0.1, tolerance=0.2), [-0.1, 0.3]),      # decimal arithmetic, not 0.30000000000000004
    (Numeric(200, rel_tolerance=0.05), [190, 210]),
    (Numeric(-2e-06, tolerance=1e-06), [-3e-06, -1e-06]),
    (Numeric(10, tolerance=0.5, rel_tolerance=0.1), [9, 11]),      # the wider one
])
def test_numeric_scoring(answer, ranges):
    got = _one(Question(id="n", kind="numeric", stem={"en": "Give it."}, answer=answer))
    assert got["type"] == "numerical_question"
    assert got["ranges"] == pytest.approx(ranges)


def test_numeric_bounds_are_plain_decimals():
    quiz = Quiz(id="t", title={"en": "T"}, questions=[
        Question(id="n", kind="numeric", stem={"en": "x"}, answer=Numeric(1e-07, tolerance=1e-08, unit="m"))])
    root, _ = assessment(qti.export([quiz])["t.zip"])
    bounds = [v.text for tag in ("vargte", "varlte", "varequal") for v in root.iter(f"{{{NS['q']}}}{tag}")]
    assert bounds == ["0.00000009", "0.00000011", "0.0000001"]
    assert "Unit: m" in items(qti.export([quiz])["t.zip"])[0]["stem"]


def test_wrong_answers_only_as_feedback():
    q = Question(id="n", kind="numeric", stem={"en": "p = 0.5: scale?"}, answer=Numeric(2, exact=True),
                 wrong_answers=[WrongAnswer(value=0.5, why={"en": "That is p, not 1/(1 - p)."})])
    got = _one(q)
    assert got["ranges"] == [2, 2]            # never graded as right
    assert "0.5: That is p, not 1/(1 - p)." in got["general"]


def test_symbolic_is_an_essay_with_the_expression():
    q = Question(id="s", kind="symbolic", stem={"en": "Give the gradient."},
                 answer=Symbolic("p_i - y_i", "p_i - y_i"), explanation={"en": "Logits minus targets."})
    got = _one(q)
    assert got["type"] == "essay_question" and got["keys"] == set()
    assert "[math]" in got["general"] and "p_i - y_i" in got["general"]
    assert got["general"].endswith("Logits minus targets.")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.tags.update(f"{tag}@{k}" for k, _ in attrs)


HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(2)> ]]> &amp; $\\text{<script>}$ [x](javascript:alert(3))'


def test_quiz_text_is_escaped_everywhere():
    q = Question(id="h", kind="single", stem={"en": HOSTILE}, explanation={"en": HOSTILE},
                 choices=[Choice({"en": HOSTILE}, True, {"en": HOSTILE}), Choice({"en": "b"})], title=HOSTILE)
    quiz = Quiz(id="h", title={"en": HOSTILE}, questions=[q])
    data = qti.export([quiz])["h.zip"]
    root, zf = assessment(data)
    for mattext in root.iter(f"{{{NS['q']}}}mattext"):
        parser = _Elements()
        parser.feed(mattext.text or "")
        assert not parser.tags & {"script", "img", "img@onerror", "a"}, mattext.text
    assert root.find(".//q:item", NS).get("title") == HOSTILE      # an attribute, escaped by the tree
    meta = next(n for n in zf.namelist() if n.endswith("assessment_meta.xml"))
    assert SafeET.fromstring(zf.read(meta)).find("{http://canvas.instructure.com/xsd/cccv1p0}title").text == HOSTILE
    stem = items(data)[0]["stem"]
    assert "<script>alert(1)</script>" in stem and "\\text{<script>}" in stem and "&amp;" not in stem


def test_a_question_without_its_key_is_refused():
    from quizlint.formats import FormatError

    q = Question(id="k", kind="single", stem={"en": "Which?"}, choices=[Choice({"en": "a"}), Choice({"en": "b"})])
    with pytest.raises(FormatError, match="k: a single question needs exactly one key"):
        qti.export([Quiz(id="t", title={"en": "T"}, questions=[q])])

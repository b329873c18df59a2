"""Moodle XML round trips: export -> import gives back the same model.

Every quiz in data/ (exactly, less the v1 keys Moodle cannot hold, such as
``checks`` and ``translations``), and quizzes of every kind whose texts
hypothesis writes from the characters that break XML, HTML and our own
Markdown subset: ``< > & " ' ]]> * ` $ #`` and line breaks.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qltest import ROOT
from quizlint.formats import moodle_xml
from quizlint.formats.model import Choice, Numeric, Question, Quiz, Symbolic, WrongAnswer, from_doc, to_doc
from quizlint.formats.moodle_html import from_html, to_html
from quizlint.loader import load_file

DATA = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))


def round_trip(quiz: Quiz, lang=None) -> Quiz:
    (name, data), = moodle_xml.export([quiz], lang=lang).items()
    got = moodle_xml.read(data.decode("utf-8"), name, quiz_id=None, lang=lang or quiz.source_lang)
    assert got.problems == []
    (back,) = got.quizzes
    return back


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_data_quiz_round_trips(path):
    quiz = from_doc(load_file(path).data, path=str(path))
    back = round_trip(quiz)
    for q in quiz.questions:
        q.extra = {}
    assert back.languages == quiz.languages and back.tags == quiz.tags
    assert to_doc(back) == to_doc(quiz)


def test_one_language_of_a_bilingual_quiz_round_trips():
    path = ROOT / "data" / "quizzes" / "phase-04-calculus-optimization.yaml"
    quiz = from_doc(load_file(path).data, path=str(path))
    back = round_trip(quiz, lang="es")
    assert back.languages == ["es"]
    assert [q.stem for q in back.questions] == [{"es": q.stem["es"]} for q in quiz.questions]


# Words from the characters that matter; lines of words; paragraphs of lines.
WORD = st.text(alphabet="aZ09é<>&\"']*`$#;:{}=~-_.", min_size=1, max_size=8).filter(
    lambda w: not w.startswith(("```", "~~~")))
LINE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
TEXT = st.one_of(WORD | st.just("a ]]> b"), st.lists(PARAGRAPH, min_size=1, max_size=3).map("\n\n".join))
IDS = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,10}\Z")
TAG = st.text(alphabet="az09 <>&]\"'-", min_size=1, max_size=10).map(str.strip).filter(bool)


def texts(langs):
    return st.fixed_dictionaries({lang: TEXT for lang in langs})


@st.composite
def quizzes(draw):
    langs = draw(st.sampled_from([["en"], ["en", "es"], ["es-MX", "en"]]))
    t = texts(langs)
    why = st.none() | t
    questions = []
    for i, kind in enumerate(draw(st.lists(st.sampled_from(
            ["single", "multi", "true_false", "free", "numeric", "symbolic"]), min_size=1, max_size=6))):
        q = Question(id=f"q-{i}", kind=kind, stem=draw(t), explanation=draw(why),
                     tags=draw(st.lists(TAG, max_size=2, unique=True)))
        if kind in ("single", "multi"):
            n = draw(st.integers(2, 5))
            keys = {0} if kind == "single" else set(draw(st.lists(st.integers(0, n - 1), min_size=1, unique=True)))
            q.choices = [Choice(draw(t), i in keys, draw(why)) for i in range(n)]
        elif kind == "true_false":
            q.answer = draw(st.booleans())
        elif kind == "free":
            q.answer = draw(t)
        elif kind == "numeric":
            value = draw(st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-1000, 1000))
            q.answer = draw(st.sampled_from([Numeric(value, exact=True), Numeric(value, tolerance=0.5)]))
            q.wrong_answers = draw(st.lists(st.builds(WrongAnswer, value=st.integers(-9, 9), why=why), max_size=2))
        else:
            expr = draw(st.text(alphabet="xyp()+-*/^_ 12<>&", min_size=1, max_size=12).map(str.strip).filter(bool))
            q.answer = Symbolic(expr, draw(st.none() | st.text(alphabet="x\\{}_^<&", min_size=1, max_size=8)))
            q.wrong_answers = draw(st.lists(st.builds(WrongAnswer, expr=st.just("x + 1"), why=why), max_size=2))
        questions.append(q)
    return Quiz(id=draw(IDS), title=draw(t), languages=langs, questions=questions,
                tags=draw(st.lists(TAG, max_size=2, unique=True)))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quizzes())
def test_generated_quiz_round_trips(quiz):
    back = round_trip(quiz)
    assert back.id == quiz.id and back.languages == quiz.languages and back.tags == quiz.tags
    assert to_doc(back) == to_doc(quiz)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_text_round_trips_through_html(text):
    assert from_html(to_html(text)) == text

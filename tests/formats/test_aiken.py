"""Aiken: the importer on example files, the exporter on single-choice quizzes and on data/.

Aiken holds single-choice questions with no feedback, so the exporter
refuses a quiz with any other kind (naming its questions) and the round
trip compares stems, choices and keys, with line breaks as spaces.
"""

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qltest import CLEAN_QUIZ, EXAMPLES, ROOT
from quizlint.cli import main
from quizlint.formats import FormatError, aiken, gift
from quizlint.formats.model import Choice, Question, Quiz, dump, from_doc
from quizlint.loader import load_file

DIR = EXAMPLES / "import" / "aiken"
DATA = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))

PROBLEMS = [  # problems.txt: (line, col, what the message says)
    (1, 1, "an option outside a question"),
    (2, 1, "has no `ANSWER:` line (an Aiken stem is one line)"),
    (7, 1, "an `ANSWER:` line outside a question"),
    (8, 1, "at least 2 options"),
    (14, 9, "`ANSWER: C` names no option of this question (options A, B)"),
    (15, 1, "option letter A is used twice"),
    (23, 1, "has no `ANSWER:` line"),
]


def read(path):
    return aiken.read(path.read_text("utf-8"), str(path))


def one_line(value, lang):
    return re.sub(r"\s*\n\s*", " ", value[lang]).strip()


def projection(quiz, lang):
    return [(one_line(q.stem, lang), [(one_line(c.text, lang), c.correct) for c in q.choices])
            for q in quiz.questions]


def singles(quiz):
    return Quiz(quiz.id, quiz.title, [q for q in quiz.questions if q.kind == "single"], quiz.languages)


def test_every_construct_imports_as_the_expected_v1_file():
    got = read(DIR / "every-construct.txt")
    assert got.problems == []
    assert dump(got.quizzes[0]) == (DIR / "every-construct.expected.yaml").read_text("utf-8")
    q = got.quizzes[0].questions
    assert q[1].choices[1].text == {"en": "$1/(1 - p)$"} and q[1].choices[1].correct   # `A)`, math, `ANSWER:   B`
    assert [c.correct for c in q[2].choices] == [False, False, True]


def test_problems_are_pinned_and_the_rest_imports():
    got = read(DIR / "problems.txt")
    assert [(p.line, p.col) for p in got.problems] == [(line, col) for line, col, _ in PROBLEMS]
    for p, (_, _, text) in zip(got.problems, PROBLEMS):
        assert text in p.message
    assert [q.stem["en"] for q in got.quizzes[0].questions] == ["Kept question one", "Kept question two"]


def test_ids_options_and_line_ends():
    text = "Stem one  \r\nA. yes \t\r\nB. no\r\nANSWER: A\r\n\r\nStem two\rA) x\rB) y\rANSWER: B\r"
    got = aiken.read(text, "/tmp/Quiz 7.txt", lang="es")
    assert [q.id for q in got.quizzes[0].questions] == ["quiz-7-01", "quiz-7-02"]
    assert got.quizzes[0].questions[1].choices[1] == Choice({"es": "y"}, True)
    assert got.quizzes[0].questions[0].stem == {"es": "Stem one"}           # trailing spaces stripped
    assert got.quizzes[0].questions[0].choices[0].text == {"es": "yes"}
    assert aiken.read(text, "x.txt", quiz_id="opt").quizzes[0].questions[0].id == "opt-01"
    # "A.I." has no space after the dot: a stem, not an option
    assert aiken.read("A.I. is?\nA. yes\nB. no\nANSWER: A\n", "x").quizzes[0].questions[0].stem == {"en": "A.I. is?"}


def test_sniff():
    assert aiken.sniff((DIR / "every-construct.txt").read_text("utf-8"), "x.txt")
    assert not aiken.sniff("Who? {=a ~b}\n", "x.gift")
    assert not aiken.sniff("1. What?\nA) one B) two\n\nAnswers\n1. A\n", "x.txt")
    assert not gift.sniff((DIR / "every-construct.txt").read_text("utf-8"), "x.txt")


def test_export_writes_options_and_key_and_reads_back():
    en = lambda s: {"en": s}  # noqa: E731
    quiz = Quiz("aik", en("A"), [
        Question("a-1", "single", en("What is $x$\nover two lines?"),
                 [Choice(en("one"), why=en("dropped")), Choice(en("$$2$$"), True)], explanation=en("dropped"))])
    text = aiken.export([quiz])["aik.txt"].decode()
    assert text == "What is \\(x\\) over two lines?\nA. one\nB. \\[2\\]\nANSWER: B\n"
    back = aiken.read(text, "aik.txt")
    assert back.problems == [] and projection(back.quizzes[0], "en") == projection(quiz, "en")


@pytest.mark.parametrize("question, message", [
    (Question("x-1", "multi", {"en": "S"}, [Choice({"en": "a"}, True), Choice({"en": "b"})]),
     "single-choice questions only, not x-1 \\(multi\\)"),
    (Question("x-2", "single", {"en": "A. looks like an option"}, [Choice({"en": "a"}, True), Choice({"en": "b"})]),
     "would be read as an option"),
    (Question("x-3", "single", {"en": "Many"}, [Choice({"en": f"c{i}"}, i == 0) for i in range(27)]),
     "at most 26 options"),
    (Question("x-4", "single", {"en": "Empty"}, [Choice({"en": "a"}, True), Choice({"en": " "})]),
     "empty text"),
])
def test_export_refuses_what_aiken_cannot_hold(question, message):
    with pytest.raises(FormatError, match=message):
        aiken.export([Quiz("x", {"en": "X"}, [question])])


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_data_quizzes_export_their_single_choice_questions_and_read_back(path):
    quiz = from_doc(load_file(path).data)
    if any(q.kind != "single" for q in quiz.questions):
        with pytest.raises(FormatError, match="Aiken holds single-choice questions only"):
            aiken.export([quiz])
    part = singles(quiz)
    if not part.questions:                   # flashcards: refused above, nothing else to write
        assert all(q.kind != "single" for q in quiz.questions)
        return
    for lang in quiz.languages:
        files = aiken.export([part], lang=lang)
        assert files == aiken.export([part], lang=lang)            # byte-identical
        back = aiken.read(files[f"{quiz.id}.txt"].decode(), f"{quiz.id}.txt", lang=lang)
        assert back.problems == []
        assert projection(back.quizzes[0], lang) == projection(part, lang)


def test_export_command_refuses_a_quiz_aiken_cannot_hold_and_writes_nothing(tmp_path, capsys):
    quiz = tmp_path / "tf-quiz.yaml"
    quiz.write_text(CLEAN_QUIZ.format(name="tf-quiz"), "utf-8")
    out = tmp_path / "out"
    assert main(["export", str(quiz), "--to", "aiken", "-o", str(out)]) == 2
    assert "single-choice questions only, not tf-quiz-01 (true_false)" in capsys.readouterr().err
    assert not out.exists()
    assert main(["export", str(ROOT / "data" / "quizzes" / "backprop-optimizers-quiz-4.yaml"),   # all single
                 "--to", "aiken", "-o", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == ["backprop-optimizers-quiz-4.txt"]


# No backslash: a literal `\(` outside math is the one text Aiken cannot tell apart (docs/formats/aiken.md).
line_text = st.text(st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"], blacklist_characters="\\")
                    | st.sampled_from("$()A.:"), min_size=2, max_size=30).map(str.strip).filter(lambda s: len(s) >= 2)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(line_text, min_size=3, max_size=6), st.integers(0, 4))
def test_generated_single_choice_round_trips(texts, key):
    stem, *options = texts
    assume(not aiken.OPTION.fullmatch(stem) and not aiken.ANSWER.match(stem))
    quiz = Quiz("gen", {"en": "G"}, [Question("g-1", "single", {"en": stem},
                                             [Choice({"en": o}, i == key % len(options)) for i, o in enumerate(options)])])
    back = aiken.read(aiken.export([quiz])["gen.txt"].decode(), "gen.txt")
    assert back.problems == []
    assert projection(back.quizzes[0], "en") == projection(quiz, "en")

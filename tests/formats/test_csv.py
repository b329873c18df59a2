"""Plain CSV/TSV flashcards: the course's flashcard seeds come in as `free` questions."""

from __future__ import annotations

import time

import pytest
from qltest import EXAMPLES, ROOT

from quizlint import formats
from quizlint.formats import FormatError, csv_
from quizlint.formats.model import dump
from quizlint.loader import load_file, load_text

CSV = EXAMPLES / "import" / "csv"


def read(path, quiz_id="cards"):
    return csv_.read(path.read_text("utf-8"), str(path), quiz_id=quiz_id, lang="en")


def _yaml(name):
    return load_file(ROOT / "data" / "quizzes" / f"{name}.yaml").data["questions"]


def test_seed_002_optimizer_flashcards_import_as_free_questions():
    """Seed 002, written by hand as a CSV with a header row and a tags column."""
    got = read(CSV / "optimizers-flashcards.csv", "optimizers-flashcards")
    assert got.problems == []
    (quiz,) = got.quizzes
    expected = _yaml("optimizers-flashcards")
    assert len(quiz.questions) == len(expected) == 18
    for q, y in zip(quiz.questions, expected):
        assert q.kind == "free" == y["kind"]
        assert q.stem == {"en": y["stem"]}
        assert q.answer == {"en": y["answer"]}
        assert q.tags == y["tags"]
    assert [q.id for q in quiz.questions][:2] == ["optimizers-flashcards-01", "optimizers-flashcards-02"]


def test_seed_004_dl_systems_flashcards_import_as_free_questions():
    """Seed 004 as a headerless TSV: multi-line stems with code fences are quoted fields."""
    got = read(CSV / "dl-systems-flashcards.tsv", "dl-systems-flashcards")
    assert got.problems == []
    (quiz,) = got.quizzes
    expected = _yaml("dl-systems-flashcards")
    assert len(quiz.questions) == len(expected) == 30
    for q, y in zip(quiz.questions, expected):
        assert q.kind == "free"                     # a flashcard is free, whatever data/ made of it later
        assert q.stem == {"en": y["stem"]}, y["id"]
        assert q.tags == y["tags"]
        if y["kind"] == "free":
            assert q.answer == {"en": y["answer"]}, y["id"]
        elif y["kind"] == "true_false":             # the card's back is the explanation, "False. ..."
            assert q.answer == {"en": y["explanation"]}, y["id"]
        else:                                       # symbolic: the card shows the formula
            assert q.answer == {"en": f"${y['answer']['latex']}$"}, y["id"]
    assert "```python\nx = torch.ones(4,5,1,3)" in quiz.questions[1].stem["en"]


def test_imported_flashcards_are_a_lint_clean_quiz_file(tmp_path):
    from quizlint.config import Config
    from quizlint.linter import lint_paths
    from quizlint.problem import Severity

    (quiz,) = read(CSV / "optimizers-flashcards.csv", "optimizers-flashcards").quizzes
    target = tmp_path / "data" / "quizzes" / "optimizers-flashcards.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(dump(quiz), "utf-8")
    assert load_text(target.read_text("utf-8")).data["questions"][0]["kind"] == "free"
    result = lint_paths([str(target)], Config(root=tmp_path), use_cache=False, tree=[str(target)])
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []


@pytest.mark.parametrize("name, fmt", [
    ("optimizers-flashcards.csv", "csv"), ("dl-systems-flashcards.tsv", "csv"), ("preguntas.csv", "csv"),
    ("problems.csv", "csv"),
])
def test_the_format_is_guessed(name, fmt):
    path = CSV / name
    assert formats.guess(str(path), path.read_text("utf-8")).name == fmt


@pytest.mark.parametrize("name", ["notes-export.txt", "plain-semicolon.txt", "problems.txt"])
def test_anki_exports_are_guessed_as_anki(name):
    path = EXAMPLES / "import" / "anki" / name
    assert formats.guess(str(path), path.read_text("utf-8")).name == "anki"


def test_sniff():
    assert csv_.sniff("", "cards.CSV") and csv_.sniff("", "cards.tsv")
    assert csv_.sniff("What is SGD?\tA method\nWhat is Adam?\tAnother\n", "cards.txt")
    assert not csv_.sniff("# Quiz\n\n- [x] yes\n", "quiz.md")
    assert not csv_.sniff("1. What?\nA) this B) that\n", "quiz.txt")


def test_a_header_row_names_the_columns():
    got = read(CSV / "preguntas.csv")
    assert got.problems == []
    assert [(q.stem["en"], q.answer["en"]) for q in got.quizzes[0].questions] == [
        ("¿Qué es la tasa de aprendizaje?", "El tamaño del paso"),
        ("¿Qué hace el momento; en pocas palabras?", "Suaviza las actualizaciones"),   # ; quoted
    ]
    reverse = csv_.read("Answer,Question,Tags\n4,What is 2+2?,\"arithmetic, easy\"\n", "r.csv", quiz_id="r")
    (q,) = reverse.quizzes[0].questions
    assert (q.stem, q.answer, q.tags) == ({"en": "What is 2+2?"}, {"en": "4"}, ["arithmetic", "easy"])
    plain = csv_.read("front,back\n", "p.csv", quiz_id="p")       # a header and nothing else
    assert plain.quizzes == [] and [p.message for p in plain.problems] == ["no flashcards found"]


def test_problems_are_reported_at_line_and_column_and_the_rest_imports():
    path = CSV / "problems.csv"
    got = read(path)
    assert [(p.line, p.col, p.message) for p in got.problems] == [
        (2, 1, "the card has no front (question); row skipped"),
        (3, 1, "only one column: no back (answer); is the separator comma?"),
        (4, 7, "1 extra column(s) ignored"),
        (5, 1, "unreadable row: a quoted field opens here and is never closed"),
    ]
    assert str(got.problems[2]) == f"{path}:4:7: 1 extra column(s) ignored"
    front_only, full = got.quizzes[0].questions
    assert front_only.stem == {"en": "only a front"} and front_only.answer is None   # left out, check says so
    assert (full.stem, full.answer, full.tags) == ({"en": "q"}, {"en": "a"}, ["t"])


def test_hostile_input_is_a_clear_error_quickly():
    start = time.monotonic()
    with pytest.raises(FormatError, match="at most"):
        csv_.read("a,b\n" * (csv_.MAX_CHARS // 4 + 1), "big.csv", quiz_id="big")
    huge = csv_.read("q," + "x" * 200_000 + "\nok,fine\n", "huge.csv", quiz_id="h")
    assert [(p.line, "field limit" in p.message) for p in huge.problems] == [(1, True)]
    assert [q.stem["en"] for q in huge.quizzes[0].questions] == ["ok"]
    quotes = csv_.read('"' * 1_000_001, "quotes.csv", quiz_id="q")     # one long quoted field of quotes
    assert quotes.quizzes == [] and quotes.problems
    assert time.monotonic() - start < 3

"""text2qti's plain-text format: the importer (positive and negative examples)
and the exporter (round trip, and the real text2qti reads what it writes)."""

import re

import pytest

from qltest import EXAMPLES, ROOT
from quizlint.formats import FormatError
from quizlint.formats import text2qti
from quizlint.formats.model import Numeric, Question, Quiz, dump, from_doc
from quizlint.linter import lint_paths
from quizlint.loader import load_file
from quizlint.config import Config

DIR = EXAMPLES / "import" / "text2qti"
DATA = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))
_EXPECT = re.compile(r"^% expect: (\d+):(\d+) (.+)$", re.M)


def read(path, quiz_id="t"):
    return text2qti.read(path.read_text("utf-8"), str(path), quiz_id=quiz_id, lang="en")


def test_every_kind():
    got = read(DIR / "every-kind.txt", "every-kind")
    assert got.problems == []
    (quiz,) = got.quizzes
    assert quiz.title == {"en": "Every kind, <b>escaped</b> & checked"}
    qs = quiz.questions
    assert [q.id for q in qs] == [f"every-kind-{n:02d}" for n in range(1, 10)]
    assert [q.kind for q in qs] == ["single", "multi", "true_false", "numeric", "numeric", "numeric", "numeric",
                                    "free", "single"]
    assert qs[0].title == "Chain rule" and qs[0].keys() == [1] and qs[0].line == 5
    assert qs[0].stem["en"] == "Which rule does backpropagation apply layer by layer, for\n$f(g(x))$ with $f' \\cdot g'$?"
    assert qs[0].explanation["en"].startswith("Backpropagation is the chain rule")
    assert [bool(c.why) for c in qs[0].choices] == [False, True, True, False]
    assert qs[1].keys() == [0, 2] and qs[1].choices[1].why == {"en": "Plain SGD uses one learning rate for every parameter."}
    assert qs[2].answer is True and qs[2].choices == []
    assert qs[3].answer == Numeric(8, exact=True) and qs[3].explanation == {"en": "$3 \\cdot 2 + 2 = 8$."}
    assert qs[4].answer == Numeric(3.14, tolerance=0.005)
    assert qs[5].answer == Numeric(0.0055, tolerance=0.0045)       # [0.001, 0.01], in decimal arithmetic
    assert qs[6].answer == Numeric(200, rel_tolerance=0.05)
    assert qs[7].answer == {"en": "Early steps are large and noisy; warmup keeps them small."}
    assert "```python\nlr = base_lr * min(1, step / warmup)\n```" in qs[7].stem["en"]   # the code block, whole


def test_every_kind_imports_as_a_v1_file_that_checks(tmp_path):
    (quiz,) = read(DIR / "every-kind.txt", "every-kind").quizzes
    target = tmp_path / "every-kind.yaml"
    target.write_text(dump(quiz), "utf-8")
    result = lint_paths([str(target)], Config(root=tmp_path), use_cache=False, tree=[str(target)])
    assert [p for p in result.problems if p.code.startswith(("QL0", "QL1", "QL2"))] == []


@pytest.mark.parametrize("path", sorted(DIR.glob("bad-*.txt")), ids=lambda p: p.stem)
def test_negative_examples(path):
    expected = _EXPECT.findall(path.read_text("utf-8"))
    assert expected, "a negative example names what it expects"
    got = read(path).problems
    assert len(got) == len(expected), "\n".join(map(str, got))
    for (line, col, message), problem in zip(expected, got):
        assert (problem.line, problem.col) == (int(line), int(col)) and message in problem.message, str(problem)
        assert str(problem).startswith(f"{path}:{line}:{col}: ")


def test_the_rest_still_imports():
    (quiz,) = read(DIR / "bad-keys.txt").quizzes
    assert [(q.kind, q.keys()) for q in quiz.questions] == [("single", []), ("single", [0, 1]), ("multi", []),
                                                            ("single", [0])]
    (quiz,) = read(DIR / "bad-syntax.txt").quizzes
    assert [(q.id, q.kind) for q in quiz.questions] == [("t-02", "numeric"), ("t-05", "true_false"),
                                                        ("t-06", "single")]
    assert quiz.questions[0].answer is None          # `= twelve`: left out, so check says what is missing


def test_ids_from_numbers_else_positions():
    text = "1. One?\n*a) x\nb) y\n\n1. Two?\n*a) x\nb) y\n"
    ids = [q.id for q in text2qti.read(text, "s.txt", quiz_id="s", lang="es").quizzes[0].questions]
    assert ids == ["s-01", "s-02"]
    again = [q.id for q in text2qti.read(text, "s.txt", quiz_id="s", lang="es").quizzes[0].questions]
    assert again == ids


def test_comments_skipped_and_code_never_run(tmp_path):
    marker = tmp_path / "ran"
    text = (f"COMMENT\n1. Not a question.\nEND_COMMENT\n% 2. nor this\n"
            f"```{{.python .run}}\nopen({str(marker)!r}, 'w').write('x')\nprint('1. Made up?')\n```\n"
            "3. Real?\n*a) yes\nb) no\n")
    got = text2qti.read(text, "c.txt", quiz_id="c", lang="en")
    assert [q.id for q in got.quizzes[0].questions] == ["c-03"]
    assert [(p.line, "never runs code" in p.message) for p in got.problems] == [(5, True)]
    assert not marker.exists()


def test_too_large_is_refused():
    with pytest.raises(FormatError, match="at most"):
        text2qti.read("x" * (text2qti.MAX_CHARS + 1), "big.txt", quiz_id="b", lang="en")
    flood = "1. Why?\n*a) x\nb) y\n" * (text2qti.MAX_QUESTIONS + 1)
    with pytest.raises(FormatError, match="more than 20000 questions"):
        text2qti.read(flood, "flood.txt", quiz_id="f", lang="en")


def test_sniff():
    assert text2qti.sniff((DIR / "every-kind.txt").read_text("utf-8"), "q.txt")
    assert text2qti.sniff("1. Stem?\n[*] yes\n[ ] no\n", "q.txt")
    assert not text2qti.sniff("#### Q1. Stem?\n- [x] yes\n- [ ] no\n", "q.md")               # Markdown
    assert not text2qti.sniff("Which?\nA. one\nB. two\nANSWER: A\n", "q.txt")                # Aiken
    assert not text2qti.sniff("::Q1:: Which? {=one ~two}\n", "q.gift")                       # GIFT
    assert not text2qti.sniff("1. Which? A) one B) two\n\nAnswers\n1. A\n", "q.txt")         # lettered


# --- export ----------------------------------------------------------------------

def _norm(s):
    return " ".join((s or "").replace("&lt;", "<").split())


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_round_trip_of_data(path):
    quiz = from_doc(load_file(path).data, ["en"], path=str(path))
    for lang in quiz.languages:
        text = text2qti.export([quiz], lang=lang)
        (name, data), = text.items()
        assert name == (f"{quiz.id}.txt" if lang == quiz.source_lang else f"{quiz.id}.{lang}.txt")
        back = text2qti.read(data.decode("utf-8"), name, quiz_id=quiz.id, lang=lang)
        assert back.problems == []
        got = back.quizzes[0].questions
        assert len(got) == len(quiz.questions)
        for q, b in zip(quiz.questions, got):
            want_kind = "free" if q.kind == "symbolic" else q.kind       # text2qti has no symbolic kind
            assert b.kind == want_kind, q.id
            assert _norm(b.stem[lang]) == _norm(q.stem.get(lang)), q.id
            assert b.keys() == q.keys(), q.id
            assert [_norm((c.why or {}).get(lang)) for c in b.choices] == \
                   [_norm((c.why or {}).get(lang)) for c in q.choices], q.id
            assert _norm((b.explanation or {}).get(lang)) == _norm((q.explanation or {}).get(lang)), q.id
            if q.kind == "true_false":
                assert b.answer == q.answer, q.id
            if q.kind == "free":
                assert _norm(b.answer[lang]) == _norm(q.answer[lang]), q.id
            if q.kind == "symbolic":
                assert q.answer.latex in b.answer[lang] or q.answer.expr in b.answer[lang], q.id


def test_export_escapes_html_for_text2qti():
    q = Question(id="h", kind="true_false", stem={"en": "Is `<b>` bold? <script>alert(1)</script>"}, answer=False)
    text = text2qti.quiz_text(Quiz(id="h", title={"en": "<i>T</i>"}, questions=[q]), "en")
    assert "<script>" not in text and "&lt;script>" in text and "`<b>`" in text
    assert "*b) false" in text.splitlines()


def test_export_refuses_what_text2qti_cannot_hold():
    q = Question(id="zero", kind="numeric", stem={"en": "Gradient at the minimum?"}, answer=Numeric(0, exact=True))
    with pytest.raises(FormatError, match="zero: text2qti cannot hold"):
        text2qti.export([Quiz(id="z", title={"en": "Z"}, questions=[q])])


def test_short_answers_solutions_and_bare_decimals():
    text = ("1. Name the optimizer with bias correction.\n* Adam\n* adam\n\n"
            "2. Pick one.\n! The first is right: it is the only one.\n*a) first\nb) second\n\n"
            "3. Give e to one decimal.\n= 2.7\n")
    got = text2qti.read(text, "s.txt", quiz_id="s", lang="en")
    short, picked, bare = got.quizzes[0].questions
    assert (short.kind, short.answer) == ("free", {"en": "Adam; adam"})
    assert picked.explanation == {"en": "The first is right: it is the only one."}
    assert bare.answer == Numeric(2.7) and bare.answer.tolerance is None and not bare.answer.exact
    assert [(p.line, p.col) for p in got.problems] == [(11, 3)]
    assert "needs a margin" in got.problems[0].message


def test_cli_import_then_export_both_ways(in_tmp):
    from quizlint.cli import main

    assert main(["import", str(DIR / "every-kind.txt"), "--out-dir", "data/quizzes"]) == 0   # guessed
    assert main(["export", "data/quizzes", "--to", "text2qti", "-o", "out"]) == 0
    assert main(["export", "data/quizzes", "--to", "qti", "-o", "out"]) == 0
    assert sorted(p.name for p in (in_tmp / "out").iterdir()) == ["every-kind.txt", "every-kind.zip"]
    again = text2qti.read((in_tmp / "out" / "every-kind.txt").read_text("utf-8"), "e.txt",
                          quiz_id="every-kind", lang="en")
    first = read(DIR / "every-kind.txt", "every-kind")
    assert [(q.kind, q.keys(), q.answer) for q in again.quizzes[0].questions] == \
           [(q.kind, q.keys(), q.answer) for q in first.quizzes[0].questions]


def test_cli_export_refuses_errors_and_drafts(in_tmp, capsys):
    from qltest import CLEAN_QUIZ
    from quizlint.cli import main

    quizzes = in_tmp / "data" / "quizzes"
    quizzes.mkdir(parents=True)
    (quizzes / "fine.yaml").write_text(CLEAN_QUIZ.format(name="fine"), "utf-8")
    (quizzes / "drafty.yaml").write_text(CLEAN_QUIZ.format(name="drafty") + "    status: draft\n", "utf-8")
    assert main(["export", "data/quizzes", "--to", "qti", "-o", "out"]) == 1      # the gate refused, as check does
    assert not (in_tmp / "out").exists()
    printed = capsys.readouterr()
    assert "drafty-01" in printed.out + printed.err and "nothing was written" in printed.err
    (quizzes / "drafty.yaml").unlink()
    assert main(["export", "data/quizzes", "--to", "qti", "-o", "out"]) == 0
    assert [p.name for p in (in_tmp / "out").iterdir()] == ["fine.zip"]

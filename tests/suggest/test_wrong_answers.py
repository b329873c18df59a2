"""`suggest --distractors N` on math questions: common wrong answers, proved wrong, no model."""

import random
import shutil

import pytest
import sympy as sp

from qltest import ROOT
from quizlint.cli import main
from quizlint.loader import load_file
from quizlint.symbolic import mistakes

SYMBOLIC = {"q-04-03": "phase-04-calculus-optimization", "a3-1b-i": "cs224n-a3-written",
            "dls-01": "dl-systems-flashcards"}


@pytest.fixture
def course(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "pyproject.toml").write_text('[tool.quizlint]\npaths = ["data"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # a model would be found here and fail: nothing may load one
    monkeypatch.setenv("QUIZLINT_MODEL", str(tmp_path / "no-such-model.gguf"))
    return tmp_path


def _question(path, qid):
    return next(q for q in load_file(str(path)).data["questions"] if q["id"] == qid)


def _differs(a: str, b: str) -> bool:
    """An independent check (plain SymPy at random points) that two expressions differ."""
    ea, eb = sp.sympify(a), sp.sympify(b)
    syms = sorted(ea.free_symbols | eb.free_symbols, key=str)
    rng = random.Random(1)
    for _ in range(20):
        pt = {s: sp.Rational(rng.randint(1, 97), rng.randint(98, 199)) for s in syms}
        if sp.N((ea - eb).subs(pt)) != 0:
            return True
    return False


def test_each_symbolic_question_gets_three_proved_wrong_answers(course, capsys):
    for qid in SYMBOLIC:
        assert main(["suggest", qid, "--distractors", "3"]) == 0
    err = capsys.readouterr().err
    assert "model " not in err                     # no backend was started
    for qid, quiz in SYMBOLIC.items():
        q = _question(course / "data" / "quizzes" / f"{quiz}.yaml", qid)
        key = q["answer"]["expr"].split("=")[-1]
        wrong = q["wrong_answers"]
        assert len(wrong) >= 3, qid
        exprs = [w["expr"] for w in wrong]
        for w in wrong:
            assert w["status"] == "draft" and w["origin"]["by"] == "quizlint"
            why = w["why"] if isinstance(w["why"], str) else w["why"]["en"]
            assert why.strip(), qid
            assert _differs(w["expr"], key), (qid, w["expr"])
        for i, a in enumerate(exprs):          # and from each other
            for b in exprs[i + 1:]:
                assert _differs(a, b), (qid, a, b)
    # the bilingual file names the mistake in Spanish too
    q = _question(course / "data" / "quizzes" / "phase-04-calculus-optimization.yaml", "q-04-03")
    assert all(set(w["why"]) == {"en", "es"} for w in q["wrong_answers"])


def test_accepted_wrong_answers_pass_check(course, capsys):
    for qid in SYMBOLIC:
        assert main(["suggest", qid, "--distractors", "3"]) == 0
    assert main(["check", "data", "--no-cache"]) == 1          # drafts are QL501 errors
    assert "QL501" in capsys.readouterr().out
    assert main(["review", "--accept", *SYMBOLIC]) == 0
    assert main(["check", "data", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "QL601" not in out and "QL501" not in out


def test_reject_removes_them_and_the_empty_list(course, capsys):
    path = course / "data" / "quizzes" / "dl-systems-flashcards.yaml"
    before = path.read_text(encoding="utf-8")
    assert main(["suggest", "dls-01", "--distractors", "2"]) == 0
    assert main(["review", "--reject", "dls-01"]) == 0
    assert path.read_text(encoding="utf-8") == before


def test_numeric_wrong_values_are_outside_the_tolerance(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    quiz = tmp_path / "data" / "num.yaml"
    quiz.write_text(
        "format: quizlint/v1\nquiz: num\ntitle: Numbers\nquestions:\n"
        "  - id: num-01\n    kind: numeric\n"
        "    stem: How many parameters does a 3 by 4 weight matrix with a bias of 4 have?\n"
        "    answer: {value: 16, exact: true}\n"
        "  - id: num-02\n    kind: numeric\n"
        "    stem: What fraction of units does dropout with p = 0.2 keep on average?\n"
        "    answer: {value: 0.8, tolerance: 0.05}\n", encoding="utf-8")
    assert main(["suggest", "num-01", "num-02", "--distractors", "4", "--paths", "data"]) == 0
    qs = load_file(str(quiz)).data["questions"]
    assert [w["value"] for w in qs[0]["wrong_answers"]][:3] == [-16, 32, 8]
    for q in qs:
        tol = q["answer"].get("tolerance", 0)
        values = [w["value"] for w in q["wrong_answers"]]
        assert len(values) == 4
        assert all(abs(v - q["answer"]["value"]) > tol for v in values)
    assert main(["review", "--accept", "--paths", "data"]) == 0
    assert main(["check", "data", "--no-cache"]) == 0


def test_choice_distractors_still_need_choices(course, capsys):
    assert main(["suggest", "q-04-04", "--distractors", "3"]) == 2
    assert "single, multi, numeric or symbolic" in capsys.readouterr().err


@pytest.mark.parametrize("key", ["p_i - y_i", "1/(1 - p_drop)", "m*n", "x**2/n_b", "a*b + c"])
def test_mistakes_are_named_and_refuted(key):
    got = mistakes.wrong_answers({"expr": key, "n": 4}, random.Random(0))
    assert len(got) == 4
    for expr, why in got:
        assert why and _differs(expr, key)


def test_the_likeliest_mistakes_come_first():
    got = dict(mistakes.wrong_answers({"expr": "p_i - y_i", "n": 1}, random.Random(0)))
    assert got == {"y_i - p_i": "sign flipped"}
    got = mistakes.wrong_answers({"expr": "1/(1 - p_drop)", "n": 2}, random.Random(0))
    assert got[0] == ["1 - p_drop", "inverted (the reciprocal dropped)"]
    assert got[1][0] == "1/p_drop"


def test_a_wrong_answer_equal_to_the_key_is_refuted(tmp_path, capsys):
    quiz = tmp_path / "eq.yaml"
    quiz.write_text(
        "format: quizlint/v1\nquiz: eq\ntitle: Equal\nquestions:\n"
        "  - id: eq-01\n    kind: symbolic\n    stem: What is the derivative of $x^2$ with respect to $x$?\n"
        "    answer: {expr: \"2*x\"}\n    wrong_answers:\n"
        "      - expr: \"x + x\"\n        why: term doubled\n"
        "      - expr: \"x\"\n        why: factor `2` missing\n", encoding="utf-8")
    assert main(["check", str(quiz), "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert f"{quiz}:10:15: QL601 `x + x` is listed as a wrong answer but equals the key" in out
    assert out.count("QL601") == 1


def test_accepted_wrong_answers_reach_the_exports(course, capsys):
    import html
    import re
    import zipfile

    assert main(["suggest", "dls-01", "--distractors", "3"]) == 0
    assert main(["review", "--accept", "dls-01"]) == 0
    quiz = "data/quizzes/dl-systems-flashcards.yaml"
    whys = [w["why"] for w in _question(course / quiz, "dls-01")["wrong_answers"]]
    for fmt, name in (("moodle-xml", "dl-systems-flashcards.xml"), ("gift", "dl-systems-flashcards.gift"),
                      ("qti", "dl-systems-flashcards.zip")):
        assert main(["export", quiz, "--to", fmt, "-o", f"out-{fmt}"]) == 0
        path = course / f"out-{fmt}" / name
        if fmt == "qti":
            with zipfile.ZipFile(path) as z:
                text = "".join(z.read(n).decode("utf-8") for n in z.namelist())
        else:
            text = path.read_text(encoding="utf-8")
        plain = re.sub(r"<[^>]+>|`", "", html.unescape(html.unescape(text)))   # QTI escapes its HTML
        for why in whys:
            assert why.replace("`", "") in plain, (fmt, why)

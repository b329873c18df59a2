"""Every code is declared once (quizlint.codes), and every problem is built from its declaration."""

import ast
import re
from pathlib import Path

import pytest

from qltest import EXAMPLES
from quizlint import codes
from quizlint.cli import main
from quizlint.config import Config
from quizlint.linter import check_text
from quizlint.loader import LoadError, load_text
from quizlint.rules import all_codes, all_rules

PACKAGE = Path(codes.__file__).resolve().parent
EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.yaml"))


def test_rule_codes_are_declared_in_the_one_registry():
    known = all_codes()
    assert list(known) == sorted(known) and set(all_rules()) < set(known)
    for code, r in all_rules().items():
        c = known[code]
        assert (c.name, c.severity, c.doc) == (r.name, r.severity, r.doc)
    assert {"QL001", "QL008", "QL106", "QL150", "QL601", "QL604"} <= set(known)


def test_a_code_cannot_be_declared_twice():
    with pytest.raises(ValueError, match="QL150 declared twice"):
        codes.declare("QL150", "again", codes.E, "Twice.")
    assert codes.CODES["QL150"].name == "duplicate-id"


def test_rules_lists_every_code_once(capsys):
    assert main(["rules"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == list(all_codes())


def test_explain_lists_the_functions_the_safe_language_allows(capsys):
    from quizlint.symbolic.syntax import FUNCTIONS

    assert main(["explain", "QL603"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("QL603 expression-rejected (error)")
    assert "Allowed functions: " + ", ".join(sorted(FUNCTIONS)) + "." in out


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_problem_carries_its_declared_name_and_severity(path):
    problems = check_text(path.read_text("utf-8"), str(path), Config(), symbolic=False)
    for p in problems:
        declared = codes.CODES[p.code]
        assert (p.rule, p.severity) == (declared.name, declared.severity), p


def test_a_load_error_is_reported_under_its_code():
    with pytest.raises(LoadError) as info:
        load_text("a: 1\na: 2\n", "dup.yaml")
    assert info.value.kind is codes.DUPLICATE_KEY
    p = info.value.problem("dup.yaml")
    assert (p.code, p.rule, p.line, p.column) == ("QL002", "duplicate-key", 2, 1)


def test_no_stage_builds_a_problem_by_hand():
    """Problem(...) appears only in quizlint.codes (Code.at) and quizlint.problem (from_dict)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in ("codes.py", "problem.py") or rel.startswith("symbolic/"):  # symbolic: W2-B's to switch
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Problem":
                found.append(f"{rel}:{node.lineno}")
    assert not found


def test_no_stage_types_a_code_literal():
    """Codes are typed in codes.py and in `@rule("QL...")` declarations, nowhere else."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "codes.py" or rel.startswith("symbolic/"):  # symbolic: W2-B's to switch
            continue
        tree = ast.parse(path.read_text("utf-8"))
        declared = {id(node.args[0]) for node in ast.walk(tree)
                    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "rule" and node.args}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and re.fullmatch(r"QL\d{3}", node.value) and id(node) not in declared:
                found.append(f"{rel}:{node.lineno}: {node.value}")
    assert not found, "\n".join(found)


# -- QL151, a rule of the file (rules/files.py) ------------------------------------------------

QUIZ = "format: quizlint/v1\nquiz: {quiz}\ntitle: T\nquestions:\n  - id: q-1\n    kind: true_false\n" \
       "    stem: S\n    answer: {answer}\n"


def _ql151(text: str, path: str) -> list:
    return [(p.line, p.column, p.message) for p in check_text(text, path, symbolic=False) if p.code == "QL151"]


def test_quiz_id_must_match_the_file_name():
    assert _ql151(QUIZ.format(quiz="phase-04", answer="true"), "data/phase-04.yaml") == []
    assert _ql151(QUIZ.format(quiz="phase-4", answer="true"), "data/phase-04.yaml") == [
        (2, 7, "`quiz: phase-4` differs from the file name `phase-04`; rename one to match")]


def test_quiz_id_is_checked_when_the_schema_refuses_the_file():
    assert len(_ql151(QUIZ.format(quiz="phase-4", answer="yes"), "data/phase-04.yaml")) == 1


def test_quiz_id_rule_is_registered_and_documented():
    r = all_rules()["QL151"]
    assert (r.name, r.scope, r.func.__module__) == ("quiz-id-mismatch", "document", "quizlint.rules.files")
    assert "Flawed" in r.doc and "Fixed" in r.doc

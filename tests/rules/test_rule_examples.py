"""Acceptance tests for the QL2xx-QL5xx rules, in the style of check-jsonschema's.

``tests/examples/rules/positive/*.yaml`` are clean quizzes: they must produce
no problem at all. ``tests/examples/rules/negative/*.yaml`` each name, on
their first line, the exact problems they must produce::

    # expect: QL201@13:18 QL201@18:5

A second line ``# config: FILE`` names a pyproject.toml (beside the
examples) to check it with, for rules that need configuration (QL408).
Every example is a valid quiz file (the schema passes), so only rules fire.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizlint.linter import check_text
from quizlint.problem import Severity
from quizlint.rules import all_rules

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLES = HERE.parent / "examples" / "rules"
POSITIVE = sorted((EXAMPLES / "positive").glob("*.yaml"))
NEGATIVE = sorted((EXAMPLES / "negative").glob("*.yaml"))
DATA = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))

FAMILY = re.compile(r"QL(?:[2-5]\d\d|152)$")
_EXPECT = re.compile(r"(QL\d+)@(\d+):(\d+)")


def expected(path: Path) -> set[tuple[str, int, int]]:
    head = path.read_text("utf-8").splitlines()[0]
    assert head.startswith("# expect:"), f"{path.name}: first line must be `# expect: CODE@LINE:COL ...`"
    return {(c, int(line), int(col)) for c, line, col in _EXPECT.findall(head)}


def _all_rules():
    from quizlint.config import Config

    return Config(select=tuple(f"QL{d}" for d in range(10)))  # longer than "QL": selects opt-in rules


ALL_RULES = _all_rules()


def lint(path: Path):
    from quizlint import config

    text = path.read_text("utf-8")
    lines = text.splitlines()
    conf = ALL_RULES  # opt-in rules too: each example shows its rule
    if len(lines) > 1 and lines[1].startswith("# config: "):
        conf = config.load(EXAMPLES / lines[1].split(": ", 1)[1].strip())
    return check_text(text, str(path), conf, symbolic=False)


def ours(problems) -> set[tuple[str, int, int]]:
    return {(p.code, p.line, p.column) for p in problems if FAMILY.match(p.code)}


def test_examples_exist():
    assert len(POSITIVE) >= 5 and len(NEGATIVE) >= 25


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda p: p.stem)
def test_negative_example(path):
    problems = lint(path)
    other = [p for p in problems if not FAMILY.match(p.code)]
    assert not other, f"example must be a valid quiz file, got {other}"
    assert ours(problems) == expected(path)
    # the file is named after the code it demonstrates, which must fire
    code = path.stem.split("-")[0].upper()
    assert code in {c for c, _, _ in ours(problems)}


@pytest.mark.parametrize("path", POSITIVE, ids=lambda p: p.stem)
def test_positive_example(path):
    assert lint(path) == []


def test_every_rule_has_a_negative_example():
    shadowed = {"QL203"}  # the schema reports a non-boolean true_false answer first (QL101)
    codes = {c for c, r in all_rules().items() if r.func is not None and FAMILY.match(c)}
    demonstrated = {c for p in NEGATIVE for c, _, _ in expected(p)}
    assert codes - shadowed <= demonstrated


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda p: p.stem)
def test_messages_name_no_code_and_say_what_to_do(path):
    for p in lint(path):
        assert not re.search(r"\bQL\d{3}\b", p.message), p
        assert ";" in p.message or ":" in p.message, f"say what is wrong and what to do: {p.message}"
        assert p.question is not None or p.code == "QL402"


@pytest.mark.skipif(not DATA, reason="no data/quizzes yet")
@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_seed_quizzes_have_no_rule_errors(path):
    """The converted seeds hold: no answer-key, translation or draft errors."""
    errors = [p for p in lint(path) if FAMILY.match(p.code) and p.severity is Severity.ERROR]
    assert errors == []

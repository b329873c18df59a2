"""Acceptance tests driven by example files, check-jsonschema style.

Every file in examples/schema/valid must pass; every file in
examples/schema/invalid names in its first line exactly the problems
(code@line:col) it must produce.
"""

from pathlib import Path

import pytest

from qltest import EXAMPLES, expected
from quizlint.config import Config
from quizlint.linter import check_text

VALID = sorted((EXAMPLES / "schema" / "valid").glob("*.yaml"))
INVALID = sorted((EXAMPLES / "schema" / "invalid").glob("*.yaml"))
CORE = ("QL0", "QL1")


def _found(path: Path) -> set:
    problems = check_text(path.read_text("utf-8"), str(path), Config(select=CORE))
    return {(p.code, p.line, p.column) for p in problems}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_examples_pass(path):
    assert _found(path) == set()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_examples_report_exactly(path):
    want = expected(path)
    assert want, f"{path.name} has no `# expect:` header"
    assert _found(path) == want

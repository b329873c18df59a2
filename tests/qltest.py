"""Paths and helpers shared by the tests (imported as `qltest`)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).resolve().parent / "examples"

_EXPECT = re.compile(r"(QL\d+)@(\d+):(\d+)")


def expected(path: Path) -> set[tuple[str, int, int]]:
    """The `# expect: QL101@8:11 ...` header of a negative example file."""
    head = path.read_text("utf-8").splitlines()[0]
    return {(c, int(l), int(k)) for c, l, k in _EXPECT.findall(head)}


# A one-question quiz with no problems at all; `.format(name=...)` sets its id.
CLEAN_QUIZ = """\
format: quizlint/v1
quiz: {name}
title: A quiz
questions:
  - id: {name}-01
    kind: true_false
    stem: Gradient descent steps against the gradient.
    answer: true
    explanation: The negative gradient is the direction of steepest descent.
"""

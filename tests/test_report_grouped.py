"""The text report of many problems: grouped by file, with a per-code summary."""

from __future__ import annotations

import io
import json
import re

import pytest

from quizlint import report
from quizlint.cli import main
from quizlint.problem import Problem, Severity
from quizlint.report.text import SCREENFUL

QUESTION = """\
  - id: {quiz}-{n:02d}
    kind: true_false
    stem: Statement number {n} about gradients.
    answer: true
    explaination: Typo {n}.
"""


def quiz(name: str, n: int) -> str:
    head = f"format: quizlint/v1\nquiz: {name}\ntitle: {name}\nquestions:\n"
    return head + "".join(QUESTION.format(quiz=name, n=i) for i in range(1, n + 1))


@pytest.fixture
def many(in_tmp):
    """Two files, 25 + 20 problems (QL103 each), more than a screenful."""
    (in_tmp / "alpha.yaml").write_text(quiz("alpha", 25), encoding="utf-8")
    (in_tmp / "beta.yaml").write_text(quiz("beta", 20), encoding="utf-8")
    return in_tmp


def text_report(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["check", "--no-cache", *args])
    return rc, capsys.readouterr().out


def test_many_problems_are_grouped_by_file_with_a_summary(many, capsys):
    rc, out = text_report(capsys, "alpha.yaml", "beta.yaml")
    lines = out.splitlines()
    assert rc == 1
    assert lines[0] == "alpha.yaml"
    assert "beta.yaml" in lines and lines[lines.index("beta.yaml") - 1] == ""
    indented = [x for x in lines if re.match(r"  \d+:\d+: QL103 ", x)]
    assert len(indented) == 45
    assert not any(x.startswith(("alpha.yaml:", "beta.yaml:")) for x in lines)  # the name once per file
    summary = lines.index("Problems by code:")
    assert lines[summary + 1].split() == ["45", "QL103", "schema-unknown-key", "error"]
    assert lines[-1] == "Found 45 errors and 0 warnings in 2 files, 45 questions."


def test_a_screenful_or_less_stays_flat(many, capsys):
    (many / "small.yaml").write_text(quiz("small", SCREENFUL), encoding="utf-8")
    rc, out = text_report(capsys, "small.yaml")
    lines = out.splitlines()
    assert len(lines) == SCREENFUL + 1
    assert all(re.match(r"small\.yaml:\d+:\d+: QL103 ", x) for x in lines[:-1])
    assert "Problems by code:" not in out


def test_json_is_unchanged_for_many_problems(many, capsys):
    rc, out = text_report(capsys, "alpha.yaml", "beta.yaml", "--format", "json")
    got = json.loads(out)
    assert len(got) == 45
    assert set(got[0]) == {"path", "line", "column", "code", "rule", "severity", "message", "question"}


def test_grouped_output_escapes_file_names():
    out = io.StringIO()
    fmt = report.get("text", out)
    fmt.start(total=SCREENFUL + 1)
    for i in range(SCREENFUL + 1):
        fmt.problem(Problem("a\nforged.yaml", i + 1, 1, "QL103", "schema-unknown-key", Severity.ERROR, "m"))
    assert out.getvalue().splitlines()[0] == "a\\nforged.yaml"


def test_a_caller_that_skips_start_still_gets_flat_lines():
    """formats/gate.py prints problems without start() or finish()."""
    out = io.StringIO()
    fmt = report.get("text", out)
    fmt.problem(Problem("q.yaml", 3, 5, "QL101", "schema-type", Severity.ERROR, "bad", "q-1"))
    assert out.getvalue() == "q.yaml:3:5: QL101 bad [schema-type] (q-1)\n"

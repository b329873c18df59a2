"""jobs_for: one job per check (plus answer.expr), positions from the loader."""

from __future__ import annotations

import pickle

from conftest import ROOT

from quizlint.symbolic import Job, jobs_for, run

QUIZ = """\
format: quizlint/v1
quiz: demo
title: Demo
questions:
  - id: q-1
    kind: symbolic
    stem: Differentiate x**3.
    answer:
      expr: 3*x**2
    checks:
      - derivative:
          of: x**3
          wrt: x
          equals: answer
      - equal:
          lhs: (x + 1)**2
          rhs: x**2 + 1
      - frobnicate: {a: 1}
      - [not, a, mapping]
  - id: q-2
    kind: free
    stem: s
    answer: text
    checks: {not: a list}
  - id: q-3
    kind: symbolic
    stem: s
    answer: {expr: "os.getcwd()"}
"""


def test_jobs_for_builds_one_job_per_check_and_answer(load_quiz):
    data, pos = load_quiz(QUIZ)
    jobs = jobs_for("demo.yaml", data, pos)
    assert [(j.question, j.kind) for j in jobs] == [
        ("q-1", "derivative"), ("q-1", "equal"), ("q-1", "frobnicate"), ("q-1", "invalid"),
        ("q-1", "answer"), ("q-2", "invalid"), ("q-3", "answer")]
    derivative = jobs[0]
    assert (derivative.line, derivative.column) == (11, 9)   # the `- derivative:` entry
    assert derivative.field_positions["equals"] == (14, 19)
    assert derivative.answer_expr == "3*x**2"
    assert pickle.loads(pickle.dumps(jobs)) == jobs


def test_problems_land_on_the_right_lines(load_quiz):
    data, pos = load_quiz(QUIZ)
    problems = run(jobs_for("demo.yaml", data, pos), timeout=20, cache_dir=None)
    got = [(p.line, p.column, p.code, p.question) for p in problems]
    assert got == [(17, 16, "QL601", "q-1"),     # rhs of the false equal
                   (18, 9, "QL604", "q-1"),      # unknown kind
                   (19, 9, "QL604", "q-1"),      # not a mapping
                   (24, 13, "QL604", "q-2"),     # checks not a list
                   (28, 20, "QL603", "q-3")]     # rejected answer.expr


def test_worked_example_of_the_format_is_proved(load_quiz):
    text = (ROOT / "docs" / "format.md").read_text("utf-8")  # the contract's own example
    start = text.index("```yaml", text.index("<!-- worked-example -->")) + len("```yaml")
    data, pos = load_quiz(text[start:text.index("```", start)])
    jobs = jobs_for("docs/format.md", data, pos)
    assert {j.kind for j in jobs} >= {"derivative", "answer"}
    assert run(jobs, timeout=30, cache_dir=None) == []


def test_missing_positions_fall_back_to_the_parent():
    data = {"questions": [{"id": "q", "checks": [{"equal": {"lhs": "x", "rhs": "x"}}]}]}

    def pos(path):
        if len(path) > 2:
            raise KeyError(path)
        return (5, 3)

    (job,) = jobs_for("f.yaml", data, pos)
    assert isinstance(job, Job) and (job.line, job.column) == (5, 3)
    assert job.field_positions == {}

"""`check --statistics`, `--errors-only` and `--exit-zero`."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from quizlint.cli import main

QUIZ = """\
format: quizlint/v1
quiz: stats
title: Statistics
questions:
  - id: stats-01
    kind: single
    stem: Which of these is an optimizer?
    choices:
      - {text: Adam, correct: true}
      - text: All of the above
      - text: None of the above
    explanation: Adam is an optimizer.
  - id: stats-02
    kind: single
    stem: Which of these is a loss?
    choices:
      - {text: Cross-entropy, correct: true}
      - text: All of the above
      - text: None of the above
    explanation: Cross-entropy is a loss.
  - id: stats-03
    kind: single
    stem: Which of these is an activation?
    choices:
      - {text: ReLU, correct: true}
      - text: All of the above
      - text: Softmax regression
    explanation: ReLU is an activation.
  - id: stats-04
    kind: true_false
    stem: Adam keeps two moving averages.
    answer: yes
  - id: stats-05
    kind: single
    stem: Which optimizer adapts per-parameter step sizes?
    choices:
      - {text: Adagrad, correct: yes}
      - text: Plain SGD
      - text: Newton's method
    explanation: Adagrad divides by accumulated squared gradients.
"""


@pytest.fixture
def quiz(in_tmp):
    (in_tmp / "stats.yaml").write_text(QUIZ, encoding="utf-8")
    return in_tmp / "stats.yaml"


def run(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["check", "--no-cache", "stats.yaml", *args])
    return rc, capsys.readouterr().out


def test_statistics_text_counts_equal_the_json_output(quiz, capsys):
    rc, out = run(capsys, "--format", "json")
    counts = Counter(p["code"] for p in json.loads(out))
    assert counts["QL101"] == 2 and counts["QL301"] == 3  # `answer: yes`, `correct: yes`; three all-of-the-above
    rc_stats, text = run(capsys, "--statistics")
    assert rc_stats == rc == 1
    rows = [line.split() for line in text.splitlines()]
    assert {code: int(n) for n, code, _name, _sev in rows} == dict(counts)
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)
    assert ["3", "QL301", "all-of-the-above", "warning"] in rows
    assert ["2", "QL101", "schema-type", "error"] in rows


def test_statistics_json(quiz, capsys):
    _, out = run(capsys, "--format", "json")
    counts = Counter(p["code"] for p in json.loads(out))
    _, stats = run(capsys, "--statistics", "--format", "json")
    rows = json.loads(stats)
    assert {r["code"]: r["count"] for r in rows} == dict(counts)
    assert rows[0] == {"count": 3, "code": "QL301", "name": "all-of-the-above", "severity": "warning"}
    assert list(rows[0]) == ["count", "code", "name", "severity"]


def test_statistics_with_sarif_is_a_usage_error(quiz, capsys):
    assert main(["check", "stats.yaml", "--statistics", "--format", "sarif"]) == 2
    assert "--statistics prints text or json" in capsys.readouterr().err


def test_errors_only_drops_warnings(quiz, capsys):
    rc, out = run(capsys, "--errors-only", "--format", "json")
    got = json.loads(out)
    assert rc == 1 and got and {p["severity"] for p in got} == {"error"}
    rc, text = run(capsys, "--errors-only", "--statistics")
    assert [line.split()[1] for line in text.splitlines()] == ["QL101"]


def test_errors_only_passes_when_only_warnings_remain(quiz, capsys):
    quiz.write_text(QUIZ.replace("correct: yes", "correct: true").replace("answer: yes", "answer: true"),
                    encoding="utf-8")
    rc, out = run(capsys)
    assert rc == 0 and "warning" in out
    rc, out = run(capsys, "--errors-only")
    assert rc == 0 and "All checks passed" in out and "warning" not in out


def test_exit_zero_reports_but_exits_0(quiz, capsys):
    rc, out = run(capsys, "--exit-zero")
    assert rc == 0 and "QL101" in out and "Found 2 errors" in out
    assert run(capsys)[0] == 1

"""`check --write-baseline` / `--baseline`: accept today's problems, report only new ones.

Each test works on a small tree of its own (two quiz files with schema
errors and rule warnings) in an empty temporary directory.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from quizlint.cli import main

ADOPT = """\
format: quizlint/v1
quiz: adopt
title: Adoption
questions:
  - id: adopt-01
    kind: single
    stem: >-
      Which rule does backpropagation
      rely on to compute gradients?
    choices:
      - {text: The chain rule, correct: yes}
      - text: Bayes' theorem
      - text: The law of large numbers
    explanation: Local derivatives multiply along the graph.
  - id: adopt-02
    kind: true_false
    stem: Gradient descent steps against the gradient.
    answer: true
    explaination: The negative gradient points downhill.
  - id: adopt-03
    kind: single
    stem: Which of these is an optimizer?
    choices:
      - text: Adam
        correct: true
      - text: All of the above
      - text: None of the above
      - text: The softmax function, which always normalises scores into a probability distribution
    explanation: Adam is an optimizer.
"""

# the same quiz reordered, re-wrapped and restyled: nothing new to report
ADOPT_REFORMATTED = """\
format: quizlint/v1
title: Adoption
quiz: adopt
questions:
  - id: adopt-03
    kind: single
    stem: "Which of   these is an optimizer?"
    choices:
      - {text: None of the above}
      - text: >-
          The softmax function, which always normalises
          scores into a probability distribution
      - {text: Adam, correct: true}
      - text: All of the above
    explanation: Adam is an optimizer.

  - id: adopt-02
    answer: true
    kind: true_false
    explaination: >
      The negative gradient
      points downhill.
    stem: Gradient descent steps against the gradient.
  - id: adopt-01
    kind: single
    stem: Which rule does backpropagation rely on to compute gradients?
    choices:
      - text: Bayes' theorem
      - text: The chain rule
        correct: yes
      - text: The law of large numbers
    explanation: Local derivatives multiply along the graph.
"""

OTHER = """\
format: quizlint/v1
quiz: other
title: Other
questions:
  - id: other-01
    kind: single
    stem: Which activation is zero for every negative input?
    choices:
      - text: ReLU
        correct: yes
      - text: Tanh
      - text: Sigmoid
    explanation: ReLU is max(0, x).
"""

NEW_QUESTION = """\
  - id: adopt-04
    kind: true_false
    stem: Momentum keeps a running average of past gradients.
    answer: true
    explanaton: It adds a fraction of the previous step.
"""


@pytest.fixture
def tree(in_tmp):
    data = in_tmp / "data"
    data.mkdir()
    (data / "adopt.yaml").write_text(ADOPT, encoding="utf-8")
    (data / "other.yaml").write_text(OTHER, encoding="utf-8")
    return in_tmp


def check(capsys, *args) -> tuple[int, list[dict], str]:
    """Exit code, the json problems and stderr of `quizlint check --format json ARGS`."""
    capsys.readouterr()
    rc = main(["check", "--no-cache", "--format", "json", *args])
    got = capsys.readouterr()
    return rc, json.loads(got.out) if got.out.strip() else [], got.err


def write_baseline(capsys, *args) -> dict:
    capsys.readouterr()
    assert main(["check", "--no-cache", "--write-baseline", "baseline.json", *args]) == 0
    capsys.readouterr()
    with open("baseline.json", encoding="utf-8") as fh:
        return json.load(fh)


def test_write_then_apply_reports_nothing_and_exits_0(tree, capsys):
    rc, before, _ = check(capsys)
    assert rc == 1 and len(before) >= 4  # QL101 twice, QL103, rule warnings
    written = write_baseline(capsys)
    assert written["format"] == "quizlint-baseline/v1"
    assert len(written["entries"]) == len(before)
    assert {(e["question"], e["code"]) for e in written["entries"]} == {(p["question"], p["code"]) for p in before}
    assert not any("line" in e for e in written["entries"])  # keyed by content, not by line
    rc, after, err = check(capsys, "--baseline", "baseline.json")
    assert (rc, after) == (0, [])
    assert f"{len(before)} known problems matched and not reported, 0 new" in err
    assert "stale" not in err


def test_the_text_report_says_how_many_were_matched(tree, capsys):
    write_baseline(capsys)
    rc = main(["check", "--no-cache", "--baseline", "baseline.json"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "known problems matched and not reported, 0 new" in out and "All checks passed" in out


def test_one_new_flawed_question_reports_exactly_it(tree, capsys):
    write_baseline(capsys)
    (tree / "data" / "adopt.yaml").write_text(ADOPT + NEW_QUESTION, encoding="utf-8")
    rc, new, err = check(capsys, "--baseline", "baseline.json")
    assert rc == 1
    assert [(p["code"], p["question"]) for p in new] == [("QL103", "adopt-04")]
    assert "1 new" in err and "stale" not in err


def test_one_new_flaw_in_an_existing_question_reports_exactly_it(tree, capsys):
    write_baseline(capsys)
    flawed = ADOPT.replace("      - text: Bayes' theorem\n", "      - text: Bayes' theorem\n        correct: no\n")
    (tree / "data" / "adopt.yaml").write_text(flawed, encoding="utf-8")
    rc, new, err = check(capsys, "--baseline", "baseline.json")
    assert [(p["code"], p["question"]) for p in new] == [("QL101", "adopt-01")]
    assert "correct: no" in flawed.splitlines()[new[0]["line"] - 1]
    assert rc == 1 and "stale" not in err


def test_reordering_rewrapping_and_restyling_report_nothing_new(tree, capsys):
    _, before, _ = check(capsys)
    write_baseline(capsys)
    (tree / "data" / "adopt.yaml").write_text(ADOPT_REFORMATTED, encoding="utf-8")
    rc, after_all, _ = check(capsys)
    assert sorted((p["code"], p["question"]) for p in after_all) == \
        sorted((p["code"], p["question"]) for p in before)  # the same problems, on other lines
    assert [p["line"] for p in after_all] != [p["line"] for p in before]
    rc, new, err = check(capsys, "--baseline", "baseline.json")
    assert (rc, new) == (0, [])
    assert "stale" not in err


def test_editing_the_flawed_text_makes_it_new_and_the_old_entry_stale(tree, capsys):
    write_baseline(capsys)
    edited = ADOPT.replace("All of the above", "All of the options above")
    (tree / "data" / "adopt.yaml").write_text(edited, encoding="utf-8")
    rc, new, err = check(capsys, "--baseline", "baseline.json")
    assert [(p["code"], p["question"]) for p in new] == [("QL301", "adopt-03")]
    assert "1 stale entry" in err and "QL301 (question adopt-03, choices)" in err


def test_a_fixed_problem_is_flagged_stale_and_drops_out_when_rewritten(tree, capsys):
    first = write_baseline(capsys)
    fixed = ADOPT.replace("explaination:", "explanation:")
    (tree / "data" / "adopt.yaml").write_text(fixed, encoding="utf-8")
    rc, new, err = check(capsys, "--baseline", "baseline.json")
    assert (rc, new) == (0, [])
    assert "1 stale entry" in err
    assert "stale: data/adopt.yaml: QL103 (question adopt-02, explaination)" in err
    again = write_baseline(capsys)
    assert len(again["entries"]) == len(first["entries"]) - 1
    assert "stale" not in check(capsys, "--baseline", "baseline.json")[2]


def test_a_subset_of_files_uses_the_whole_tree_baseline(tree, capsys):
    """pre-commit passes only the staged files: the other files' entries are neither matched nor stale."""
    write_baseline(capsys)
    rc, new, err = check(capsys, "--baseline", "baseline.json", "data/other.yaml")
    assert (rc, new) == (0, [])
    assert "1 known problem matched and not reported, 0 new" in err and "stale" not in err
    (tree / "data" / "other.yaml").write_text(OTHER.replace("text: Tanh", "text: Tanh\n        correct: no"))
    rc, new, err = check(capsys, "--baseline", "baseline.json", "data/other.yaml")
    assert rc == 1 and [(p["code"], p["question"]) for p in new] == [("QL101", "other-01")]


def test_writing_from_a_subset_keeps_the_other_files_entries(tree, capsys):
    whole = write_baseline(capsys)
    (tree / "data" / "other.yaml").write_text(OTHER.replace("correct: yes", "correct: true"))
    part = write_baseline(capsys, "data/other.yaml")
    assert len(part["entries"]) == len(whole["entries"]) - 1
    assert not any(e["path"] == "data/other.yaml" for e in part["entries"])
    assert check(capsys, "--baseline", "baseline.json")[:2] == (0, [])


def test_a_question_moved_to_another_file_stays_matched(tree, capsys):
    write_baseline(capsys)
    head, q2 = ADOPT.split("  - id: adopt-02\n")
    q2, q3 = q2.split("  - id: adopt-03\n")
    (tree / "data" / "adopt.yaml").write_text(head + "  - id: adopt-03\n" + q3, encoding="utf-8")
    (tree / "data" / "other.yaml").write_text(OTHER + "  - id: adopt-02\n" + q2, encoding="utf-8")
    rc, new, err = check(capsys, "--baseline", "baseline.json")
    assert (rc, new) == (0, []) and "stale" not in err


def test_errors_only_and_select_leave_the_other_entries_alone(tree, capsys):
    write_baseline(capsys)
    for args in (["--errors-only"], ["--select", "QL1"], ["--ignore", "QL3"]):
        rc, new, err = check(capsys, "--baseline", "baseline.json", *args)
        assert (rc, new, "stale" in err) == (0, [], False), args


def test_a_bad_baseline_is_a_usage_error(tree, capsys):
    assert main(["check", "--baseline", "missing.json"]) == 2
    assert "does not exist; write it with `quizlint check --write-baseline missing.json`" in capsys.readouterr().err
    (tree / "bad.json").write_text('{"format": "quizlint-baseline/v1", "entries": [{"code": 1}]}')
    assert main(["check", "--baseline", "bad.json"]) == 2
    assert "entry 1 is malformed" in capsys.readouterr().err
    (tree / "bad.json").write_text("[" * 100_000)
    assert main(["check", "--baseline", "bad.json"]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_the_baseline_key_in_config(tree, capsys):
    from quizlint import config
    from quizlint.errors import ConfigError

    (tree / "pyproject.toml").write_text('[tool.quizlint]\nbaseline = "../elsewhere.json"\n')
    with pytest.raises(ConfigError, match="outside the project"):
        config.load()
    (tree / "pyproject.toml").write_text('[tool.quizlint]\nbaseline = "baseline.json"\n')
    assert config.load().baseline == "baseline.json"
    write_baseline(capsys)
    assert check(capsys)[:2] == (0, [])


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_a_real_pre_commit_run_applies_the_baseline(tree):
    """A `language: system` hook (no environment to build): the commit of a baselined tree
    passes, a new flaw in a staged file blocks it."""
    pytest.importorskip("pre_commit")
    from test_precommit import git_env, sh

    env = git_env(tree / ".pre-commit-home")
    (tree / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: quizlint\n        name: quizlint\n"
        f"        entry: {sys.executable} -m quizlint check --baseline baseline.json\n"
        "        language: system\n        files: ^data/.*\\.yaml$\n")
    (tree / ".gitignore").write_text(".pre-commit-home/\n")
    assert main(["check", "--write-baseline", "baseline.json"]) == 0
    sh(["git", "init", "-q"], tree, env)
    sh(["git", "add", "-A"], tree, env)
    r = sh([sys.executable, "-m", "pre_commit", "run", "--files", "data/other.yaml"], tree, env, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    (tree / "data" / "other.yaml").write_text(OTHER.replace("text: Tanh", "text: Tanh\n        correct: no"))
    sh(["git", "add", "-A"], tree, env)
    r = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", "data/other.yaml"], cwd=tree,
                       env=env, capture_output=True, text=True, timeout=120)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "data/other.yaml:12:18: QL101" in out and "1 new" in out, out
    assert "QL103" not in out  # adopt.yaml's accepted problems stay quiet

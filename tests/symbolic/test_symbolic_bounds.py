"""Hostile input, deadlines and memory caps: nothing runs, nothing hangs."""

from __future__ import annotations

import os
import time
import uuid

import pytest

from conftest import make_job

from quizlint.symbolic import run

HOSTILE = [
    "__import__('os').system('touch /tmp/x')",
    "x.__class__.__mro__[-1].__subclasses__()",
    'simplify("...")',
    "lambda: 1",
    "'a'*3",
    "9**9**9",
    "((9**9)**9999)**9999",
    "factorial(10**6)",
    "(" * 200 + "x" + ")" * 200,
    "7" * 5000,
]


def test_hostile_expressions_are_errors_and_run_nothing(tmp_path):
    marker = f"/tmp/quizlint-{uuid.uuid4().hex}"
    before = os.stat("/tmp/x").st_mtime_ns if os.path.exists("/tmp/x") else None
    texts = HOSTILE + [f"__import__('os').system('touch {marker}')"]
    jobs = [make_job("equal", {"lhs": "1", "rhs": text}, name=str(i))
            for i, text in enumerate(texts)]
    jobs += [make_job("answer", {"expr": text}, text, name=f"a{i}") for i, text in enumerate(texts)]
    start = time.monotonic()
    problems = run(jobs, timeout=2, workers=1, cache_dir=tmp_path)
    assert time.monotonic() - start < 10  # refused in the parser: no worker is even started
    assert [p.code for p in problems] == ["QL603"] * len(jobs)
    assert all((p.line, p.column) == (12, 12) for p in problems[:len(texts)])  # the rhs field
    assert not os.path.exists(marker)
    after = os.stat("/tmp/x").st_mtime_ns if os.path.exists("/tmp/x") else None
    assert after == before  # /tmp/x was not created (or touched)
    assert not any(tmp_path.iterdir())  # rejections are not worth caching


def test_values_from_where_are_bounded_too():
    big = {"n": "10**6"}
    jobs = [make_job("equal", {"lhs": "factorial(n)", "rhs": "1", "where": big}, name="f"),
            make_job("equal", {"lhs": "x**n", "rhs": "1", "where": big}, name="p")]
    problems = run(jobs, timeout=10, workers=1, cache_dir=None)
    assert [p.code for p in problems] == ["QL603", "QL603"]
    assert "1000000" in problems[0].message and "too large" in problems[1].message


def test_timeout_is_undecided_and_the_run_goes_on():
    jobs = [make_job("equal", {"lhs": "expand((x+y+z+1)**200)", "rhs": "1"}, name="slow"),
            make_job("equal", {"lhs": "x + x", "rhs": "3*x"}, name="after"),
            make_job("equal", {"lhs": "x + x", "rhs": "2*x"}, name="fine")]
    start = time.monotonic()
    problems = run(jobs, timeout=2, workers=1, cache_dir=None)  # one worker: it must be replaced
    assert time.monotonic() - start < 30
    by_question = {p.question: p for p in problems}
    assert set(by_question) == {"slow", "after"}
    assert by_question["slow"].code == "QL602"
    assert "2 s deadline" in by_question["slow"].message
    assert by_question["after"].code == "QL601"


def test_timeouts_are_not_cached(tmp_path):
    job = make_job("equal", {"lhs": "expand((x+y+z+1)**200)", "rhs": "1"})
    assert run([job], timeout=1, workers=1, cache_dir=tmp_path)[0].code == "QL602"
    assert not list(tmp_path.rglob("*.json"))


def test_memory_cap_too_small_for_a_worker_is_undecided_not_a_hang():
    problems = run([make_job("equal", {"lhs": "x", "rhs": "x"})], timeout=2, memory_mb=16,
                   workers=1, cache_dir=None)
    assert [p.code for p in problems] == ["QL602"]
    assert "could not start" in problems[0].message


def test_parallel_workers_keep_job_order():
    jobs = [make_job("equal", {"lhs": f"(x + {k})**2",
                               "rhs": f"x**2 + {2 * k}*x + {k * k + (k == 3)}"}, name=str(k))
            for k in range(6)]
    problems = run(jobs, timeout=20, workers=2, cache_dir=None)
    assert [p.question for p in problems] == ["3"]


SLOW = "expand((x+y+z+1)**200)"  # far longer than any budget below


def test_budget_bounds_the_whole_run_and_the_rest_is_undecided(tmp_path):
    jobs = [make_job("equal", {"lhs": "x + x", "rhs": "2*x"}, name="quick"),
            make_job("equal", {"lhs": SLOW, "rhs": "1"}, name="slow-1"),
            make_job("equal", {"lhs": SLOW, "rhs": "2"}, name="slow-2"),
            make_job("equal", {"lhs": "x + x", "rhs": "3*x"}, name="false")]
    start = time.monotonic()
    problems = run(jobs, timeout=60, budget=4, workers=1, cache_dir=tmp_path)
    assert time.monotonic() - start < 4 + 5  # not 3 x 60 s
    by_question = {p.question: p for p in problems}
    for name in ("slow-1", "slow-2", "false"):  # running, waiting, and a false claim never tried
        assert by_question[name].code == "QL602"
        assert "the 4 s budget for all symbolic checks of this run ran out" in \
            by_question[name].message
        assert "raise `budget` under [tool.quizlint.symbolic]" in by_question[name].message
    assert len(list(tmp_path.rglob("*.json"))) <= 1  # only `quick` may be cached


@pytest.mark.parametrize("limits", [
    {"timeout": float("nan")}, {"timeout": float("inf")}, {"timeout": 0}, {"timeout": -1},
    {"memory_mb": -1}, {"memory_mb": 0}, {"memory_mb": 10 ** 9}, {"memory_mb": True},
    {"budget": float("nan")}, {"budget": float("inf")}, {"budget": 0},
])
def test_limits_that_would_disable_a_bound_are_refused(limits):
    with pytest.raises(ValueError, match="must be"):
        run([make_job("equal", {"lhs": "x", "rhs": "x"})], cache_dir=None, **limits)


def test_constants_built_from_where_values_are_bounded_in_the_worker():
    job = make_job("equal", {"lhs": "n*n", "rhs": "0", "where": {"n": "(9**999)**31"}})
    (problem,) = run([job], timeout=20, workers=1, cache_dir=None)
    assert problem.code == "QL603"
    assert "too large" in problem.message and "use smaller numbers" in problem.message


def test_verdicts_are_cached_per_memory_cap(tmp_path):
    job = make_job("equal", {"lhs": "(x + 1)**2", "rhs": "x**2 + 1"})
    first = run([job], timeout=20, memory_mb=1024, workers=1, cache_dir=tmp_path)
    second = run([job], timeout=20, memory_mb=768, workers=1, cache_dir=tmp_path)
    assert [p.code for p in first] == [p.code for p in second] == ["QL601"]
    assert len(list(tmp_path.rglob("*.json"))) == 2  # one verdict per cap, none reused


def test_huge_broadcast_dims_are_malformed_not_a_crash():
    jobs = [make_job("broadcast", {"shapes": ["9" * 5000, [1]], "result": [1]}, name="digits"),
            make_job("broadcast", {"shapes": [[10 ** 30], [1]], "result": [10 ** 30]}, name="int"),
            make_job("broadcast", {"shapes": [[2], [1]], "result": [2], "vary": {"p": [10 ** 30]}},
                     name="vary")]
    problems = run(jobs, timeout=5, workers=1, cache_dir=None)
    assert [(p.question, p.code) for p in problems] == [("digits", "QL604"), ("int", "QL604"),
                                                        ("vary", "QL604")]
    assert "whole number from 0 to" in problems[0].message and "…" in problems[0].message


def test_vary_grid_is_counted_before_it_is_built():
    job = make_job("broadcast", {"shapes": [[10 ** 9], ["p"]], "vary": {"p": [1, 10 ** 9]},
                                 "result": [10 ** 9]})
    start = time.monotonic()
    (problem,) = run([job], timeout=5, workers=1, cache_dir=None)
    assert time.monotonic() - start < 5  # not a billion-element grid until the deadline
    assert problem.code == "QL604" and "too many combinations" in problem.message


def test_check_refuses_the_27_character_hang_in_the_main_process(tmp_path):
    """Red-team input: folding this constant used to hang `quizlint check` itself."""
    import subprocess
    import sys

    from conftest import ROOT

    (tmp_path / "redteam.yaml").write_text(
        "format: quizlint/v1\nquiz: redteam\ntitle: Red team\nquestions:\n"
        "  - id: q-1\n    kind: true_false\n    stem: Is it zero?\n    answer: false\n"
        '    checks: [{equal: {lhs: "(((1/9**999)**999)**999)**1", rhs: "0"}}]\n')
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "quizlint", "check", "--no-cache", "redteam.yaml"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert time.monotonic() - start < 30
    assert done.returncode == 1
    assert "redteam.yaml:9:28: QL603 `(1/9**999)**999` is too large a constant" in done.stdout

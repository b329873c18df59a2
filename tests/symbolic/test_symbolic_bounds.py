"""Hostile input, deadlines and memory caps: nothing runs, nothing hangs."""

from __future__ import annotations

import os
import time
import uuid

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

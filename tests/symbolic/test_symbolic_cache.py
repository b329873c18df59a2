"""Verdict cache: a warm run does no SymPy work and does not import SymPy, and
only verdicts sealed with the user's secret are ever read."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT, make_job

import quizlint.symbolic as symbolic
import quizlint.symbolic.worker  # noqa: F401  (patched below)
from quizlint.cache import SUPPORTED, seal
from quizlint.symbolic import cache, run

needs_cache = pytest.mark.skipif(not SUPPORTED, reason="the sealed cache needs no-follow calls")

JOBS = [
    ("equal", {"lhs": "(x + 1)**2", "rhs": "x**2 + 1"}, None),
    ("derivative", {"of": "x**3", "wrt": "x", "equals": "answer"}, "3*x**2"),
    ("inequality", {"claim": "x**2 + 1 > 0", "assume": {"real": ["x"]}}, None),
    ("broadcast", {"shapes": [[2, 1], [3]], "result": [2, 3]}, None),
    ("numeric", {"expr": "sqrt(2)", "value": 1.4142, "tolerance": 1e-4}, None),
    ("answer", {"expr": "3*x**2"}, "3*x**2"),
]


def _jobs():
    return [make_job(kind, spec, answer, name=str(i))
            for i, (kind, spec, answer) in enumerate(JOBS)]


@needs_cache
def test_second_run_uses_the_cache_only(tmp_path, monkeypatch):
    first = run(_jobs(), timeout=20, cache_dir=tmp_path)
    assert [p.code for p in first] == ["QL601"]
    assert not list(tmp_path.rglob(".tmp-*"))  # atomic writes leave nothing behind

    def no_workers(tasks, **_kw):
        assert not tasks, "a cached run must not start workers"
        return {}

    monkeypatch.setattr(symbolic.worker, "run_jobs", no_workers)
    assert run(_jobs(), timeout=20, cache_dir=tmp_path) == first


@needs_cache
def test_cached_run_does_not_import_sympy(tmp_path):
    run(_jobs(), timeout=20, cache_dir=tmp_path)
    script = textwrap.dedent(f"""
        import json, sys
        sys.path[:0] = [{str(ROOT / 'src')!r}, {str(ROOT / 'tests' / 'symbolic')!r}]
        from test_symbolic_cache import _jobs
        from quizlint.symbolic import run
        problems = run(_jobs(), cache_dir={str(tmp_path)!r})
        print(json.dumps([[p.code for p in problems], 'sympy' in sys.modules]))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    codes, imported = json.loads(out.splitlines()[-1])
    assert codes == ["QL601"]
    assert imported is False


def test_main_process_modules_do_not_import_sympy():
    script = ("import sys; sys.path.insert(0, %r); import quizlint.symbolic, "
              "quizlint.symbolic.syntax, quizlint.symbolic.fields, quizlint.symbolic.broadcast; "
              "print('sympy' in sys.modules)" % str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out.strip() == "False"


def test_key_depends_on_content_and_version():
    spec = {"lhs": "x", "rhs": "x"}
    base = cache.key("equal", spec, None, "1.0")
    assert base == cache.key("equal", {"rhs": "x", "lhs": "x"}, None, "1.0")
    assert base != cache.key("equal", spec, None, "1.1")
    assert base != cache.key("equal", spec, "x", "1.0")
    assert base != cache.key("equal", {"lhs": "x", "rhs": "y"}, None, "1.0")


@needs_cache
def test_corrupt_entries_are_misses(tmp_path):
    digest = cache.key("equal", {"lhs": "x", "rhs": "x"}, None, "v")
    cache.store(tmp_path, digest, [("QL601", "rhs", "m")])
    assert cache.load(tmp_path, digest) == [("QL601", "rhs", "m")]
    path = next(tmp_path.rglob("*.json"))
    path.write_text("{not json")
    assert cache.load(tmp_path, digest) is None


@needs_cache
def test_a_forged_verdict_does_not_turn_a_refuted_check_into_a_pass(tmp_path):
    jobs = [make_job("equal", {"lhs": "(x + 1)**2", "rhs": "x**2 + 2*x + 2"})]
    assert [p.code for p in run(jobs, timeout=20, cache_dir=tmp_path)] == ["QL601"]
    entries = list(tmp_path.rglob("*.json"))
    assert len(entries) == 1  # the verdict, at the key run() computes
    entry = entries[0]
    name = entry.relative_to(tmp_path).as_posix()
    proved = b'{"findings": []}'
    for forged in (proved, seal(b"k" * 32, name, proved)):  # plain JSON; sealed with another secret
        entry.write_bytes(forged)
        assert [p.code for p in run(jobs, timeout=20, cache_dir=tmp_path)] == ["QL601"]

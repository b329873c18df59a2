"""SymPy workers never outlive the process that started them (real processes, Linux /proc)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads the process table from /proc")

SLOW_CHECK = "expand((x+y+z+1)**200)"  # minutes of SymPy work
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _workers_of(parent: int) -> list[int]:
    """Pids of the SymPy workers whose parent is ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent and \
                b"quizlint.symbolic.worker" in cmdline:
            found.append(int(entry.name))
    return found


def _wait_for(predicate, limit: float):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return predicate()


def _gone_within(pids: list[int], limit: float) -> list[int]:
    """The pids still running after ``limit`` seconds."""
    _wait_for(lambda: not any(_alive(p) for p in pids), limit)
    return [p for p in pids if _alive(p)]


QUIZ = f"""\
format: quizlint/v1
quiz: slow
title: Slow
questions:
  - id: q-slow
    kind: true_false
    stem: Is the expansion equal to one?
    answer: false
    checks:
      - equal: {{lhs: "{SLOW_CHECK}", rhs: "1"}}
      - equal: {{lhs: "{SLOW_CHECK}", rhs: "2"}}
"""


def test_sigterm_to_check_leaves_no_worker_behind(tmp_path):
    (tmp_path / "slow.yaml").write_text(QUIZ)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.quizlint.symbolic]\ntimeout = 120\nworkers = 2\n")
    check = subprocess.Popen([sys.executable, "-m", "quizlint", "check", "--no-cache", "slow.yaml"],
                             cwd=tmp_path, env=ENV, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        workers = _wait_for(lambda: _workers_of(check.pid), 60)
        assert workers, "quizlint check started no SymPy worker"
        time.sleep(1.5)  # let them import SymPy and start on the slow checks
        workers = _workers_of(check.pid)
        check.send_signal(signal.SIGTERM)
        assert check.wait(timeout=10) == -signal.SIGTERM  # still dies of the signal
        assert _gone_within(workers, 2.0) == []  # not 2 x timeout later
    finally:
        check.kill()
        check.wait()


def _kill_parent_and_expect_no_worker(script: str, settle: float = 0.0) -> None:
    """Run ``script`` (it prints its worker's pid), SIGKILL it, and expect the worker gone within 2 s."""
    parent = subprocess.Popen([sys.executable, "-c", script], env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        pid = int(parent.stdout.readline())
        time.sleep(settle)
        assert _alive(pid)
        parent.kill()
        parent.wait(timeout=10)
        assert _gone_within([pid], 2.0) == []
    finally:
        parent.kill()
        parent.wait()


PARENT = textwrap.dedent(f"""
    import sys, time
    from quizlint.symbolic import worker
    w = worker._Worker(1024)
    while not w.ready:
        for tag, *rest in w.messages():
            w.ready = w.ready or tag == "ready"
    w.send(("job", "equal", {{"kind": "equal", "lhs": {SLOW_CHECK!r}, "rhs": "1"}}, 1), 120)
    print(w.proc.pid, flush=True)
    time.sleep(600)
""")


def test_a_busy_worker_dies_with_a_killed_parent():
    """SIGKILL cannot be handled: the kernel (PR_SET_PDEATHSIG) ends the worker."""
    _kill_parent_and_expect_no_worker(PARENT, settle=1.0)  # busy on the slow check by then


BUSY = textwrap.dedent("""
    import os, threading
    from quizlint.symbolic import worker
    threading.Thread(target=worker._watch_parent, args=(os.getppid(),), daemon=True).start()
    print(os.getpid(), flush=True)
    while True:
        sum(range(10000))  # busy in Python, as SymPy is
""")
WATCHED = f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {BUSY!r}]).wait()"


def test_the_fallback_watch_ends_a_busy_worker_whose_parent_died():
    """Where prctl is missing, a thread polls the parent's pid."""
    _kill_parent_and_expect_no_worker(WATCHED)

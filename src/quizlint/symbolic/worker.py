"""A small pool of bounded worker processes (no SymPy in this process).

Each worker is a fresh interpreter (``python -c ...``, so the caller's
``__main__`` is never re-imported) that caps its own address space
(``RLIMIT_AS``), imports SymPy once, then answers one job at a time as JSON
lines over its stdin/stdout pipes. The parent gives every job its own
wall-clock deadline; a worker that misses it, or dies (e.g. out of memory),
is killed and replaced, and that job is reported as undecided. Other jobs
carry on.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import time
from collections import deque
from multiprocessing.connection import wait
from pathlib import Path

UNDECIDED = "QL602"
STARTUP_LIMIT = 120.0   # seconds a worker may take to import SymPy
MAX_START_FAILURES = 3
_BOOT = "from quizlint.symbolic.worker import serve; serve()"


# -- worker side -------------------------------------------------------------

def serve() -> None:
    """Worker main loop: cap memory, import the checks, answer jobs until EOF."""
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # stray prints go to stderr, never into the protocol
    _limit_memory(int(sys.argv[1]) if len(sys.argv) > 1 else 1024)

    def send(*message) -> None:
        channel.write(json.dumps(message) + "\n")
        channel.flush()

    try:
        from quizlint.symbolic import checks
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        send("failed", repr(exc))
        return
    send("ready")
    for line in iter(sys.stdin.readline, ""):
        (job_id, kind, spec, seed), budget = json.loads(line)
        _alarm(budget)
        findings, transient = _safe_run(checks, kind, spec, seed)
        _alarm(0)
        send("done", job_id, findings, transient)


def _alarm(budget: float) -> None:
    """Backstop: SIGALRM (default action: exit) if the parent is gone and a job runs on."""
    if hasattr(signal, "alarm"):
        signal.alarm(int(budget * 2) + 5 if budget else 0)


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:  # not on this platform: no cap
        return
    limit = int(memory_mb) * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


def _safe_run(checks, kind, spec, seed) -> tuple[list, bool]:
    """(findings, transient); transient verdicts (memory, crashes) are not cached."""
    try:
        return checks.run_check(kind, spec, seed), False
    except MemoryError:
        _clear_caches()
        return [(UNDECIDED, "", "undecided: the check ran out of memory")], True
    except RecursionError:
        return [(UNDECIDED, "", "undecided: the expression is too deeply nested for SymPy")], True
    except Exception as exc:  # noqa: BLE001 - a SymPy failure must not stop the run
        text = f"{type(exc).__name__}: {exc}"[:200]
        return [(UNDECIDED, "", f"undecided: SymPy failed ({text})")], True


def _clear_caches() -> None:
    try:
        from sympy.core.cache import clear_cache
        clear_cache()
    except Exception:  # noqa: BLE001
        pass


# -- parent side -------------------------------------------------------------

class _Worker:
    """One worker process and its line-buffered pipes."""

    def __init__(self, memory_mb: int):
        self.memory_mb = memory_mb
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])  # the dir holding quizlint/
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(int(memory_mb))], env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.started = time.monotonic()
        self.ready, self.job, self.deadline, self._buffer = False, None, 0.0, b""
        self.sent = self.started

    def fileno(self) -> int:
        return self.proc.stdout.fileno()

    def send(self, job, timeout: float) -> None:
        self.sent = time.monotonic()
        self.job, self.deadline = job, self.sent + timeout
        try:
            self.proc.stdin.write((json.dumps([job, timeout]) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except OSError:  # it died; service() notices
            pass

    def messages(self) -> list:
        """Complete messages available now; raises EOFError when the pipe closed."""
        chunk = os.read(self.fileno(), 1 << 16)
        if not chunk:
            raise EOFError
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        return [json.loads(line) for line in lines if line.strip()]

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass


_SPARE: list[_Worker] = []


def prestart(memory_mb: int, workers: int = 1) -> None:
    """Start workers now (SymPy imports in the background) for a later run_jobs."""
    while len(_SPARE) < workers:
        _SPARE.append(_Worker(memory_mb))
    atexit.register(_drop_spares)


def _drop_spares() -> None:
    while _SPARE:
        _SPARE.pop().kill()


def _take(memory_mb: int) -> _Worker:
    """A prestarted worker if there is one, else a new one."""
    for w in _SPARE:
        if w.memory_mb == memory_mb:
            _SPARE.remove(w)
            return w
    return _Worker(memory_mb)


GROW_AFTER = 0.6  # seconds of estimated backlog per worker before adding one


def _should_grow(pool, pending, durations, limit: int) -> bool:
    """Add a worker only when the work left would keep the current ones busy.

    Each worker imports SymPy (about half a second of CPU), so a handful of
    cheap checks is proved faster by one worker than by several.
    """
    if not pending or len(pool) >= limit or not all(w.ready and w.job is not None for w in pool):
        return False
    if durations:
        return len(pending) * (sum(durations) / len(durations)) / len(pool) > GROW_AFTER
    now = time.monotonic()
    return any(now - w.sent > GROW_AFTER for w in pool)


def run_jobs(tasks: list, *, timeout: float, memory_mb: int, workers: int) -> dict:
    """Run ``tasks`` (``(job_id, kind, spec, seed)``); return job_id -> (findings, transient)."""
    pending, results = deque(tasks), {}
    if not tasks:
        _drop_spares()
        return results
    limit = max(1, min(workers, len(tasks)))
    pool = [_take(memory_mb)]
    durations: list[float] = []
    failures = 0
    try:
        while pool and (pending or any(w.job is not None for w in pool)):
            for w in pool:
                if w.ready and w.job is None and pending:
                    w.send(pending.popleft(), timeout)
            if _should_grow(pool, pending, durations, limit):
                pool.append(_take(memory_mb))
            readable = wait(pool, timeout=min(_next_wakeup(pool), GROW_AFTER))
            for w in list(pool):
                busy = w.job
                reason = _service(w, w in readable, results)
                if busy is not None and w.job is None:
                    durations.append(time.monotonic() - w.sent)
                if reason is None:
                    continue
                if w.job is not None:
                    results[w.job[0]] = _lost(reason, timeout)
                failures += reason == "failed"
                w.kill()
                pool.remove(w)
                if pending and failures < MAX_START_FAILURES:
                    pool.append(_Worker(memory_mb))
    finally:
        for w in pool:
            w.kill()
        _drop_spares()
    for task in pending:  # only when no worker could be started
        results[task[0]] = ([(UNDECIDED, "", "undecided: could not start a SymPy worker "
                                             "process")], True)
    return results


def _next_wakeup(pool) -> float:
    now = time.monotonic()
    times = [w.deadline - now for w in pool if w.job is not None]
    times += [w.started + STARTUP_LIMIT - now for w in pool if not w.ready]
    return max(0.0, min(times)) if times else 1.0


def _service(w: _Worker, readable: bool, results: dict) -> str | None:
    """Take what ``w`` sent; return why it must be replaced, or None."""
    try:
        for tag, *rest in (w.messages() if readable else []):
            if tag == "ready":
                w.ready = True
            elif tag == "failed":
                return "failed"
            elif tag == "done" and w.job is not None and rest[0] == w.job[0]:
                results[rest[0]] = ([tuple(f) for f in rest[1]], bool(rest[2]))
                w.job = None
    except (EOFError, OSError, ValueError):
        return "died" if w.ready else "failed"
    now = time.monotonic()
    if w.job is not None and now > w.deadline:
        return "timeout"
    if not w.ready and now > w.started + STARTUP_LIMIT:
        return "failed"
    return None


def _lost(reason: str, timeout: float) -> tuple[list, bool]:
    if reason == "timeout":
        message = f"undecided: no verdict within the {timeout:g} s deadline"
    else:
        message = "undecided: the worker process died (out of memory?)"
    return [(UNDECIDED, "", message)], True


MAX_DEFAULT_WORKERS = 8


def default_workers() -> int:
    """Usable CPU cores (at most MAX_DEFAULT_WORKERS: each worker holds its own SymPy)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))

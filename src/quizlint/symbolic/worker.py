"""A small pool of bounded worker processes (no SymPy in this process).

Each worker is a fresh interpreter (``python -c ...``, so the caller's
``__main__`` is never re-imported) that caps its own address space
(``RLIMIT_AS``), imports SymPy once, then answers one job at a time as JSON
lines over its stdin/stdout pipes. The parent gives every job its own
wall-clock deadline; a worker that misses it, or dies (e.g. out of memory),
is killed and replaced, and that job is reported as undecided. Other jobs
carry on. A total budget bounds the whole run: when it is spent, the jobs
still running or waiting are reported as undecided too.

Workers never outlive the parent: each asks the kernel for SIGKILL when the
parent dies (``PR_SET_PDEATHSIG`` on Linux; elsewhere a thread polls the
parent's pid), and the parent kills its workers when it gets SIGTERM.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from multiprocessing.connection import wait
from pathlib import Path

from quizlint.codes import CHECK_UNDECIDED

from .findings import finding
STARTUP_LIMIT = 120.0   # seconds a worker may take to import SymPy
MAX_START_FAILURES = 3
_BOOT = "from quizlint.symbolic.worker import serve; serve()"


# -- worker side -------------------------------------------------------------

def serve() -> None:
    """Worker main loop: cap memory, import the checks, answer jobs until EOF."""
    if len(sys.argv) > 2:
        die_with_parent(int(sys.argv[2]))
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # stray prints go to stderr, never into the protocol
    _limit_memory(int(sys.argv[1]) if len(sys.argv) > 1 else 1024)

    def send(*message) -> None:
        channel.write(json.dumps(message) + "\n")
        channel.flush()

    try:
        from quizlint.symbolic import checks
        for kind in [*checks.KINDS, *checks.TASKS]:  # import every prover now, not within a job's deadline
            checks.prover(kind)
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


PR_SET_PDEATHSIG = 1
PARENT_POLL = 0.25  # seconds between checks of the parent, where prctl is missing


def die_with_parent(parent: int) -> None:
    """Exit as soon as our parent process is gone; ``parent`` is the pid of the
    process that started us (our parent, unless an interpreter wrapper sits between)."""
    if not _kill_me_with_parent():
        threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    if os.getppid() != parent and not _exists(parent):  # it died before we asked
        os._exit(1)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. not ours to signal: it exists
        pass
    return True


def _kill_me_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)


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
        return [finding(CHECK_UNDECIDED, "", "undecided: the check ran out of memory")], True
    except RecursionError:
        return [finding(CHECK_UNDECIDED, "", "undecided: the expression is too deeply nested "
                                             "for SymPy")], True
    except Exception as exc:  # noqa: BLE001 - a SymPy failure must not stop the run
        text = f"{type(exc).__name__}: {exc}"[:200]
        return [finding(CHECK_UNDECIDED, "", f"undecided: SymPy failed ({text})")], True


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
            [sys.executable, "-c", _BOOT, str(int(memory_mb)), str(os.getpid())], env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        _track(self)
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
        _untrack(self)


_LIVE: set = set()        # every worker started and not yet killed
_SIGTERM_BEFORE = None    # the SIGTERM handler ours replaced, while ours is installed


def _track(w: _Worker) -> None:
    """Remember ``w``; while any worker lives, SIGTERM kills the workers first."""
    global _SIGTERM_BEFORE
    _LIVE.add(w)
    if _SIGTERM_BEFORE is not None or threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:  # never replace someone's handler
        _SIGTERM_BEFORE = signal.SIG_DFL
        signal.signal(signal.SIGTERM, _on_sigterm)


def _untrack(w: _Worker) -> None:
    global _SIGTERM_BEFORE
    _LIVE.discard(w)
    if not _LIVE and _SIGTERM_BEFORE is not None and \
            threading.current_thread() is threading.main_thread():
        if signal.getsignal(signal.SIGTERM) is _on_sigterm:
            signal.signal(signal.SIGTERM, _SIGTERM_BEFORE)
        _SIGTERM_BEFORE = None


def _on_sigterm(signum, _frame) -> None:
    """Kill every worker, then die of the signal as if we had no handler."""
    for w in list(_LIVE):
        try:
            w.proc.kill()
        except OSError:
            pass
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


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


def run_jobs(tasks: list, *, timeout: float, memory_mb: int, workers: int,
             budget: float | None = None) -> dict:
    """Run ``tasks`` (``(job_id, kind, spec, seed)``); return job_id -> (findings, transient).

    ``budget`` (seconds, None for none) bounds the whole call: jobs still
    running or waiting when it is spent are undecided.
    """
    _check_limits(timeout, memory_mb, budget)
    pending, results = deque(tasks), {}
    if not tasks:
        _drop_spares()
        return results
    end = time.monotonic() + budget if budget is not None else float("inf")
    limit = max(1, min(workers, len(tasks)))
    pool = [_take(memory_mb)]
    durations: list[float] = []
    failures = 0
    try:
        while pool and (pending or any(w.job is not None for w in pool)):
            if time.monotonic() >= end:
                break
            for w in pool:
                if w.ready and w.job is None and pending:
                    w.send(pending.popleft(), min(timeout, end - time.monotonic()))
            if _should_grow(pool, pending, durations, limit):
                pool.append(_take(memory_mb))
            left = max(0.0, end - time.monotonic())
            readable = wait(pool, timeout=min(_next_wakeup(pool), GROW_AFTER, left))
            for w in list(pool):
                busy = w.job
                reason = _service(w, w in readable, results)
                if busy is not None and w.job is None:
                    durations.append(time.monotonic() - w.sent)
                if reason is None:
                    continue
                if reason == "timeout" and time.monotonic() >= end:
                    reason = "budget"  # its deadline was the end of the budget
                if w.job is not None:
                    results[w.job[0]] = _lost(reason, timeout, budget)
                failures += reason == "failed"
                w.kill()
                pool.remove(w)
                if pending and failures < MAX_START_FAILURES and time.monotonic() < end:
                    pool.append(_Worker(memory_mb))
        spent = time.monotonic() >= end
        for w in pool:
            if w.job is not None:  # still running when the budget ran out
                results[w.job[0]] = _lost("budget", timeout, budget)
    finally:
        for w in pool:
            w.kill()
        _drop_spares()
    for task in pending:  # the budget ran out, or no worker could be started
        results[task[0]] = _lost("budget" if spent else "no-worker", timeout, budget)
    return results


MAX_TIMEOUT = 3600.0         # seconds per check
MAX_BUDGET = 86400.0         # seconds for all checks of one run
MIN_MEMORY_MB, MAX_MEMORY_MB = 16, 1 << 20


def _check_limits(timeout: float, memory_mb: int, budget: float | None) -> None:
    """Refuse limits that would disable the deadline or the memory cap (NaN, inf, <= 0)."""
    if not (isinstance(timeout, (int, float)) and 0 < timeout <= MAX_TIMEOUT):
        raise ValueError(f"timeout must be a number of seconds in (0, {MAX_TIMEOUT:g}], "
                         f"not {timeout!r}")
    if budget is not None and not (isinstance(budget, (int, float)) and 0 < budget <= MAX_BUDGET):
        raise ValueError(f"budget must be a number of seconds in (0, {MAX_BUDGET:g}], "
                         f"not {budget!r}")
    if isinstance(memory_mb, bool) or not isinstance(memory_mb, int) or \
            not MIN_MEMORY_MB <= memory_mb <= MAX_MEMORY_MB:
        raise ValueError(f"memory_mb must be a whole number from {MIN_MEMORY_MB} to "
                         f"{MAX_MEMORY_MB}, not {memory_mb!r}")


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


def _lost(reason: str, timeout: float, budget: float | None = None) -> tuple[list, bool]:
    """The (transient) undecided finding of a job that got no verdict, by reason."""
    if reason == "timeout":
        message = (f"undecided: no verdict within the {timeout:g} s deadline; raise `timeout` "
                   "under [tool.quizlint.symbolic] if the check needs longer")
    elif reason == "budget":
        message = (f"undecided: the {budget:g} s budget for all symbolic checks of this run "
                   "ran out before this check was decided; raise `budget` under "
                   "[tool.quizlint.symbolic], or make the slow checks cheaper")
    elif reason == "no-worker":
        message = "undecided: could not start a SymPy worker process"
    else:
        message = "undecided: the worker process died (out of memory?)"
    return [finding(CHECK_UNDECIDED, "", message)], True


MAX_DEFAULT_WORKERS = 8


def default_workers() -> int:
    """Usable CPU cores (at most MAX_DEFAULT_WORKERS: each worker holds its own SymPy)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))

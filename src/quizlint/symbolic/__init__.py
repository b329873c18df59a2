"""Symbolic answer proofs: safe expressions, bounded SymPy workers, cached verdicts.

This module and everything it imports at the top stay free of SymPy: only
the worker processes import it, so a fully cached run never loads SymPy.

    jobs = jobs_for(path, data, pos)      # one Job per check (+ answer.expr)
    problems = run(jobs, timeout=5.0)     # [] when every claim is proved
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from quizlint import codes
from quizlint.cache import code_fingerprint
from quizlint.problem import Problem

from . import cache, fields

__all__ = ["Job", "jobs_for", "run", "warm_up"]


@dataclass(frozen=True)
class Job:
    """One symbolic job; picklable, built without SymPy."""

    path: str
    question: str | None
    kind: str
    spec: dict
    answer_expr: str | None
    line: int
    column: int
    field_positions: dict = field(default_factory=dict)


def jobs_for(path: str, data: dict, pos) -> list[Job]:
    """All symbolic jobs of one loaded quiz file (see the module docstring)."""
    jobs: list[Job] = []
    questions = data.get("questions") if isinstance(data, dict) else None
    for qi, question in enumerate(questions if isinstance(questions, list) else []):
        if not isinstance(question, dict):
            continue
        qid = question.get("id") if isinstance(question.get("id"), str) else None
        answer = question.get("answer")
        expr = answer.get("expr") if isinstance(answer, dict) else None
        expr = None if expr is None or isinstance(expr, (dict, list)) else str(expr)
        base = ("questions", qi)
        checks = question.get("checks")
        if checks is not None and not isinstance(checks, list):
            line, col = _pos(pos, base + ("checks",))
            jobs.append(Job(path, qid, "invalid", {"reason": "`checks` must be a list"},
                            expr, line, col))
        for ci, item in enumerate(checks if isinstance(checks, list) else []):
            jobs.append(_check_job(path, qid, item, expr, pos, base + ("checks", ci)))
        if question.get("kind") == "symbolic" and expr is not None:
            line, col = _pos(pos, base + ("answer", "expr"))
            jobs.append(Job(path, qid, "answer", {"expr": expr}, expr, line, col))
            wrong = question.get("wrong_answers")
            for wi, item in enumerate(wrong if isinstance(wrong, list) else []):
                if isinstance(item, dict) and isinstance(item.get("expr"), str):
                    line, col = _pos(pos, base + ("wrong_answers", wi, "expr"))
                    jobs.append(Job(path, qid, "wrong_answer", {"expr": item["expr"]}, expr, line, col))
    return jobs


def _check_job(path, qid, item, expr, pos, where: tuple) -> Job:
    line, col = _pos(pos, where)
    if not isinstance(item, dict) or len(item) != 1:
        reason = "a check must be a mapping with one key, its kind, e.g. `- equal: {...}`"
        return Job(path, qid, "invalid", {"reason": reason}, expr, line, col)
    (kind, spec), = item.items()
    positions = {}
    if isinstance(spec, dict):
        for name, value in spec.items():
            positions.update(_positions(pos, where + (kind, name), str(name), value))
    return Job(path, qid, str(kind), spec, expr, line, col, positions)


def _positions(pos, path: tuple, name: str, value, depth: int = 0) -> dict:
    """Dotted field name -> (line, col), two levels into mappings and lists."""
    try:
        out = {name: tuple(pos(path))}
    except Exception:  # noqa: BLE001 - positions are best effort
        return {}
    if depth < 2:
        items = value.items() if isinstance(value, dict) else \
            enumerate(value) if isinstance(value, list) else ()
        for key, child in items:
            out.update(_positions(pos, path + (key,), f"{name}.{key}", child, depth + 1))
    return out


def _pos(pos, path: tuple) -> tuple[int, int]:
    while True:
        try:
            line, col = pos(path)
            return int(line), int(col)
        except Exception:  # noqa: BLE001 - fall back to the parent node
            if not path:
                return 1, 1
            path = path[:-1]


def warm_up(*, memory_mb: int = 1024) -> None:
    """Start a worker process early, so SymPy imports while other work runs.

    A later :func:`run` adopts it (and adds workers while the backlog is
    long); an unused one is killed at exit.
    """
    from .worker import prestart

    prestart(memory_mb, 1)


DEFAULT_BUDGET = 30.0  # seconds for all the checks of one run (6 default timeouts)


def run(jobs: list[Job], *, timeout: float = 5.0, memory_mb: int = 1024,
        workers: int | None = None,
        cache_dir: str | os.PathLike | None = ".quizlint_cache/symbolic",
        budget: float | None = DEFAULT_BUDGET) -> list[Problem]:
    """Prove every job (cache first, then a bounded worker pool); return Problems.

    Each check gets ``timeout`` seconds and ``memory_mb`` of address space;
    all of them together get ``budget`` seconds (None: no total limit).
    Checks left when the budget runs out are undecided (QL602).
    """
    findings: dict[int, list] = {}
    tasks, digests = {}, {}
    for index, job in enumerate(jobs):
        try:
            if job.kind == "answer":
                fields.check_answer(job.answer_expr)
                findings[index] = []
                continue
            spec = fields.normalize(job.kind, job.spec, job.answer_expr)
        except fields.Invalid as exc:
            findings[index] = [exc.finding()]
            continue
        # the memory cap can change a verdict (SymPy swallows some MemoryErrors)
        digest = cache.key(job.kind, job.spec, job.answer_expr,
                           f"{code_fingerprint()}/memory-mb={memory_mb}")
        cached = cache.load(cache_dir, digest)
        if cached is not None:
            findings[index] = cached
            continue
        digests[index] = digest
        tasks.setdefault(digest, (digest, job.kind, spec, _seed(job)))
    from .worker import default_workers, run_jobs

    results = run_jobs(list(tasks.values()), timeout=timeout, memory_mb=memory_mb,
                       workers=workers or default_workers(), budget=budget)
    for digest, (found, transient) in results.items():
        if not transient:
            cache.store(cache_dir, digest, found)
    for index, digest in digests.items():
        findings[index] = results[digest][0]
    return [_problem(job, *finding) for index, job in enumerate(jobs)
            for finding in findings.get(index, [])]


def _seed(job: Job) -> int:
    """The random points' seed: from the check's content alone, so the same check
    is tried at the same points whatever the code version or the limits."""
    return int(cache.key(job.kind, job.spec, job.answer_expr, "seed")[:12], 16)


def _problem(job: Job, code: str, field_name: str, message: str) -> Problem:
    """The Problem of one finding, at its field when the field's position is known."""
    line, column = job.line, job.column
    parts = field_name.split(".") if field_name else []
    while parts:
        found = job.field_positions.get(".".join(parts))
        if found:
            line, column = found
            break
        parts.pop()
    return codes.CODES[code].at(job.path, line, column, message, job.question)

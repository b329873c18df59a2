"""Critique verdicts as Problems (QL8xx) at the part of the question they are about."""

from __future__ import annotations

import sys

from quizlint import codes, report
from quizlint.i18n import languages
from quizlint.linter import LintResult
from quizlint.loader import load_file
from quizlint.quiz import question_path

from .judge import Verdict, criteria_for, judge


def where(doc, qpath: tuple, part: str) -> tuple[int, int]:
    """line:column of ``part`` ("stem", "choice N", "question") of the question at ``qpath``."""
    if part == "stem":
        return doc.pos(qpath + ("stem",))
    if part.startswith("choice "):
        return doc.pos(qpath + ("choices", int(part.split()[1]) - 1))
    return doc.pos(qpath)


def problem(v: Verdict, doc, qpath: tuple, qid: str, model: str):
    """The Problem for a verdict, or None when it found no flaw."""
    if v.error:
        line, col = doc.pos(qpath)
        return codes.CRITIQUE_FAILED.at(doc.path, line, col, f"{v.criterion}: {v.error}", qid)
    if v.verdict != "flaw":
        return None
    line, col = where(doc, qpath, v.part)
    return codes.CRITIQUE[v.criterion].at(doc.path, line, col, f"{v.part}: {v.reason} (judged by {model})", qid)


def run(backend, order: list[str], targets: dict, criteria: list[str], settings: dict, args, progress) -> int:
    """Critique each question of ``order``, print the report; exit code 0."""
    conf = settings["config"]
    docs: dict = {}
    problems, files = [], set()
    for i, qid in enumerate(order, 1):
        path, _line = targets[qid]
        if path not in docs:
            docs[path] = load_file(path, display=path)
        doc = docs[path]
        files.add(path)
        qpath = question_path(doc.data, qid)
        if qpath is None:
            continue
        q = doc.data["questions"][qpath[1]]
        lang = languages(doc.data, conf.languages)[0]
        for criterion in criteria_for(q, criteria):
            v = judge(backend, q, criterion, lang, seed=int(settings["seed"]),
                      max_tokens=int(getattr(args, "max_tokens", None) or 160),
                      timeout=float(settings["timeout"]))
            p = problem(v, doc, qpath, qid, backend.name)
            if p is not None:
                problems.append(p)
        progress(i, qid)
    result = LintResult(sorted(problems), len(files), len(order))
    fmt = report.get(args.format, sys.stdout, sys.stdout.isatty())
    fmt.start(total=len(result.problems))
    for p in result.problems:
        fmt.problem(p)
    fmt.finish(result)
    return 0

"""The lint gate in front of export and render: nothing unchecked reaches students.

:func:`checked_quizzes` runs ``quizlint check`` (schema, rules, symbolic
proofs) on the paths and refuses, with the problems printed, when any file
has an error or any question holds a draft. Export and render ask here;
neither reads quiz files any other way.
"""

from __future__ import annotations

import sys

from quizlint.errors import GateRefused
from quizlint.problem import Severity


def checked_quizzes(paths: list[str], config, *, allow_drafts: bool = False, out=None) -> list:
    """The model of every quiz under ``paths`` (sorted by path), after the gate.

    ``allow_drafts`` lets questions with drafts through (a reviewer's page
    marks them); errors always refuse.
    """
    from quizlint import report
    from quizlint.formats.model import from_doc
    from quizlint.linter import lint_paths
    from quizlint.loader import load_file
    from quizlint.tree import find_quiz_files

    result = lint_paths(paths, config, tree=paths)
    blocking = [p for p in result.problems if p.severity is Severity.ERROR
                and not (allow_drafts and p.rule == "draft")]
    quizzes = []
    if not blocking:
        for f in sorted(find_quiz_files(paths, config.root, [])):
            quiz = from_doc(load_file(f).data, config.languages, path=f)
            if not allow_drafts:
                for q in quiz.questions:
                    if q.draft:       # an ignored QL501 still does not let a draft out
                        blocking.append(_draft_problem(f, q.id))
            quizzes.append(quiz)
    if blocking:
        fmt = report.get("text", out or sys.stderr, False)
        fmt.start()
        for p in blocking:
            fmt.problem(p)
        raise GateRefused(f"{len(blocking)} problem(s) must be fixed first (shown above); nothing was written")
    return quizzes


def _draft_problem(path, qid):
    from quizlint.rules import all_codes

    code = next(c for c in all_codes().values() if c.name == "draft")  # the rule in rules/drafts.py
    return code.at(str(path), 1, 1, f"question {qid} holds a draft; review it first", qid)

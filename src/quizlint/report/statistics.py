"""Problem counts per code (``check --statistics``, and the end of a long text report).

One row per code: count, code, name, severity; sorted by count (largest
first), then by code, like ``ruff --statistics``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from quizlint.report.escape import escape_controls, escape_json


def rows(problems) -> list[dict]:
    """``{"count", "code", "name", "severity"}`` per code, most frequent first."""
    counts = Counter(p.code for p in problems)
    first = {}
    for p in problems:
        first.setdefault(p.code, p)
    order = sorted(counts, key=lambda code: (-counts[code], code))
    return [{"count": counts[c], "code": c, "name": first[c].rule, "severity": first[c].severity.value}
            for c in order]


def lines(problems) -> list[str]:
    """The rows as aligned text lines."""
    table = rows(problems)
    width = max((len(str(r["count"])) for r in table), default=1)
    name_width = max((len(r["name"]) for r in table), default=1)
    return [f"{r['count']:>{width}}  {escape_controls(r['code'])}  "
            f"{escape_controls(r['name']):<{name_width}}  {r['severity']}" for r in table]


def write(stream: TextIO, problems, fmt: str = "text") -> None:
    """The statistics of ``problems`` on ``stream``, as text lines or a JSON list."""
    if fmt == "json":
        stream.write(escape_json(json.dumps(rows(problems), indent=2, ensure_ascii=False)) + "\n")
        return
    for line in lines(problems):
        stream.write(line + "\n")

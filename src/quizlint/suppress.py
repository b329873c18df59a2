"""``# quizlint: disable=QL301,QL2`` comments.

On a question (its lines, or the comment lines just above it) the comment
silences those code prefixes for that question; in the comment block at the
top of the file, for the whole file. ``# quizlint: disable`` alone silences
every code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DIRECTIVE = re.compile(r"#\s*quizlint:\s*disable\b(?:\s*=\s*([A-Za-z0-9,\s]+))?")


@dataclass
class Suppressions:
    file: tuple = ()
    spans: list = field(default_factory=list)  # [(first_line, last_line, prefixes)]

    def silenced(self, code: str, line: int) -> bool:
        if any(code.startswith(p) for p in self.file):
            return True
        for first, last, prefixes in self.spans:
            if first <= line <= last and any(code.startswith(p) for p in prefixes):
                return True
        return False


def _codes(match) -> tuple:
    if match.group(1) is None:
        return ("",)  # every code
    return tuple(c.strip().upper() for c in match.group(1).split(",") if c.strip())


def parse(text: str, question_lines: list[int]) -> Suppressions:
    """``question_lines``: 1-based start line of each question, in order."""
    if "quizlint:" not in text:
        return Suppressions()
    lines = text.splitlines()
    result = Suppressions()
    header = True
    found = []
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        if header and stripped and not stripped.startswith("#"):
            header = False
        m = _DIRECTIVE.search(line)
        if m:
            if header:
                result.file += _codes(m)
            else:
                found.append((n, _codes(m)))
    if not found:
        return result
    starts = []
    for start in question_lines:  # extend each question up over its comment lines
        s = start
        while s > 1 and lines[s - 2].strip().startswith("#"):
            s -= 1
        starts.append(s)
    bounds = list(zip(starts, [s - 1 for s in starts[1:]] + [len(lines)]))
    for n, codes in found:
        for first, last in bounds:
            if first <= n <= last:
                result.spans.append((first, last, codes))
    return result

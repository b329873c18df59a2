"""``# quizlint: disable=QL301,QL2`` comments.

On a question (its lines, or the comment lines just above it) the comment
silences those code prefixes for that question; in the comment block at the
top of the file, for the whole file. ``# quizlint: disable`` alone silences
every code.

Only real YAML comments count: a directive inside a string value (quoted,
plain or a ``|``/``>`` block) is text, not a comment. When the file
mentions ``quizlint:`` at all, PyYAML's scanner gives the span of every
scalar, and matches inside one are ignored.
"""

from __future__ import annotations

import bisect
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

    def to_dict(self) -> dict:
        """Plain JSON data (kept in the result cache: QL150 is silenced after a cache hit)."""
        return {"file": list(self.file), "spans": [[first, last, list(p)] for first, last, p in self.spans]}

    @classmethod
    def from_dict(cls, d: dict) -> "Suppressions":
        """The inverse of :meth:`to_dict`; ValueError or TypeError for data of another shape."""
        spans = [(int(first), int(last), _strings(p)) for first, last, p in d["spans"]]
        return cls(_strings(d["file"]), spans)


def _strings(items) -> tuple:
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise TypeError("a list of code prefixes was expected")
    return tuple(items)


def _codes(match) -> tuple:
    if match.group(1) is None:
        return ("",)  # every code
    return tuple(c.strip().upper() for c in match.group(1).split(",") if c.strip())


def scalar_spans(text: str) -> tuple[list[int], list[int]]:
    """Sorted (starts, ends) character offsets of every scalar in ``text``, quotes
    and block indicators included; text the scanner cannot read counts as one."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    shift = 1 if text.startswith("\ufeff") else 0  # libyaml's offsets do not count a BOM
    starts, ends = [], []
    try:
        for token in yaml.scan(text[shift:], Loader=loader):
            if isinstance(token, yaml.ScalarToken):
                starts.append(token.start_mark.index + shift)
                ends.append(token.end_mark.index + shift)
    except yaml.YAMLError as exc:  # not loadable anyway: trust no directive after the error
        mark = getattr(exc, "problem_mark", None)
        starts.append(mark.index + shift if mark else 0)
        ends.append(len(text) + 1)
    return starts, ends


def _inside(spans, offset: int) -> bool:
    starts, ends = spans
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset < ends[i]


def _comment_directive(line: str, offset: int, spans):
    """The first directive on ``line`` (which starts at ``offset``) that is not inside a scalar."""
    for m in _DIRECTIVE.finditer(line):
        if not _inside(spans, offset + m.start()):
            return m
    return None


def parse(text: str, question_lines: list[int]) -> Suppressions:
    """``question_lines``: 1-based start line of each question, in order."""
    if "quizlint:" not in text:
        return Suppressions()
    spans = scalar_spans(text)
    lines, offsets, at = [], [], 0
    for line in text.splitlines(keepends=True):
        offsets.append(at)
        at += len(line)
        lines.append(line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"))
    result = Suppressions()
    header = True
    found = []
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        if header and stripped and not stripped.startswith("#"):
            header = False
        m = _comment_directive(line, offsets[n - 1], spans)
        if m:
            if header:
                result.file += _codes(m)
            else:
                found.append((n, _codes(m)))
    if not found:
        return result

    def comment_line(n: int) -> bool:  # 1-based; a real comment, not text in a block scalar
        body = lines[n - 1].lstrip()
        return body.startswith("#") and not _inside(spans, offsets[n - 1] + len(lines[n - 1]) - len(body))

    starts = []
    for start in question_lines:  # extend each question up over its comment lines
        s = start
        while s > 1 and comment_line(s - 1):
            s -= 1
        starts.append(s)
    bounds = list(zip(starts, [s - 1 for s in starts[1:]] + [len(lines)]))
    for n, codes in found:
        for first, last in bounds:
            if first <= n <= last:
                result.spans.append((first, last, codes))
    return result

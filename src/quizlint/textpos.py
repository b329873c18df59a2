"""Character offsets -> 1-based line:column, counting line breaks as YAML 1.2 does."""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\r\n|[\r\n]")  # line breaks in YAML 1.2
# libyaml and PyYAML also break lines at NEL, LS and PS, as YAML 1.1 did;
# YAML 1.2 and editors do not.
_PARSER_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_OLD_BREAKS = "\x85\u2028\u2029"


def line_starts(text: str, breaks: re.Pattern = _BREAK) -> list[int]:
    """The offset at which each line of ``text`` starts."""
    return [0] + [m.end() for m in breaks.finditer(text)]


def locate(starts: list[int], index: int) -> tuple[int, int]:
    """1-based line:column of a character offset, given the line starts."""
    line = bisect.bisect_right(starts, index)
    return line, index - starts[line - 1] + 1


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line:column of a character offset; \\r\\n, \\r and \\n end a line, as in YAML 1.2."""
    return locate(line_starts(text), index)


def mark_mover(text: str):
    """A function from a parser's 1-based (line, column) to YAML 1.2's, or None where they agree."""
    if not any(c in text for c in _OLD_BREAKS):
        return None
    parser_starts, starts = line_starts(text, _PARSER_BREAK), line_starts(text)

    def move(line: int, column: int) -> tuple[int, int]:
        index = parser_starts[min(line, len(parser_starts)) - 1] + column - 1
        return locate(starts, min(index, len(text)))

    return move

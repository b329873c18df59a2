"""What every text importer does to a source before parsing it.

:func:`prepare` bounds its size (a source may be no larger than a quiz
file, ``loader.MAX_BYTES``, and, for the importer that asks, have no more
than so many lines) and removes the characters a YAML file cannot
hold (PyYAML's reader's own list: C0 controls but tab and line breaks,
DEL, C1, surrogates, U+FFFE/U+FFFF), reporting each one as a
:class:`~quizlint.formats.SourceProblem`, so the imported quiz loads.
:func:`unique_id` makes question ids unique the same way every time.
"""

from __future__ import annotations

import re

from quizlint.formats import FormatError, SourceProblem
from quizlint.loader import MAX_BYTES

MAX_REPORTED = 20   # problems about removed characters, per file


def _unprintable() -> re.Pattern:
    import yaml

    return yaml.reader.Reader.NON_PRINTABLE


def prepare(text: str, path: str, *, max_lines: int | None = None) -> tuple[str, list[SourceProblem]]:
    """``text`` with ``\n`` line ends and without unprintable characters, and a
    problem for each removed one (its ``line:col`` counts ``\n`` only).

    A text over ``MAX_BYTES`` characters, or over ``max_lines`` lines (for a
    parser whose time grows with them), is refused before anything is parsed.
    """
    if len(text) > MAX_BYTES:
        raise FormatError(f"{path}: {len(text)} characters; a source may hold at most {MAX_BYTES}")
    if max_lines is not None and text.count("\n") >= max_lines:
        raise FormatError(f"{path}: more than {max_lines:,} lines; split it into smaller files first")
    text = text.replace("\r\n", "\n").replace("\r", "\n")   # lines end with \n only, as CommonMark says
    bad = _unprintable()
    if not bad.search(text):
        return text, []
    problems, lines = [], text.split("\n")
    for n, line in enumerate(lines):
        for m in bad.finditer(line):
            if len(problems) < MAX_REPORTED:
                problems.append(SourceProblem(path, n + 1, m.start() + 1,
                                              f"control character U+{ord(m.group()):04X} removed"))
        lines[n] = bad.sub("", line)
    return "\n".join(lines), problems


def unique_id(base: str, taken: dict[str, int]) -> str:
    """``base``, or ``base-2``, ``base-3``... when taken: a second ``Q12`` of a source.

    ``taken`` maps each id handed out to the next suffix to try, so a source
    that numbers every question 1 costs no more than one that does not.
    """
    qid = base
    while qid in taken:
        taken[base] = taken[base] + 1 if base in taken else 2
        qid = f"{base}-{taken[base]}"
    taken.setdefault(qid, 1)
    return qid

#!/usr/bin/env python3
"""Turn OpenTriviaQA category files into Aiken files that bench_rules.py reads (issue 11).

OpenTriviaQA (github.com/uberspot/OpenTriviaQA, CC BY-SA 4.0) keeps each
category in one text file of blocks::

    #Q The question, one line (sometimes more)
    ^ the text of the correct answer
    A first option
    B second option

This script rewrites each block as Aiken (stem on one line, ``A. option``,
``ANSWER: B``), so that quizlint's own Aiken importer reads the bank, the
way ``quizlint import`` would. The key is the option whose text is the
``^`` line; a block whose ``^`` line matches no option, or more than one,
is left out and counted. The bank stays outside the repository:

    python benchmarks/opentrivia.py OpenTriviaQA/categories /path/to/banks/trivia \\
        science-technology history geography humanities literature for-kids
    # -> /path/to/banks/trivia/<category>-quiz.aiken
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

_OPTION = re.compile(r"^([A-Z])[ \t]+(.*)$")


def decode(raw: bytes) -> str:
    """The files mix UTF-8 and Windows-1252 lines; read each line as whichever it is."""
    out = []
    for line in raw.splitlines():
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
    return "\n".join(out)


def blocks(text: str):
    """``(stem, answer, [(letter, option)])`` for each ``#Q`` block, in order."""
    stem: list[str] | None = None
    answer, options = None, []
    for line in text.splitlines() + ["#Q"]:
        line = line.strip()
        if line.startswith("#Q"):
            if stem is not None:
                yield " ".join(stem), answer, options
            stem, answer, options = [line[2:].strip()], None, []
        elif stem is None or not line:
            continue
        elif line.startswith("^"):
            answer = line[1:].strip()
        elif answer is not None and (m := _OPTION.match(line)):
            options.append((m.group(1), m.group(2).strip()))
        elif answer is None:
            stem.append(line)


def to_aiken(text: str) -> tuple[str, int, int]:
    """Aiken text of a category file, with how many blocks were kept and left out."""
    out, kept, dropped = [], 0, 0
    for stem, answer, options in blocks(text):
        keys = [letter for letter, option in options if option == answer]
        if not stem or len(options) < 2 or len(keys) != 1:
            dropped += 1
            continue
        out.append("\n".join([stem] + [f"{letter}. {option}" for letter, option in options]
                             + [f"ANSWER: {keys[0]}", ""]))
        kept += 1
    return "\n".join(out), kept, dropped


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("source", type=Path, help="OpenTriviaQA's categories/ folder")
    p.add_argument("out", type=Path, help="the bank folder to write")
    p.add_argument("categories", nargs="+", help="category file names")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.categories:
        text, kept, dropped = to_aiken(decode((args.source / name).read_bytes()))
        (args.out / f"{name}-quiz.aiken").write_text(text, "utf-8")
        print(f"{name}: {kept} questions, {dropped} left out (no single option matches the answer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

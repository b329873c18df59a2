"""Find quiz files and index question ids across the tree."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

SUFFIXES = (".yaml", ".yml")


def find_quiz_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files named on the command line, plus ``*.yaml``/``*.yml`` under directories.

    Hidden directories (``.git``, ``.venv``, caches) are skipped.
    """
    found: dict[Path, None] = {}
    for p in map(Path, paths):
        if p.is_dir():
            for folder, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(SUFFIXES):
                        found[Path(folder) / name] = None
        else:
            found[p] = None
    return list(found)


def display(path: Path) -> str:
    """A path as we print it: as given when relative; when absolute, relative
    to the working directory if inside it (like ruff), else absolute."""
    path = Path(path)
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def question_index(paths: Iterable[str | os.PathLike], cache_dir: str | None = None) -> dict[str, list[tuple[str, int]]]:
    """Question id -> [(file, line), ...] over every quiz file under ``paths``."""
    from quizlint.index import IdIndex

    index = IdIndex(cache_dir)
    out: dict[str, list[tuple[str, int]]] = {}
    for f in find_quiz_files(paths):
        for qid, line, _col in index.ids(f):
            out.setdefault(qid, []).append((display(f), line))
    index.save()
    return out

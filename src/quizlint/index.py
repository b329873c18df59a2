"""Where each question id is: the one id lookup of every command.

:func:`question_index` maps ids to their files and lines over a tree; the
linter uses it for duplicate ids (QL150) and :func:`find_questions` for
`stamp`, `suggest` and `review`. When pre-commit passes only the changed
files, duplicate ids against the rest of the tree are still found from the
cached :class:`IdIndex`. A file's entry is reused while its size and mtime
are unchanged, else re-keyed by content hash. The index is one sealed cache
entry (see :mod:`quizlint.cache`): a forged or corrupt one is ignored, and
the index is rebuilt.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Iterable

from quizlint.cache import MAX_INDEX_BYTES, digest, load_secret, read_sealed, write_sealed
from quizlint.errors import UsageError
from quizlint.loader import MAX_BYTES, LoadError, decode, load_text
from quizlint.tree import display, find_quiz_files, read_regular

_FILE = "ids-v2.json"


def _nearest(positions: dict, path: tuple) -> tuple[int, int]:
    """Position of ``path``, or of its nearest ancestor that has one (an alias has none)."""
    while path not in positions and path:
        path = path[:-1]
    return positions.get(path, (1, 1))


def scan_ids(doc_data, positions) -> list[tuple[str, int, int]]:
    """(id, line, column) of every question in a loaded document."""
    out = []
    qs = doc_data.get("questions") if isinstance(doc_data, dict) else None
    for i, q in enumerate(qs if isinstance(qs, list) else []):
        if isinstance(q, dict) and isinstance(q.get("id"), str):
            out.append((q["id"], *_nearest(positions, ("questions", i, "id"))))
    return out


def _valid(entry) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("stat"), list) and isinstance(entry.get("hash"), str)
            and isinstance(entry.get("ids"), list)
            and all(isinstance(x, list) and len(x) == 3 and isinstance(x[0], str) for x in entry["ids"]))


class IdIndex:
    def __init__(self, cache_dir: str | os.PathLike | None):
        self.dir = Path(cache_dir) if cache_dir else None
        self.secret = load_secret() if self.dir else None
        self.entries: dict = {}
        self.dirty = False
        if self.dir and self.secret:
            found = read_sealed(self.dir, (_FILE,), self.secret, MAX_INDEX_BYTES)
            self.entries = found if isinstance(found, dict) else {}

    def ids(self, file: Path) -> list[tuple[str, int, int]]:
        try:
            st = file.stat()
            key = os.path.abspath(file)
            entry = self.entries.get(key)
            entry = entry if _valid(entry) else None
            if entry and entry["stat"] == [st.st_size, st.st_mtime_ns]:
                return [tuple(x) for x in entry["ids"]]
            raw = read_regular(file, MAX_BYTES)
        except OSError:
            return []  # unreadable, a FIFO...: reported when the file itself is checked
        if raw is None:
            return []
        h = digest(raw)
        if entry and entry["hash"] == h:
            ids = entry["ids"]
        else:
            try:
                doc = load_text(decode(raw), str(file))
                ids = scan_ids(doc.data, doc.positions)
            except LoadError:
                ids = []
            except Exception:  # noqa: BLE001 - a quizlint bug; reported when the file itself is checked
                return []
        self.remember(file, st, h, ids)
        return [tuple(x) for x in ids]

    def remember(self, file: Path, st: os.stat_result, h: str, ids) -> None:
        self.entries[os.path.abspath(file)] = {"stat": [st.st_size, st.st_mtime_ns], "hash": h,
                                             "ids": [list(x) for x in ids]}
        self.dirty = True

    def save(self) -> None:
        if self.dir and self.secret and self.dirty:
            write_sealed(self.dir, (_FILE,), self.secret, self.entries, MAX_INDEX_BYTES)


def question_index(paths: Iterable[str | os.PathLike], *, cache_dir: str | None = None,
                   root: str | os.PathLike | None = None, skip: Iterable[str] = ()) -> dict[str, list[tuple[str, int]]]:
    """Question id -> [(file as shown, line), ...] over every quiz file under ``paths``.

    ``skip``: absolute paths of files to leave out (the linter has read them itself).
    """
    skip = set(skip)
    index = IdIndex(cache_dir)
    out: dict[str, list[tuple[str, int]]] = {}
    for f in find_quiz_files(paths, root):
        if os.path.abspath(f) not in skip:
            for qid, line, _col in index.ids(f):
                out.setdefault(qid, []).append((display(f), line))
    index.save()
    return out


def find_questions(paths: list[str], ids: list[str] | None = None) -> dict[str, tuple[str, int]]:
    """id -> (file, line) for each of ``ids`` under ``paths``; every id defined once when ``ids`` is None.

    UsageError for a path that does not exist, an unknown id (naming the
    nearest ones) or an id defined more than once.
    """
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    index = question_index(paths)
    if ids is None:
        return {qid: places[0] for qid, places in index.items() if len(places) == 1}
    out = {}
    for qid in ids:
        places = index.get(qid)
        if not places:
            near = difflib.get_close_matches(qid, list(index), n=3, cutoff=0.5)
            raise UsageError(f"question id {qid!r} not found under {', '.join(paths)}"
                             + (f"; did you mean {', '.join(near)}?" if near else ""))
        if len(places) > 1:
            raise UsageError(f"question id {qid!r} is defined more than once: "
                             + ", ".join(f"{f}:{line}" for f, line in places) + "; give each question its own id")
        out[qid] = places[0]
    return out

"""Question ids per file, cached by file content, for cross-file checks.

When pre-commit passes only the changed files, duplicate ids against the
rest of the tree are still found from this index. A file's entry is reused
while its size and mtime are unchanged, else re-keyed by content hash. The
index is one sealed cache entry (see :mod:`quizlint.cache`): a forged or
corrupt one is ignored, and the index is rebuilt.
"""

from __future__ import annotations

import os
from pathlib import Path

from quizlint.cache import MAX_INDEX_BYTES, digest, load_secret, read_sealed, write_sealed

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
        from quizlint.loader import MAX_BYTES, LoadError, decode, load_text
        from quizlint.tree import read_regular

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

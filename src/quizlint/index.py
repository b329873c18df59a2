"""Question ids per file, cached by file content, for cross-file checks.

When pre-commit passes only the changed files, duplicate ids against the
rest of the tree are still found from this index. A file's entry is reused
while its size and mtime are unchanged, else re-keyed by content hash.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from quizlint.cache import digest

_FILE = "ids-v2.json"


def scan_ids(doc_data, positions) -> list[tuple[str, int, int]]:
    """(id, line, column) of every question in a loaded document."""
    out = []
    qs = doc_data.get("questions") if isinstance(doc_data, dict) else None
    for i, q in enumerate(qs if isinstance(qs, list) else []):
        if isinstance(q, dict) and isinstance(q.get("id"), str):
            out.append((q["id"], *positions.get(("questions", i, "id"), (1, 1))))
    return out


class IdIndex:
    def __init__(self, cache_dir: str | None):
        self.path = Path(cache_dir) / _FILE if cache_dir else None
        self.entries: dict = {}
        self.dirty = False
        if self.path:
            try:
                self.entries = json.loads(self.path.read_text("utf-8"))
            except (OSError, ValueError):
                self.entries = {}

    def ids(self, file: Path) -> list[tuple[str, int, int]]:
        from quizlint.loader import LoadError, decode, load_text

        try:
            st = file.stat()
            key = os.path.abspath(file)
            entry = self.entries.get(key)
            if entry and entry["stat"] == [st.st_size, st.st_mtime_ns]:
                return [tuple(x) for x in entry["ids"]]
            raw = file.read_bytes()
        except OSError:
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
        self.remember(file, st, h, ids)
        return [tuple(x) for x in ids]

    def remember(self, file: Path, st: os.stat_result, h: str, ids) -> None:
        self.entries[os.path.abspath(file)] = {"stat": [st.st_size, st.st_mtime_ns], "hash": h,
                                             "ids": [list(x) for x in ids]}
        self.dirty = True

    def save(self) -> None:
        if not (self.path and self.dirty):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(json.dumps(self.entries), "utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass

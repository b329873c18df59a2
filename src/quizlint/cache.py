"""A content-addressed cache directory, like ruff's ``.ruff_cache``.

Entries are JSON files named by a hash of their inputs (which always
include :func:`code_fingerprint`), written atomically. A corrupt or unreadable
entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
import json
import os
from pathlib import Path

from quizlint import __version__


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The version, plus size and mtime of every file of the installed package.

    Part of every cache key, so results computed by older code (an upgrade,
    or an edited rule during development) are never reused.
    """
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".txt")):
                st = os.stat(os.path.join(folder, name))
                h.update(f"{os.path.relpath(os.path.join(folder, name), root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        h.update(b"\0")
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
    return h.hexdigest()


class Cache:
    def __init__(self, root: str | os.PathLike | None, namespace: str):
        self.dir = Path(root) / namespace if root else None

    def _file(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str):
        if self.dir is None:
            return None
        try:
            return json.loads(self._file(key).read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value) -> None:
        if self.dir is None:
            return
        import tempfile

        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, separators=(",", ":"))
            os.replace(tmp, target)
        except OSError:
            pass  # a read-only tree still lints, just without caching


def ensure_cache_dir(root: str | os.PathLike) -> None:
    """Create the cache directory with a ``.gitignore`` of ``*``, as ruff does."""
    marker = Path(root) / ".gitignore"
    if marker.exists():
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("# Automatically created by quizlint.\n*\n")
    except OSError:
        pass  # a read-only tree still lints, just without caching

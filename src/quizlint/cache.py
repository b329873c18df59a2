"""A content-addressed cache directory, like ruff's ``.ruff_cache``.

Entries are JSON files named by a hash of their inputs (which always
include the quizlint version), written atomically. A corrupt or unreadable
entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from quizlint import __version__


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256(__version__.encode())
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

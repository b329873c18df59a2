"""Verdict cache keyed by the hash of a check's content (no SymPy).

One small JSON file per verdict under ``<cache_dir>/<key[:2]>/<key>.json``,
written atomically (temporary file + ``os.replace``), so concurrent runs and
crashes never leave a half-written entry. Unreadable entries are misses.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

#: bump when the verdict format or the checking logic changes meaning
ENGINE = 1


def key(kind: str, spec, answer_expr: str | None, version: str) -> str:
    """Stable content hash of one check."""
    blob = json.dumps({"kind": kind, "spec": spec, "answer": answer_expr,
                       "version": version, "engine": ENGINE},
                      sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _path(cache_dir, digest: str) -> Path:
    return Path(cache_dir) / digest[:2] / f"{digest}.json"


def load(cache_dir, digest: str) -> list | None:
    """Cached findings for ``digest``, or None on a miss."""
    try:
        with open(_path(cache_dir, digest), encoding="utf-8") as handle:
            data = json.load(handle)
        return [tuple(f) for f in data["findings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(cache_dir, digest: str, findings: list) -> None:
    """Write findings for ``digest`` atomically; caching failures are ignored."""
    target = _path(cache_dir, digest)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"findings": [list(f) for f in findings]}, handle)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass

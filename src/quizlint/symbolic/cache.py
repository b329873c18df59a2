"""Verdict cache keyed by the hash of a check's content (no SymPy).

Entries are quizlint's sealed cache entries (:class:`quizlint.cache.Cache`):
``<cache_dir>/<key[:2]>/<key>.json``, each with an HMAC under the user's
secret, written atomically. A forged, corrupt or unreadable entry is a miss,
so a verdict committed into the project can never turn a refuted check
into a pass.
"""

from __future__ import annotations

import hashlib
import json

from quizlint.cache import Cache

#: bump when the verdict format or the checking logic changes meaning
ENGINE = 1


def key(kind: str, spec, answer_expr: str | None, version: str) -> str:
    """Stable content hash of one check."""
    blob = json.dumps({"kind": kind, "spec": spec, "answer": answer_expr,
                       "version": version, "engine": ENGINE},
                      sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def load(cache_dir, digest: str) -> list | None:
    """Cached findings for ``digest``, or None on a miss (or with no ``cache_dir``)."""
    found = Cache(cache_dir).get(digest) if cache_dir is not None else None
    items = found.get("findings") if isinstance(found, dict) else None
    if not isinstance(items, list) or not all(_is_finding(f) for f in items):
        return None
    return [tuple(f) for f in items]


def _is_finding(item) -> bool:
    return isinstance(item, list) and len(item) == 3 and all(isinstance(x, str) for x in item)


def store(cache_dir, digest: str, findings: list) -> None:
    """Seal ``findings`` for ``digest``; caching failures are ignored."""
    if cache_dir is not None:
        Cache(cache_dir).put(digest, {"findings": [list(f) for f in findings]})

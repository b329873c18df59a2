"""Where each question id is: the one id lookup of every command.

:func:`question_index` maps ids to their files and lines over a tree; the
linter uses it for duplicate ids (QL150) and :func:`find_questions` for
`stamp`, `suggest` and `review`. :func:`tree_entries` also gives each file's
question signatures (:func:`quizlint.rules.duplicates.signature`), so
duplicate questions (QL152) are found against the whole tree too. When pre-commit passes only the changed
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

_FILE = "ids-v3.json"


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


def scan_signatures(doc_data, positions, default_lang: str) -> list[list]:
    """QL152's ``[signature, [line, column], id]`` of every question in a loaded document."""
    from quizlint import i18n
    from quizlint.rules import duplicates

    data = doc_data if isinstance(doc_data, dict) else {}
    qs = data.get("questions") if isinstance(data.get("questions"), list) else []
    where = [list(_nearest(positions, ("questions", i))) for i in range(len(qs))]
    return duplicates.signatures(data, i18n.languages(data, (default_lang,))[0], where)


def _valid(entry) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("stat"), list) and isinstance(entry.get("hash"), str)
            and isinstance(entry.get("ids"), list) and isinstance(entry.get("sigs"), list)
            and isinstance(entry.get("lang"), str)
            and all(isinstance(x, list) and len(x) == 3 and isinstance(x[0], str) for x in entry["ids"])
            and all(isinstance(x, list) and len(x) == 3 for x in entry["sigs"]))


class IdIndex:
    """Each file's question ids and signatures, cached by size and mtime, then content hash."""

    def __init__(self, cache_dir: str | os.PathLike | None, default_lang: str = "en"):
        self.lang = default_lang
        self.dir = Path(cache_dir) if cache_dir else None
        self.secret = load_secret() if self.dir else None
        self.entries: dict = {}
        self.dirty = False
        if self.dir and self.secret:
            found = read_sealed(self.dir, (_FILE,), self.secret, MAX_INDEX_BYTES)
            self.entries = found if isinstance(found, dict) else {}

    def ids(self, file: Path) -> list[tuple[str, int, int]]:
        return [tuple(x) for x in self.entry(file)["ids"]]

    def entry(self, file: Path) -> dict:
        """``{"ids": [[id, line, col]...], "sigs": [[signature, [line, col], id]...]}`` of ``file``."""
        none = {"ids": [], "sigs": []}
        try:
            st = file.stat()
            key = os.path.abspath(file)
            entry = self.entries.get(key)
            entry = entry if _valid(entry) and entry["lang"] == self.lang else None
            if entry and entry["stat"] == [st.st_size, st.st_mtime_ns]:
                return entry
            raw = read_regular(file, MAX_BYTES)
        except OSError:
            return none  # unreadable, a FIFO...: reported when the file itself is checked
        if raw is None:
            return none
        h = digest(raw)
        if entry and entry["hash"] == h:
            ids, sigs = entry["ids"], entry["sigs"]
        else:
            try:
                doc = load_text(decode(raw), str(file))
                ids = scan_ids(doc.data, doc.positions)
                sigs = scan_signatures(doc.data, doc.positions, self.lang)
            except LoadError:
                ids, sigs = [], []
            except Exception:  # noqa: BLE001 - a quizlint bug; reported when the file itself is checked
                return none
        return self.remember(file, st, h, ids, sigs)

    def remember(self, file: Path, st: os.stat_result, h: str, ids, sigs=()) -> dict:
        entry = {"stat": [st.st_size, st.st_mtime_ns], "hash": h, "lang": self.lang,
                 "ids": [list(x) for x in ids], "sigs": [list(x) for x in sigs]}
        self.entries[os.path.abspath(file)] = entry
        self.dirty = True
        return entry

    def save(self) -> None:
        if self.dir and self.secret and self.dirty:
            write_sealed(self.dir, (_FILE,), self.secret, self.entries, MAX_INDEX_BYTES)


def tree_entries(paths: Iterable[str | os.PathLike], *, cache_dir: str | None = None,
                 root: str | os.PathLike | None = None, skip: Iterable[str] = (),
                 default_lang: str = "en") -> dict[str, dict]:
    """File as shown -> its :meth:`IdIndex.entry`, for every quiz file under ``paths``.

    ``skip``: absolute paths of files to leave out (the linter has read them itself).
    """
    skip = set(skip)
    index = IdIndex(cache_dir, default_lang)
    out = {}
    for f in find_quiz_files(paths, root):
        if os.path.abspath(f) not in skip:
            out[display(f)] = index.entry(f)
    index.save()
    return out


def question_index(paths: Iterable[str | os.PathLike], *, cache_dir: str | None = None,
                   root: str | os.PathLike | None = None, skip: Iterable[str] = ()) -> dict[str, list[tuple[str, int]]]:
    """Question id -> [(file as shown, line), ...] over every quiz file under ``paths``."""
    out: dict[str, list[tuple[str, int]]] = {}
    for shown, entry in tree_entries(paths, cache_dir=cache_dir, root=root, skip=skip).items():
        for qid, line, _col in entry["ids"]:
            out.setdefault(qid, []).append((shown, line))
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

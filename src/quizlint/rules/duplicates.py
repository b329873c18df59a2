"""Duplicate and near-duplicate questions across the checked files and the rest of the tree (QL152).

Two questions are copies when their stems are equal and their choice sets
mostly agree, both after a loose normalisation (:func:`form`: case,
spacing, punctuation and a leading "a)" label are ignored; code in
backticks is kept exactly). "Mostly" means that at least half of the
smaller choice set, and at least two choices, appear in the other one, so
a copy with one option reworded still counts. Only choice questions are
compared (`single`, `multi`). The linter keeps one :func:`signature` per
question with each file's cached results (and :mod:`quizlint.index` one
per question of the rest of ``--tree``) and reports every question of a
group in the checked files, naming the other places, the way it reports
duplicate ids (QL150).
``benchmarks/bench_rules.py`` uses :func:`groups` on a converted bank.
"""

from __future__ import annotations

import hashlib
import json
import re

from quizlint import codes
from quizlint.i18n import text_in

CODE = codes.DUPLICATE_QUESTION.code
_NUMBERING = re.compile(r"^\s*(?:Q(?:uestion)?\s*)?\d+\s*[.:)]\s+", re.I)
_LABEL = re.compile(r"^\s*\(?[a-hA-H1-9][.)]\s+")
_CODE = re.compile(r"`[^`]*`")


def form(text) -> str:
    """The loose form two copies of a text share: code spans exact, the prose folded."""
    if not isinstance(text, str):
        return ""
    text = _LABEL.sub("", _NUMBERING.sub("", text))
    parts, pos = [], 0
    for m in _CODE.finditer(text):
        parts.append(re.sub(r"\W+", " ", text[pos:m.start()].casefold()))
        parts.append(m.group(0))
        pos = m.end()
    parts.append(re.sub(r"\W+", " ", text[pos:].casefold()))
    return " ".join(" ".join(parts).split())


def _h(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
                          .encode("utf-8")).hexdigest()[:12]


def signature(question: dict, source_lang: str) -> list | None:
    """``[stem hash, sorted choice hashes, key hash]`` (JSON-friendly, for the cache), or None."""
    if not isinstance(question, dict):
        return None
    stem = form(text_in(question.get("stem"), source_lang, source_lang))
    if not stem:
        return None
    choices = [c for c in question.get("choices") or [] if isinstance(c, dict)] \
        if isinstance(question.get("choices"), list) else []
    if not choices:
        return None  # a choice set is what makes two stems the same question
    texts = {form(text_in(c.get("text"), source_lang, source_lang)): c.get("correct") is True
             for c in choices}
    rest = sorted(_h(t) for t in texts if t)
    key = _h(sorted(t for t, ok in texts.items() if ok))
    return [_h([question.get("kind"), stem]), rest, key]


def _copies(a: list, b: list) -> bool:
    if a[0] != b[0]:
        return False
    sa, sb = set(a[1]), set(b[1])
    shared = len(sa & sb)
    return shared >= max(1, min(2, len(sa), len(sb))) and 2 * shared >= min(len(sa), len(sb))


MAX_NEAR = 64  # distinct choice sets under one stem compared pairwise; beyond that, exact copies only
MAX_NAMED = 3   # other places a message names ("and 12 more")


def _group(places: list[tuple]) -> list[list[int]]:
    """Indexes of ``places`` (each ``(signature, ...)``) grouped into copies, two or more per group.

    Exact copies are grouped by hashing; near copies are compared pairwise
    only among the distinct choice sets of one stem (at most ``MAX_NEAR``),
    so a bank of thousands of copies stays linear.
    """
    by_stem: dict[str, dict[tuple, list[int]]] = {}
    for i, p in enumerate(places):
        by_stem.setdefault(p[0][0], {}).setdefault(tuple(p[0][1]), []).append(i)
    out = []
    for sets in by_stem.values():
        if sum(len(v) for v in sets.values()) < 2:
            continue
        keys = list(sets)
        parent = list(range(len(keys)))

        def root(k):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k
        if 1 < len(keys) <= MAX_NEAR:
            for a in range(len(keys)):
                for b in range(a + 1, len(keys)):
                    if _copies(places[sets[keys[a]][0]][0], places[sets[keys[b]][0]][0]):
                        parent[root(b)] = root(a)
        merged: dict[int, list[int]] = {}
        for k, key in enumerate(keys):
            merged.setdefault(root(k), []).extend(sets[key])
        out += [sorted(g) for g in merged.values() if len(g) > 1]
    return out


def groups(entries, source_lang: str = "en") -> list[list[tuple]]:
    """The ``(path, line, label)`` places of each group of copies; ``entries``: ``(path, line, label, question)``."""
    places = [(sig, path, line, label) for path, line, label, q in entries
              if (sig := signature(q, source_lang)) is not None]
    return [[places[i][1:] for i in g] for g in _group(places)]


def signatures(data: dict, source_lang: str, lines: list) -> list[list]:
    """``[signature, position, question id]`` for each question of a loaded file (``lines``: each
    question's position, a line or ``(line, column)``)."""
    qs = data.get("questions") if isinstance(data.get("questions"), list) else []
    out = []
    for i, q in enumerate(qs):
        sig = signature(q, source_lang)
        if sig is not None and i < len(lines):
            out.append([sig, lines[i], q.get("id") if isinstance(q.get("id"), str) else None])
    return out


def problems(by_file: dict[str, list[list]]) -> dict[str, list]:
    """QL152 Problems by path, from each checked file's :func:`signatures`."""
    places = [(sig, path, line, qid) for path, sigs in by_file.items() for sig, line, qid in sigs]
    out: dict[str, list] = {}
    def at(pos):
        return tuple(pos) if isinstance(pos, (list, tuple)) else (pos, 1)

    for g in _group(places):
        keys = {places[i][0][2] for i in g}
        for i in g:
            _, path, pos, qid = places[i]
            line, col = at(pos)
            named = [j for j in g[:MAX_NAMED + 1] if j != i][:MAX_NAMED]
            others = ", ".join(f"{p}:{at(ln)[0]}" + (f" ({q})" if q else "")
                               for _, p, ln, q in (places[j] for j in named))
            if len(g) - 1 > MAX_NAMED:
                others += f" and {len(g) - 1 - MAX_NAMED} more"
            differ = " and marks a different key" if len(keys) > 1 else ""
            out.setdefault(path, []).append(codes.DUPLICATE_QUESTION.at(
                path, line, col, f"this question repeats {others} (same stem, same or nearly the same "
                               f"choices){differ}; delete one copy or make them different questions", qid))
    return out

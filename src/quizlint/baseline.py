"""Baselines: accept today's problems, report only new ones (``check --baseline``).

A baseline file records each problem by its quiz id, question id, code and
a fingerprint of the content the problem is about, never by line: the
problem's line:column is mapped back to the data node it points at, and the
fingerprint is the normalised text (NFC, runs of whitespace collapsed, see
:func:`quizlint.i18n.normalize`) of the question field that holds it: the
whole choice for anything inside a choice, else the top-level field
(`stem`, `answer`, `explanation`...). So reformatting, re-wrapping folded
text, reordering choices and moving questions (even to another file) keep
the baseline valid, and editing the flawed text itself makes the problem
new again.

Matching is a multiset: two identical entries accept two identical
problems. An entry is *in scope* when this run could have reported it:
its code is enabled and its file lies under a checked path, or its
question is in a checked file; entries in scope that match nothing are
*stale* (the problem was fixed). So a baseline written over the whole tree
still applies when pre-commit passes a few files, and writing a baseline
from a few files keeps the entries of the others.

The file is JSON, one entry per line (small diffs), sorted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from quizlint.atomic import write_atomic
from quizlint.errors import UsageError
from quizlint.i18n import normalize
from quizlint.loader import LoadError, load_file
from quizlint.problem import Problem

FORMAT = "quizlint-baseline/v1"
MAX_BYTES = 64 * 1024 * 1024      # a baseline bigger than this is refused
MAX_ENTRIES = 1_000_000
_KEYS = ("path", "quiz", "question", "code", "at", "fingerprint")


@dataclass(frozen=True)
class Entry:
    path: str               # the file, relative to the project root, with /
    quiz: str | None
    question: str | None
    code: str
    at: str                 # which field, e.g. "stem", "choices" ("" for the question or the file)
    fingerprint: str

    @property
    def key(self) -> tuple:
        """What matching compares: a question's problem follows its question id across files."""
        if self.question:
            return ("q", self.question, self.code, self.fingerprint)
        return ("f", self.quiz or self.path, self.code, self.fingerprint)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in _KEYS}

    def shown(self) -> str:
        where = f"question {self.question}" if self.question else f"quiz {self.quiz}" if self.quiz else "file"
        return f"{self.path}: {self.code} ({where}{', ' + self.at if self.at else ''})"


@dataclass
class Applied:
    """What :func:`apply` found: the new problems, how many were matched, the stale entries."""

    new: list[Problem]
    matched: int = 0
    stale: list[Entry] = field(default_factory=list)

    def notes(self, name: str, limit: int = 10) -> list[str]:
        """The lines the report ends with."""
        out = [f"baseline {name}: {self.matched} known problem{'s' if self.matched != 1 else ''} matched "
               f"and not reported, {len(self.new)} new"]
        if self.stale:
            out.append(f"baseline {name}: {len(self.stale)} stale entr{'ies' if len(self.stale) != 1 else 'y'} "
                       "(fixed or changed; rewrite the baseline with --write-baseline to drop them):")
            out += [f"  stale: {e.shown()}" for e in self.stale[:limit]]
            if len(self.stale) > limit:
                out.append(f"  ... and {len(self.stale) - limit} more")
        return out


# ------------------------------------------------------------------ fingerprints

def _leaves(value) -> list[str]:
    """The scalars under ``value``, normalised, in a stable order."""
    if isinstance(value, dict):
        return [x for k in sorted(value, key=str) for x in _leaves(value[k])]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    if isinstance(value, str):
        return [normalize(value)]
    return [json.dumps(value)]


def _node_at(doc, line: int, column: int, by_rule: bool) -> tuple:
    """The data path whose node (or key) is at ``line:column``; when none is, the
    question whose lines hold ``line`` (or ``()``).

    A mapping starts where its first key does, so a problem there is about
    the mapping or about that key: rules always point inside a question
    (``by_rule``: the key wins), the schema may point at the question itself
    (the mapping wins). Otherwise the shortest path wins.
    """
    here = (line, column)
    values = [p for p, pos in doc.positions.items() if pos == here]
    keys = [p for p, pos in doc.key_positions.items() if pos == here]
    found = keys if by_rule and keys else values + keys
    if found:
        return min(found, key=lambda p: (len(p), str(p)))
    data = doc.data if isinstance(doc.data, dict) else {}
    qs = data.get("questions") if isinstance(data.get("questions"), list) else []
    best = ()
    for i in range(len(qs)):
        start = doc.positions.get(("questions", i))
        if start and start[0] <= line:
            best = ("questions", i)
    return best


def _unit(question: dict, rel: tuple) -> tuple[str, str]:
    """(field name, normalised content) of what a problem at ``rel`` (inside ``question``) is about."""
    if not rel or not isinstance(rel[0], str):
        return "", ""
    name = rel[0]
    value = question.get(name)
    if name == "choices" and len(rel) > 1 and isinstance(value, list) and isinstance(rel[1], int) \
            and rel[1] < len(value):
        choice = value[rel[1]]
        text = choice.get("text") if isinstance(choice, dict) else choice
        return "choices", "\n".join(_leaves(text))
    if name == "choices":
        return "choices", ""
    return name, "\n".join(_leaves(value))


def fingerprint(at: str, content: str) -> str:
    return hashlib.sha256(f"{at}\0{content}".encode("utf-8")).hexdigest()[:16]


class _Files:
    """Loaded documents by shown path, each loaded once (None: unloadable)."""

    def __init__(self):
        self.docs: dict = {}

    def get(self, path: str):
        if path not in self.docs:
            try:
                self.docs[path] = load_file(path, display=path)
            except (LoadError, OSError):
                self.docs[path] = None
        return self.docs[path]


def _relative(path: str, root: Path) -> str:
    full = Path(os.path.abspath(path))
    try:
        return full.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return full.as_posix()


def entry_for(p: Problem, files: _Files, root: Path) -> Entry:
    """The baseline entry of problem ``p``."""
    doc = files.get(p.path)
    rel_path = _relative(p.path, root)
    if doc is None or not isinstance(doc.data, dict):
        return Entry(rel_path, None, None, p.code, "", fingerprint("", ""))
    quiz = doc.data.get("quiz") if isinstance(doc.data.get("quiz"), str) else None
    from quizlint.rules import all_rules

    node = _node_at(doc, p.line, p.column, p.code in all_rules())
    qs = doc.data.get("questions")
    if len(node) >= 2 and node[0] == "questions" and isinstance(qs, list) and isinstance(node[1], int) \
            and node[1] < len(qs) and isinstance(qs[node[1]], dict):
        q = qs[node[1]]
        qid = q.get("id") if isinstance(q.get("id"), str) else None
        at, content = _unit(q, node[2:])
        return Entry(rel_path, quiz, qid, p.code, at, fingerprint(at, content))
    at = str(node[0]) if node else ""
    return Entry(rel_path, quiz, None, p.code, at, fingerprint(at, "\n".join(_leaves(doc.data.get(at))) if at else ""))


def entries_for(problems: list[Problem], root: Path) -> list[Entry]:
    files = _Files()
    return [entry_for(p, files, root) for p in problems]


# ------------------------------------------------------------------ the file

def read(path: str | os.PathLike) -> list[Entry]:
    """The entries of a baseline file; UsageError when it is missing or malformed."""
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise UsageError(f"baseline {path} is larger than {MAX_BYTES // (1024 * 1024)} MB")
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise UsageError(f"baseline {path} does not exist; write it with `quizlint check --write-baseline "
                         f"{path}`") from None
    except OSError as exc:
        raise UsageError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except (ValueError, RecursionError) as exc:
        raise UsageError(f"baseline {path} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), list):
        raise UsageError(f"baseline {path} is not a quizlint baseline (expected \"format\": \"{FORMAT}\" "
                         "and a list of \"entries\")")
    if len(data["entries"]) > MAX_ENTRIES:
        raise UsageError(f"baseline {path} has more than {MAX_ENTRIES} entries")
    out = []
    for n, e in enumerate(data["entries"], 1):
        ok = isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("path", "code", "at", "fingerprint")) \
            and all(e.get(k) is None or isinstance(e.get(k), str) for k in ("quiz", "question"))
        if not ok:
            raise UsageError(f"baseline {path}: entry {n} is malformed (keys: {', '.join(_KEYS)})")
        out.append(Entry(*(e.get(k) for k in _KEYS)))
    return out


def write(path: str | os.PathLike, entries: list[Entry]) -> None:
    """Write ``entries`` (sorted, one per line) atomically."""
    lines = [json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True)
             for e in sorted(entries, key=lambda e: tuple(str(getattr(e, k) or "") for k in _KEYS))]
    body = ",\n    ".join(lines)
    text = f'{{\n  "format": "{FORMAT}",\n  "entries": [\n    {body}\n  ]\n}}\n' if lines else \
        f'{{\n  "format": "{FORMAT}",\n  "entries": []\n}}\n'
    write_atomic(str(path), text.encode("utf-8"))


# ------------------------------------------------------------------ scope and matching

class Scope:
    """Which entries this run could have reported (see the module docstring)."""

    def __init__(self, paths: list[str], root: Path, enabled=None):
        self.root = Path(root)
        self.checked = [_relative(p, self.root) for p in paths]
        self.enabled = enabled or (lambda code, path: True)
        self.paths = paths
        self._qids: set | None = None

    def _under(self, rel: str) -> bool:
        return any(rel == c or rel.startswith(c.rstrip("/") + "/") or c in ("", ".") for c in self.checked)

    def _question_ids(self) -> set:
        if self._qids is None:
            from quizlint.index import question_index

            self._qids = set(question_index([p for p in self.paths if os.path.exists(p)], root=self.root))
        return self._qids

    def __contains__(self, e: Entry) -> bool:
        if not self.enabled(e.code, e.path):
            return False
        return self._under(e.path) or bool(e.question) and e.question in self._question_ids()


def apply(problems: list[Problem], entries: list[Entry], scope: Scope) -> Applied:
    """The problems not accepted by ``entries``, the count accepted, and the stale entries in ``scope``."""
    left = Counter(e.key for e in entries)
    files = _Files()
    new, matched = [], 0
    used: Counter = Counter()
    for p in problems:
        key = entry_for(p, files, scope.root).key
        if left[key] > 0:
            left[key] -= 1
            used[key] += 1
            matched += 1
        else:
            new.append(p)
    stale, seen = [], Counter()
    for e in entries:
        seen[e.key] += 1
        if seen[e.key] > used[e.key] and e in scope:
            stale.append(e)
    return Applied(new, matched, stale)


def merged(old: list[Entry], fresh: list[Entry], scope: Scope) -> list[Entry]:
    """``fresh`` plus the entries of ``old`` this run could not have seen (other files, other codes)."""
    return fresh + [e for e in old if e not in scope]

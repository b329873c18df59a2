"""``quizlint stamp ID --lang es``: record that a person reviewed a translation.

It writes ``translations.<lang>: {source: <hash>, status: reviewed}`` with
the current source hash (see :mod:`quizlint.i18n`), keeping any ``origin``.
Edits go through :mod:`quizlint.yamledit`: only that line changes, and each
file is read, edited and written under its lock, so two stamps at once
both land. A question that cannot be stamped (not a mapping, no id, a
``translations`` of the wrong type) is reported and skipped.

Exit codes: 0 done; 1 some questions were skipped but others were stamped;
2 nothing could be done: usage errors and files that cannot be edited are
raised (UsageError, CommandFailed) for the CLI to print.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict

from quizlint import i18n
from quizlint.atomic import locked
from quizlint.errors import CommandFailed, UsageError
from quizlint.index import find_questions
from quizlint.report.escape import escape_controls
from quizlint.yamledit import EditError, Flow, Raw, YamlFile


class Unstampable(ValueError):
    """The question's translation state cannot be written; fix the file by hand."""


def _say(message: str, stream=None) -> None:
    print(escape_controls(message), file=stream or sys.stderr)


def run(ids: list[str], lang: str, paths: list[str], *, default_languages, all_: bool = False,
        print_only: bool = False) -> int:
    """Stamp ``ids`` (or, with ``all_``, every question); UsageError or CommandFailed when nothing can be done."""
    if not ids and not all_:
        raise UsageError("name question ids, or pass --all")
    targets = find_questions(paths, ids) if ids else {}
    if all_:
        targets = find_questions(paths)
    files: dict[str, set] = defaultdict(set)
    for qid, (path, _line) in targets.items():
        files[path].add(qid)
    changed, skipped = 0, []
    for path, wanted in sorted(files.items()):
        try:
            with locked(path):
                n, problems = _stamp_file(path, wanted if not all_ else None, lang, print_only,
                                          default_languages)
        except (EditError, ValueError, OSError) as exc:
            raise CommandFailed(str(exc)) from None
        changed += n
        skipped += problems
        for problem in problems:
            _say(f"quizlint stamp: {problem}")
    if not print_only:
        _say(f"stamped {changed} translation{'s' if changed != 1 else ''} ({lang})", sys.stdout)
    if skipped:
        return 1 if changed else 2
    return 0


def _kind(value) -> str:
    names = {list: "a list", str: "a string", bool: "true/false", int: "a number", float: "a number"}
    return names.get(type(value), "empty" if value is None else type(value).__name__)


def _scalar(value) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def check_stampable(q, lang: str) -> None:
    """Raise Unstampable when ``translations.<lang>`` of question ``q`` cannot be written."""
    if not isinstance(q, dict):
        raise Unstampable(f"is {_kind(q)}, not a question mapping")
    translations = q.get("translations")
    if translations is not None and not isinstance(translations, dict):
        raise Unstampable(f"`translations` is {_kind(translations)}, not a mapping from language to state")
    state = (translations or {}).get(lang)
    if state is not None and not isinstance(state, dict):
        raise Unstampable(f"`translations.{lang}` is {_kind(state)}, not a mapping "
                          "like {source: ..., status: ...}")
    origin = (state or {}).get("origin")
    if origin is not None and not (isinstance(origin, dict) and all(map(_scalar, origin.values()))):
        raise Unstampable(f"`translations.{lang}.origin` must be a mapping of plain values "
                          "(by, prompt, at), not nested data")


def mark_reviewed(yf: YamlFile, qpath: tuple, lang: str, source_lang: str) -> None:
    """Set ``translations.<lang>`` of the question at ``qpath`` to reviewed, with
    the current source hash; any ``origin`` is kept. Used by stamp and review.
    Raises Unstampable (nothing changed) for a malformed question."""
    q = yf.data[qpath[0]][qpath[1]]
    check_stampable(q, lang)
    digest = i18n.source_hash(q, source_lang)
    state = Flow(source=digest, status="reviewed")  # yamledit quotes a hash like 00012345
    origin = ((q.get("translations") or {}).get(lang) or {}).get("origin")
    if isinstance(origin, dict):
        state["origin"] = Flow({k: Raw(v) if k == "at" and re.fullmatch(r"\d{4}-\d\d-\d\d", str(v)) else v
                                for k, v in origin.items()})
    if isinstance(q.get("translations"), dict):
        yf.set_entry(qpath + ("translations",), lang, state)
    else:  # absent, or an empty `translations:`
        yf.set_entry(qpath, "translations", {lang: state})


def _where(path: str, i: int, q) -> str:
    qid = q.get("id") if isinstance(q, dict) else None
    return f"{path}: question {qid}" if isinstance(qid, str) else f"{path}: item {i + 1} of `questions`"


def _stamp_file(path: str, wanted: set | None, lang: str, print_only: bool,
                default_languages) -> tuple[int, list[str]]:
    """(translations stamped, messages for the questions skipped) for one file."""
    yf = YamlFile.read(path)
    if not isinstance(yf.data, dict):
        return 0, [f"{path}: not a quiz (the file is not a mapping); skipped"]
    langs = i18n.languages(yf.data, default_languages)
    if lang not in langs[1:]:
        if wanted is None:
            return 0, []  # --all: this quiz has no such translation
        raise ValueError(f"{path}: `{lang}` is not a translation language of this quiz (languages: {langs})")
    questions = yf.data.get("questions")
    questions = questions if isinstance(questions, list) else []
    changed, skipped, seen = 0, [], set()
    fix = f"fix it by hand (`quizlint check {path}` shows where), then stamp again"
    for i, q in enumerate(questions):
        qid = q.get("id") if isinstance(q, dict) else None
        if wanted is not None and (not isinstance(qid, str) or qid not in wanted):
            continue
        seen.add(qid)
        if not isinstance(qid, str):
            what = "has no `id`" if isinstance(q, dict) else f"is {_kind(q)}, not a question mapping"
            skipped.append(f"{_where(path, i, q)} {what}; skipped: {fix}")
            continue
        if print_only:
            print(escape_controls(f"{path}: {qid} {lang} {i18n.source_hash(q, langs[0])}"))
            continue
        try:
            check_stampable(q, lang)
        except Unstampable as exc:
            skipped.append(f"{_where(path, i, q)}: {exc}; skipped: {fix}")
            continue
        old = (q.get("translations") or {}).get(lang) or {}
        if old.get("source") == i18n.source_hash(q, langs[0]) and old.get("status") == "reviewed":
            continue
        mark_reviewed(yf, ("questions", i), lang, langs[0])
        changed += 1
    for qid in sorted((wanted or set()) - seen):
        skipped.append(f"{path}: question {qid} is no longer in this file (it changed meanwhile); "
                       "run the command again")
    if yf.changed:
        yf.write()
    return changed, skipped

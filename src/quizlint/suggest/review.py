"""`quizlint review`: walk the drafts, accept / edit / reject each one.

Accepting a draft choice drops its ``status: draft`` (the ``origin`` stays
as provenance); accepting a draft translation sets ``status: reviewed``
and stamps the current source hash. Rejecting removes the draft (a draft
translation's text in every field, and its ``translations`` entry). Each
decision is written at once, so quitting keeps what was decided.

With ``--accept``/``--reject`` each file is read and written under its
lock (a concurrent stamp waits); interactively the lock is only held while
writing, and a file changed meanwhile is refused rather than overwritten.
A draft that cannot be decided (malformed data) is reported and skipped:
exit 1 when other drafts were decided, 2 when nothing could be done.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
import tempfile
from collections import defaultdict

from quizlint.atomic import locked
from quizlint.config import Config
from quizlint.errors import UsageError
from quizlint.i18n import languages, text_fields, text_in
from quizlint.quiz import LIST_DRAFTS, drafts, question_path
from quizlint.report.escape import escape_controls
from quizlint.stamp import Unstampable, mark_reviewed
from quizlint.yamledit import EditError, YamlFile

from . import apply


def show(text) -> str:
    """A file's text as one safe terminal line: whitespace collapsed, control characters escaped."""
    return escape_controls(" ".join(str(text).split())) if text is not None else "(missing)"


def _origin(item) -> str:
    origin = item.get("origin") if isinstance(item, dict) else None
    origin = origin if isinstance(origin, dict) else {}
    return f"{show(origin.get('by', '?'))} ({show(origin.get('prompt', '?'))}, {show(origin.get('at', '?'))})"


def accept(yf: YamlFile, qpath: tuple, kind: str, which, source: str) -> None:
    if kind == "question":
        yf.delete_entry(qpath, "status")
        return
    if kind in LIST_DRAFTS:
        yf.delete_entry(qpath + (LIST_DRAFTS[kind], which), "status")
        return
    mark_reviewed(yf, qpath, which, source)


def reject(yf: YamlFile, qpath: tuple, kind: str, which) -> None:
    if kind == "question":
        yf.delete_item(qpath[:-1], qpath[-1])
        return
    if kind == "choice":
        yf.delete_item(qpath + ("choices",), which)
        return
    if kind == "wrong_answer":
        if len(yf.node(qpath + ("wrong_answers",))) == 1:
            yf.delete_entry(qpath, "wrong_answers")   # the schema wants no empty list
        else:
            yf.delete_item(qpath + ("wrong_answers",), which)
        return
    q = yf.data[qpath[0]][qpath[1]]
    for path, value in list(text_fields(q)):
        if isinstance(value, dict) and which in value and len(value) > 1:
            yf.delete_entry(qpath + tuple(path), which)
    q = yf.data[qpath[0]][qpath[1]]
    if len(q["translations"]) == 1:
        yf.delete_entry(qpath, "translations")
    else:
        yf.delete_entry(qpath + ("translations",), which)


def edit_text(current: str, label: str) -> str | None:
    """New text from $EDITOR (or a prompt); None keeps the current one."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor:
        with tempfile.NamedTemporaryFile("w+", suffix=".txt", delete=False, encoding="utf-8") as fh:
            fh.write(current + "\n")
        try:
            subprocess.run(shlex.split(editor) + [fh.name], check=False)
            with open(fh.name, encoding="utf-8") as f:
                new = " ".join(f.read().split())
        finally:
            os.unlink(fh.name)
    else:
        new = input(f"{label} [enter keeps it]: ").strip()
    return new if new and new != current else None


def _label(kind: str, which) -> str:
    n = which + 1 if isinstance(which, int) else which
    return {"question": "question", "choice": f"choice {n}", "wrong_answer": f"wrong answer {n}"}.get(
        kind, f"{which} translation")


class Reviewer:
    def __init__(self, args, config=None):
        self.args = args
        self.default_languages = (config or Config()).languages
        self.interactive = not (args.accept or args.reject)
        if self.interactive and not sys.stdin.isatty():
            raise UsageError("review needs a terminal to ask; pass --accept or --reject for scripts")

    def run(self, targets: dict) -> int:
        by_file = defaultdict(list)
        for qid, (path, line) in sorted(targets.items(), key=lambda kv: kv[1]):
            by_file[path].append(qid)
        counts = defaultdict(int)
        for path, ids in by_file.items():
            # a person may take minutes per answer: then only the writes hold the lock
            with contextlib.nullcontext() if self.interactive else locked(path):
                yf = YamlFile.read(path)
                for qid in ids:
                    if self._question(yf, qid, counts) == "quit":
                        return self._summary(counts)
        return self._summary(counts)

    def _summary(self, counts) -> int:
        if not counts:
            print("no drafts to review", file=sys.stderr)
        else:
            print(", ".join(f"{n} {k}" for k, n in counts.items()), file=sys.stderr)
        if counts.get("failed"):
            return 1 if counts.get("accepted") or counts.get("rejected") else 2
        return 0

    def _question(self, yf: YamlFile, qid: str, counts) -> str | None:
        qpath = question_path(yf.data, qid)
        if qpath is None:
            print(show(f"{yf.path}: question {qid} is no longer in this file; run review again"), file=sys.stderr)
            counts["failed"] += 1
            return None
        removed: dict = {}
        for d in drafts(yf.data["questions"][qpath[1]]):
            kind, which = d.kind, d.which
            if kind in LIST_DRAFTS:
                which -= removed.get(kind, 0)
            decision = "a" if self.args.accept else "r" if self.args.reject else self._ask(yf, qpath, kind, which)
            if decision == "q":
                return "quit"
            try:
                self._decide(yf, qpath, kind, which, decision, counts)
            except (Unstampable, EditError) as exc:  # malformed data; the write below is not in here
                yf.revert()
                label = _label(kind, which)
                print(show(f"{yf.path}: {qid}: cannot decide the draft {label}: {exc}; "
                           "skipped: fix it by hand, then run review again"), file=sys.stderr)
                counts["failed"] += 1
                continue
            if kind in LIST_DRAFTS and decision == "r":
                removed[kind] = removed.get(kind, 0) + 1
            if yf.changed:
                yf.write()
            if kind == "question" and decision == "r":
                break  # the question is gone, and its other drafts with it
        return None

    def _source(self, yf: YamlFile) -> str:
        return languages(yf.data, self.default_languages)[0]

    def _decide(self, yf, qpath, kind, which, decision, counts) -> None:
        if decision == "e":
            self._edit(yf, qpath, kind, which)
            decision = "a"
        if decision == "a":
            accept(yf, qpath, kind, which, self._source(yf))
            counts["accepted"] += 1
        elif decision == "r":
            reject(yf, qpath, kind, which)
            counts["rejected"] += 1
        else:
            counts["skipped"] += 1

    def _ask(self, yf, qpath, kind, which) -> str:
        q = yf.data["questions"][qpath[1]]
        src = self._source(yf)
        print(f"\n{show(yf.path)} · {show(q.get('id'))}  ({show(q.get('kind'))})")
        print(f"  stem: {show(text_in(q.get('stem'), src, src))}")
        if kind == "question":
            for i, c in enumerate(q.get("choices") or []):
                c = c if isinstance(c, dict) else {"text": c}
                print(f"  {'✓' if c.get('correct') else ' '} {i + 1}. {show(text_in(c.get('text'), src, src))}")
            item = q
        elif kind == "choice":
            for i, c in enumerate(q["choices"]):
                c = c if isinstance(c, dict) else {"text": c}
                mark = "✓" if c.get("correct") else " "
                tag = "  <- DRAFT" if i == which else " (draft)" if c.get("status") == "draft" else ""
                print(f"  {mark} {i + 1}. {show(text_in(c.get('text'), src, src))}{tag}")
            item = q["choices"][which]
        elif kind == "wrong_answer":
            print(f"  key: {show((q.get('answer') or {}).get('expr', (q.get('answer') or {}).get('value')))}")
            item = q["wrong_answers"][which]
            shown = item.get("expr", item.get("value"))
            print(f"  wrong answer {which + 1}: {show(shown)}  ({show(text_in(item.get('why'), src, src))})")
        else:
            for path, value in text_fields(q):
                print(f"  {'.'.join(map(str, path))}:\n    {src}: {show(text_in(value, src, src))}"
                      f"\n    {show(which)}: {show(text_in(value, which, src))}")
            item = q["translations"][which]
        print(f"  drafted by {_origin(item)}")
        while True:
            answer = input("  [a]ccept, [e]dit, [r]eject, [s]kip, [q]uit? ").strip().lower()[:1]
            if answer in ("a", "e", "r", "s", "q"):
                return answer

    def _edit(self, yf, qpath, kind, which) -> None:
        q = yf.data["questions"][qpath[1]]
        src = self._source(yf)
        if kind == "question":
            value = q.get("stem")
            new = edit_text(text_in(value, src, src) or "", "stem")
            if new is not None:
                if isinstance(value, dict):
                    yf.set_entry(qpath + ("stem",), src, new)
                else:
                    yf.set_entry(qpath, "stem", new)
            return
        if kind == "choice":
            cpath = qpath + ("choices", which)
            value = q["choices"][which].get("text")
            new = edit_text(text_in(value, src, src) or "", "replacement text")
            if new is not None:
                if isinstance(value, dict):
                    yf.set_entry(cpath + ("text",), src, new)
                else:
                    yf.set_entry(cpath, "text", new)
            return
        if kind == "wrong_answer":
            item = q["wrong_answers"][which]
            key = "expr" if "expr" in item else "value"
            new = edit_text(str(item.get(key, "")), key)
            if new is not None:
                yf.set_entry(qpath + ("wrong_answers", which), key, new if key == "expr" else float(new))
            return
        for path, value in list(text_fields(q)):
            if not text_in(value, src, src):
                continue
            new = edit_text(text_in(value, which, src) or "", f"{'.'.join(map(str, path))} ({which})")
            if new is not None:
                yf.localize(qpath + tuple(path[:-1]), path[-1], which, new, src)

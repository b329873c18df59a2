"""`quizlint review`: walk the drafts, accept / edit / reject each one.

Accepting a draft choice drops its ``status: draft`` (the ``origin`` stays
as provenance); accepting a draft translation sets ``status: reviewed``
and stamps the current source hash. Rejecting removes the draft (a draft
translation's text in every field, and its ``translations`` entry). Each
decision is written at once, so quitting keeps what was decided.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from collections import defaultdict

from quizlint.i18n import languages, text_fields, text_in
from quizlint.stamp import mark_reviewed
from quizlint.yamledit import YamlFile

from . import apply
from .command import UserError


def drafts_of(question: dict) -> list[tuple[str, object]]:
    """[("choice", index) | ("translation", lang)] in file order."""
    out: list[tuple[str, object]] = []
    for i, c in enumerate(question.get("choices") or []):
        if isinstance(c, dict) and c.get("status") == "draft":
            out.append(("choice", i))
    for lang, state in (question.get("translations") or {}).items():
        if isinstance(state, dict) and state.get("status") == "draft":
            out.append(("translation", lang))
    return out


def accept(yf: YamlFile, qpath: tuple, kind: str, which) -> None:
    if kind == "choice":
        yf.delete_entry(qpath + ("choices", which), "status")
        return
    mark_reviewed(yf, qpath, which)


def reject(yf: YamlFile, qpath: tuple, kind: str, which) -> None:
    if kind == "choice":
        yf.delete_item(qpath + ("choices",), which)
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


class Reviewer:
    def __init__(self, args):
        self.args = args
        self.interactive = not (args.accept or args.reject)
        if self.interactive and not sys.stdin.isatty():
            raise UserError("review needs a terminal to ask; pass --accept or --reject for scripts")

    def run(self, targets: dict) -> int:
        by_file = defaultdict(list)
        for qid, (path, line) in sorted(targets.items(), key=lambda kv: kv[1]):
            by_file[path].append(qid)
        counts = defaultdict(int)
        for path, ids in by_file.items():
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
        return 0

    def _question(self, yf: YamlFile, qid: str, counts) -> str | None:
        qpath = apply.question_path(yf, qid)
        removed = 0
        for kind, which in drafts_of(yf.data["questions"][qpath[1]]):
            if kind == "choice":
                which -= removed
            decision = "a" if self.args.accept else "r" if self.args.reject else self._ask(yf, qpath, kind, which)
            if decision == "q":
                return "quit"
            if decision == "e":
                self._edit(yf, qpath, kind, which)
                decision = "a"
            if decision == "a":
                accept(yf, qpath, kind, which)
                counts["accepted"] += 1
            elif decision == "r":
                reject(yf, qpath, kind, which)
                removed += kind == "choice"
                counts["rejected"] += 1
            else:
                counts["skipped"] += 1
            if yf.changed:
                yf.write()
        return None

    def _ask(self, yf, qpath, kind, which) -> str:
        q = yf.data["questions"][qpath[1]]
        src = languages(yf.data)[0]
        print(f"\n{yf.path} · {q.get('id')}  ({q.get('kind')})")
        print(f"  stem: {text_in(q.get('stem'), src, src)}")
        if kind == "choice":
            for i, c in enumerate(q.get("choices") or []):
                mark = "✓" if c.get("correct") else " "
                tag = "  <- DRAFT" if i == which else " (draft)" if c.get("status") == "draft" else ""
                print(f"  {mark} {i + 1}. {text_in(c.get('text'), src, src)}{tag}")
            origin = q["choices"][which].get("origin") or {}
        else:
            for path, value in text_fields(q):
                print(f"  {'.'.join(map(str, path))}:\n    {src}: {text_in(value, src, src)}"
                      f"\n    {which}: {text_in(value, which, src) or '(missing)'}")
            origin = q["translations"][which].get("origin") or {}
        print(f"  drafted by {origin.get('by', '?')} ({origin.get('prompt', '?')}, {origin.get('at', '?')})")
        while True:
            answer = input("  [a]ccept, [e]dit, [r]eject, [s]kip, [q]uit? ").strip().lower()[:1]
            if answer in ("a", "e", "r", "s", "q"):
                return answer

    def _edit(self, yf, qpath, kind, which) -> None:
        q = yf.data["questions"][qpath[1]]
        src = languages(yf.data)[0]
        if kind == "choice":
            cpath = qpath + ("choices", which)
            new = edit_text(text_in(q["choices"][which]["text"], src, src) or "", "replacement text")
            if new is not None:
                value = q["choices"][which]["text"]
                if isinstance(value, dict):
                    yf.set_entry(cpath + ("text",), src, new)
                else:
                    yf.set_entry(cpath, "text", new)
            return
        for path, value in list(text_fields(q)):
            if not text_in(value, src, src):
                continue
            new = edit_text(text_in(value, which, src) or "", f"{'.'.join(map(str, path))} ({which})")
            if new is not None:
                yf.localize(qpath + tuple(path[:-1]), path[-1], which, new, src)

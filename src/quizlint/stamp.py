"""``quizlint stamp ID --lang es``: record that a person reviewed a translation.

It writes ``translations.<lang>: {source: <hash>, status: reviewed}`` with
the current source hash (see :mod:`quizlint.i18n`), keeping any ``origin``.
Edits go through :mod:`quizlint.yamledit`: only that line changes, the
write is atomic, and a file changed on disk meanwhile is refused.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections import defaultdict

from quizlint import i18n, tree
from quizlint.yamledit import EditError, Flow, Raw, YamlFile


def run(ids: list[str], lang: str, paths: list[str], *, all_: bool = False, print_only: bool = False) -> int:
    if not ids and not all_:
        print("quizlint stamp: name question ids, or pass --all", file=sys.stderr)
        return 2
    index = tree.question_index(paths)
    unknown = [i for i in ids if i not in index]
    if unknown:
        for qid in unknown:
            near = difflib.get_close_matches(qid, list(index), n=3)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            print(f"quizlint stamp: no question `{qid}` under {', '.join(paths)}{hint}", file=sys.stderr)
        return 2
    files: dict[str, set] = defaultdict(set)
    for qid in ids:
        files[index[qid][0][0]].add(qid)
    if all_:
        for qid, places in index.items():
            files[places[0][0]]
    changed = 0
    for path, wanted in sorted(files.items()):
        try:
            changed += _stamp_file(path, wanted if not all_ else None, lang, print_only)
        except (EditError, ValueError) as exc:
            print(f"quizlint stamp: {exc}", file=sys.stderr)
            return 2
    if not print_only:
        print(f"stamped {changed} translation{'s' if changed != 1 else ''} ({lang})")
    return 0


def mark_reviewed(yf: YamlFile, qpath: tuple, lang: str) -> None:
    """Set ``translations.<lang>`` of the question at ``qpath`` to reviewed, with
    the current source hash; any ``origin`` is kept. Used by stamp and review."""
    q = yf.data[qpath[0]][qpath[1]]
    digest = i18n.source_hash(q, i18n.languages(yf.data)[0])
    state = Flow(source=digest, status="reviewed")  # yamledit quotes a hash like 00012345
    origin = ((q.get("translations") or {}).get(lang) or {}).get("origin")
    if isinstance(origin, dict):
        state["origin"] = Flow({k: Raw(v) if k == "at" and re.fullmatch(r"\d{4}-\d\d-\d\d", str(v)) else v
                                for k, v in origin.items()})
    if "translations" in q:
        yf.set_entry(qpath + ("translations",), lang, state)
    else:
        yf.set_entry(qpath, "translations", {lang: state})


def _stamp_file(path: str, wanted: set | None, lang: str, print_only: bool) -> int:
    yf = YamlFile.read(path)
    langs = i18n.languages(yf.data)
    if lang not in langs[1:]:
        if wanted is None:
            return 0  # --all: this quiz has no such translation
        raise ValueError(f"{path}: `{lang}` is not a translation language of this quiz (languages: {langs})")
    changed = 0
    for i, q in enumerate(yf.data.get("questions", [])):
        qid = q.get("id")
        if wanted is not None and qid not in wanted:
            continue
        digest = i18n.source_hash(q, langs[0])
        if print_only:
            print(f"{path}: {qid} {lang} {digest}")
            continue
        old = (q.get("translations") or {}).get(lang) or {}
        if old.get("source") == digest and old.get("status") == "reviewed":
            continue
        mark_reviewed(yf, ("questions", i), lang)
        changed += 1
    if yf.changed:
        yf.write()
    return changed

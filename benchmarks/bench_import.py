#!/usr/bin/env python3
"""Import a whole public Markdown quiz bank and count what came through.

    python benchmarks/bench_import.py /work/banks/linkedin          # the English files, */*-quiz.md
    python benchmarks/bench_import.py BANK --glob '*/*-quiz*.md'    # every language

The bank (github.com/Ebazhanov/linkedin-skill-assessments-quizzes) is read
from its path and never copied into this repository. Each file goes
through what ``quizlint import`` does (format guess, importer, ``dump``)
into a temporary folder, and ``quizlint check`` then runs on the result.

Besides the counts (files, questions, questions with a key, options,
options with code, source problems, schema errors), it verifies the
import against the source independently of the importer: the text of
every task-list line of the source starts an imported option, and every
fenced code block of the source (found by markdown-it) is in the imported
text, whole. A loss is printed and counted, with a note when its file has
source problems (which say why); the exit code is 1 when something was
lost from a file with no source problem, or a schema error was found
(an error QL0xx/QL1xx).
"""

from __future__ import annotations

import argparse
import collections
import glob
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from quizlint.config import Config  # noqa: E402
from quizlint.formats.importing import import_file, quiz_id_for  # noqa: E402
from quizlint.formats.model import dump  # noqa: E402
from quizlint.linter import lint_paths  # noqa: E402
from quizlint.problem import Severity  # noqa: E402

BOX = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])[^\S\n]+\[[ xX]\](?:[^\S\n]+|$)")


def fences(text: str) -> list[str]:
    from markdown_it import MarkdownIt

    return [t.content.rstrip("\n") for t in MarkdownIt("commonmark").parse(text) if t.type == "fence"]


def texts_of(quiz) -> list[str]:
    out = []
    for q in quiz.questions:
        out += list(q.stem.values()) + list((q.explanation or {}).values())
        for c in q.choices:
            out += list(c.text.values()) + list((c.why or {}).values())
        if q.kind == "free":
            out += list(q.answer.values())
    return out


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bank", help="the bank's folder (a clone)")
    ap.add_argument("--glob", default="*/*-quiz.md", help="which files, under the bank (default: */*-quiz.md)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every source problem")
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(args.bank, args.glob)))
    if not files:
        print(f"no files match {args.glob} under {args.bank}", file=sys.stderr)
        return 2
    n = collections.Counter()
    kinds, messages, lost = collections.Counter(), collections.Counter(), []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        written, ids = [], collections.Counter()
        for path in files:
            quiz_id = quiz_id_for(path)
            ids[quiz_id] += 1
            if ids[quiz_id] > 1:
                quiz_id = f"{quiz_id}-{ids[quiz_id]}"
            fmt, got = import_file(path, fmt_name=None, quiz_id=quiz_id, lang="en")
            n["files"] += 1
            n["problems"] += len(got.problems)
            for p in got.problems:
                messages[re.sub(r"`[^`]*`|\d+", "…", p.message)] += 1
                if args.verbose:
                    print(p)
            source = Path(path).read_text("utf-8-sig")
            n["source options"] += sum(bool(BOX.match(line)) for line in source.splitlines())
            n["source code blocks"] += len(fences(source))
            everything = "\n".join(t for quiz in got.quizzes for t in texts_of(quiz))
            options = [t for quiz in got.quizzes for q in quiz.questions for c in q.choices for t in c.text.values()]
            answers = [t for quiz in got.quizzes for q in quiz.questions if q.kind == "free" for t in q.answer.values()]
            starts = {squash(t.split("\n", 1)[0]) for t in options + answers}
            said = " (the file has source problems)" if got.problems else ""
            for i, line in enumerate(source.splitlines(), 1):
                m = BOX.match(line)
                if m and line[m.end():].strip() and squash(line[m.end():]) not in starts:
                    lost.append((f"{path}:{i}: option not imported: {line.strip()[:60]!r}", said))
            for block in fences(source):
                if block not in everything:
                    lost.append((f"{path}: code block not imported whole: {block[:60]!r}", said))
            for quiz in got.quizzes:
                for q in quiz.questions:
                    n["questions"] += 1
                    kinds[q.kind] += 1
                    n["questions with a key"] += bool(q.keys()) or (q.kind == "free" and bool(q.answer))
                    for c in q.choices:
                        n["options"] += 1
                        t = "\n".join(c.text.values())
                        n["options with code"] += "`" in t
                        n["options with a code block"] += "```" in t or "~~~" in t
                        n["options of several lines"] += "\n" in t.strip()
                target = Path(tmp) / f"{quiz.id}.yaml"
                target.write_text(dump(quiz), "utf-8")
                written.append(str(target))
        t_import = time.perf_counter() - t0
        result = lint_paths([tmp], Config(root=Path(tmp)), use_cache=False)
        t_check = time.perf_counter() - t0 - t_import
    by_code = collections.Counter(p.code for p in result.problems)
    schema_errors = sum(p.code.startswith(("QL0", "QL1")) and p.severity is Severity.ERROR for p in result.problems)
    print(f"bank: {args.bank} ({args.glob})")
    for key in ("files", "questions", "questions with a key", "options", "options with code",  # code: ` or ```
                "options with a code block", "options of several lines", "problems"):
        print(f"{key:28} {n[key]}")
    print(f"{'kinds':28} {dict(kinds)}")
    print(f"{'source task-list lines':28} {n['source options']}  (options imported: {n['options']})")
    silent = [what for what, said in lost if not said]
    print(f"{'source code blocks':28} {n['source code blocks']}")
    print(f"{'not imported':28} {len(lost)} options or code blocks, {len(silent)} of them in files "
          f"with no source problem")
    print(f"{'schema errors (QL0xx/QL1xx)':28} {schema_errors}  (errors of the loader and the schema)")
    print(f"{'check: errors / warnings':28} {result.errors} / {result.warnings}")
    print(f"{'time: import / check':28} {t_import:.1f} s / {t_check:.1f} s")
    print("source problems by kind:")
    for msg, c in messages.most_common():
        print(f"  {c:5}  {msg}")
    print("check findings by code:", ", ".join(f"{k} {v}" for k, v in sorted(by_code.items())))
    for what, said in lost:
        print(what + said)
    return 1 if silent or schema_errors else 0


if __name__ == "__main__":
    sys.exit(main())

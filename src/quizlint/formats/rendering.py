"""Render checked quizzes as readable pages (MkDocs Material or standalone HTML).

``quizlint render PATHS... -o DIR [--format mkdocs|html]
[--answers inline|collapsed|end|none] [--lang LANG...]``. The quizzes come
through the lint gate (:mod:`quizlint.formats.gate`): a file with an error
stops the render and nothing is written. A student page (``--answers
none``) never holds a draft: a draft stops that render too. Reviewer pages
(any other ``--answers``) show drafts, marked as drafts. Stale or
unreviewed translations are marked on their pages either way.
"""

from __future__ import annotations

import re

from quizlint import formats
from quizlint.errors import UsageError
from quizlint.formats.gate import checked_quizzes
from quizlint.formats.output import default_paths, write_files
from quizlint.formats.page import ANSWERS, Options

_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # the schema's language tag


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="*", help="quiz files or directories (default: `paths` from config)")
    p.add_argument("-o", "--out", default="pages", help="output folder (default: pages/)")
    p.add_argument("--format", default="mkdocs", choices=formats.names("render"),
                   help="mkdocs: Markdown pages and mkdocs.yml; html: self-contained pages (default: mkdocs)")
    p.add_argument("--answers", default="inline", choices=ANSWERS,
                   help="where answers go: inline, collapsed (click to open), end (all at the end), "
                        "none (a student copy: no answers, and drafts refused). Default: inline")
    p.add_argument("--lang", nargs="+", action="extend", metavar="LANG",
                   help="render only these languages (default: every language of each quiz)")


def run(args, config) -> int:
    langs = tuple(dict.fromkeys(args.lang or ()))
    bad = [lg for lg in langs if not _LANG.match(lg)]
    if bad:
        raise UsageError(f"--lang: `{bad[0]}` is not a language tag (put --lang after the paths)")
    fmt = formats.FORMATS[args.format]  # argparse checked it against formats.names("render")
    paths = default_paths(args, config)
    quizzes = checked_quizzes(paths, config, allow_drafts=args.answers != "none")
    if langs:
        known = {lg for q in quizzes for lg in q.languages}
        missing = [lg for lg in langs if lg not in known]
        if missing:
            raise UsageError(f"--lang {', '.join(missing)}: no quiz under {', '.join(paths)} has that language")
    options = Options(answers=args.answers, langs=langs, root=config.root)
    files = fmt.load().render(quizzes, options)
    written = write_files(files, args.out)
    for path in written:
        print(path)
    pages = sum(1 for p in written if p.suffix in (".md", ".html"))
    if args.format == "mkdocs":
        print(f"{pages} pages in {args.out}/docs; view them with `mkdocs serve -f {args.out}/mkdocs.yml`")
    else:
        print(f"{pages} pages in {args.out}; open {args.out}/index.html")
    return 0

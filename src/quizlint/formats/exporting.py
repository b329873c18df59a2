"""Export checked quizzes to Canvas QTI, Moodle XML, GIFT, Anki, Aiken or text2qti.

Runs the gate first (:mod:`quizlint.formats.gate`): a file with an error,
a refuted check or a draft stops the export and nothing is written.
"""

from __future__ import annotations

from quizlint import formats
from quizlint.formats.gate import checked_quizzes
from quizlint.formats.output import default_paths, write_files


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="*", help="quiz files or directories (default: `paths` from config)")
    p.add_argument("--to", required=True, choices=formats.names("export"), help="target format")
    p.add_argument("-o", "--out", default="export", help="output folder (default: export/)")
    p.add_argument("--lang", help="export one language only (default: every language the format can hold)")


def run(args, config) -> int:
    fmt = formats.get(args.to, "export")
    quizzes = checked_quizzes(default_paths(args, config), config)
    if args.lang:
        missing = [q.id for q in quizzes if args.lang not in q.languages]
        if missing:
            from quizlint.errors import UsageError

            raise UsageError(f"--lang {args.lang}: not a language of {', '.join(missing)}")
    files = fmt.load().export(quizzes, lang=args.lang)
    for path in write_files(files, args.out):
        print(path)
    return 0

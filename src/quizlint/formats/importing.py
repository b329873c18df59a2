"""Import quizzes from Markdown, lettered text, GIFT, Moodle XML, Anki/CSV, Aiken or text2qti.

``quizlint import SOURCE...`` reads each source with the importer its
format names (``--from``, else guessed from the content and the extension:
:func:`quizlint.formats.guess`), writes one v1 file per quiz with
:func:`quizlint.formats.model.dump`, and then runs ``quizlint check`` on
what it wrote and shows the report. Nothing is written over an existing
file without ``--force``, and nothing at all when any target is refused.

Quiz ids are ``--quiz``, else the source file's name made an id; question
ids are the importer's (the source numbering with the quiz id in front),
so importing the same source again gives the same ids and the same bytes.

Exit codes: 0 written and clean, 1 source problems or check errors, 2 usage.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from quizlint import formats
from quizlint.errors import CommandFailed, UsageError
from quizlint.loader import MAX_BYTES


def add_arguments(p) -> None:
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="files to import")
    p.add_argument("--from", dest="source_format", choices=formats.names("read"),
                   help="the sources' format (default: guessed from content and extension)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="FILE",
                     help="write the one imported quiz to FILE (its quiz id: FILE's name, unless --quiz)")
    out.add_argument("--out-dir", metavar="DIR", help="write <quiz-id>.yaml files here (default: data/quizzes)")
    p.add_argument("--quiz", metavar="ID", help="quiz id, and the prefix of question ids (default: the file name)")
    p.add_argument("--lang", metavar="LANG", help="the sources' language (default: the first of `languages`)")
    p.add_argument("--dry-run", action="store_true", help="print the files instead of writing them")
    p.add_argument("--force", action="store_true", help="overwrite files that already exist")


def _pattern(*keys) -> re.Pattern:
    """A pattern of the JSON Schema (the one definition of ids and language tags)."""
    from quizlint.schema import schema_text

    node = json.loads(schema_text())
    for k in keys:
        node = node[k]
    return re.compile(node["pattern"])


def quiz_id_for(path: str) -> str:
    """An id made from a file name: ``Python Quiz.ja.md`` -> ``python-quiz-ja``."""
    name = Path(path).name
    stem = name[: -len(Path(name).suffix)] if Path(name).suffix else name
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "quiz"


def read_source(path: str) -> str:
    """The text of one source file, refused when it is not a file, too large or not UTF-8."""
    from quizlint.tree import read_regular

    try:
        raw = read_regular(path, MAX_BYTES)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if raw is None:
        raise CommandFailed(f"{path}: larger than {MAX_BYTES // 1_000_000} MB; split it before importing")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandFailed(f"{path}: not UTF-8 (byte {exc.start}); convert it first, "
                            f"e.g. `iconv -f latin1 -t utf-8`") from None


def import_file(path: str, *, fmt_name: str | None, quiz_id: str, lang: str,
                given_id: str | None = None, given_lang: str | None = None):
    """``(format, Imported)`` for one source file.

    A reader whose ``quiz_id``/``lang`` default to None can take them from
    the source itself (GIFT's ``$CATEGORY:``, a declared language); it gets
    only what the user gave. The others get ``quiz_id`` and ``lang``."""
    import inspect

    text = read_source(path)
    fmt = formats.get(fmt_name, "read") if fmt_name else formats.guess(path, text)
    read = fmt.load().read
    params = inspect.signature(read).parameters
    own = lambda name: name in params and params[name].default is None  # noqa: E731
    return fmt, read(text, path, quiz_id=given_id if own("quiz_id") else quiz_id,
                     lang=given_lang if own("lang") else lang)


def _targets(quizzes: list, args, config) -> list[Path]:
    if args.output:
        if len(quizzes) != 1:
            raise UsageError(f"-o takes one quiz, and the sources hold {len(quizzes)}; use --out-dir")
        return [Path(args.output)]
    folder = Path(args.out_dir) if args.out_dir else config.root / "data" / "quizzes"
    names = [q.id for q in quizzes]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError(f"two sources make the same quiz id ({', '.join(twice)}); import them one at a time "
                         f"with --quiz")
    return [folder / f"{q.id}.yaml" for q in quizzes]


def run(args, config) -> int:
    from quizlint.report.escape import escape_controls

    lang = args.lang or config.languages[0]
    if not _pattern("properties", "languages", "items").match(lang):
        raise UsageError(f"--lang {lang}: not a language tag (such as en, es, pt-BR)")
    if args.quiz and not _pattern("properties", "quiz").match(args.quiz):
        raise UsageError(f"--quiz {args.quiz}: an id is lowercase letters, digits and hyphens (q-04)")
    if args.quiz and len(args.sources) > 1:
        raise UsageError("--quiz names one quiz: import one source at a time with it")
    given = args.quiz or (quiz_id_for(args.output) if args.output else None)

    quizzes, problems, made_by, read_as = [], [], {}, []
    for src in args.sources:
        fmt, got = import_file(src, fmt_name=args.source_format, quiz_id=given or quiz_id_for(src), lang=lang,
                               given_id=given, given_lang=args.lang)
        problems += got.problems
        for q in got.quizzes:
            made_by[id(q)] = (src, fmt.name)
        quizzes += got.quizzes
        read_as.append(f"{src} as {fmt.name}")
    for p in problems:
        print(escape_controls(p), file=sys.stderr)
    if not quizzes:
        raise CommandFailed(f"no question found (read {'; '.join(read_as)}); if that is the wrong format, "
                            f"name it with --from")

    targets = _targets(quizzes, args, config)
    texts = [_file_text(q, *made_by[id(q)]) for q in quizzes]
    if args.dry_run:
        for target, text in zip(targets, texts):
            print(f"# --- {target} (not written)\n{text}", end="")
        return 1 if problems else 0
    there = [str(t) for t in targets if os.path.lexists(t)]
    if there and not args.force:
        raise CommandFailed(f"already there, not overwritten (use --force): {', '.join(there)}")
    from quizlint.atomic import write_atomic

    for target, text, quiz in zip(targets, texts, quizzes):
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8"))
        print(f"wrote {escape_controls(target)} ({len(quiz.questions)} questions)", file=sys.stderr)
    checked = _check([str(t) for t in targets], config)
    return 1 if problems or checked else 0


def _file_text(quiz, source: str, fmt: str) -> str:
    from quizlint.formats.model import dump

    return dump(quiz, header=f"Imported from {Path(source).name} ({fmt}) by `quizlint import`.")


def _check(paths: list[str], config) -> int:
    """``quizlint check`` on the written files, its text report on stdout; the exit code."""
    from quizlint import report
    from quizlint.linter import lint_paths

    tree = [str(config.root / p) for p in config.paths if (config.root / p).exists()]
    result = lint_paths(paths, config, tree=tree + paths)
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    fmt = report.get("text", sys.stdout, color)
    fmt.start()
    for p in result.problems:
        fmt.problem(p)
    fmt.finish(result)
    return result.exit_code

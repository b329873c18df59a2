"""Command line: ``quizlint check|rules|explain|schema|stamp|suggest|review``,
and the commands in :data:`COMMANDS` (import, export, render, init, critique).

Exit codes: 0 clean (warnings allowed), 1 errors found, 2 usage or config
error (or, for suggest/review, nothing could be done).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from quizlint import __version__
from quizlint.errors import QuizlintError, UsageError


def _command_of(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` (skipping global options), if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--config":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


# Commands that live in their own module: ``add_arguments(parser)`` and
# ``run(args, config) -> int``. The help line is the module docstring's first line.
COMMANDS = {
    "import": "quizlint.formats.importing",
    "export": "quizlint.formats.exporting",
    "render": "quizlint.formats.rendering",
    "init": "quizlint.init",
    "critique": "quizlint.critique.command",
}


def _command_module(name: str):
    import importlib
    import importlib.util

    try:
        if importlib.util.find_spec(COMMANDS[name]) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(COMMANDS[name])


def _parser(model_side: bool = True, command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; the suggest/review parts only when ``model_side``.

    `check` must not import the model side at all, so its arguments are
    only defined for the commands (and the help) that need them.
    """
    p = argparse.ArgumentParser(prog="quizlint", description="Lint, prove and draft course quizzes kept as YAML.")
    p.add_argument("--version", action="version", version=f"quizlint {__version__}")
    p.add_argument("--config", metavar="PYPROJECT", help="pyproject.toml to read [tool.quizlint] from")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="validate and lint quiz files")
    c.add_argument("paths", nargs="*", help="files or directories (default: `paths` from config, else data/)")
    from quizlint import report

    c.add_argument("--format", choices=report.names(), default="text", help="output format (default: text)")
    c.add_argument("--select", help="comma-separated code prefixes to report (overrides config)")
    c.add_argument("--ignore", help="comma-separated code prefixes to drop (added to config)")
    c.add_argument("--no-cache", action="store_true", help="neither read nor write .quizlint_cache")
    c.add_argument("--tree", action="append",
                   help="also check ids against the files under this directory (default: config paths)")
    c.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    c.add_argument("--output", "-o", help="write the report to this file instead of stdout")
    c.add_argument("--statistics", action="store_true",
                   help="print one line per code (count, code, name, severity) instead of the problems")
    c.add_argument("--errors-only", action="store_true", help="report errors only, not warnings")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors are found")
    c.add_argument("--baseline", metavar="FILE",
                   help="report only problems not recorded in this baseline (default: `baseline` from config)")
    c.add_argument("--write-baseline", metavar="FILE",
                   help="record today's problems in FILE (entries of unchecked files are kept) and exit 0")

    sub.add_parser("rules", help="list every rule code with its summary")
    e = sub.add_parser("explain", help="print a rule's documentation")
    e.add_argument("code", help="a rule code such as QL301")
    s = sub.add_parser("schema", help="print the JSON Schema (or its path)")
    s.add_argument("--path", action="store_true", help="print the file path instead of the content")

    st = sub.add_parser("stamp", help="mark a question's translation as reviewed for the current source text")
    st.add_argument("ids", nargs="*", help="question ids (default with --all: every question)")
    st.add_argument("--lang", required=True, help="the translation language, e.g. es")
    st.add_argument("--all", action="store_true", help="stamp every question that carries this language")
    st.add_argument("--print", dest="print_only", action="store_true", help="print the hashes, change nothing")
    st.add_argument("--paths", nargs="*", help="data tree (default: config paths)")

    for name in COMMANDS:  # imported only for their own run or the help, never for `check`
        module = _command_module(name) if command in (None, name) else None
        if module is not None:
            doc = (module.__doc__ or "").strip().splitlines()
            line = doc[0].rstrip(".") if doc else ""
            module.add_arguments(sub.add_parser(name, help=line[:1].lower() + line[1:] or None))

    if model_side:
        from quizlint.suggest import command as suggest_command

        sg = sub.add_parser("suggest", help="draft distractors / translations with a local model")
        suggest_command.add_suggest_arguments(sg)
        rv = sub.add_parser("review", help="accept, edit or reject drafts")
        suggest_command.add_review_arguments(rv)
    return p


def _config(args):
    from quizlint import config as cfg

    return cfg.load(Path(args.config) if args.config else None)


def _split(value: str | None) -> tuple:
    return tuple(x.strip().upper() for x in value.split(",") if x.strip()) if value else ()


def cmd_check(args) -> int:
    from quizlint import report
    from quizlint.linter import lint_paths

    from quizlint.rules import all_codes

    config = _config(args)
    for prefix in _split(args.select) + _split(args.ignore):
        if not any(code.startswith(prefix) for code in all_codes()):
            raise UsageError(f"no rule code starts with `{prefix}` (see `quizlint rules`)")
    if args.statistics and args.format not in ("text", "json"):
        raise UsageError("--statistics prints text or json; drop --format " + args.format)
    if args.select:
        config = replace(config, select=_split(args.select))
    if args.ignore:
        config = replace(config, ignore=config.ignore + _split(args.ignore))
    default_paths = [str(config.root / p) if not Path(p).is_absolute() else p for p in config.paths]
    paths = args.paths or default_paths
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    tree = args.tree or default_paths
    result = lint_paths(paths, config, use_cache=not args.no_cache, tree=tree, jobs=args.jobs)

    from quizlint import baseline
    from quizlint.problem import Severity

    known = all_codes()

    def reported(code: str, path: str) -> bool:  # could this run have reported `code`?
        sev = config.severity_of(code, known[code].severity) if code in known else Severity.ERROR
        return config.enabled(code, path) and not (args.errors_only and sev is not Severity.ERROR)

    scope = baseline.Scope(paths, config.root, reported)
    if args.write_baseline:
        fresh = baseline.entries_for(result.problems, config.root)
        old = baseline.read(args.write_baseline) if os.path.exists(args.write_baseline) else []
        entries = baseline.merged(old, fresh, scope)
        baseline.write(args.write_baseline, entries)
        print(f"quizlint: wrote {len(entries)} entr{'ies' if len(entries) != 1 else 'y'} to baseline "
              f"{args.write_baseline} ({len(fresh)} from this run)", file=sys.stderr)
        return 0
    notes: list[str] = []
    base_file = args.baseline or getattr(config, "baseline", None)  # `baseline` in [tool.quizlint]
    if base_file:
        if not args.baseline and not Path(base_file).is_absolute():
            base_file = str(config.root / base_file)
        applied = baseline.apply(result.problems, baseline.read(base_file), scope)
        result = replace(result, problems=applied.new)
        notes = applied.notes(base_file)
    if args.errors_only:
        result = replace(result, problems=[p for p in result.problems if p.severity is Severity.ERROR])

    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        if args.statistics:
            from quizlint.report import statistics

            statistics.write(out, result.problems, args.format)
            for line in notes:
                print(line, file=sys.stderr)
        else:
            color = out is sys.stdout and out.isatty() and "NO_COLOR" not in os.environ
            fmt = report.get(args.format, out, color)
            fmt.start(total=len(result.problems))
            for p in result.problems:
                fmt.problem(p)
            for line in notes:
                fmt.note(line)
            fmt.finish(result)
            if not fmt.shows_notes:
                for line in notes:
                    print(line, file=sys.stderr)
    finally:
        if out is not sys.stdout:
            out.close()
    return 0 if args.exit_zero else result.exit_code


def cmd_rules(args) -> int:
    from quizlint.rules import all_codes

    for code, c in all_codes().items():
        print(f"{code}  {c.name:<28} {c.severity.value:<8} {c.summary}")
    return 0


def cmd_explain(args) -> int:
    from quizlint import codes
    from quizlint.rules import all_codes

    known = all_codes()
    c = known.get(args.code.upper())
    if c is None:
        import difflib

        near = difflib.get_close_matches(args.code.upper(), list(known), n=3)
        raise UsageError(f"unknown rule code {args.code}" + (f"; did you mean {', '.join(near)}?" if near else ""))
    print(f"{c.code} {c.name} ({c.severity.value})\n")
    print(c.doc)
    from quizlint.rules import tiers

    measured = tiers.describe(c.code)  # a rule's measured precision (rules/precision.json)
    if measured and measured not in c.doc:
        print(f"\n{measured}")
    if c is codes.EXPRESSION_REJECTED:
        from quizlint.symbolic.syntax import CONSTANTS, FUNCTIONS  # the allow-list itself (no SymPy)

        print(f"\nAllowed functions: {', '.join(sorted(FUNCTIONS))}.\n"
              f"Constants: {', '.join(CONSTANTS)}. Every other name is a plain symbol.")
    return 0  # a rule's options are part of its doc (rules.base.rule)


def cmd_schema(args) -> int:
    from importlib import resources

    from quizlint import schema

    if args.path:
        print(resources.files("quizlint").joinpath(schema.SCHEMA_RESOURCE))
    else:
        sys.stdout.write(schema.schema_text())
    return 0


def cmd_stamp(args) -> int:
    from quizlint import stamp

    config = _config(args)
    paths = args.paths or [str(config.root / p) for p in config.paths]
    return stamp.run(args.ids, args.lang, paths, default_languages=config.languages, all_=args.all,
                     print_only=args.print_only)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = _command_of(argv)
    parser = _parser(model_side=command in (None, "suggest", "review"), command=command)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors by exiting
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command in ("suggest", "review"):
            from quizlint.suggest import command

            return command.suggest_main(args) if args.command == "suggest" else command.review_main(args)
        if args.command in COMMANDS:
            return _command_module(args.command).run(args, _config(args))
        return {"check": cmd_check, "rules": cmd_rules, "explain": cmd_explain,
                "schema": cmd_schema, "stamp": cmd_stamp}[args.command](args)
    except QuizlintError as exc:  # the only place errors are printed
        from quizlint.report.escape import escape_controls

        print(f"quizlint: error: {escape_controls(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("quizlint: interrupted", file=sys.stderr)
        return 130


def main_entry() -> None:
    """Console-script entry point: the only place that exits."""
    try:
        sys.stdout.reconfigure(errors="replace")
    except AttributeError:
        pass
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `quizlint check | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.exit(code)

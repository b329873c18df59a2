"""`quizlint suggest` and `quizlint review`: arguments and entry points.

Both return an exit code and never call ``sys.exit``; a usage error or a
failure the user can act on is raised (UsageError, CommandFailed, from
:mod:`quizlint.errors`) for the CLI to print, exit 2. Importing this module
does not import llama_cpp.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quizlint.errors import CommandFailed, UsageError
from quizlint.index import find_questions


def add_suggest_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="question ids to draft for")
    parser.add_argument("--all", action="store_true", help="every question in the data tree")
    parser.add_argument("--distractors", type=int, default=0, metavar="N",
                        help="draft N new wrong choices (single/multi questions, by the model) or N "
                        "common wrong answers (numeric/symbolic questions, proved wrong, no model)")
    parser.add_argument("--translate", metavar="LANG", help="draft missing or stale LANG text (e.g. es)")
    parser.add_argument("--dry-run", action="store_true", help="print a unified diff, write nothing")
    parser.add_argument("--model", help="GGUF file, or a bundled model: smollm2, gemma3 "
                        "(default: the best bundled model per task; env QUIZLINT_MODEL)")
    parser.add_argument("--endpoint", metavar="URL", help="OpenAI-compatible server instead of a local model")
    parser.add_argument("--seed", type=int, default=None, help="sampling seed (default 42)")
    parser.add_argument("--max-tokens", type=int, default=None, help="tokens per answer (default 256)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per answer (default 120)")
    parser.add_argument("--n-gpu-layers", type=int, default=None,
                        help="layers to offload (default: all when a GPU build is present)")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default: half the cores)")
    parser.add_argument("--paths", nargs="*", default=None, help="data tree (default: config paths or data)")


def add_review_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="question ids (default: every draft)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--accept", action="store_true", help="accept every selected draft")
    group.add_argument("--reject", action="store_true", help="reject (remove) every selected draft")
    parser.add_argument("--paths", nargs="*", default=None, help="data tree (default: config paths or data)")


# ------------------------------------------------------------------ helpers

def _settings(args) -> dict:
    """``[tool.quizlint.llm]`` merged under the command-line flags (ConfigError for a bad config)."""
    from quizlint import config as cfg

    conf = cfg.load(Path(args.config) if getattr(args, "config", None) else None)
    llm = dict(conf.llm)
    paths = [str(conf.root / p) if not Path(p).is_absolute() else p for p in conf.paths] or ["data"]
    pick = lambda flag, key, default=None: flag if flag is not None else llm.get(key, default)  # noqa: E731
    return {
        "model": getattr(args, "model", None) or os.environ.get("QUIZLINT_MODEL") or llm.get("model"),
        "endpoint": pick(getattr(args, "endpoint", None), "endpoint"),
        "seed": pick(getattr(args, "seed", None), "seed", 42),
        "max_tokens": pick(getattr(args, "max_tokens", None), "max-tokens", 256),
        "timeout": pick(getattr(args, "timeout", None), "timeout", 120.0),
        "n_gpu_layers": pick(getattr(args, "n_gpu_layers", None), "n-gpu-layers"),
        "threads": pick(getattr(args, "threads", None), "threads"),
        "paths": args.paths or paths,
        "config": conf,
    }


# ------------------------------------------------------------------ entry points

def suggest_main(args: argparse.Namespace) -> int:
    from quizlint.yamledit import EditError

    from .backend import BackendError
    from .models import ModelError
    from .run import Suggester

    if not args.ids and not args.all:
        raise UsageError("name question ids or pass --all")
    if args.ids and args.all:
        raise UsageError("pass question ids or --all, not both")
    if not args.distractors and not args.translate:
        raise UsageError("nothing to do: pass --distractors N and/or --translate LANG")
    if args.distractors < 0 or args.distractors > 6:
        raise UsageError("--distractors must be between 1 and 6")
    settings = _settings(args)
    targets = find_questions(settings["paths"], None if args.all else args.ids)
    try:
        return Suggester(args, settings).run(targets)
    except (ModelError, BackendError, EditError, OSError) as exc:
        raise CommandFailed(str(exc)) from None
    except KeyboardInterrupt:
        print("\ninterrupted; files already written are kept, run again to resume", file=sys.stderr)
        return 130


def review_main(args: argparse.Namespace) -> int:
    from quizlint.yamledit import EditError

    from .review import Reviewer

    settings = _settings(args)
    targets = find_questions(settings["paths"], args.ids or None)
    try:
        return Reviewer(args, settings["config"]).run(targets)
    except (EditError, OSError) as exc:
        raise CommandFailed(str(exc)) from None
    except (KeyboardInterrupt, EOFError):
        print("\nstopped; decisions already made are saved", file=sys.stderr)
        return 130

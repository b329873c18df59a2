"""Ask a language model what rules cannot judge (implausible distractors, ambiguity, ...).

``quizlint critique ID... | --all``: each question is judged on each
criterion that applies to it (see :data:`quizlint.critique.judge.CRITERIA`)
by the bundled local model or an OpenAI-compatible endpoint (the backends
and ``[tool.quizlint.llm]`` settings of `suggest`). Flaws are reported as
QL801-QL807 warnings, unusable answers as QL809, in the text or json
format of `check`. Advice only: the exit code is 0 unless nothing could be
run (2). Importing this module imports no model code.
"""

from __future__ import annotations

import sys

from quizlint.errors import CommandFailed, UsageError

from quizlint.codes import CRITIQUE

CRITERIA = tuple(CRITIQUE)   # one code per criterion, declared in quizlint.codes


def add_arguments(parser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="question ids to critique")
    parser.add_argument("--all", action="store_true", help="every question in the data tree")
    parser.add_argument("--criteria", help=f"comma-separated criteria (default: all of {', '.join(CRITERIA)})")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--model", help="GGUF file, or a bundled model: smollm2, gemma3 (default: smollm2; "
                        "env QUIZLINT_MODEL)")
    parser.add_argument("--endpoint", metavar="URL", help="OpenAI-compatible server instead of a local model")
    parser.add_argument("--seed", type=int, default=None, help="seed (default 42; decoding is greedy)")
    parser.add_argument("--max-tokens", type=int, default=None, help="tokens per answer (default 160)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per answer (default 120)")
    parser.add_argument("--n-gpu-layers", type=int, default=None,
                        help="layers to offload (default: all when a GPU build is present)")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default: half the cores)")
    parser.add_argument("--paths", nargs="*", default=None, help="data tree (default: config paths or data)")


def _criteria(value: str | None) -> list[str]:
    if not value:
        return list(CRITERIA)
    wanted = [c.strip() for c in value.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in CRITERIA]
    if unknown:
        raise UsageError(f"unknown criterion {unknown[0]!r}; known: {', '.join(CRITERIA)}")
    return wanted


def make_backend(settings: dict):
    """The backend `suggest` would use, for the critique (default model: smollm2, an instruct model)."""
    from quizlint.suggest import models
    from quizlint.suggest.backend import HttpBackend, LlamaBackend

    if settings["endpoint"]:
        return HttpBackend(settings["endpoint"], settings["model"])
    path, name = models.resolve(settings["model"], "distractors")
    backend = LlamaBackend(path, name, n_threads=settings["threads"], n_gpu_layers=settings["n_gpu_layers"])
    print(f"model {backend.name} on {backend.device}", file=sys.stderr)
    return backend


def _progress(i: int, n: int, qid: str, on: bool) -> None:
    if not on:
        return
    width = 30
    fill = int(width * i / max(n, 1))
    sys.stderr.write(f"\r[{'#' * fill}{'.' * (width - fill)}] {i}/{n} {qid:<20}"[:200])
    if i == n:
        sys.stderr.write("\n")
    sys.stderr.flush()


def run(args, config) -> int:
    from quizlint.index import find_questions
    from quizlint.suggest.backend import BackendError
    from quizlint.suggest.command import _settings
    from quizlint.suggest.models import ModelError

    from . import report

    if not args.ids and not args.all:
        raise UsageError("name question ids or pass --all")
    if args.ids and args.all:
        raise UsageError("pass question ids or --all, not both")
    criteria = _criteria(args.criteria)
    settings = _settings(args)
    targets = find_questions(settings["paths"], None if args.all else args.ids)
    order = sorted(targets, key=lambda q: targets[q])
    try:
        backend = make_backend(settings)
        return report.run(backend, order, targets, criteria, settings, args,
                          progress=lambda i, qid: _progress(i, len(order), qid, args.all and sys.stderr.isatty()))
    except (ModelError, BackendError, OSError) as exc:
        raise CommandFailed(str(exc)) from None
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130

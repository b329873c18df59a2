"""Rule registry: every module in this package registers its rules on import.

:func:`run` is the one place rules run: `check` (through :func:`problems`)
and the model side (through :func:`question_findings`) both call it.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Iterator

from quizlint import codes, i18n
from quizlint.codes import Code
from quizlint.rules.base import REGISTRY, FileContext, Finding, QuestionContext, Rule, core_code, rule

__all__ = ["REGISTRY", "FileContext", "Finding", "QuestionContext", "Rule", "all_codes", "all_rules",
           "core_code", "problems", "question_findings", "rule", "run"]

#: "document" rules see any loaded document, "file" rules a schema-valid
#: file, "question" rules each schema-valid question
SCOPES = ("document", "file", "question")

_loaded = False


def all_rules() -> dict[str, Rule]:
    """Every rule, sorted by code (imports the rule modules once)."""
    global _loaded
    if not _loaded:
        for info in pkgutil.iter_modules(__path__):
            if info.name != "base":
                importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return dict(sorted(REGISTRY.items()))


def all_codes() -> dict[str, Code]:
    """Every code quizlint reports, sorted: the core ones (quizlint.codes) and every rule's."""
    all_rules()
    return dict(sorted(codes.CODES.items()))


def run(fctx: FileContext, config=None, *, skip=frozenset(), prefixes: tuple = ("QL",),
        scopes: tuple = SCOPES, where: str | None = None) -> Iterator[tuple[Rule, Finding, int | None]]:
    """``(rule, finding, question index or None)`` for every enabled rule of ``scopes``.

    ``skip`` holds what the schema refused (question indexes, ``"file"`` for
    the rest): file rules run only when it is empty, question rules only on
    the questions it does not hold. ``where`` is the path that per-path
    ignores match (None: none apply). Without a ``config`` every rule runs
    with its default options, as under the default ``[tool.quizlint]``.
    """
    questions = fctx.data.get("questions") if isinstance(fctx.data.get("questions"), list) else []
    for r in all_rules().values():
        if r.scope not in scopes or not r.code.startswith(prefixes) or \
                (config is not None and not config.enabled(r.code, where)):
            continue
        opts = config.options_for(r.code, r.options) if config is not None else dict(r.options)
        if r.scope == "question":
            for i, q in enumerate(questions):
                if i not in skip and isinstance(q, dict):
                    yield from ((r, f, i) for f in r.func(QuestionContext(fctx, i, q), opts))
        elif r.scope == "document" or not skip:
            yield from ((r, f, None) for f in r.func(fctx, opts))


def problems(doc, config, skip=frozenset()) -> list:
    """What the rules say about a loaded document (a ``quizlint.loader.Document``), as Problems."""
    data = doc.data if isinstance(doc.data, dict) else {}
    fctx = FileContext(doc.path, data, i18n.languages(data, config.languages), config.glossaries())
    out = []
    for r, finding, i in run(fctx, config, skip=skip, where=doc.path):
        path = (() if i is None else ("questions", i)) + tuple(finding.path)
        line, col = doc.key_pos(path) if finding.at_key else doc.pos(path)
        qid = None if i is None else QuestionContext(fctx, i, data["questions"][i]).id
        out.append(codes.CODES[r.code].at(doc.path, line, col, finding.message, qid))
    return out


def question_findings(question: dict, languages: list[str], config=None,
                      prefixes: tuple = ("QL",)) -> list[tuple[Rule, Finding]]:
    """What the question-scope rules whose code starts with ``prefixes`` say
    about one question, as `check` would run them (``config`` selects and
    sets options). The model side asks this before it keeps a draft."""
    fctx = FileContext("<draft>", {"languages": list(languages), "questions": [question]}, list(languages),
                       config.glossaries() if config is not None else {})
    return [(r, f) for r, f, _ in run(fctx, config, prefixes=prefixes, scopes=("question",))]

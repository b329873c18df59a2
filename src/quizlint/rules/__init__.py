"""Rule registry: every module in this package registers its rules on import."""

from __future__ import annotations

import importlib
import pkgutil

from quizlint.rules.base import REGISTRY, FileContext, Finding, QuestionContext, Rule, core_code, rule

__all__ = ["REGISTRY", "FileContext", "Finding", "QuestionContext", "Rule", "all_rules", "core_code", "rule"]

_loaded = False


def all_rules() -> dict[str, Rule]:
    """Every known code, sorted, with its rule (imports the rule modules once)."""
    global _loaded
    if not _loaded:
        for info in pkgutil.iter_modules(__path__):
            if info.name != "base":
                importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return dict(sorted(REGISTRY.items()))


def question_findings(question: dict, languages: list[str], config=None,
                      prefixes: tuple = ("QL",)) -> list[tuple[Rule, Finding]]:
    """What the question-scope rules whose code starts with ``prefixes`` say
    about one question, as `check` would run them (``config`` selects and
    sets options). The model side asks this before it keeps a draft."""
    from quizlint.config import Config

    config = config or Config()
    fctx = FileContext("<draft>", {"languages": list(languages), "questions": [question]}, list(languages))
    qctx = QuestionContext(fctx, 0, question)
    out = []
    for r in all_rules().values():
        if r.func is None or r.scope != "question" or not r.code.startswith(prefixes) \
                or not config.enabled(r.code):
            continue
        out.extend((r, f) for f in r.func(qctx, config.options_for(r.code, r.options)))
    return out

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

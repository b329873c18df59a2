"""The rule type, the registry, and what a rule sees.

A rule is a function decorated with :func:`rule`. Its docstring is its
documentation (first line: the summary shown by ``quizlint rules``). It
yields :class:`Finding` objects; the linter turns them into Problems with
the node's line:column, the rule's code, name and severity.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from quizlint import i18n
from quizlint.problem import Severity


@dataclass(frozen=True)
class Finding:
    """A rule's complaint: where (a path) and what to do (a message).

    For question rules ``path`` is relative to the question, e.g.
    ``("choices", 2, "text")``; for file rules it is absolute. ``key=True``
    points at the key instead of its value.
    """

    path: tuple
    message: str
    key: bool = False


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scope: str            # "question", "file", or "core" (built-in, no function)
    doc: str
    options: dict = field(default_factory=dict)
    func: Callable[..., Iterable[Finding]] | None = None

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""


REGISTRY: dict[str, Rule] = {}


def _register(r: Rule) -> None:
    if r.code in REGISTRY:
        raise ValueError(f"rule code {r.code} registered twice")
    REGISTRY[r.code] = r


def rule(code: str, name: str, severity: Severity = Severity.WARNING, *,
         scope: str = "question", options: dict | None = None):
    """Register the decorated function as rule ``code``."""

    def deco(func):
        _register(Rule(code, name, severity, scope, inspect.cleandoc(func.__doc__ or ""),
                       dict(options or {}), func))
        return func

    return deco


def core_code(code: str, name: str, severity: Severity, doc: str) -> None:
    """Register a code that the loader, schema or linter reports itself."""
    _register(Rule(code, name, severity, "core", inspect.cleandoc(doc)))


@dataclass
class FileContext:
    path: str
    data: dict
    languages: list[str]

    @property
    def source_lang(self) -> str:
        return self.languages[0]


@dataclass
class QuestionContext:
    file: FileContext
    index: int
    question: dict

    @property
    def id(self) -> str | None:
        qid = self.question.get("id")
        return qid if isinstance(qid, str) else None

    @property
    def kind(self) -> str | None:
        return self.question.get("kind")

    @property
    def languages(self) -> list[str]:
        return self.file.languages

    @property
    def source_lang(self) -> str:
        return self.file.source_lang

    def text(self, value: Any, lang: str | None = None) -> str | None:
        """``value`` (a localized text) in ``lang`` (default: the source language)."""
        return i18n.text_in(value, lang or self.source_lang, self.source_lang)

    @property
    def choices(self) -> list[dict]:
        cs = self.question.get("choices")
        return [c for c in cs if isinstance(c, dict)] if isinstance(cs, list) else []

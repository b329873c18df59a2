"""The rule type, the registry, and what a rule sees.

A rule is a function decorated with :func:`rule`. Its docstring is its
documentation (first line: the summary shown by ``quizlint rules``). It
yields :class:`Finding` objects; the linter turns them into Problems with
the node's line:column, the rule's code, name and severity.

The decorator declares what rules would otherwise repeat: typed options
with one default each (:class:`Option`, validated when the config is
loaded), the question kinds a rule applies to, and whether it runs once
per language of the file.

Every rule's docstring shows a ``Flawed:`` and a ``Fixed:`` example, each a
```` ```yaml ```` block, and tests/rules/test_rule_docs.py runs them: the
rule must fire on the first and not on the second, which must be a valid
quiz file. An example is a fragment of a quiz file: `format`, `quiz`,
`title`, `languages` and `questions` (or a list, meaning the questions)
belong to the file; any other key is a question's and replaces that key of
the default question (``DOC_QUESTION`` in the test, whose key is its second
choice). A Fixed example starts from its Flawed example: its keys replace
the Flawed example's keys.
"""

from __future__ import annotations

import functools
import inspect
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from quizlint import codes, i18n
from quizlint.problem import Severity


@dataclass(frozen=True)
class Finding:
    """A rule's complaint: where (a path) and what to do (a message).

    For question rules ``path`` is relative to the question, e.g.
    ``("choices", 2, "text")``; for file rules it is absolute. ``at_key=True``
    reports the position of the mapping key that holds ``path`` instead of
    its value (e.g. a `status:` key).
    """

    path: tuple
    message: str
    at_key: bool = False


_TYPE_NAMES = {int: "a whole number", float: "a number", bool: "true or false", str: "a string"}


def _shown(value) -> str:
    """``value`` as it would be written in TOML."""
    if isinstance(value, str):
        return repr(value)
    return str(value).lower() if isinstance(value, (bool, float)) else str(value)


@dataclass(frozen=True)
class Option:
    """One option of a rule: its type, its one default, what it means.

    ``minimum`` is the smallest value that makes sense (numbers only).
    """

    type: type            # int, float, bool or str
    default: Any
    doc: str
    minimum: float | None = None

    @property
    def wanted(self) -> str:
        """What a value must be, e.g. ``a number of at least 1``."""
        at_least = f" of at least {_shown(self.minimum)}" if self.minimum is not None else ""
        return _TYPE_NAMES[self.type] + at_least

    def read(self, name: str, value: Any) -> Any:
        """``value`` (from the config) as this option's type (``2`` reads as
        ``2.0`` for a number); ValueError says what is wrong."""
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)  # TOML's `2` for `2.0`
        if isinstance(value, bool) != (self.type is bool) or not isinstance(value, self.type):
            raise ValueError(f"mistyped option `{name}`: must be {self.wanted} ({self.doc}), "
                             f"not {_shown(value)}")
        if self.type is float and not math.isfinite(value) or \
                self.minimum is not None and not value >= self.minimum:
            raise ValueError(f"`{name} = {_shown(value)}` is out of range: must be {self.wanted} "
                             f"({self.doc})")
        return value


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scope: str            # "question", "file" (a schema-valid file) or "document" (any loaded one)
    doc: str
    option_specs: dict = field(default_factory=dict)   # name -> Option
    func: Callable[..., Iterable[Finding]] | None = None

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    @property
    def options(self) -> dict:
        """Each option's default, by name."""
        return {name: o.default for name, o in self.option_specs.items()}


REGISTRY: dict[str, Rule] = {}  # the rules that run; every code, theirs too, is in codes.CODES


def _register(r: Rule) -> None:
    codes.declare(r.code, r.name, r.severity, r.doc)  # refuses a code declared twice
    REGISTRY[r.code] = r


def rule(code: str, name: str, severity: Severity = Severity.WARNING, *,
         scope: str = "question", options: dict | None = None, kinds: tuple | None = None,
         per_language: bool | dict = False, once: bool = False):
    """Register the decorated function as rule ``code``.

    ``options`` maps names to :class:`Option`; the function gets their
    validated values in ``opts``. ``kinds``: the rule only sees questions of
    these kinds. ``per_language``: the function is called as
    ``func(q, lang, family, opts)`` for each language of the file (given a
    word-list dict by family, only the languages it has a list for), and
    each place is reported once, in the first language that has the flaw;
    ``once``: the rule reports the question as a whole, once.
    """
    specs = dict(options or {})
    for key, option in specs.items():
        option.read(key, option.default)  # a default that its own check refuses is a bug

    def deco(func):
        run = func
        if per_language:
            run = _each_language(func, None if per_language is True else per_language, once)
        if kinds is not None:
            run = _only_kinds(run, tuple(kinds))
        if run is not func:
            run = functools.wraps(func)(run)
        doc = inspect.cleandoc(func.__doc__ or "") + _options_doc(code, specs) + _measured_doc(code)
        _register(Rule(code, name, severity, scope, doc, specs, run))
        return func

    return deco


def family(lang: str) -> str:
    """``es`` for ``es-MX``: word lists are per primary language."""
    return lang.split("-")[0].lower()


def _only_kinds(func, kinds: tuple):
    def run(q: QuestionContext, opts: dict) -> Iterator[Finding]:
        return func(q, opts) if q.kind in kinds else iter(())
    return run


def _each_language(func, lists: dict | None, once: bool):
    def run(q: QuestionContext, opts: dict) -> Iterator[Finding]:
        done = set()
        for lang in q.languages:
            fam = family(lang)
            if lists is not None and fam not in lists:
                continue
            for finding in func(q, lang, fam, opts):
                path = finding.path
                place = "question" if once else path[:-1] if path and path[-1] == lang else path
                if place not in done:
                    done.add(place)
                    yield finding
    return run


def _options_doc(code: str, specs: dict) -> str:
    """The documentation's `Options` paragraph, from the declarations."""
    if not specs:
        return ""
    lines = [f"- `{key}` = {_shown(o.default)}: {o.doc} ({o.wanted})" for key, o in specs.items()]
    return f"\n\nOptions (set in [tool.quizlint.rule-options.{code}]):\n\n" + "\n".join(lines)


def _measured_doc(code: str) -> str:
    """The measured precision, recall and tier of an item-writing rule (rules/precision.json)."""
    from quizlint.rules import tiers

    text = tiers.describe(code)
    return f"\n\n{text}" if text else ""


def core_code(code: str, name: str, severity: Severity, doc: str) -> None:
    """Declare a code that no rule reports (kept for old callers: use :func:`quizlint.codes.declare`)."""
    codes.declare(code, name, severity, doc)


@dataclass
class FileContext:
    path: str
    data: dict
    languages: list[str]
    glossary: dict = field(default_factory=dict)   # lang -> {term: required form} (config)

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

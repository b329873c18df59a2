"""Formats: import, export and render, one module per format over one model.

Each format module sits beside the others and defines what it can do:

* ``read(text, path, *, quiz_id, lang) -> Imported`` and
  ``sniff(text, path) -> bool`` (importers: ``quizlint import``);
* ``export(quizzes, *, lang) -> dict[str, bytes]`` (exporters:
  ``quizlint export``; file name to content, written by the command);
* ``render(quizzes, options) -> dict[str, bytes]`` (``quizlint render``).

All of them speak :mod:`quizlint.formats.model`. This registry is the only
list of formats; the commands, the guesser and ``--help`` ask it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from quizlint.errors import QuizlintError


class FormatError(QuizlintError):
    """A source or target format cannot be used (unknown, or the file is not that format)."""


@dataclass(frozen=True)
class SourceProblem:
    """Something wrong in an imported file, at ``path:line:col``."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


@dataclass
class Imported:
    """What an importer read from one source file."""

    quizzes: list = field(default_factory=list)          # model.Quiz
    problems: list[SourceProblem] = field(default_factory=list)


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    summary: str
    extensions: tuple = ()

    def load(self):
        return importlib.import_module(self.module)

    def can(self, verb: str) -> bool:
        return hasattr(self.load(), verb)


FORMATS = {f.name: f for f in (
    Format("markdown", "quizlint.formats.markdown", "Markdown task lists (`- [x]`), as in mkdocs-quiz and public banks", (".md", ".markdown")),
    Format("lettered", "quizlint.formats.lettered", "numbered questions with A) B) options and an answer key at the end", (".txt",)),
    Format("gift", "quizlint.formats.gift", "Moodle GIFT text", (".gift",)),
    Format("moodle-xml", "quizlint.formats.moodle_xml", "Moodle XML question bank", (".xml",)),
    Format("anki", "quizlint.formats.anki", "Anki: text/CSV notes exports (import), .apkg decks (export)", (".apkg",)),
    Format("csv", "quizlint.formats.csv_", "two-column CSV/TSV flashcards", (".csv", ".tsv")),
    Format("aiken", "quizlint.formats.aiken", "Moodle Aiken (one-line stem, A. options, ANSWER: B)", ()),
    Format("text2qti", "quizlint.formats.text2qti", "text2qti plain-text quizzes (1. stem, *c) key)", ()),
    Format("qti", "quizlint.formats.qti", "Canvas-flavoured QTI 1.2 zip", (".zip",)),
    Format("mkdocs", "quizlint.formats.mkdocs", "MkDocs Material pages, one per quiz and language", ()),
    Format("html", "quizlint.formats.html", "standalone HTML pages with MathML", (".html",)),
)}


def get(name: str, verb: str) -> Format:
    """The format called ``name`` that can ``verb`` (read/export/render)."""
    f = FORMATS.get(name)
    if f is None or name not in names(verb):
        raise FormatError(f"unknown format `{name}` for this command; choose one of: {', '.join(names(verb))}")
    return f


def names(verb: str) -> list[str]:
    """Formats that can ``verb``, for ``--help`` and errors."""
    out = []
    for n, f in FORMATS.items():
        try:
            if f.can(verb):
                out.append(n)
        except Exception:  # noqa: BLE001 - one broken format module must not break the others
            pass
    return out


def guess(path: str, text: str) -> Format:
    """The importer for ``path``: by content first (``sniff``), then by extension."""
    readers = [FORMATS[n] for n in names("read")]
    for f in readers:
        if f.load().sniff(text, path):
            return f
    lower = path.lower()
    for f in readers:
        if any(lower.endswith(ext) for ext in f.extensions):
            return f
    raise FormatError(f"{path}: cannot tell its format; name it with --from ({', '.join(f.name for f in readers)})")

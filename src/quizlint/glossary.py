"""The course glossary: required translations of course terms, defined once.

``[tool.quizlint.glossary.es]`` maps a source term to the form a Spanish
translation must use (``"learning rate" = "tasa de aprendizaje"``;
``softmax = "softmax"`` keeps a term as it is). Instead of a table, a
language may name a file: ``[tool.quizlint.glossary] es = "glossary-es.csv"``
(two columns, term and translation; ``#`` starts a comment line).

QL408 flags a reviewed translation that renders a term some other way, and
``suggest --translate`` retries, then rejects, a draft that does; both ask
:func:`misses`.

    >>> misses("The learning rate is too high.", "La tasa es muy alta.",
    ...        {"learning rate": "tasa de aprendizaje"})
    [('learning rate', 'tasa de aprendizaje')]
    >>> misses("Lower the learning rates.", "Baja las tasas de aprendizaje.",
    ...        {"learning rate": "tasa de aprendizaje"})
    []
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from pathlib import Path

from quizlint.i18n import protected_spans


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _pattern(phrase: str) -> re.Pattern:
    """``phrase`` as whole words, each word also in its plural (-s, -es)."""
    words = [re.escape(w) + r"(?:e?s)?" for w in _fold(phrase).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def _prose(text: str) -> str:
    """``text`` without its math and code spans (terms there are not prose)."""
    for span in protected_spans(text):
        if span.startswith(("$", "`")):
            text = text.replace(span, " ")
    return _fold(text)


def terms_in(source: str, glossary: dict) -> list[tuple[str, str]]:
    """The glossary terms ``source`` uses, longest first, as ``(term, required)``."""
    prose = _prose(source)
    found, taken = [], []
    for term in sorted(glossary, key=len, reverse=True):
        for m in _pattern(term).finditer(prose):
            if not any(a <= m.start() < b for a, b in taken):   # "learning rate" hides "rate"
                taken.append(m.span())
                found.append((term, glossary[term]))
                break
    return found


def misses(source: str, translation: str, glossary: dict) -> list[tuple[str, str]]:
    """``(term, required)`` for each term of ``source`` whose required form is not in ``translation``."""
    prose = _prose(translation)
    return [(t, r) for t, r in terms_in(source, glossary) if not _pattern(r).search(prose)]


def parse_file(text: str, source: str) -> dict:
    """A glossary file's ``term,translation`` rows (comma or tab separated)."""
    from quizlint.errors import ConfigError

    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    dialect = "excel-tab" if lines and "\t" in lines[0] else "excel"
    out = {}
    for n, row in enumerate(csv.reader(io.StringIO("\n".join(lines)), dialect), 1):
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise ConfigError(f"glossary row {n} must be `term,translation`, got {row!r}", source)
        out[row[0].strip()] = row[1].strip()
    return out


def from_config(table, root: Path, source: str, line_of) -> tuple:
    """``[tool.quizlint.glossary]`` as config.Config keeps it: per language a table of
    term = form, or a file's name; ``line_of(key, table)`` says where a key is."""
    from quizlint.errors import ConfigError

    if not isinstance(table, dict):
        raise ConfigError("`glossary` must be a table: [tool.quizlint.glossary.LANG]", source,
                          line_of("glossary"))
    out = []
    for lang, terms in sorted(table.items()):
        header = f"[tool.quizlint.glossary.{lang}]"
        line = line_of(header) or line_of(lang, "glossary")
        if isinstance(terms, str):
            from quizlint.tree import outside_project

            if outside_project([terms], root):
                raise ConfigError(f"glossary file `{terms}` is outside the project", source, line)
            try:
                terms = parse_file((root / terms).read_text(encoding="utf-8"), str(root / terms))
            except OSError as exc:
                raise ConfigError(f"cannot read the {lang} glossary `{terms}`: {exc.strerror}", source, line)
        bad = [k for k, v in terms.items() if not isinstance(v, str) or not v.strip()] \
            if isinstance(terms, dict) else []
        if bad:
            line = line_of(bad[0], f"glossary.{lang}")
        if not isinstance(terms, dict) or bad:
            raise ConfigError(f"[tool.quizlint.glossary.{lang}] must map terms to their translation "
                              "(strings), or name a CSV file", source, line)
        out.append((lang, tuple(sorted(terms.items()))))
    return tuple(out)

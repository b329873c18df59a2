"""Language helpers: localized text access, the source hash, protected spans.

The source hash (``translations.<lang>.source``) is defined as: the first
8 hex digits of SHA-256 over the UTF-8 bytes of the question's
source-language texts, one line per text field in this order: ``stem``,
then each choice's ``text`` and ``why``, ``answer`` (when it is text),
``explanation``, then each ``wrong_answers`` entry's ``why``. Each line is
``<field path>\\t<text>\\n`` where the text is
NFC-normalized and runs of whitespace are collapsed to one space (so
re-wrapping a folded scalar does not make a translation stale). Missing
fields are skipped.
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from typing import Iterator


_WS = re.compile(r"\s+")

# Math, code and numbers must survive translation unchanged.
_SPAN = re.compile(
    r"\$\$.+?\$\$"            # display math
    r"|\$[^$\n]+?\$"          # inline math
    r"|`[^`\n]+`"             # inline code
    r"|(?<![\w.-])\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?(?![\w])",  # numbers
    re.S,
)


def languages(doc: dict, default) -> list[str]:
    """A quiz's languages, the source language first: its own `languages`,
    else ``default`` (the config's `languages`). Every command asks this."""
    langs = doc.get("languages") if isinstance(doc, dict) else None
    if isinstance(langs, list) and langs and all(isinstance(x, str) for x in langs):
        return langs
    return list(default)


def text_in(value, lang: str, source_lang: str) -> str | None:
    """The string of localized ``value`` in ``lang`` (a plain string is source-only)."""
    if isinstance(value, str):
        return value if lang == source_lang else None
    if isinstance(value, dict):
        got = value.get(lang)
        return got if isinstance(got, str) else None
    return None


def text_fields(question: dict) -> Iterator[tuple[tuple, object]]:
    """Yield ``(path within the question, value)`` for every localizable field."""
    if not isinstance(question, dict):
        return
    if "stem" in question:
        yield ("stem",), question["stem"]
    choices = question.get("choices")
    if isinstance(choices, list):
        for i, choice in enumerate(choices):
            if isinstance(choice, dict):
                for key in ("text", "why"):
                    if key in choice:
                        yield ("choices", i, key), choice[key]
    if "answer" in question and isinstance(question["answer"], (str, dict)) and question.get("kind") == "free":
        yield ("answer",), question["answer"]
    if "explanation" in question:
        yield ("explanation",), question["explanation"]
    wrong = question.get("wrong_answers")
    for i, item in enumerate(wrong if isinstance(wrong, list) else []):
        if isinstance(item, dict) and "why" in item:
            yield ("wrong_answers", i, "why"), item["why"]


def normalize(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


_PUNCT = re.compile(r"[\s" + re.escape(string.punctuation)
                    + r"\u00bf\u00a1\u2014\u2013\u2018\u2019\u201c\u201d\u00ab\u00bb]+")


def normalize_choice(text: str) -> str:
    """Case-, space- and punctuation-insensitive form of a choice text.

    Two choices with the same form are duplicates (QL207), and `suggest`
    drops a draft whose form equals an existing option's.
    """
    return _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def source_hash(question: dict, source_lang: str) -> str:
    h = hashlib.sha256()
    for path, value in text_fields(question):
        text = text_in(value, source_lang, source_lang)
        if text is None:
            continue
        dotted = ".".join(str(p) for p in path)
        h.update(f"{dotted}\t{normalize(text)}\n".encode("utf-8"))
    return h.hexdigest()[:8]


def protected_spans(text: str) -> list[str]:
    """Math, inline code and numbers in ``text``, in order."""
    return [m.group(0) for m in _SPAN.finditer(text)]

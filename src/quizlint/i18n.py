"""Language helpers: localized text access, the source hash, protected spans.

The source hash (``translations.<lang>.source``) is defined as: the first
8 hex digits of SHA-256 over the UTF-8 bytes of the question's
source-language texts, one line per text field in this order: ``stem``,
then each choice's ``text`` and ``why``, ``answer`` (when it is text),
``explanation``, then each ``wrong_answers`` entry's ``why``. Each line is ``<field path>\\t<text>\\n`` where the text is
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

# The spans of quiz text that are not prose, defined once: display math, inline
# math, inline code. MATH's groups are the bodies of display and inline math;
# MARKUP's are the whole display math, inline math and code spans (formats use them).
_DISPLAY, _INLINE, _CODE = r"\$\$.+?\$\$", r"\$[^$\n]+?\$", r"`[^`\n]+`"
MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)
MARKUP = re.compile(f"({_DISPLAY})|({_INLINE})|({_CODE})", re.S)
# Math, code and numbers must survive translation unchanged.
_SPAN = re.compile(
    f"{_DISPLAY}|{_INLINE}|{_CODE}"
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


# Code: backticks, operators and brackets, `a.b` attributes, `-e` flags, snake_case or
# camelCase names, punctuation between letters or digits (`n:1..10`, `a,b`), an
# ellipsis, a leading symbol (`?? x`). Prose like "The learning-rate is TOO large!" has none.
_CODE_LIKE = re.compile(
    r"`|[{}\[\]()<>=;&|*^~$#@\\]|::|:=|->|\.\.|\u2026|\w\.\w|(?:^|\s)--?\w|\w_\w|[a-z][A-Z]"
    r"|[^\W_][^\w\s'\u2019-]+[^\W_]|\d-\d|^[^\w\s\"'\u201c\u2018]")
_SHORT = 4  # fewer words: a value or a name, whose case matters ("data" / "Data")
# Invisible placeholders (a soft hyphen where an image was) are no text at all.
_INVISIBLE = re.compile(r"(?:&shy;|&nbsp;|&#8203;|&zwnj;|[\u00ad\u200b\u200c\u200d\u2060\ufeff`\s])*")


def looks_like_code(text: str) -> bool:
    """Whether a choice text is (or holds) code, whose case and punctuation matter."""
    return _CODE_LIKE.search(text.strip()) is not None


def normalize_choice(text: str) -> str:
    """The form of a choice text that two duplicates share ("" for no visible text).

    Prose of four words or more is compared ignoring case, spacing and
    punctuation ("The learning-rate is TOO large!" and "the learning rate
    is too large"). A shorter value or name keeps its case and punctuation
    ("NULL" / "null", "data" / "Data"; only a final full stop goes). Code (in
    backticks, or text that looks like code: ``(( a; b ))``, ``&buf[n + 1]``,
    ``*p.x``, ``:=``, ``ls -A``) compares exactly after trimming only the
    outer whitespace, since one character changes its meaning. Two choices
    with the same form are duplicates (QL207; a question that shows code
    compares every choice exactly), and `suggest` drops a draft whose form
    equals an existing option's.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if _INVISIBLE.fullmatch(text):
        return ""
    if looks_like_code(text):
        return text
    if len(text.split()) < _SHORT:
        return text.rstrip(".")
    return _PUNCT.sub(" ", text.casefold()).strip()


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

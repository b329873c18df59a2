"""YAML 1.2 core-schema scalars: what a plain or core-tagged scalar means.

``yes``, ``no``, ``on``, ``off`` and ``12:30`` stay strings (YAML 1.1 read
them as booleans and sexagesimal numbers).

A scalar that the core schema reads as a number (int or float, in any base)
but that is written with more than ``MAX_NUMBER_CHARS`` characters is
refused (``NumberTooLong``), not kept as a string: under YAML 1.2 it *is* a
number, so a string would silently change its type, and an int that big
cannot even be printed (Python's int max str digits) or turned into a float.
"""

from __future__ import annotations

import math
import re
from typing import Any

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+$")
_OCT = re.compile(r"0o[0-7]+$")
_HEX = re.compile(r"0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)$")
_NAN = re.compile(r"\.(nan|NaN|NAN)$")

# 500 characters: 0x + 498 hex digits is a 600-digit decimal, under the
# lowest int max str digits Python allows (640), so str() always works.
MAX_NUMBER_CHARS = 500

_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map")} | {"!"}


class NumberTooLong(ValueError):
    """A scalar YAML 1.2 reads as a number, written with too many characters."""

    def __init__(self, text: str):
        super().__init__(
            f"a number written with {len(text)} characters is too long (limit {MAX_NUMBER_CHARS}); "
            "quote it if it is text, or shorten it"
        )
        self.text = text


def plain_value(value: str) -> Any:
    """A plain scalar under YAML 1.2's core schema; NumberTooLong for a huge number."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    c = value[:1]
    if c.isdigit() or c in "+-.":
        return _number(value)
    return value


def _number(value: str) -> Any:
    """A scalar that starts like a number: an int, a float, or the string itself."""
    if _INT.match(value):
        return int(_short(value))
    if _OCT.match(value):
        return int(_short(value)[2:], 8)
    if _HEX.match(value):
        return int(_short(value)[2:], 16)
    if _FLOAT.match(value) and value not in ("+", "-", "."):
        return float(_short(value))
    if _INF.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.match(value):
        return math.nan
    return value


def _short(number: str) -> str:
    """The number's text, or NumberTooLong when it has too many characters."""
    if len(number) > MAX_NUMBER_CHARS:
        raise NumberTooLong(number)
    return number


def resolve_plain(value: str) -> Any:
    """What a plain scalar means; never raises.

    A number too long to hold comes back as its NumberTooLong error (never
    equal to the text), so ``resolve_plain(s) != s`` still says "YAML would
    not read this as the string s".
    """
    try:
        return plain_value(value)
    except NumberTooLong as exc:
        return exc


def resolve_tagged(value: str, tag: str) -> Any:
    """A scalar with an explicit core tag; ValueError if it is not of that type.

    NumberTooLong (a ValueError) when the scalar is a number that is too long.
    """
    kind = tag[len(_CORE):] if tag.startswith(_CORE) else "str"
    if kind == "str":
        return value
    got = plain_value(value)
    want = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}.get(kind)
    if want is None or not isinstance(got, want) or (kind == "int" and isinstance(got, bool)):
        raise ValueError(f"`{value}` is not a valid !!{kind}")
    return _as_float(got) if kind == "float" else got


def _as_float(number: int | float) -> float:
    """``float(number)``, but an int beyond the float range is infinite, as ``1e400`` is."""
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf

"""YAML 1.2 core-schema scalars: what a plain or core-tagged scalar means.

``yes``, ``no``, ``on``, ``off`` and ``12:30`` stay strings (YAML 1.1 read
them as booleans and sexagesimal numbers). Integers longer than 4000 digits
stay strings too, so no one can make the loader build a huge number.
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
_MAX_INT_DIGITS = 4000

_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map")} | {"!"}


def resolve_plain(value: str) -> Any:
    """A plain scalar under YAML 1.2's core schema."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    c = value[:1]
    if c.isdigit() or c in "+-.":
        if _INT.match(value) and len(value) <= _MAX_INT_DIGITS:
            return int(value)
        if _OCT.match(value):
            return int(value[2:], 8)
        if _HEX.match(value):
            return int(value[2:], 16)
        if _FLOAT.match(value) and value not in ("+", "-", ".") and len(value) <= _MAX_INT_DIGITS:
            return float(value)
        if _INF.match(value):
            return -math.inf if value.startswith("-") else math.inf
        if _NAN.match(value):
            return math.nan
    return value


def resolve_tagged(value: str, tag: str) -> Any:
    """A scalar with an explicit core tag; ValueError if it is not of that type."""
    kind = tag[len(_CORE):] if tag.startswith(_CORE) else "str"
    if kind == "str":
        return value
    got = resolve_plain(value)
    want = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}.get(kind)
    if want is None or not isinstance(got, want) or (kind == "int" and isinstance(got, bool)):
        raise ValueError(f"`{value}` is not a valid !!{kind}")
    return float(got) if kind == "float" else got

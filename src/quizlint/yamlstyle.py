"""Rendering YAML text for edits: scalars quoted only when needed, flow and block forms.

Used by :mod:`quizlint.yamledit`, which splices these lines into a file.
"""

from __future__ import annotations

import json

import yaml

from quizlint.yaml12 import resolve_plain


class Flow(dict):
    """A mapping to render in flow style: ``{a: 1, b: 2}``."""


class Raw(str):
    """A scalar written exactly as given (e.g. a date ``2026-11-21``)."""


def _plain_ok(s: str, flow: bool) -> bool:
    if not s or s != s.strip() or not s.isprintable() or "\n" in s:
        return False
    if resolve_plain(s) != s:                 # YAML 1.2 would read a number/bool/null
        return False
    doc = "{k: %s}" % s if flow else "k: %s" % s
    try:                                      # YAML 1.1 readers (PyYAML): No, on, 12:30
        return yaml.safe_load(doc) == {"k": s}
    except yaml.YAMLError:
        return False


def scalar(value, flow: bool = False) -> str:
    """One-line YAML for a scalar; strings are quoted only when needed."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    s = str(value)
    if _plain_ok(s, flow):
        return s
    if s.isprintable() and "\n" not in s:
        return "'" + s.replace("'", "''") + "'"
    return json.dumps(s, ensure_ascii=False)  # JSON strings are valid YAML double-quoted


def _flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k, True)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value, flow=True)


def render_entry(key, value, indent: int) -> list[str]:
    """Lines (no newline) for ``key: value`` in block style at ``indent``."""
    pad = " " * indent
    if isinstance(value, Flow):
        return [f"{pad}{scalar(key)}: {_flow(value)}"]
    if isinstance(value, dict) and value:
        out = [f"{pad}{scalar(key)}:"]
        for k, v in value.items():
            out += render_entry(k, v, indent + 2)
        return out
    if isinstance(value, list) and value and all(isinstance(v, str) and len(v) < 40 for v in value):
        return [f"{pad}{scalar(key)}: {_flow(value)}"]     # tags, languages: [en, es]
    if isinstance(value, list) and value:
        out = [f"{pad}{scalar(key)}:"]
        for item in value:
            out += render_item(item, indent + 2)
        return out
    if isinstance(value, (dict, list)):
        return [f"{pad}{scalar(key)}: {_flow(value)}"]
    return [f"{pad}{scalar(key)}: {scalar(value)}"]


def render_item(value, dash_col: int) -> list[str]:
    """Lines for one block-sequence item whose dash sits at ``dash_col``."""
    pad = " " * dash_col
    if isinstance(value, dict) and value and not isinstance(value, Flow):
        lines: list[str] = []
        for k, v in value.items():
            lines += render_entry(k, v, dash_col + 2)
        return [pad + "- " + lines[0].lstrip()] + lines[1:]
    return [f"{pad}- {_flow(value) if isinstance(value, (dict, list)) else scalar(value)}"]

"""Control characters made visible, so that a file name or a YAML value
cannot forge output lines or send escape sequences to a terminal.

Escaped: C0 (tab and newline included), DEL, C1, the bidi controls
U+202A-U+202E and U+2066-U+2069, the marks U+061C, U+200E, U+200F, and the
line and paragraph separators U+2028, U+2029. They are written as ``\\n``,
``\\r``, ``\\t``, ``\\xNN`` or ``\\uNNNN``.
"""

from __future__ import annotations

import re

_WIDE = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_WIDE}]")
_JSON_RAW = re.compile(f"[\x7f-\x9f{_WIDE}]")  # what json.dumps(ensure_ascii=False) leaves raw
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def escape_controls(text) -> str:
    """``text`` with every control character written as a visible escape."""
    return _UNSAFE.sub(_escape, str(text))


def escape_json(dumped: str) -> str:
    """JSON text with DEL, C1 and bidi controls as ``\\uNNNN`` escapes (json
    escapes C0 itself); the parsed value is unchanged."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)

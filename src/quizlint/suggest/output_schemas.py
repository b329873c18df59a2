"""JSON Schemas for model output, and the matching hand-written GBNF grammars.

llama.cpp converts a JSON Schema to a grammar, but its string rule lets raw
newlines through and it falls back silently to free JSON when a schema
does not convert; so the in-process backend uses these grammars, whose
strings exclude control characters and newline escapes and whose lists
and strings are bounded. The schema is still checked on every answer.
"""

from __future__ import annotations

import json

import jsonschema

MAX_CHARS = 240

_STR = r'''
str  ::= "\"" char{1,%d} "\""
char ::= [^"\\\x00-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069] | "\\" ["\\/]
ws   ::= [ ]?
'''


def distractors_schema(n: int) -> dict:
    return {
        "type": "object",
        "properties": {"distractors": {
            "type": "array", "minItems": 1, "maxItems": n,
            "items": {"type": "string", "minLength": 1, "maxLength": MAX_CHARS}}},
        "required": ["distractors"],
        "additionalProperties": False,
    }


def distractors_grammar(n: int, max_chars: int = MAX_CHARS) -> str:
    return (
        'root ::= " "? "{" ws "\\"distractors\\"" ws ":" ws "[" ws str'
        f' (ws "," ws str){{0,{n - 1}}} ws "]" ws "}}"'
        + _STR % max_chars
    )


def translation_schema() -> dict:
    return {
        "type": "object",
        "properties": {"text": {"type": "string", "minLength": 1, "maxLength": 4 * MAX_CHARS}},
        "required": ["text"],
        "additionalProperties": False,
    }


def translation_grammar(max_chars: int = 4 * MAX_CHARS) -> str:
    return 'root ::= " "? "{" ws "\\"text\\"" ws ":" ws str ws "}"' + _STR % max_chars


def parse(text: str, schema: dict):
    """The JSON value in ``text`` checked against ``schema``; ValueError says why not."""
    text = text.strip()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if not text.endswith("}"):
            raise ValueError(f"truncated JSON (stopped after {len(text)} characters)") from None
        raise ValueError(f"invalid JSON: {exc.msg}") from None
    try:
        jsonschema.validate(value, schema)
    except jsonschema.ValidationError as exc:
        raise ValueError(f"JSON does not match the schema: {exc.message}") from None
    return value

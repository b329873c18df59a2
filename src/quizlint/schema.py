"""Validate a loaded document against the JSON Schema; errors become Problems.

Each jsonschema error is mapped to the exact node's line:column and to a
message a course author can act on, under the code (``codes.SCHEMA_*``) of
its kind of mistake: wrong type, missing key, key not allowed, value not
allowed (enum/const), id/tag pattern, or other.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Iterator

from quizlint import codes
from quizlint.codes import Code
from quizlint.loader import Document
from quizlint.problem import Problem

SCHEMA_RESOURCE = "data/quiz.schema.json"

_TYPE_NAMES = {
    "string": "text", "object": "a mapping", "array": "a list", "boolean": "true or false",
    "integer": "a whole number", "number": "a number", "null": "empty",
}


def schema_text() -> str:
    return resources.files("quizlint").joinpath(SCHEMA_RESOURCE).read_text("utf-8")


@lru_cache(maxsize=1)
def validator():
    import jsonschema

    schema = json.loads(schema_text())
    cls = jsonschema.validators.validator_for(schema)
    return cls(_inline(schema, schema.get("$defs", {})))


def _inline(node, defs: dict):
    """The schema with its (non-recursive) local ``$ref``s replaced by their targets.

    Same meaning, but jsonschema validates it about a third faster because it
    need not resolve references at every node.
    """
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/") and len(node) == 1:
            return _inline(defs[ref[len("#/$defs/"):]], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def validate(doc: Document) -> tuple[list[Problem], set]:
    """Schema problems, and which question indexes have them (``"file"`` for the rest)."""
    v = validator()
    if v.is_valid(doc.data):
        return [], set()
    found, bad = [], set()
    for error in v.iter_errors(doc.data):
        path = tuple(error.absolute_path)
        in_question = len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int)
        bad.add(path[1] if in_question else "file")
        leaf = _leaf(error)
        if leaf.validator is None:
            path = _false_schema_path(doc, path, leaf.instance)
        found.append((path, leaf.validator is None, leaf))
    # inside a key that is not allowed at all, more detail is noise
    banned = [path for path, is_false, _ in found if is_false]
    problems = {}
    for path, is_false, leaf in found:
        if not is_false and any(path[:len(b)] == b for b in banned):
            continue
        for p in _problems(doc, leaf):
            problems.setdefault((p.line, p.column, p.code, p.message), p)
    return sorted(problems.values()), bad


def _leaf(error):
    """For anyOf/oneOf, the most relevant sub-error (jsonschema's best_match)."""
    from jsonschema.exceptions import best_match

    while error.context:
        better = best_match(error.context)
        if better is None:
            break
        error = better
    return error


def _describe(value) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {short!r}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _name(path) -> str:
    """How a message names the node at ``path``: `stem`, item 2 of `choices`..."""
    if not path:
        return "the document"
    if isinstance(path[-1], int):
        parent = next((p for p in reversed(path) if isinstance(p, str)), None)
        return f"item {path[-1] + 1} of `{parent}`" if parent else f"item {path[-1] + 1}"
    return f"`{path[-1]}`"


def _question_id(doc: Document, path) -> str | None:
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        qs = doc.data.get("questions") if isinstance(doc.data, dict) else None
        if isinstance(qs, list) and path[1] < len(qs) and isinstance(qs[path[1]], dict):
            qid = qs[path[1]].get("id")
            return qid if isinstance(qid, str) else None
    return None


def _problems(doc: Document, error) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    qid = _question_id(doc, path)

    def make(kind: Code, message, at=None, key=False):
        line, col = (doc.key_pos(at) if key else doc.pos(at)) if at is not None else doc.pos(path)
        return kind.at(doc.path, line, col, message, qid)

    kind, value = error.validator, error.instance
    if kind == "type":
        want = error.validator_value
        want = [want] if isinstance(want, str) else want
        if want == ["string", "object"]:
            what = "text (a string, or a mapping from language tag to string)"
        else:
            what = " or ".join(_TYPE_NAMES.get(w, w) for w in want)
        hint = ""
        if isinstance(value, bool) and "string" in want:
            hint = "; quote it if you meant the word"
        elif isinstance(value, str) and want == ["boolean"]:
            hint = "; write true or false (YAML 1.2 reads yes/no/on/off as strings)"
        if not path and value is None:
            yield make(codes.SCHEMA_TYPE, "the file is empty: a quiz needs `format`, `quiz`, `title` and `questions`")
            return
        yield make(codes.SCHEMA_TYPE, f"{_name(path)} must be {what}, got {_describe(value)}{hint}")
    elif kind == "required":
        have = set(value) if isinstance(value, dict) else set()
        for key in error.validator_value:
            if key not in have:
                where = "the quiz" if not path else (f"question `{qid}`" if qid and len(path) == 2 else _name(path))
                extra = ""
                if key in ("answer", "choices") and isinstance(value, dict) and "kind" in value:
                    extra = f" (kind `{value['kind']}` needs `{key}`)"
                yield make(codes.SCHEMA_REQUIRED, f"{where} is missing required key `{key}`{extra}",
                           at=path, key=True)
    elif kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = sorted(error.schema.get("properties", {}))
        for key in value:
            if key not in error.schema.get("properties", {}):
                hint = f"; allowed: {', '.join(allowed)}" if allowed else ""
                if "additionalProperties" in error.schema and isinstance(error.schema["additionalProperties"], dict):
                    continue
                yield make(codes.SCHEMA_UNKNOWN_KEY, f"unknown key `{key}`{hint}", at=path + (key,), key=True)
    elif kind is None:  # a `false` subschema: a key present where not allowed
        path = _false_schema_path(doc, path, value)
        parent = _parent_kind(doc, path)
        why = f" for kind `{parent}`" if parent else ""
        yield make(codes.SCHEMA_UNKNOWN_KEY, f"{_name(path)} is not allowed{why}", at=path, key=True)
    elif kind in ("enum", "const"):
        options = error.validator_value if kind == "enum" else [error.validator_value]
        listed = ", ".join(f"`{o}`" for o in options)
        if path == ("format",):
            msg = f"unknown format version {value!r}; this quizlint reads {listed}"
        else:
            msg = f"{_name(path)} must be one of {listed}, got {_describe(value)}"
        yield make(codes.SCHEMA_VALUE, msg)
    elif kind == "pattern" and "propertyNames" in error.relative_schema_path:
        yield make(codes.SCHEMA_PATTERN, f"`{value}` is not a language tag like `en` or `es-MX`",
                   at=path + (value,), key=True)
    elif kind == "pattern":
        if "a-z0-9" in error.validator_value:
            msg = f"{_name(path)} {value!r} is not a valid id: use lowercase letters, digits and hyphens (e.g. q-04-01)"
        else:
            msg = f"{_name(path)} {_describe(value)} does not match `{error.validator_value}`"
        yield make(codes.SCHEMA_PATTERN, msg)
    else:
        yield make(codes.SCHEMA, _other_message(error, path))


def _false_schema_path(doc: Document, path, value):
    """jsonschema leaves the key out of a false-schema error's path; find it."""
    node = _node(doc.data, path)
    if isinstance(node, dict):
        for key, child in node.items():
            if child is value:
                return path + (key,)
    return path


def _node(data, path):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _parent_kind(doc: Document, path):
    node = _node(doc.data, path[:-1])
    return node.get("kind") if isinstance(node, dict) else None


def _other_message(error, path) -> str:
    kind, want = error.validator, error.validator_value
    name = _name(path)
    if kind == "minItems":
        return f"{name} needs at least {want} item{'s' if want != 1 else ''}"
    if kind == "maxItems":
        return f"{name} allows at most {want} items"
    if kind == "uniqueItems":
        return f"{name} has a repeated item; list each once"
    if kind == "minProperties":
        return f"{name} must not be empty" if want == 1 else f"{name} needs at least {want} keys"
    if kind == "maxProperties":
        return f"{name} takes exactly one key (one check per list item)"
    if kind == "minimum":
        return f"{name} must be at least {want}"
    return f"{name}: {error.message}"

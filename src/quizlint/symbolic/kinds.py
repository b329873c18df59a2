"""The check kinds, declared once: each kind's fields, their types, and its prover.

Pure data (no SymPy), read on both sides of the worker pipe:

- ``fields.normalize`` checks and normalises a check's fields by their type
  (main process);
- ``checks.run_check`` calls the kind's prover (worker process);
- the JSON Schema's ``$defs.check`` is exactly :func:`check_schema` (a test
  compares them), and docs/format.md's table follows the schema.

    >>> KINDS["equal"].required
    ('lhs', 'rhs')
    >>> KINDS["condition_number"].field("where").type
    'where'
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

_EXPR = {"type": ["string", "number"],
         "description": "an expression in the safe expression language"}

#: field type -> the JSON Schema of a value of that type
TYPES: dict[str, dict] = {
    "expr": _EXPR,
    "exprs": {"anyOf": [_EXPR, {"$ref": "#/$defs/exprs"}]},   # one expression or a list
    "variable": _EXPR,                                        # `x` or `z[i]`
    "comparison": _EXPR,                                      # `a < b`, `0 < x < 1`
    "equation": _EXPR,                                        # `a = b`, `a == b` or `a`
    "equations": {"$ref": "#/$defs/exprs"},
    "name": {"type": "string"},
    "names": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "assume": {"$ref": "#/$defs/assume"},
    "where": {"$ref": "#/$defs/where"},
    "size": {"type": "integer", "minimum": 1},
    "number": {"type": "number"},
    "tolerance": {"type": "number", "minimum": 0},
    "shapes": {"type": "array", "items": {"$ref": "#/$defs/shape"}, "minItems": 1},
    "result": {"anyOf": [{"$ref": "#/$defs/shape"}, {"const": "error"}]},
    "vary": {"type": "object",
             "additionalProperties": {"type": "array", "items": {"type": "integer"}}},
    "flag": {"type": "boolean"},
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str               # a key of TYPES
    required: bool = False


@dataclass(frozen=True)
class Kind:
    name: str
    fields: tuple[Field, ...]
    prover: str             # "module.function" in quizlint.symbolic, run in a worker

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if not f.required)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def need(name: str, type_: str) -> Field:
    return Field(name, type_, required=True)


ASSUME, WHERE, SIZE = Field("assume", "assume"), Field("where", "where"), Field("size", "size")
GIVEN = Field("given", "equations")

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("equal", (need("lhs", "expr"), need("rhs", "expr"), ASSUME, WHERE, SIZE, GIVEN),
         "checks.check_equal"),
    Kind("derivative", (need("of", "expr"), need("wrt", "variable"), need("equals", "expr"),
                        SIZE, WHERE, GIVEN, ASSUME), "checks.check_derivative"),
    Kind("solve", (need("equation", "equation"), need("for", "name"), need("equals", "exprs"),
                   ASSUME, WHERE, SIZE), "checks.check_solve"),
    Kind("inequality", (need("claim", "comparison"), ASSUME, WHERE, SIZE),
         "ordering.check_inequality"),
    Kind("numeric", (need("expr", "expr"), need("value", "number"), Field("tolerance", "tolerance"),
                     Field("rel_tolerance", "tolerance"), WHERE), "checks.check_numeric"),
    Kind("broadcast", (need("shapes", "shapes"), need("result", "result"), Field("vary", "vary"),
                       Field("matmul", "flag")), "broadcast.check"),
    Kind("condition_number", (need("loss", "expr"), need("wrt", "names"), need("equals", "expr"),
                              ASSUME, WHERE, SIZE), "ordering.check_condition_number"),
)}


#: worker tasks that are not check kinds (so not in the schema): name -> prover.
#: ``wrong_answer`` proves one of a question's ``wrong_answers`` differs from
#: the key; ``wrong_answers`` drafts them (``quizlint suggest``).
TASKS: dict[str, str] = {
    "wrong_answer": "mistakes.check_wrong_answer",
    "wrong_answers": "mistakes.wrong_answers",
}


def kind_schema(kind: Kind) -> dict:
    """The JSON Schema of one kind's mapping of fields."""
    return {"type": "object",
            "properties": {f.name: copy.deepcopy(TYPES[f.type]) for f in kind.fields},
            "additionalProperties": False,
            "required": list(kind.required)}


def check_schema() -> dict:
    """The JSON Schema of one item of ``checks:`` (the schema's ``$defs.check``)."""
    return {"type": "object", "minProperties": 1, "maxProperties": 1,
            "description": "one claim, as {kind: fields}",
            "properties": {name: kind_schema(kind) for name, kind in KINDS.items()},
            "additionalProperties": False}

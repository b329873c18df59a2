"""Normalisation of a check's fields, by their declared type (no SymPy).

``normalize`` turns the YAML fields of one check into plain, validated data
for a worker: every expression is parsed against the safe language here, in
the main process, so malformed or hostile checks never reach a worker. Which
fields a kind has, and of which type, is declared once in ``kinds.py``.
Problems are raised as ``Invalid`` (a QL604 or QL603 finding).
"""

from __future__ import annotations

import ast

from quizlint.codes import EXPRESSION_REJECTED

from . import broadcast, syntax
from .findings import Invalid
from .kinds import KINDS
from .syntax import Rejected, short

__all__ = ["ASSUMPTIONS", "KINDS", "Invalid", "MAX_SIZE", "NORMALIZERS", "answer_value",
           "check_answer", "equation", "expression", "normalize"]

ASSUMPTIONS = ("positive", "nonnegative", "negative", "real", "integer", "nonzero", "greater")
MAX_SIZE = 20
_ANSWER_FIELDS = ("equals", "lhs", "rhs")


def normalize(kind: str, spec, answer_expr: str | None) -> dict:
    """Validated, plain fields of one check; raises ``Invalid`` on the first problem."""
    if kind == "invalid":
        raise Invalid("", str(spec.get("reason", "malformed check")))
    if kind == "wrong_answer":   # a question's wrong_answers[i].expr (kinds.TASKS)
        return {"kind": kind, "expr": expression("expr", spec.get("expr")),
                "key": expression("key", answer_value("key", answer_expr))}
    if kind not in KINDS:
        raise Invalid("", f"unknown check kind `{kind}` (known: {', '.join(KINDS)})")
    if not isinstance(spec, dict):
        raise Invalid("", f"the `{kind}` check needs a mapping of fields, not {_type(spec)}")
    declared = KINDS[kind]
    for name in spec:
        if declared.field(name) is None:
            names = ", ".join(f.name for f in declared.fields)
            raise Invalid(str(name), f"unknown field `{name}` in the `{kind}` check "
                                     f"(fields: {names})")
    for name in declared.required:
        if spec.get(name) is None:
            raise Invalid("", f"the `{kind}` check is missing `{name}`")
    out = {"kind": kind}
    for name, value in spec.items():
        if value is None:
            continue
        if name in _ANSWER_FIELDS and value == "answer":
            value = answer_value(name, answer_expr)
        out[name] = NORMALIZERS[declared.field(name).type](name, value)
    return out


def answer_value(field: str, answer_expr: str | None) -> str:
    """The question's ``answer.expr``; ``r = 1/(1 - p)`` stands for its right side."""
    if answer_expr is None:
        raise Invalid(field, f"`{field}: answer` but the question has no `answer.expr`")
    try:
        sides = syntax.split_equation(str(answer_expr))
    except Rejected as exc:
        raise Invalid(field, f"answer.expr: {exc}", EXPRESSION_REJECTED) from None
    if sides and sides[0].isidentifier():
        return sides[1]
    return str(answer_expr)


def check_answer(text) -> None:
    """Raise ``Invalid`` unless ``answer.expr`` (or each side of ``a = b``) is well formed."""
    equation("answer.expr", text)


# -- one normaliser per field type (kinds.TYPES); each takes (field, value) --

def _where(field: str, value) -> list:
    return [[key, expression(f"{field}.{key}", text)] for key, text in _mapping(field, value)]


def _equations(field: str, value) -> list:
    items = value if isinstance(value, list) else [value]
    return [equation(f"{field}.{i}", item) for i, item in enumerate(items)]


def _size(field: str, value) -> int:
    return _int(field, value, 1, MAX_SIZE)


def _names(field: str, value) -> list[str]:
    items = value if isinstance(value, list) else str(value).strip("[]").split(",")
    return [_identifier(f"{field}.{i}", item) for i, item in enumerate(items)]


def _variable(field: str, value) -> str:
    if type(_parse(field, value)).__name__ not in ("Name", "Subscript"):
        raise Invalid(field, f"`{field}` must be a symbol such as `x` or `z[i]`, not `{value}`")
    return str(value)


def _comparison(field: str, value) -> str:
    if type(_parse(field, value)).__name__ != "Compare":
        raise Invalid(field, f"`{field}` must compare two sides with < <= > >=, not `{value}`")
    return str(value)


def _exprs(field: str, value):
    if isinstance(value, list):
        return [expression(f"{field}.{i}", item) for i, item in enumerate(value)]
    return expression(field, value)


def _flag(field: str, value) -> bool:
    if not isinstance(value, bool):
        raise Invalid(field, f"`{field}` must be true or false")
    return value


def expression(field: str, value) -> str:
    """The text of an expression field, checked against the safe language."""
    _parse(field, value)
    return str(value).strip()


def equation(field: str, value) -> list[str]:
    """``"a = b"`` (or ``a == b``, or ``a`` meaning ``a = 0``) as ``[a, b]``."""
    text = _text(field, value)
    try:
        sides = syntax.split_equation(text)
    except Rejected as exc:
        raise Invalid(field, str(exc), EXPRESSION_REJECTED) from None
    if sides is None:
        tree = _parse(field, text)
        if type(tree).__name__ == "Compare" and len(tree.ops) == 1 \
                and type(tree.ops[0]).__name__ == "Eq":
            sides = (ast.get_source_segment(text, tree.left),
                     ast.get_source_segment(text, tree.comparators[0]))
        else:
            sides = (text, "0")
    return [expression(field, sides[0]), expression(field, sides[1])]


def _parse(field: str, value):
    text = _text(field, value)
    try:
        return syntax.parse(text)
    except Rejected as exc:
        raise Invalid(field, str(exc), EXPRESSION_REJECTED) from None


def _text(field: str, value) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid(field, f"`{field}` must be an expression, not {_type(value)}")
    return str(value)


def _assume(field: str, value) -> dict:
    out: dict = {}
    for key, names in _mapping(field, value):
        if key not in ASSUMPTIONS:
            raise Invalid(f"{field}.{key}", f"unknown assumption `{key}` "
                                            f"(known: {', '.join(ASSUMPTIONS)})")
        if key == "greater":
            out[key] = [[_identifier(f"{field}.greater.{a}", a),
                         expression(f"{field}.greater.{a}", b)]
                        for a, b in _mapping(f"{field}.greater", names)]
            continue
        items = names if isinstance(names, list) else str(names).replace(",", " ").split()
        out[key] = [_identifier(f"{field}.{key}", item) for item in items]
    return out


def _mapping(field: str, value) -> list:
    if not isinstance(value, dict):
        raise Invalid(field, f"`{field}` must be a mapping, not {_type(value)}")
    return [(str(k), v) for k, v in value.items()]


def _identifier(field: str, value) -> str:
    text = str(value).strip()
    if not text.isidentifier() or "__" in text or text in syntax.FUNCTIONS:
        raise Invalid(field, f"`{short(text)}` is not a plain symbol name")
    return text


def _int(field: str, value, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise Invalid(field, f"`{field}` must be a whole number, not `{short(str(value))}`") \
            from None
    if not low <= number <= high:
        raise Invalid(field, f"`{field}` must be between {low} and {high}, not {number}")
    return number


def _number(field: str, value) -> float:
    try:
        number = float(str(value).strip()) if not isinstance(value, bool) else -1.0
    except ValueError:
        number = -1.0
    if not 0 <= number < float("inf"):
        raise Invalid(field, f"`{field}` must be a non-negative number, not `{short(str(value))}`")
    return number


def _type(value) -> str:
    names = {dict: "a mapping", list: "a list", bool: "a boolean", str: "text"}
    return names.get(type(value), type(value).__name__)


NORMALIZERS = {  # field type (kinds.TYPES) -> its normaliser
    "expr": expression, "exprs": _exprs, "variable": _variable, "comparison": _comparison,
    "equation": equation, "equations": _equations, "name": _identifier, "names": _names,
    "assume": _assume, "where": _where, "size": _size, "number": expression,
    "tolerance": _number, "shapes": broadcast.normalize_shapes,
    "result": broadcast.normalize_result, "vary": broadcast.normalize_vary, "flag": _flag,
}

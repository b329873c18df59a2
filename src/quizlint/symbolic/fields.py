"""Check kinds, their fields, and normalisation of a check's fields (no SymPy).

``normalize`` turns the YAML fields of one check into plain, validated data
for a worker: every expression is parsed against the safe language here, in
the main process, so malformed or hostile checks never reach a worker.
Problems come back as findings ``(code, field, message)``.
"""

from __future__ import annotations

from . import syntax
from .syntax import Rejected, short

INVALID, REJECTED = "QL604", "QL603"

_COMMON = ("assume", "where", "size")
#: kind -> (required fields, optional fields)
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "equal": (("lhs", "rhs"), _COMMON + ("given",)),
    "derivative": (("of", "wrt", "equals"), _COMMON + ("given",)),
    "solve": (("equation", "for", "equals"), _COMMON),
    "inequality": (("claim",), _COMMON),
    "numeric": (("expr", "value"), ("where", "tolerance", "rel_tolerance")),
    "broadcast": (("shapes", "result"), ("vary", "matmul")),
    "condition_number": (("loss", "wrt", "equals"), _COMMON),
}
ASSUMPTIONS = ("positive", "nonnegative", "negative", "real", "integer", "nonzero", "greater")
MAX_SIZE = 20
_ANSWER_FIELDS = ("equals", "lhs", "rhs")


class Invalid(ValueError):
    """A malformed check; ``field`` is the dotted path of the culprit."""

    def __init__(self, field: str, message: str, code: str = INVALID):
        super().__init__(message)
        self.field, self.code = field, code


def normalize(kind: str, spec, answer_expr: str | None) -> dict:
    """Validated, plain fields of one check; raises ``Invalid`` on the first problem."""
    if kind == "invalid":
        raise Invalid("", str(spec.get("reason", "malformed check")))
    if kind not in KINDS:
        raise Invalid("", f"unknown check kind `{kind}` (known: {', '.join(KINDS)})")
    if not isinstance(spec, dict):
        raise Invalid("", f"the `{kind}` check needs a mapping of fields, not {_type(spec)}")
    required, optional = KINDS[kind]
    for name in spec:
        if name not in required + optional:
            raise Invalid(str(name), f"unknown field `{name}` in the `{kind}` check "
                                     f"(fields: {', '.join(required + optional)})")
    for name in required:
        if spec.get(name) is None:
            raise Invalid("", f"the `{kind}` check is missing `{name}`")
    out = {"kind": kind}
    for name, value in spec.items():
        if value is None:
            continue
        if name in _ANSWER_FIELDS and value == "answer":
            value = answer_value(name, answer_expr)
        out[name] = _field(kind, name, value)
    return out


def answer_value(field: str, answer_expr: str | None) -> str:
    """The question's ``answer.expr``; ``r = 1/(1 - p)`` stands for its right side."""
    if answer_expr is None:
        raise Invalid(field, f"`{field}: answer` but the question has no `answer.expr`")
    try:
        sides = syntax.split_equation(str(answer_expr))
    except Rejected as exc:
        raise Invalid(field, f"answer.expr: {exc}", REJECTED) from None
    if sides and sides[0].isidentifier():
        return sides[1]
    return str(answer_expr)


def check_answer(text) -> None:
    """Raise ``Invalid`` unless ``answer.expr`` (or each side of ``a = b``) is well formed."""
    equation("answer.expr", text)


def _field(kind: str, name: str, value):
    """Normalise one field by name (and kind where the meaning differs)."""
    if name == "assume":
        return _assume(value)
    if name == "where":
        return [[key, expression(f"where.{key}", text)] for key, text in _mapping(name, value)]
    if name == "given":
        items = value if isinstance(value, list) else [value]
        return [equation(f"given.{i}", item) for i, item in enumerate(items)]
    if name == "size":
        return _int(name, value, 1, MAX_SIZE)
    if name in ("tolerance", "rel_tolerance"):
        return _number(name, value)
    if name == "equation":
        return equation(name, value)
    if name == "for":
        return _identifier(name, value)
    if name == "wrt" and kind == "condition_number":
        items = value if isinstance(value, list) else str(value).strip("[]").split(",")
        return [_identifier(f"wrt.{i}", item) for i, item in enumerate(items)]
    if name == "wrt":
        tree = _parse(name, value)
        if type(tree).__name__ not in ("Name", "Subscript"):
            raise Invalid(name, f"`wrt` must be a symbol such as `x` or `z[i]`, not `{value}`")
        return str(value)
    if name == "claim":
        tree = _parse(name, value)
        if type(tree).__name__ != "Compare":
            raise Invalid(name, f"`claim` must compare two sides with < <= > >=, not `{value}`")
        return str(value)
    if name in ("shapes", "result", "vary", "matmul"):
        from .broadcast import normalize_field
        return normalize_field(name, value)
    if name == "equals" and isinstance(value, list):
        return [expression(f"{name}.{i}", item) for i, item in enumerate(value)]
    return expression(name, value)


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
        raise Invalid(field, str(exc), REJECTED) from None
    if sides is None:
        tree = _parse(field, text)
        if type(tree).__name__ == "Compare" and len(tree.ops) == 1 \
                and type(tree.ops[0]).__name__ == "Eq":
            import ast
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
        raise Invalid(field, str(exc), REJECTED) from None


def _text(field: str, value) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid(field, f"`{field}` must be an expression, not {_type(value)}")
    return str(value)


def _assume(value) -> dict:
    out: dict = {}
    for key, names in _mapping("assume", value):
        if key not in ASSUMPTIONS:
            raise Invalid(f"assume.{key}", f"unknown assumption `{key}` "
                                           f"(known: {', '.join(ASSUMPTIONS)})")
        if key == "greater":
            out[key] = [[_identifier(f"assume.greater.{a}", a),
                         expression(f"assume.greater.{a}", b)]
                        for a, b in _mapping("assume.greater", names)]
            continue
        items = names if isinstance(names, list) else str(names).replace(",", " ").split()
        out[key] = [_identifier(f"assume.{key}", item) for item in items]
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

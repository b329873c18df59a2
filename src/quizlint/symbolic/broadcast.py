"""NumPy/PyTorch broadcasting and batched-matmul shape rules (pure Python).

A shape is a list of dims; a dim is a non-negative int or a symbol name.
``check(spec)`` returns findings (``findings.py``); none when the claim
holds. The field normalisers refuse what is not a shape.
"""

from __future__ import annotations

import itertools
import re

from quizlint.codes import CHECK_INVALID, CHECK_REFUTED, CHECK_UNDECIDED

from .findings import Finding, Invalid, finding

MAX_COMBINATIONS = 10_000
MAX_DIM = 2 ** 63 - 1  # the largest tensor dim (int64)


class ShapeError(ValueError):
    """The shapes do not broadcast (or multiply)."""


class Unknown(ValueError):
    """The answer depends on a symbol's value."""


def normalize_shapes(field: str, value) -> list:
    """The ``shapes`` field: a non-empty list of shapes."""
    if not isinstance(value, list) or not value:
        raise Invalid(field, f"`{field}` must be a non-empty list of shapes")
    return [_shape(f"{field}.{i}", s) for i, s in enumerate(value)]


def normalize_result(field: str, value):
    """The ``result`` field: a shape, or "error"."""
    if isinstance(value, str) and value.strip().lower() == "error":
        return "error"
    return _shape(field, value)


def normalize_vary(field: str, value) -> dict:
    """The ``vary`` field: symbol -> the sorted dims for which the operation works."""
    if not isinstance(value, dict) or not value:
        raise Invalid(field, f"`{field}` must map a symbol to the values for which it works")
    out = {}
    for sym, values in value.items():
        items = values if isinstance(values, list) else [values]
        if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_DIM
                   for v in items):
            raise Invalid(f"{field}.{sym}", f"`{field}.{sym}` must list whole numbers from 0 to "
                                            f"{MAX_DIM}")
        out[str(sym)] = sorted(set(items))
    return out


def _shape(field: str, value) -> list:
    if isinstance(value, str):
        value = [t for t in re.split(r"[\s,x×()\[\]]+", value) if t]
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        raise Invalid(field, f"`{field}` must be a shape like [4, 5, p]")
    dims = []
    for dim in value:
        if isinstance(dim, str) and dim.strip().isdigit() and len(dim.strip()) <= 19:
            dim = int(dim)  # (19 digits: at most MAX_DIM's size, never a slow int())
        ok_int = isinstance(dim, int) and not isinstance(dim, bool) and 0 <= dim <= MAX_DIM
        if not ok_int and not (isinstance(dim, str) and dim.isidentifier()):
            shown = dim if isinstance(dim, str) else "a number"  # (a huge int is never printed)
            shown = shown if len(str(shown)) <= 20 else str(shown)[:19] + "…"
            raise Invalid(field, f"dim `{shown}` in `{field}` must be a whole number from 0 to "
                                 f"{MAX_DIM} or a name")
        dims.append(dim)
    return dims


def broadcast(shapes: list[list]) -> list:
    """Broadcast result of ``shapes``; raises ShapeError or Unknown."""
    ndim = max(len(s) for s in shapes)
    padded = [[1] * (ndim - len(s)) + list(s) for s in shapes]
    return [_dim(column) for column in zip(*padded)]


def _dim(column) -> object:
    out = 1
    for dim in column:
        if dim == 1 or dim == out:
            continue
        if out == 1:
            out = dim
        elif isinstance(dim, int) and isinstance(out, int):
            raise ShapeError(f"dims {out} and {dim} differ and neither is 1")
        else:
            raise Unknown(f"dims {out} and {dim}")
    return out


def matmul(shapes: list[list]) -> list:
    """``shapes[0] @ shapes[1] @ ...`` under torch.matmul rules."""
    out = shapes[0]
    for right in shapes[1:]:
        out = _matmul2(out, right)
    return out


def _matmul2(a: list, b: list) -> list:
    if not a or not b:
        raise ShapeError("matmul needs at least one dim on each side")
    a2 = [1] + a if len(a) == 1 else a
    b2 = b + [1] if len(b) == 1 else b
    inner_a, inner_b = a2[-1], b2[-2]
    if inner_a != inner_b:
        if isinstance(inner_a, int) and isinstance(inner_b, int):
            raise ShapeError(f"inner dims {inner_a} and {inner_b} differ")
        raise Unknown(f"inner dims {inner_a} and {inner_b}")
    out = broadcast([a2[:-2], b2[:-2]]) + [a2[-2], b2[-1]]
    if len(a) == 1:
        out.pop(-2)
    if len(b) == 1:
        out.pop(-1)
    return out


def _apply(shapes, matmul_rule: bool, why: list | None = None):
    """The result shape, or the string "error" (its reason appended to ``why``)."""
    try:
        return (matmul if matmul_rule else broadcast)(shapes)
    except ShapeError as exc:
        if why is not None:
            why.append(str(exc))
        return "error"


def _subst(shape, values: dict):
    return shape if shape == "error" else [values.get(d, d) for d in shape]


def _fmt(shape) -> str:
    return shape if shape == "error" else "[" + ", ".join(map(str, shape)) + "]"


def check(spec: dict, _rng=None) -> list[Finding]:
    """Findings for one ``broadcast`` check (already normalised; no random points)."""
    shapes, result = spec["shapes"], spec["result"]
    rule, op = spec.get("matmul", False), ("@" if spec.get("matmul") else "+")
    shown = f" {op} ".join(_fmt(s) for s in shapes)
    vary = spec.get("vary")
    try:
        if not vary:
            why: list = []
            got = _apply(shapes, rule, why)
            if got == result:
                return []
            gives = f"fails ({why[0]})" if why else f"gives {_fmt(got)}"
            return [finding(CHECK_REFUTED, "result", f"{shown} {gives}, not {_fmt(result)}")]
        return _check_vary(shapes, result, vary, rule, shown)
    except Unknown as exc:
        return [finding(CHECK_UNDECIDED, "shapes", f"cannot decide {shown}: {exc} depend on "
                                                   "symbol values (give them in `vary`)")]


def _check_vary(shapes, result, vary: dict, rule: bool, shown: str):
    if result == "error":
        return [finding(CHECK_INVALID, "result", "`result: error` cannot go with `vary` "
                                                 "(vary lists the values that work)")]
    top = max([d for s in shapes for d in s if isinstance(d, int)] + [1]) + 1
    names = sorted(vary)
    sizes = [top + sum(1 for v in vary[n] if not 1 <= v <= top) for n in names]
    if _count(sizes) > MAX_COMBINATIONS:  # counted before the grids are built
        return [finding(CHECK_INVALID, "vary", "too many combinations of `vary` values to try; "
                                               "use smaller dims with `vary`")]
    grids = [sorted(set(range(1, top + 1)) | set(vary[n])) for n in names]
    works, wrong = [], []
    for combo in itertools.product(*grids):
        values = dict(zip(names, combo))
        got = _apply([_subst(s, values) for s in shapes], rule)
        if got == "error":
            continue
        works.append(combo)
        expected = _subst(result, values)
        if got != expected:
            wrong.append(f"{_where(values)} gives {_fmt(got)}, not {_fmt(expected)}")
    claimed = set(itertools.product(*(vary[n] for n in names)))
    tried = ", ".join(f"{n} in {g[0]}..{g[-1]}" for n, g in zip(names, grids))
    if set(works) != claimed:
        return [finding(CHECK_REFUTED, "vary", f"{shown} succeeds for {_combos(names, works)} "
                                               f"(tried {tried}), not "
                                               f"{_combos(names, sorted(claimed))}")]
    if wrong:
        return [finding(CHECK_REFUTED, "result", f"{shown}: {wrong[0]}")]
    return []


def _count(sizes) -> int:
    total = 1
    for size in sizes:
        total *= size
        if total > MAX_COMBINATIONS:  # stop early: the product may be huge
            break
    return total


def _where(values: dict) -> str:
    return "with " + ", ".join(f"{k} = {v}" for k, v in values.items())


def _combos(names, combos) -> str:
    if not combos:
        return "no value"
    if len(names) == 1:
        return f"{names[0]} in {{{', '.join(str(c[0]) for c in combos)}}}"
    return "(" + ", ".join(names) + ") in {" + ", ".join(map(str, combos)) + "}"

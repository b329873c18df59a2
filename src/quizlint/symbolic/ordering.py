"""Check kinds about order: ``inequality`` and ``condition_number`` (worker side).

Both come down to the sign of an expression under the assumptions: random
points look for a violation first, then ``prove.sign_of`` tries to show the
sign symbolically after ``greater`` pairs are rewritten as ``b + gap``.
"""

from __future__ import annotations

import sympy as sp

from quizlint.codes import CHECK_REFUTED

from . import prove
from .build import Context
from .findings import Invalid, Undecided, finding
from .prove import Space, fmt_point, show
from .steps import build_field, compare, differs, space_for, unproved
from .syntax import short


def check_inequality(spec: dict, rng) -> list:
    claim = spec["claim"]
    ctx = Context(spec, [claim])
    space = space_for(ctx, spec, rng)
    value = build_field(ctx, "claim", claim)
    for rel in (value.args if isinstance(value, sp.And) else [value]):
        if not isinstance(rel, (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan,
                                sp.GreaterThan)):
            raise Invalid("claim", "`claim` must use < <= > >= (use an `equal` check for =)")
        gap = rel.gts - rel.lts
        strict = isinstance(rel, (sp.StrictLessThan, sp.StrictGreaterThan))
        found = _violation(rel, gap, strict, space)
        if found:
            return [finding(CHECK_REFUTED, "claim", f"`{claim}` fails at {found}")]
        sign, reduced = prove.sign_of(space.shift(gap))
        if sign == "positive" or (not strict and sign in ("nonnegative", "zero")):
            continue
        if sign == "negative" or (strict and sign in ("zero", "nonpositive")):
            message = (f"`{claim}` never holds: {show(rel.gts)} - {show(rel.lts)} "
                       f"reduces to {show(reduced)}, which is {sign}")
            return [finding(CHECK_REFUTED, "claim", message)]
        raise Undecided("claim", f"undecided: `{claim}` reduces to the sign of {show(reduced)}, "
                                 "which SymPy cannot determine under the assumptions")
    return []


def _violation(rel, gap, strict: bool, space: Space) -> str | None:
    """A random point (honouring assumptions) where the inequality fails."""
    symbols = gap.free_symbols
    for _ in range(prove.TRIES if symbols else 1):
        pt = space.point(symbols)
        exact = gap.xreplace(pt)
        value = prove.numeric(exact, {}, 50)
        if value is None or abs(value.imag) > 1e-12:
            continue
        bad = exact.is_negative or (strict and exact.is_zero) if exact.is_Rational else \
            value.real < -1e-30 or (strict and abs(value.real) <= 1e-30)
        if bad:
            sides = [prove.numeric(s, pt) for s in (rel.lhs, rel.rhs)]
            if None in sides:
                return f"{fmt_point(pt)}"
            left, right = prove.fmt_pair(*sides)
            return f"{fmt_point(pt)}: {left} {rel.rel_op} {right} is false"
    return None


def check_condition_number(spec: dict, rng) -> list:
    loss, key = spec["loss"], spec["equals"]
    ctx = Context(spec, [loss, key])
    space = space_for(ctx, spec, rng)
    variables = [x for name in spec["wrt"] for x in
                 (ctx.vector(name) if ctx.size and name in ctx.vectors else [ctx.symbol(name)])]
    hessian = sp.hessian(build_field(ctx, "loss", loss), variables)
    evs = [v for v, n in hessian.eigenvals().items() for _ in range(n)]
    described = f"the Hessian of `{short(loss, 60)}` is {show(hessian.tolist(), 80)}"
    if any(v.free_symbols & set(variables) for v in evs):
        raise Undecided("loss", f"{described}; it depends on the point, so there is no single "
                                "condition number")
    top, bottom = _extreme(evs, space, 1), _extreme(evs, space, -1)
    sign, _ = prove.sign_of(space.shift(bottom))
    if sign in ("negative", "nonpositive", "zero"):
        message = (f"{described} with eigenvalues {show(evs, 60)}; the smallest "
                   "is not positive, so the condition number is undefined")
        return [finding(CHECK_REFUTED, "equals", message)]
    if sign != "positive":
        raise Undecided("equals", f"{described}; cannot tell whether {show(bottom)} > 0")
    kappa = sp.simplify(top / bottom)
    outcome = compare(kappa, build_field(ctx, "equals", key), space, "equals")
    if outcome.status == "refuted":
        extra = differs(outcome) if outcome.point else ""
        message = (f"{described} with eigenvalues {show(evs, 60)}, so the "
                   f"condition number is {show(kappa)}, not `{key}`{extra}")
        return [finding(CHECK_REFUTED, "equals", message)]
    if outcome.status == "undecided":
        raise unproved("equals", f"condition number {show(kappa)} = `{key}`", outcome)
    return []


def _extreme(values: list, space: Space, direction: int):
    """Largest (direction 1) or smallest (-1) of ``values`` under the assumptions."""
    best = values[0]
    for v in values[1:]:
        sign, _ = prove.sign_of(space.shift(direction * (v - best)))
        if sign in ("positive", "nonnegative", "zero"):
            best = v
        elif sign not in ("negative", "nonpositive"):
            raise Undecided("equals", f"cannot tell which of {show(v)} and {show(best)} "
                                      "is larger under the assumptions")
    return best

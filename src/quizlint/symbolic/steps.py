"""Proof steps the check kinds share (worker side): building a field's value,
the space of random points, the values of free indices, ``given``
substitution, entry-by-entry comparison, and the wording of the outcomes."""

from __future__ import annotations

import itertools
import re

import sympy as sp

from . import prove
from .build import Context
from .findings import Invalid, Undecided
from .prove import Space, fmt_pair, fmt_point
from .syntax import short

MAX_ASSIGNMENTS = 64   # concrete index combinations tried per check


def build_field(ctx: Context, field: str, text: str):
    """Build one field's expression; errors name the field."""
    try:
        return ctx.build(text)
    except Invalid as exc:
        exc.field = exc.field or field
        raise
    except (TypeError, ValueError, AttributeError, NotImplementedError, ZeroDivisionError,
            sp.SympifyError) as exc:
        raise Invalid(field, f"cannot use `{short(text)}`: {short(str(exc), 80)}") from None


def space_for(ctx: Context, spec: dict, rng) -> Space:
    greater = [(ctx.symbol(a), build_field(ctx, f"assume.greater.{a}", b))
               for a, b in spec.get("assume", {}).get("greater", [])]
    return Space(greater, rng)


def assignments(ctx: Context, texts: list[str]):
    """Each concrete value of the free indices (``i`` in ``z[i]``), as an env dict."""
    names = ctx.free_indices(texts) if ctx.size else []
    if (ctx.size or 1) ** len(names) > MAX_ASSIGNMENTS:
        raise Invalid("size", f"too many index values to try ({', '.join(names)} over "
                              f"0..{ctx.size - 1}); use a smaller `size`")
    for combo in itertools.product(range(ctx.size or 1), repeat=len(names)):
        yield {n: sp.Integer(v) for n, v in zip(names, combo)}


def at(env: dict) -> str:
    return f" (with {', '.join(f'{k} = {v}' for k, v in env.items())})" if env else ""


def given(ctx: Context, spec: dict, values: list, keep: set) -> list:
    """Substitute each ``given`` equation, solved for one of its symbols."""
    done: dict = {}
    for i, (lhs, rhs) in enumerate(spec.get("given", [])):
        eq = build_field(ctx, f"given.{i}", lhs) - build_field(ctx, f"given.{i}", rhs)
        eq = eq.xreplace(done)
        if eq == 0:
            continue
        for sym in sorted(eq.free_symbols - keep, key=elimination_rank, reverse=True):
            solutions = sp.solve(eq, sym)
            if len(solutions) == 1:
                done = {k: v.xreplace({sym: solutions[0]}) for k, v in done.items()}
                done[sym] = solutions[0]
                values = subs_all(values, {sym: solutions[0]})
                break
        else:
            raise Undecided(f"given.{i}", f"could not solve the given `{lhs} = {rhs}` "
                                          "for one of its symbols")
    return values


def elimination_rank(sym: sp.Symbol):
    match = re.search(r"_(\d+)$", sym.name)
    return (match is not None, int(match.group(1)) if match else -1, sym.name)


def subs_all(value, sub: dict):
    if isinstance(value, list):
        return [subs_all(v, sub) for v in value]
    return value.xreplace(sub)


def scalars(field: str, value) -> list:
    """Entries of a scalar, vector or Matrix value, in order."""
    if isinstance(value, sp.MatrixBase):
        return list(value)
    if isinstance(value, list):
        return [x for v in value for x in scalars(field, v)]
    if isinstance(value, (sp.Rel, sp.And)):
        raise Invalid(field, "expected an expression, not a comparison")
    return [value]


def compare(a, b, space: Space, field: str) -> prove.Outcome:
    """Compare two values (scalars, vectors, matrices) entry by entry."""
    xs, ys = scalars(field, a), scalars(field, b)
    if len(xs) != len(ys):
        raise Invalid(field, f"the two sides have {len(xs)} and {len(ys)} entries")
    worst = prove.Outcome("proved")
    for x, y in zip(xs, ys):
        outcome = prove.equal(x, y, space)
        if outcome.status == "refuted":
            return outcome
        if outcome.status == "undecided":
            worst = outcome
    return worst


def differs(outcome: prove.Outcome) -> str:
    va, vb = fmt_pair(*outcome.values)
    where = f" at {fmt_point(outcome.point)}" if outcome.point else ""
    return f"{where}: {va} vs {vb}"


def hint(outcome: prove.Outcome) -> str:
    """Suggest assumptions when the claim held at some points but failed at one
    that uses symbols with no sign assumed."""
    if not outcome.agree:
        return ""
    loose = sorted(str(s) for s in outcome.point if s.is_real is None or
                   (s.is_real and s.is_nonnegative is None and s.is_integer is None))
    if not loose:
        return ""
    return f" (no sign assumed for {', '.join(loose[:4])}; if that is wrong, say so in " \
           f"`assume`, e.g. `positive: [{loose[0]}]`)"


def unproved(field: str, what: str, outcome: prove.Outcome) -> Undecided:
    why = "SymPy could not simplify the difference to 0"
    if outcome.agree:
        why = f"they agree at {outcome.agree} random points, but {why}"
    loose = sorted(str(s) for s in outcome.symbols if s.is_real is None)
    if loose:
        why += f" (nothing is assumed about {', '.join(loose[:4])}; if real or positive, " \
               f"say so in `assume`, e.g. `real: [{loose[0]}]`)"
    return Undecided(field, f"could not prove {what}: {why}")

"""Running one check in a worker, and the provers of the algebraic kinds.

Runs in a worker process (imports SymPy). Each prover takes the normalised
fields and a random generator and returns findings (``findings.py``); no
findings means proved. Which prover a kind has is declared in ``kinds.py``;
the order-based kinds (inequality, condition_number) live in ``ordering.py``
and ``broadcast`` in ``broadcast.py``.
"""

from __future__ import annotations

import importlib
import random

import sympy as sp

from quizlint.codes import CHECK_REFUTED
from quizlint.quiz import tolerance

from . import prove
from .build import Context
from .findings import Finding, Invalid, Undecided, finding
from .kinds import KINDS, TASKS
from .prove import show
from .steps import (assignments, at, build_field, compare, differs, given, hint, space_for,
                    unproved)
from .syntax import short


def run_check(kind: str, spec: dict, seed: int) -> list[Finding]:
    """Findings for one normalised check."""
    try:
        return prover(kind)(spec, random.Random(seed))
    except (Invalid, Undecided) as exc:
        return [exc.finding()]


def prover(kind: str):
    """The function that proves checks of ``kind`` (as ``kinds.KINDS`` names it)."""
    target = KINDS[kind].prover if kind in KINDS else TASKS[kind]
    module, _, name = target.rpartition(".")
    return getattr(importlib.import_module(f"{__package__}.{module}"), name)


# -- check kinds -------------------------------------------------------------

def check_equal(spec: dict, rng) -> list:
    lhs, rhs = spec["lhs"], spec["rhs"]
    texts = [lhs, rhs] + [t for pair in spec.get("given", []) for t in pair]
    ctx = Context(spec, texts)
    space = space_for(ctx, spec, rng)
    undecided = None
    for env in assignments(ctx, texts):
        ctx.env = dict(env)
        sides = [build_field(ctx, "lhs", lhs), build_field(ctx, "rhs", rhs)]
        a, b = given(ctx, spec, sides, set())
        outcome = compare(a, b, space, "rhs")
        if outcome.status == "refuted":
            return [finding(CHECK_REFUTED, "rhs", f"`{lhs}` and `{rhs}`{at(env)} differ"
                                                  f"{differs(outcome)}{hint(outcome)}")]
        if outcome.status == "undecided":
            undecided = unproved("rhs", f"`{lhs}` = `{rhs}`{at(env)}", outcome)
    if undecided:
        raise undecided
    return []


def check_derivative(spec: dict, rng) -> list:
    of, wrt, key = spec["of"], spec["wrt"], spec["equals"]
    texts = [of, wrt, key] + [t for pair in spec.get("given", []) for t in pair]
    ctx = Context(spec, texts)
    space = space_for(ctx, spec, rng)
    undecided = None
    for env in assignments(ctx, texts):
        ctx.env = dict(env)
        var = build_field(ctx, "wrt", wrt)
        if not isinstance(var, sp.Symbol):
            raise Invalid("wrt", f"`wrt: {wrt}` must name one variable")
        got = sp.diff(build_field(ctx, "of", of), var)
        got, want = given(ctx, spec, [got, build_field(ctx, "equals", key)], {var})
        outcome = compare(got, want, space, "equals")
        if outcome.status == "refuted":
            computed = show(prove.tidy(got))
            message = (f"d/d{var} of {short(of, 60)} is {computed}; the key "
                       f"`{key}`{at(env)} differs{differs(outcome)}")
            return [finding(CHECK_REFUTED, "equals", message)]
        if outcome.status == "undecided":
            undecided = unproved("equals", f"d/d{var} of {short(of, 60)} = `{key}`{at(env)}",
                                  outcome)
    if undecided:
        raise undecided
    return []


def check_solve(spec: dict, rng) -> list:
    (lhs, rhs), name, key = spec["equation"], spec["for"], spec["equals"]
    keys = key if isinstance(key, list) else [key]
    ctx = Context(spec, [lhs, rhs] + keys)
    space, x = space_for(ctx, spec, rng), ctx.symbol(name)
    a, b = build_field(ctx, "equation", lhs), build_field(ctx, "equation", rhs)
    claimed = [v for i, k in enumerate(keys) for v in _flat(build_field(ctx, "equals", k))]
    for c in claimed:
        outcome = compare(a.xreplace({x: c}), b.xreplace({x: c}), space, "equals")
        if outcome.status == "refuted":
            message = (f"{name} = {show(c)} does not satisfy `{lhs} = {rhs}`; "
                       f"the sides differ{differs(outcome)}")
            return [finding(CHECK_REFUTED, "equals", message)]
    found = [s for s in sp.solve(a - b, x)
             if prove.equal(a.xreplace({x: s}), b.xreplace({x: s}), space).status != "refuted"]
    shown = "{" + ", ".join(show(s, 60) for s in found) + "}"
    unmatched = list(claimed)
    for s in found:
        match = next((c for c in unmatched if prove.equal(s, c, space).status == "proved"), None)
        if match is None:
            message = (f"solving `{lhs} = {rhs}` for {name} gives {shown}; "
                       f"the key misses {name} = {show(s, 60)}")
            return [finding(CHECK_REFUTED, "equals", message)]
        unmatched.remove(match)
    if unmatched and found:
        raise Undecided("equals", f"solving `{lhs} = {rhs}` for {name} gives {shown}; could not "
                                  f"match {show(unmatched[0], 60)} to a solution")
    return []


def _flat(value) -> list:
    return [v for item in value for v in _flat(item)] if isinstance(value, list) else [value]


def check_numeric(spec: dict, rng) -> list:
    text, target_text = spec["expr"], spec["value"]
    ctx = Context(spec, [text, target_text])
    value, target = build_field(ctx, "expr", text), build_field(ctx, "value", target_text)
    for field_name, v in (("expr", value), ("value", target)):
        if not isinstance(v, sp.Basic) or v.free_symbols:
            names = ", ".join(sorted(map(str, getattr(v, "free_symbols", ()))))
            raise Invalid(field_name, f"`{short(str(spec[field_name]))}` is not a number "
                                      f"(free symbols: {names}); define them in `where`")
    got, want = prove.numeric(value, {}), prove.numeric(target, {})
    if got is None or want is None:
        raise Undecided("expr", f"could not evaluate `{short(text)}` to a number")
    tol = tolerance({**spec, "value": abs(want)})
    if "tolerance" not in spec and "rel_tolerance" not in spec:
        tol = 1e-9 * max(1.0, abs(want))
    if abs(got - want) <= tol:
        return []
    message = (f"`{short(text, 60)}` evaluates to {prove.fmt(got, 6)}, not "
               f"{short(target_text)} (off by {abs(got - want):.3g}, tolerance {tol:.3g})")
    return [finding(CHECK_REFUTED, "value", message)]

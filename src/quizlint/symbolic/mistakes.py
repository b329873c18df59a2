"""Common wrong answers of a math key, each proved wrong (worker side, SymPy).

Candidates come from the mistakes students make: a flipped sign, a dropped
or doubled term, a missing factor, an exponent off by one, an inverted
fraction, a product taken as a sum, swapped arguments, a factor of two. A
candidate is kept only when a counterexample shows it differs from the key
and from every candidate already kept; its ``why`` names the mistake.

    >>> wrong_answers({"expr": "p_i - y_i", "n": 2}, random.Random(0))
    [['y_i - p_i', 'sign flipped'], ['-y_i', 'term `p_i` dropped']]
"""

from __future__ import annotations

import random  # noqa: F401 - the doctest's rng

import sympy as sp

from . import prove
from .build import Context
from .prove import Space

MAX_CANDIDATES = 200    # tried per key, before proving
MAX_NODES = 60          # subexpressions mutated


def show(expr) -> str:
    """``expr`` in the safe expression language: the order it was built in,
    unless that order leads with a minus sign that the sorted order avoids."""
    built, lex = sp.sstr(expr, order="none"), sp.sstr(expr)
    for text in (built, lex):
        if not text.startswith("-") and "(-" not in text:
            return text
    return lex


def _term(expr) -> str:
    return f"`{show(expr)}`"


# how likely each mistake is (lower first); by the start of its `why`
PRIORITY = {"sign flipped": 0, "inverted (the": 0, "complement": 1, "product taken as a sum": 1,
            "term": 2, "sign of": 2, "factor": 2, "divisor": 2, "exponent": 2, "arguments": 2,
            "square root": 2, "inverted (reciprocal)": 3, "off by": 3, "product taken as a power": 4}


def _priority(why: str, key, depth: int) -> int:
    if why.startswith("term") and why.endswith("doubled"):
        return 4
    if why == "sign flipped" and not isinstance(key, sp.Add):
        return 4                  # `a - b` for `b - a` is likely; `-mn` for `mn` is not
    if why.startswith("inverted (the") and depth:
        return 3
    return next((v for k, v in PRIORITY.items() if why.startswith(k)), 5)


def _at_root(key) -> list:
    out = [(-key, "sign flipped")]
    if not key.is_Number and not (isinstance(key, sp.Pow) and key.exp == -1):
        out.append((1 / key, "inverted (reciprocal)"))
    out += [(2 * key, "off by a factor of two (doubled)"), (key / 2, "off by a factor of two (halved)")]
    return out


def _at_node(node) -> list:
    """(replacement, mistake) for one subexpression."""
    out = []
    if isinstance(node, sp.Add) and len(node.args) == 2 and sp.S.One in node.args:
        other = next(a for a in node.args if a != sp.S.One)
        out.append((-other, f"complement confused ({_term(-other)} for {_term(node)})"))
    if isinstance(node, sp.Add) and len(node.args) >= 2:
        for t in node.args:
            rest = [a for a in node.args if a is not t]
            out.append((sp.Add(*rest), f"term {_term(t)} dropped"))
            out.append((sp.Add(*rest, -t), f"sign of {_term(t)} flipped"))
            out.append((sp.Add(*rest, 2 * t), f"term {_term(t)} doubled"))
    if isinstance(node, sp.Mul) and len(node.args) >= 2:
        for f in node.args:
            rest = [a for a in node.args if a is not f]
            what = "factor" if not (isinstance(f, sp.Pow) and f.exp == -1) else "divisor"
            out.append((sp.Mul(*rest), f"sign of {_term(node)} flipped" if f == -1 else f"{what} {_term(f)} missing"))
        if all(a.is_Symbol for a in node.args):
            out.append((sp.Add(*node.args), "product taken as a sum"))
        if len(node.args) == 2 and all(a.is_Symbol for a in node.args):
            a, b = node.args
            out.append((a ** b, "product taken as a power"))
    if isinstance(node, sp.Pow):
        base, exp = node.args
        if exp == -1:
            out.append((base, "inverted (the reciprocal dropped)"))
        elif exp.is_Integer:
            out.append((base ** (exp + 1), "exponent off by one (too high)"))
            out.append((base ** (exp - 1), "exponent off by one (too low)"))
        elif exp.is_Rational and exp == sp.Rational(1, 2):
            out.append((base, "square root dropped"))
    if isinstance(node, sp.Function) and len(node.args) == 2 and node.args[0] != node.args[1]:
        out.append((node.func(node.args[1], node.args[0]), "arguments swapped"))
    return out


def _nodes(expr, path=()):
    """(path, node) for every subexpression below the root, breadth first."""
    queue = [((i,), a) for i, a in enumerate(expr.args)]
    while queue:
        path, node = queue.pop(0)
        yield path, node
        queue += [(path + (i,), a) for i, a in enumerate(node.args)]


def _replace(expr, path, new):
    if not path:
        return new
    args = list(expr.args)
    args[path[0]] = _replace(args[path[0]], path[1:], new)
    return expr.func(*args)


def candidates(key) -> list:
    """(expression, mistake) pairs, the likeliest mistakes first."""
    out = [(e, why, 0) for e, why in _at_root(key) + _at_node(key)]
    for n, (path, node) in enumerate(_nodes(key)):
        if n >= MAX_NODES or len(out) >= MAX_CANDIDATES:
            break
        out += [(_replace(key, path, new), why, len(path)) for new, why in _at_node(node)]
    out.sort(key=lambda c: (_priority(c[1], key, c[2]), c[2]))   # stable: the order found within a tier
    return [(e, why) for e, why, _depth in out[:MAX_CANDIDATES]]


def wrong_answers(spec: dict, rng) -> list:
    """Up to ``spec["n"]`` ``[expr, why]`` pairs, each refuted against the key,
    the ``avoid`` expressions and each other (by a counterexample)."""
    texts = [spec["expr"], *spec.get("avoid", [])]
    ctx = Context({}, texts)
    key = ctx.build(spec["expr"])
    kept = [key] + [ctx.build(t) for t in spec.get("avoid", [])]
    space = Space([], rng)
    out, seen = [], set()
    for expr, why in candidates(key):
        if len(out) >= int(spec.get("n", 3)):
            break
        text = show(expr)
        if text in seen or expr.has(sp.zoo, sp.nan) or expr == 0:
            continue
        seen.add(text)
        try:
            if ctx.build(text) != expr:          # must read back the same in the safe language
                continue
        except Exception:  # noqa: BLE001 - a form the language cannot say is not offered
            continue
        if all(prove.counterexample(expr, other, space).status == "refuted" for other in kept):
            kept.append(expr)
            out.append([text, why])
    return out


def check_wrong_answer(spec: dict, rng) -> list:
    """A ``wrong_answers`` entry must differ from the key: QL601 when it equals it."""
    from quizlint.codes import CHECK_REFUTED

    from .findings import Undecided, finding
    from .steps import build_field

    ctx = Context({}, [spec["expr"], spec["key"]])
    wrong, key = build_field(ctx, "expr", spec["expr"]), build_field(ctx, "expr", spec["key"])
    outcome = prove.equal(wrong, key, Space([], rng))
    if outcome.status == "proved":
        return [finding(CHECK_REFUTED, "expr", f"`{spec['expr']}` is listed as a wrong answer but equals "
                                               f"the key `{spec['key']}`; remove it or fix the key")]
    if outcome.status == "undecided":
        raise Undecided("expr", f"could not show that `{spec['expr']}` differs from the key `{spec['key']}`")
    return []

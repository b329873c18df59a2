"""Deciding equalities and signs: random points first, then simplification.

Random points respect assumptions (positive symbols get positive values,
integers get integers, ``greater: {a: b}`` puts a above b), so a
counterexample found here is a real one. Proofs substitute ``a = b + d``
with a positive ``d`` for each ``greater`` pair, then simplify.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import sympy as sp

POINTS = 8          # agreeing points wanted before trying to prove
TRIES = 30          # points drawn at most
_SIGNS = {"positive": {1}, "nonnegative": {0, 1}, "negative": {-1},
          "nonpositive": {-1, 0}, "zero": {0}}


@dataclass
class Outcome:
    """``status`` is "proved", "refuted" or "undecided"."""

    status: str
    point: dict = field(default_factory=dict)
    values: tuple = ()
    agree: int = 0
    symbols: frozenset = frozenset()


class Space:
    """Where the symbols live: assumptions plus ``greater`` pairs."""

    def __init__(self, greater: list[tuple[sp.Symbol, sp.Expr]], rng: random.Random):
        self.greater, self.rng = greater, rng
        self.gaps = {a: sp.Symbol(f"({a} - {b})" if not b.is_Number or b else str(a),
                                  positive=True, integer=bool(a.is_integer) or None)
                     for a, b in greater}

    def shift(self, expr):
        """Rewrite each ``a`` in a ``greater`` pair as ``b + gap``."""
        for _ in range(len(self.greater) + 1):
            new = expr.xreplace({a: b + self.gaps[a] for a, b in self.greater})
            if new == expr:
                break
            expr = new
        return expr

    def point(self, symbols) -> dict:
        """One random point (exact rationals) honouring the assumptions."""
        symbols = set(symbols) | {s for a, b in self.greater for s in b.free_symbols | {a}}
        pt = {s: self._draw(s) for s in sorted(symbols, key=str)}
        for _ in range(len(self.greater) + 1):
            for a, b in self.greater:
                low = b.xreplace(pt)
                if low.is_number and low.is_real:
                    step = self.rng.randint(1, 3) if a.is_integer else self._draw_positive()
                    pt[a] = (max(low, 0) if a.is_positive else low) + step
        return pt

    def _draw_positive(self):
        k = self.rng.choice([k for k in range(1, 30) if k % 10])
        return sp.Rational(k, 10)

    def _draw(self, s: sp.Symbol):
        if s.is_integer:
            low = 1 if s.is_positive else 0 if s.is_nonnegative else -5
            high = -1 if s.is_negative else 6
            value = self.rng.randint(low, high)
            return sp.Integer(value if value or not s.is_nonzero else 1)
        value = self._draw_positive()
        if s.is_negative or (not s.is_nonnegative and self.rng.random() < 0.5):
            value = -value
        return value


def numeric(expr, point: dict, digits: int = 30):
    """``expr`` at ``point`` as a Python complex, or None when undefined there."""
    try:
        value = expr.xreplace(point)
        if value.has(sp.Sum, sp.Integral, sp.Derivative, sp.Limit):
            value = value.doit()
        value = sp.N(value, digits)
        if not value.is_number or value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            return None
        result = complex(value)
    except (TypeError, ValueError, ArithmeticError, AttributeError, RecursionError):
        return None
    return result if abs(result) < float("inf") else None


def close(a: complex, b: complex, rel: float = 1e-9) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def counterexample(a, b, space: Space) -> Outcome:
    """Random points where ``a`` and ``b`` differ ("refuted"), else "undecided".

    ``agree`` counts the points where they matched, so a refutation can tell
    a claim that is false everywhere from one that fails only somewhere.
    """
    symbols = (a.free_symbols | b.free_symbols)
    agree, found = 0, None
    for _ in range(TRIES if symbols else 1):
        if agree >= POINTS or (found and agree + 1 >= POINTS // 2):
            break
        pt = space.point(symbols)
        va, vb = numeric(a, pt), numeric(b, pt)
        if va is None or vb is None:
            continue
        if close(va, vb):
            agree += 1
        elif found is None:
            va, vb = numeric(a, pt, 50), numeric(b, pt, 50)
            if va is not None and vb is not None and not close(va, vb):
                found = (pt, (va, vb))
    if found:
        return Outcome("refuted", found[0], found[1], agree, frozenset(symbols))
    return Outcome("undecided", agree=agree, symbols=frozenset(symbols))


def _doit(expr):
    """Evaluate sums, integrals, limits and derivatives symbolically, where possible."""
    if expr.has(sp.Sum, sp.Integral, sp.Derivative, sp.Limit):
        return expr.doit()
    return expr


def is_zero(expr) -> bool:
    """True when simplification shows ``expr`` is 0; False when it cannot."""
    if expr == 0:
        return True
    expr = _doit(expr)
    steps = [lambda e: sp.cancel(sp.together(e)), sp.expand, sp.simplify,
             lambda e: sp.simplify(sp.expand(sp.powsimp(e, force=False)))]
    if expr.has(sp.tanh, sp.sinh, sp.cosh, sp.sin, sp.cos, sp.tan):
        steps.append(lambda e: sp.simplify(e.rewrite(sp.exp)))
    if expr.has(sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside):
        steps.append(lambda e: sp.simplify(sp.piecewise_fold(e.rewrite(sp.Piecewise))))
    for step in steps:
        try:
            if step(expr) == 0:
                return True
        except (TypeError, ValueError, NotImplementedError, sp.PolynomialError):
            continue
    try:
        return expr.equals(0) is True
    except (TypeError, ValueError, NotImplementedError):
        return False


def equal(a, b, space: Space) -> Outcome:
    """Decide ``a == b`` for scalars: counterexample search, then a proof."""
    if a == b:
        return Outcome("proved")
    a, b = _doit(a), _doit(b)
    found = counterexample(a, b, space)
    if found.status == "refuted":
        return found
    if is_zero(space.shift(a - b)):
        return Outcome("proved")
    return found


def sign_of(expr) -> tuple[str | None, object]:
    """The sign of ``expr`` everywhere allowed (name from _SIGNS, or None), and the
    reduced form it was read from."""
    reduced = expr
    try:
        reduced = sp.cancel(sp.together(expr))
    except (TypeError, ValueError, NotImplementedError, sp.PolynomialError):
        pass
    for form in (expr, reduced):
        sign = _direct(form)
        if sign:
            return sign, form
    num, den = sp.fraction(reduced)
    sn, sd = _poly_sign(num), _poly_sign(den)
    if sn and sd:
        product = {x * y for x in _SIGNS[sn] for y in _SIGNS[sd] if y}
        for name, values in _SIGNS.items():
            if product == values:
                return name, reduced
    return _univariate_sign(reduced), reduced


def _univariate_sign(expr) -> str | None:
    """Sign of a one-symbol expression: where ``expr <= 0`` etc. is empty on its domain."""
    if len(expr.free_symbols) != 1:
        return None
    (s,) = expr.free_symbols
    domain = _domain(s)
    if domain is None:
        return None
    tests = (("positive", expr <= 0), ("nonnegative", expr < 0),
             ("negative", expr >= 0), ("nonpositive", expr > 0))
    for name, violation in tests:
        try:
            if sp.solveset(violation, s, domain) is sp.S.EmptySet:
                return name
        except (TypeError, ValueError, NotImplementedError, AttributeError):
            continue
    return None


def _domain(s: sp.Symbol):
    """The real interval a symbol's assumptions allow (None when not known real)."""
    if s.is_positive:
        return sp.Interval.open(0, sp.oo)
    if s.is_nonnegative:
        return sp.Interval(0, sp.oo)
    if s.is_negative:
        return sp.Interval.open(-sp.oo, 0)
    if s.is_nonpositive:
        return sp.Interval(-sp.oo, 0)
    return sp.S.Reals if s.is_real else None


def _direct(expr) -> str | None:
    checks = (("zero", expr.is_zero), ("positive", expr.is_positive),
              ("negative", expr.is_negative), ("nonnegative", expr.is_nonnegative),
              ("nonpositive", expr.is_nonpositive))
    return next((name for name, flag in checks if flag), None)


def _poly_sign(expr) -> str | None:
    for form in (lambda e: e, sp.expand, sp.factor):
        try:
            sign = _direct(form(expr))
        except (TypeError, ValueError, NotImplementedError, sp.PolynomialError):
            continue
        if sign:
            return sign
    return None


# -- messages --------------------------------------------------------------

def fmt_pair(a: complex, b: complex) -> tuple[str, str]:
    """Two values with just enough digits to show they differ."""
    for digits in (4, 6, 9, 12, 15):
        sa, sb = fmt(a, digits), fmt(b, digits)
        if sa != sb:
            return sa, sb
    return sa, sb


def fmt(value: complex, digits: int = 4) -> str:
    if abs(value.imag) > 1e-12 * max(1.0, abs(value.real)):
        return f"{_real(value.real, digits)}{'+' if value.imag >= 0 else '-'}" \
               f"{_real(abs(value.imag), digits)}i"
    return _real(value.real, digits)


def _real(v: float, digits: int) -> str:
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    if 1e-3 <= abs(v) < 1e5:
        return f"{v:.{digits}f}"
    return f"{v:.{digits}g}"


def fmt_point(point: dict, limit: int = 6) -> str:
    items = sorted(point.items(), key=lambda kv: str(kv[0]))
    text = ", ".join(f"{k} = {_exact(v)}" for k, v in items[:limit])
    return text + (", …" if len(items) > limit else "")


def _exact(v) -> str:
    return str(v) if v.is_Integer else f"{float(v):g}"


def tidy(expr):
    """A shorter equivalent of ``expr`` for messages, when one is cheap to find."""
    forms = [expr]
    if isinstance(expr, sp.Expr) and sp.count_ops(expr) < 80:
        for step in (lambda e: sp.cancel(sp.together(e)), sp.simplify):
            if len(sp.sstr(min(forms, key=lambda e: len(sp.sstr(e))))) <= 80:
                break
            try:
                forms.append(step(expr))
            except (TypeError, ValueError, NotImplementedError, sp.PolynomialError):
                pass
    return min(forms, key=lambda e: len(sp.sstr(e)))


def show(expr, limit: int = 120) -> str:
    """``expr`` as text for a message (shortened)."""
    text = sp.sstr(expr) if isinstance(expr, sp.Basic) else str(expr)
    return text if len(text) <= limit else text[: limit - 1] + "…"

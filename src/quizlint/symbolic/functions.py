"""The function vocabulary of the safe language, implemented with SymPy.

``call(ctx, name, arg_nodes)`` is the only way an expression reaches a
function; the names are exactly ``syntax.FUNCTIONS`` (a test checks this).
``ctx`` is the ``build.Context`` of the check: its ``build(node)`` gives the
value of an argument. This module does not import ``build`` (``build``
imports it).
"""

from __future__ import annotations

import ast

import sympy as sp

from quizlint.codes import EXPRESSION_REJECTED

from . import syntax
from .findings import Invalid
from .limits import MAX_UNROLL


def elementwise(fn, value):
    """``fn`` applied to ``value``, or to each entry of a (nested) list."""
    if isinstance(value, list):
        return [elementwise(fn, v) for v in value]
    return fn(value)


def _sigmoid(x):
    return 1 / (1 + sp.exp(-x))


#: one-argument functions, applied elementwise to vectors
UNARY = {
    "exp": sp.exp, "sqrt": sp.sqrt, "Abs": sp.Abs, "abs": sp.Abs,
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "asin": sp.asin, "acos": sp.acos,
    "atan": sp.atan, "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "erf": sp.erf,
    "floor": sp.floor, "ceiling": sp.ceiling, "sign": sp.sign, "ln": sp.log,
    "sigmoid": _sigmoid, "softplus": lambda x: sp.log(1 + sp.exp(x)),
    "relu": lambda x: sp.Max(0, x),
}
#: rewriting functions, applied elementwise to vectors and matrices
REWRITE = {"simplify": sp.simplify, "expand": sp.expand, "factor": sp.factor,
           "together": sp.together, "cancel": sp.cancel}


def call(ctx, name: str, nodes: list):
    """Value of ``name(*nodes)`` in context ``ctx``."""
    if name == "Sum":
        return _sum(ctx, nodes)
    args = [ctx.build(n) for n in nodes]
    if name in UNARY:
        _arity(name, args, 1)
        return elementwise(UNARY[name], args[0])
    if name in REWRITE:
        _arity(name, args, 1)
        value = args[0]
        if isinstance(value, sp.MatrixBase):
            return value.applyfunc(REWRITE[name])
        return elementwise(REWRITE[name], value)
    handler = _HANDLERS.get(name)
    if handler is None:  # syntax.parse already refused it; kept as a guard
        raise Invalid("", f"`{name}` is not an allowed function", EXPRESSION_REJECTED)
    try:
        return handler(*args)
    except TypeError as exc:
        if "argument" not in str(exc):
            raise
        raise Invalid("", f"`{name}` got the wrong number of arguments ({len(args)})") from None


def _arity(name: str, args: list, low: int, high: int | None = None) -> None:
    high = low if high is None else high
    if not low <= len(args) <= high:
        want = str(low) if low == high else f"{low} to {high}"
        raise Invalid("", f"`{name}` takes {want} argument(s), got {len(args)}")


def _scalar(name: str, value):
    if isinstance(value, (list, sp.MatrixBase)) or not isinstance(value, sp.Basic):
        raise Invalid("", f"`{name}` needs a scalar expression here")
    return value


def _symbol(name: str, value) -> sp.Symbol:
    if not isinstance(value, sp.Symbol):
        raise Invalid("", f"`{name}` needs a symbol here, not `{value}`")
    return value


def _small_int(name: str, value, limit: int) -> int:
    if not isinstance(value, sp.Integer) or not 0 <= int(value) <= limit:
        raise Invalid("", f"`{name}` needs a whole number from 0 to {limit}, not {value}",
                      EXPRESSION_REJECTED)
    return int(value)


def _sum(ctx, nodes: list):
    """``Sum(v)``, ``Sum(e, j)`` (j over 0..size-1) or ``Sum(e, (k, a, b))``."""
    if len(nodes) == 1:
        value = ctx.build(nodes[0])
        if not isinstance(value, (list, sp.MatrixBase)):
            raise Invalid("", "`Sum(v)` needs a vector; use `Sum(e, j)` or `Sum(e, (k, a, b))`")
        return sp.Add(*list(value))
    _arity("Sum", nodes, 2)
    body, spec = nodes
    if isinstance(spec, ast.Name):
        if not ctx.size:
            raise Invalid("", f"`Sum(..., {spec.id})` runs over a vector index; "
                              "give the check a `size`")
        return _unrolled(ctx, body, spec.id, range(ctx.size))
    if not (isinstance(spec, ast.Tuple) and len(spec.elts) == 3
            and isinstance(spec.elts[0], ast.Name)):
        raise Invalid("", "the second argument of `Sum` must be an index `j` or `(k, a, b)`")
    var = spec.elts[0].id
    low, high = ctx.build(spec.elts[1]), ctx.build(spec.elts[2])
    if isinstance(low, sp.Integer) and isinstance(high, sp.Integer) \
            and int(high) - int(low) < MAX_UNROLL:
        return _unrolled(ctx, body, var, range(int(low), int(high) + 1))
    k = sp.Symbol(var, integer=True)
    return sp.Sum(_with(ctx, var, k, body), (k, low, high))


def _unrolled(ctx, body, var: str, values):
    return sp.Add(*[_with(ctx, var, sp.Integer(v), body) for v in values])


def _with(ctx, var: str, value, body):
    """Build ``body`` with ``var`` bound to ``value``."""
    saved = ctx.env.get(var, _with)
    ctx.env[var] = value
    try:
        return ctx.build(body)
    finally:
        if saved is _with:
            del ctx.env[var]
        else:
            ctx.env[var] = saved


def _log(*args):
    _arity("log", list(args), 1, 2)
    return elementwise(lambda v: sp.log(v, *args[1:]), args[0])


def _extreme(fn):
    def apply(*args):
        flat = [a for arg in args for a in (arg if isinstance(arg, list) else [arg])]
        if not flat:
            raise Invalid("", "`Max`/`Min` need at least one argument")
        return fn(*flat)
    return apply


def _factorial(n):
    if isinstance(n, sp.Number):
        _small_int("factorial", n, syntax.MAX_FACTORIAL)
    return sp.factorial(n)


def _binomial(n, k):
    for value in (n, k):
        if isinstance(value, sp.Number):
            _small_int("binomial", value, syntax.MAX_FACTORIAL)
    return sp.binomial(n, k)


def _diff(f, *spec):
    if not spec:
        raise Invalid("", "`diff(f, x)` needs a variable")
    args = []
    for item in spec:
        if isinstance(item, sp.Number):
            args.append(_small_int("diff", item, syntax.MAX_DIFF_ORDER))
        else:
            args.append(_symbol("diff", item))
    if isinstance(f, list):
        return [sp.diff(v, *args) for v in f]
    return sp.diff(f, *args)


def _limits(name: str, item):
    if isinstance(item, list):
        if len(item) != 3:
            raise Invalid("", f"`{name}` limits look like (x, a, b)")
        return (_symbol(name, item[0]), item[1], item[2])
    return _symbol(name, item)


def _integrate(f, *spec):
    if not spec:
        raise Invalid("", "`integrate(f, x)` needs a variable")
    return sp.integrate(_scalar("integrate", f), *[_limits("integrate", s) for s in spec])


def _limit(f, x, a, *direction):
    if direction:
        raise Invalid("", "`limit` takes (f, x, a)")
    return sp.limit(_scalar("limit", f), _symbol("limit", x), a)


def _solve(eq, x):
    if isinstance(eq, sp.Equality):
        eq = eq.lhs - eq.rhs
    return list(sp.solve(_scalar("solve", eq), _symbol("solve", x)))


def _matrix(rows):
    if not isinstance(rows, list):
        raise Invalid("", "`Matrix` needs a list of rows like [[a, b], [c, d]]")
    return sp.Matrix(rows)


def _hessian(f, variables):
    if not isinstance(variables, list) or not variables:
        raise Invalid("", "`hessian(f, [x, y])` needs a list of variables")
    return sp.hessian(_scalar("hessian", f), [_symbol("hessian", v) for v in variables])


def _square(name: str, m):
    if not isinstance(m, sp.MatrixBase) or not m.is_square:
        raise Invalid("", f"`{name}` needs a square Matrix")
    return m


def _eigenvals(m):
    values = _square("eigenvals", m).eigenvals()
    return [v for v, count in values.items() for _ in range(count)]


def _softmax(v):
    if not isinstance(v, list):
        raise Invalid("", "`softmax` needs a vector (give the check a `size`)")
    total = sp.Add(*[sp.exp(x) for x in v])
    return [sp.exp(x) / total for x in v]


_HANDLERS = {
    "log": _log, "Max": _extreme(sp.Max), "Min": _extreme(sp.Min),
    "max": _extreme(sp.Max), "min": _extreme(sp.Min), "atan2": sp.atan2,
    "factorial": _factorial, "binomial": _binomial, "diff": _diff,
    "integrate": _integrate, "limit": _limit, "solve": _solve, "softmax": _softmax,
    "Matrix": _matrix, "hessian": _hessian, "eigenvals": _eigenvals,
    "det": lambda m: _square("det", m).det(), "trace": lambda m: _square("trace", m).trace(),
}

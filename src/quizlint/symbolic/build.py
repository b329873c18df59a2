"""Build SymPy objects from checked expression trees (worker side only).

Text goes through ``syntax.parse`` (the allow-list) and then this module
walks the tree itself, calling SymPy constructors directly: no ``eval``,
``sympify`` or ``parse_expr`` ever sees quiz text.

Vectors: with a concrete ``size``, a name used as ``z[i]`` (or passed to
``softmax``) stands for ``[z_0, ..., z_{size-1}]``; ``p_i`` is the same as
``p[i]`` when ``p`` is a vector; ``Sum(e, j)`` runs j over 0..size-1.
"""

from __future__ import annotations

import ast
import re

import sympy as sp

from quizlint.codes import EXPRESSION_REJECTED

from . import limits, syntax
from .findings import Invalid
from .functions import call, elementwise

_SUBSCRIPT_NAME = re.compile(r"^(?P<base>[A-Za-z]\w*?)_(?P<index>[A-Za-z]\w*|\d+)$")
_ASSUMPTION_KW = {"positive": "positive", "nonnegative": "nonnegative",
                  "negative": "negative", "real": "real", "integer": "integer",
                  "nonzero": "nonzero"}


class Context:
    """Symbols, assumptions, vectors and definitions shared by one check."""

    def __init__(self, spec: dict, texts: list[str] = ()):
        self.size = spec.get("size")
        self.assume = {k: set(v) for k, v in spec.get("assume", {}).items() if k != "greater"}
        for a, _b in spec.get("assume", {}).get("greater", []):
            self.assume.setdefault("real", set()).add(a)
        self.where = {name: syntax.parse(text) for name, text in spec.get("where", [])}
        self.env: dict[str, sp.Basic] = {}
        self._symbols: dict[str, sp.Symbol] = {}
        self._defining: set[str] = set()
        self._defined: dict = {}
        trees = [syntax.parse(t) for t in texts] + list(self.where.values())
        self.vectors = set()
        for tree in trees:
            self.vectors |= vector_names(tree)

    # -- symbols -----------------------------------------------------------
    def symbol(self, name: str) -> sp.Symbol:
        """The one Symbol for ``name``, carrying its declared assumptions."""
        if name not in self._symbols:
            match = _SUBSCRIPT_NAME.match(name)  # z_0 of a vector z shares z's assumptions
            keys = {name} | ({match.group("base")} & self.vectors if match else set())
            kwargs = {_ASSUMPTION_KW[k]: True for k, names in self.assume.items()
                      if keys & names and k in _ASSUMPTION_KW}
            self._symbols[name] = sp.Symbol(name, **kwargs)
        return self._symbols[name]

    def vector(self, name: str) -> list:
        if not self.size:
            raise Invalid("", f"`{name}` is used as a vector; give the check a `size`")
        return [self.symbol(f"{name}_{k}") for k in range(self.size)]

    def free_indices(self, texts) -> list[str]:
        """Index names used outside any ``Sum`` that binds them (to enumerate)."""
        found: list[str] = []
        for text in texts:
            for name in index_names(syntax.parse(text), self.vectors | set(self.where)):
                if name not in found and name not in self.where:
                    found.append(name)
        return found

    # -- building ----------------------------------------------------------
    def build(self, text_or_tree):
        """SymPy value (expression, Matrix, relational or list) of an expression."""
        tree = syntax.parse(text_or_tree) if isinstance(text_or_tree, str) else text_or_tree
        return self._node(tree)

    def _node(self, node):
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise Invalid("", f"`{type(node).__name__}` is not supported here",
                          EXPRESSION_REJECTED)
        return method(node)

    def _Constant(self, node):
        value = node.value
        return sp.Integer(value) if isinstance(value, int) else sp.Rational(repr(value))

    def _Name(self, node, name: str | None = None):
        name = name or node.id
        if name in self.env:
            return self.env[name]
        if name in self.where and name not in self._defining:
            return self._define(name)
        if name == "pi":
            return sp.pi
        if name == "oo":
            return sp.oo
        if name in self.vectors and self.size:
            return self.vector(name)
        match = _SUBSCRIPT_NAME.match(name)
        if match and (match.group("base") in self.vectors or match.group("base") in self.where):
            base = self._Name(None, match.group("base"))
            if isinstance(base, list):
                index = match.group("index")
                return self._element(base, self._Name(None, index) if not index.isdigit()
                                     else sp.Integer(index), match.group("base"))
        return self.symbol(name)

    def _define(self, name: str):
        key = (name, tuple(sorted((k, str(v)) for k, v in self.env.items())))
        if key not in self._defined:
            self._defining.add(name)
            try:
                self._defined[key] = self._node(self.where[name])
            finally:
                self._defining.discard(name)
        return self._defined[key]

    def _UnaryOp(self, node):
        value = self._node(node.operand)
        return elementwise(lambda v: -v, value) if isinstance(node.op, ast.USub) else value

    def _BinOp(self, node):
        if isinstance(node.op, ast.Pow):
            return arith("Pow", self._node(node.left), self._node(node.right))
        chain = []  # walk the left spine iteratively: a+b+c+... is one level
        while isinstance(node, ast.BinOp) and not isinstance(node.op, ast.Pow):
            chain.append(node)
            node = node.left
        value = self._node(node)
        for link in reversed(chain):
            value = arith(type(link.op).__name__, value, self._node(link.right))
        return value

    def _Compare(self, node):
        ops = {"Lt": sp.Lt, "LtE": sp.Le, "Gt": sp.Gt, "GtE": sp.Ge, "Eq": sp.Eq, "NotEq": sp.Ne}
        sides = [self._node(node.left)] + [self._node(c) for c in node.comparators]
        rels = [ops[type(op).__name__](a, b, evaluate=False)
                for op, a, b in zip(node.ops, sides, sides[1:])]
        return rels[0] if len(rels) == 1 else sp.And(*rels, evaluate=False)

    def _List(self, node):
        return [self._node(e) for e in node.elts]

    _Tuple = _Set = _List

    def _Subscript(self, node):
        index = self._node(node.slice)
        base_name = node.value.id if isinstance(node.value, ast.Name) else None
        if base_name and base_name not in self.where and not (
                self.size and base_name in self.vectors) and base_name not in self.env:
            return self._scalar_element(base_name, index)
        base = self._node(node.value)
        if isinstance(base, sp.MatrixBase):
            base = list(base)
        if not isinstance(base, list):
            what = base_name or f"{node.value.func.id}(...)"
            raise Invalid("", f"`{what}` is not a vector, so it cannot be indexed")
        return self._element(base, index, base_name or "vector")

    def _element(self, vector: list, index, name: str):
        if not (isinstance(index, sp.Integer) or isinstance(index, int)):
            raise Invalid("", f"index `{index}` of `{name}` must be a concrete number")
        k = int(index)
        if not -len(vector) <= k < len(vector):
            raise Invalid("", f"index {k} is out of range for `{name}` of size {len(vector)}")
        return vector[k]

    def _scalar_element(self, name: str, index):
        if isinstance(index, (sp.Integer, sp.Symbol)) and not _bound_symbolic(index, self):
            return self.symbol(f"{name}_{index}")
        return sp.Indexed(sp.IndexedBase(name), index)

    def _Call(self, node):
        return call(self, node.func.id, node.args)


def _bound_symbolic(index, ctx: Context) -> bool:
    """True when ``index`` is the free variable of a symbolic (not unrolled) Sum."""
    return isinstance(index, sp.Symbol) and index in ctx.env.values()


def arith(op: str, a, b):
    """``a op b`` for expressions, elementwise for vectors."""
    if isinstance(a, list) or isinstance(b, list):
        n = len(a) if isinstance(a, list) else len(b)
        if isinstance(a, list) and isinstance(b, list) and len(a) != len(b):
            raise Invalid("", f"vectors of sizes {len(a)} and {len(b)} do not match")
        left = a if isinstance(a, list) else [a] * n
        right = b if isinstance(b, list) else [b] * n
        return [arith(op, x, y) for x, y in zip(left, right)]
    if op != "Pow" and isinstance(a, sp.Rational) and isinstance(b, sp.Rational):
        _bound_constant(op, a, b)
    if op == "Add":
        return a + b
    if op == "Sub":
        return a - b
    if op == "Mult":
        return a * b
    if op == "Div":
        return a / b
    return power(a, b)


def _bound_constant(op: str, a: sp.Rational, b: sp.Rational) -> None:
    """Refuse ``a op b`` before SymPy computes it when the result could be too large
    (constants that come from ``where`` values or unrolled sums)."""
    bits = max(limits.result_bits(op, (int(a.p), int(a.q)), (int(b.p), int(b.q))))
    if bits > limits.MAX_CONST_BITS:
        raise Invalid("", f"a constant of about {bits} bits is too large (limit "
                          f"{limits.MAX_CONST_BITS}); use smaller numbers, or keep the quantity "
                          "as a symbol", EXPRESSION_REJECTED)


def power(base, exponent):
    """``base**exponent`` refusing constant results that are too large to build."""
    if isinstance(exponent, sp.Number):
        if abs(exponent) > syntax.MAX_EXPONENT:
            raise Invalid("", f"exponent {exponent} is too large (limit {syntax.MAX_EXPONENT})",
                          EXPRESSION_REJECTED)
        if isinstance(base, sp.Rational):  # (never printed: it may be huge)
            bits = max(int(base.p).bit_length(), int(base.q).bit_length())
            if bits * abs(float(exponent)) > syntax.MAX_CONST_BITS:
                raise Invalid("", f"a power of about {int(bits * abs(float(exponent)))} bits "
                                  f"(**{exponent}) is too large a number (limit "
                                  f"{syntax.MAX_CONST_BITS}); use smaller numbers, or keep the "
                                  "quantity as a symbol", EXPRESSION_REJECTED)
    if isinstance(base, sp.MatrixBase):
        return base ** exponent
    return sp.Pow(base, exponent)


def vector_names(tree) -> set[str]:
    """Names used as ``name[index]``, or passed to ``softmax`` / one-argument ``Sum``."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            out.add(node.value.id)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in ("softmax", "Sum") and len(node.args) == 1 and \
                isinstance(node.args[0], ast.Name):
            out.add(node.args[0].id)
    return out


def index_names(tree, vectors: set[str]) -> list[str]:
    """Free index names of ``tree``: in ``z[i]`` or ``p_i`` and not bound by a Sum."""
    found, stack = [], [(tree, frozenset())]
    while stack:
        node, bound = stack.pop()
        if isinstance(node, ast.Subscript):
            found += [n for n in syntax.names_in(node.slice) if n not in bound]
        if isinstance(node, ast.Name):
            match = _SUBSCRIPT_NAME.match(node.id)
            if match and match.group("base") in vectors and not match.group("index").isdigit() \
                    and match.group("index") not in bound:
                found.append(match.group("index"))
        inner = bound
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Sum" \
                and len(node.args) == 2:
            spec = node.args[1]
            var = spec.elts[0] if isinstance(spec, ast.Tuple) and spec.elts else spec
            if isinstance(var, ast.Name):
                inner = bound | {var.id}
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    return found

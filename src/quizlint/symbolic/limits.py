"""Size limits of the safe language, and cheap folding of constant subtrees.

Pure Python (no SymPy). ``fold`` folds every subtree made only of number
literals and ``+ - * / **`` once, bottom up, so the parser can refuse huge
powers and arguments before anything is built. Before each step it bounds
the size of the result from the sizes of the operands (numerator and
denominator), and refuses a step that would pass MAX_CONST_BITS, or take
the expression's folds past MAX_FOLD_BITS in total, instead of computing it.
"""

from __future__ import annotations

import ast
from fractions import Fraction

MAX_CHARS = 2000        # longest expression accepted
MAX_DIGITS = 100        # longest integer literal
MAX_DEPTH = 50          # deepest nesting (brackets and tree levels)
MAX_EXPONENT = 1000     # largest constant exponent
MAX_CONST_BITS = 100_000  # largest numerator or denominator a fold may produce
MAX_FOLD_BITS = 1_000_000  # all folded constants of one expression together
MAX_FACTORIAL = 1000    # largest constant argument of factorial/binomial
MAX_DIFF_ORDER = 100    # largest constant derivative order
MAX_UNROLL = 200        # most terms of a Sum(e, (k, a, b)) written out term by term

BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)

_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b}


class TooLarge(ValueError):
    """Folding a node would build a constant past the limits; nothing was computed."""

    def __init__(self, bits: int, total: bool = False):
        super().__init__(f"about {bits} bits")
        self.bits, self.total = bits, total


def fold(root: ast.AST) -> tuple[dict, dict]:
    """Fold the constant subtrees of ``root``; return ``(values, refused)``.

    ``values`` maps each constant node to its value (a Fraction, or a float
    or complex once a float is involved). ``refused`` maps each node whose
    fold would pass a limit to its ``TooLarge``; such a node and the nodes
    above it are left unfolded. No recursion, and each node is folded once.
    """
    values: dict = {}
    refused: dict = {}
    spent = 0
    for node in reversed(list(ast.walk(root))):  # children before parents
        try:
            bits = _cost(node, values)
            if bits and spent + bits > MAX_FOLD_BITS:
                raise TooLarge(spent + bits, total=True)
            value = _step(node, values)
        except TooLarge as exc:
            refused[node] = exc
            continue
        except (ArithmeticError, ValueError, TypeError):
            continue
        if value is not None:
            spent += bits
            values[node] = value
    return values, refused


def constant(node: ast.AST):
    """Value of a constant subtree (a Fraction or float), None if it has names
    or is too large to fold."""
    return fold(node)[0].get(node)


def _step(node: ast.AST, values: dict):
    """Value of ``node`` from its children's values (None when not constant)."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return Fraction(value) if isinstance(value, int) else value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = values.get(node.operand)
        return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
    if not isinstance(node, ast.BinOp) or not isinstance(node.op, BINOPS):
        return None
    left, right = values.get(node.left), values.get(node.right)
    if left is None or right is None:
        return None
    if isinstance(node.op, ast.Pow):
        return _power(left, right)
    return _OPS[type(node.op)](left, right)


def _power(left, right):
    if abs(right) > MAX_EXPONENT:
        return None  # the parser refuses the exponent itself
    if isinstance(right, Fraction) and right.denominator != 1:
        return float(left) ** float(right)
    return left ** (int(right) if isinstance(right, Fraction) else right)


def _cost(node: ast.AST, values: dict) -> int:
    """Bits of the result of folding ``node`` (numerator plus denominator),
    bounded from its operands before anything is computed; 0 when cheap.

    Raises ``TooLarge`` when the numerator or the denominator could pass
    MAX_CONST_BITS.
    """
    if not isinstance(node, ast.BinOp) or not isinstance(node.op, BINOPS):
        return 0
    left, right = values.get(node.left), values.get(node.right)
    if not (isinstance(left, Fraction) and isinstance(right, Fraction)):
        return 0  # not constant, or a float: fixed size
    if isinstance(node.op, ast.Pow):
        if abs(right) > MAX_EXPONENT or right.denominator != 1:
            return 0  # refused by the parser, or folded as a float
        num, den = power_bits(left.numerator, left.denominator, int(right))
    else:
        num, den = result_bits(type(node.op).__name__, (left.numerator, left.denominator),
                               (right.numerator, right.denominator))
    if max(num, den) > MAX_CONST_BITS:
        raise TooLarge(max(num, den))
    return num + den


def result_bits(op: str, a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    """Upper bounds on the bits of numerator and denominator of ``a op b``,
    for fractions ``a = (p, q)`` and ``b = (r, s)``; ``op`` is Add, Sub, Mult or Div."""
    (p, q), (r, s) = [(abs(x).bit_length(), abs(y).bit_length()) for x, y in (a, b)]
    if op in ("Add", "Sub"):
        return max(p + s, r + q) + 1, q + s
    if op == "Mult":
        return p + r, q + s
    return p + s, q + r  # Div


def power_bits(p: int, q: int, exponent: int) -> tuple[int, int]:
    """Upper bounds on the bits of numerator and denominator of ``(p/q)**exponent``."""
    num, den = abs(p).bit_length() * abs(exponent), abs(q).bit_length() * abs(exponent)
    return (den, num) if exponent < 0 else (num, den)

"""Size limits of the safe language, and cheap folding of constant subtrees.

Pure Python (no SymPy). ``constant`` folds a subtree made only of number
literals and ``+ - * / **`` so the parser can refuse huge powers and
arguments before anything is built; it never folds past the limits below.
"""

from __future__ import annotations

import ast
from fractions import Fraction

MAX_CHARS = 2000        # longest expression accepted
MAX_DIGITS = 100        # longest integer literal
MAX_DEPTH = 50          # deepest nesting (brackets and tree levels)
MAX_EXPONENT = 1000     # largest constant exponent
MAX_CONST_BITS = 100_000  # largest constant a power may produce
MAX_FACTORIAL = 1000    # largest constant argument of factorial/binomial
MAX_DIFF_ORDER = 100    # largest constant derivative order

BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


def constant(node: ast.AST):
    """Value of a constant subtree (a Fraction or float), None if it has names.

    Powers are only folded within the limits above, so this is cheap.
    """
    try:
        return _fold(node)
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        return None


_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b}


def _fold(node: ast.AST):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        return Fraction(node.value) if isinstance(node.value, int) else node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _fold(node.operand)
        return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
    if not isinstance(node, ast.BinOp) or not isinstance(node.op, BINOPS):
        return None
    if isinstance(node.op, ast.Pow):
        return _power(_fold(node.left), _fold(node.right))
    chain = []  # a+b+c+... folds along its left spine without recursion
    while isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        chain.append(node)
        node = node.left
    value = _fold(node)
    for link in reversed(chain):
        right = _fold(link.right)
        if value is None or right is None:
            return None
        value = _OPS[type(link.op)](value, right)
    return value


def _power(left, right):
    if left is None or right is None:
        return None
    if abs(right) > MAX_EXPONENT or isinstance(left, Fraction) and \
            left.numerator.bit_length() * abs(right) > MAX_CONST_BITS:
        raise ValueError("too large to fold")
    if isinstance(right, Fraction) and right.denominator != 1:
        return float(left) ** float(right)
    return left ** (int(right) if isinstance(right, Fraction) else right)

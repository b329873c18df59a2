"""The safe expression language: limits, vocabulary and an ``ast`` allow-list.

Pure Python (no SymPy), so the main process can refuse hostile text before
any worker starts. Nothing here evaluates quiz text: ``ast.parse`` only
builds a tree, which is then checked node by node. Building SymPy objects
from an accepted tree is ``build.py``'s job (worker side).
"""

from __future__ import annotations

import ast
import re
from collections import deque
from functools import lru_cache

from .limits import (BINOPS, MAX_CHARS, MAX_CONST_BITS, MAX_DEPTH, MAX_DIFF_ORDER, MAX_DIGITS,
                     MAX_EXPONENT, MAX_FACTORIAL, MAX_FOLD_BITS, fold)

#: Every function an expression may call (the builder implements each one).
FUNCTIONS = (
    "exp", "log", "ln", "sqrt", "Abs", "abs", "Max", "Min", "max", "min",
    "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh",
    "tanh", "erf", "floor", "ceiling", "sign", "factorial", "binomial",
    "sigmoid", "softplus", "relu", "softmax",
    "Sum", "diff", "integrate", "limit", "solve",
    "simplify", "expand", "factor", "together", "cancel",
    "Matrix", "hessian", "eigenvals", "det", "trace",
)
#: Names that are constants rather than symbols.
CONSTANTS = ("pi", "oo")

_ALLOWED_CMP = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
_CHAINS = {ast.Add: 0, ast.Sub: 0, ast.Mult: 1, ast.Div: 1}
_DIGIT_RUN = re.compile(r"\d{%d,}" % (MAX_DIGITS + 1))
_DIGITS = re.compile(r"\d+")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class Rejected(ValueError):
    """The text is not in the safe language; ``token`` names the culprit."""

    def __init__(self, message: str, token: str = ""):
        super().__init__(message)
        self.token = token


def short(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for messages."""
    text = " ".join(str(text)[: 4 * limit + 100].split())  # a prefix: the text may be huge
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split_equation(text: str) -> tuple[str, str] | None:
    """Split ``a = b`` on its single top-level ``=`` (not ``==`` ``<=`` ``>=`` ``!=``)."""
    _check_length(text)
    depth, cuts = 0, []
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "=" and depth == 0:
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if before not in "=<>!" and after != "=":
                cuts.append(i)
    if not cuts:
        return None
    if len(cuts) > 1:
        raise Rejected(f"`{short(text)}` has more than one `=`", "=")
    i = cuts[0]
    return text[:i].strip(), text[i + 1:].strip()


def parse(text: str) -> ast.expr:
    """Parse ``text`` and check it against the allow-list; return the tree body.

    Raises ``Rejected`` (with the offending token) for anything outside the
    language, before any evaluation happens.
    """
    text = str(text).strip()
    _prescan(text)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        token = _syntax_token(text, exc)
        raise Rejected(f"`{short(text)}` is not a valid expression "
                       f"({exc.msg} at `{token}`)", token) from None
    except (ValueError, RecursionError, MemoryError, OverflowError):
        raise Rejected(f"`{short(text)}` is too complex to parse", short(text, 20)) from None
    _check_depth(tree.body, text)
    values, refused = fold(tree.body)  # sizes bounded before each step: never slow
    problems = []  # (column, -depth, (message, token)): report the leftmost, innermost
    for parent, node, depth in _walk(tree.body):
        message = _too_large(node, refused[node], text) if node in refused else \
            _check_node(node, parent, text, values)
        if message:
            col = getattr(node, "col_offset", None)
            problems.append((MAX_CHARS if col is None else col, -depth, message))
    if problems:
        problems.sort()
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise Rejected(problems[0][2][0] + more, problems[0][2][1])
    return tree.body


def names_in(node: ast.AST) -> set[str]:
    """Every identifier used in ``node`` (function names included)."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _prescan(text: str) -> None:
    """Cheap textual limits checked before the tokenizer sees the text."""
    run = _DIGIT_RUN.search(text, 0, MAX_CHARS + 1)  # bounded: the text may be huge
    if run:
        digits = _DIGITS.match(text, run.start()).group()
        token = digits[:12] + "…"
        raise Rejected(f"a number with {len(digits)} digits (`{token}`) is too long "
                       f"(limit {MAX_DIGITS})", token)
    _check_length(text)
    if not text:
        raise Rejected("empty expression", "")
    depth = deepest = 0
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise Rejected(f"brackets nested {deepest} deep (`(((…`; limit {MAX_DEPTH})", "(((")


def _check_length(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise Rejected(f"expression is {len(text)} characters long (limit {MAX_CHARS}); "
                       "split it, or define parts in `where`", short(text, 20))


def _syntax_token(text: str, exc: SyntaxError) -> str:
    offset = max((exc.offset or 1) - 1, 0)
    if exc.lineno and exc.lineno > 1:
        offset += sum(len(line) + 1 for line in text.splitlines()[: exc.lineno - 1])
    rest = text[offset:].split()
    return short(rest[0], 20) if rest else "end of text"


def _walk(root: ast.AST):
    """Yield ``(parent, node, depth)`` breadth first (no recursion)."""
    queue = deque([(None, root, 0)])
    while queue:
        parent, node, depth = queue.popleft()
        yield parent, node, depth
        queue.extend((node, child, depth + 1) for child in ast.iter_child_nodes(node))


def _check_depth(root: ast.AST, text: str) -> None:
    """Reject trees deeper than MAX_DEPTH; a chain like a+b+c counts once."""
    queue = [(root, 1)]
    while queue:
        node, depth = queue.pop()
        if depth > MAX_DEPTH:
            raise Rejected(f"expression nested more than {MAX_DEPTH} levels deep",
                           short(segment(text, node) or text, 20))
        for child in ast.iter_child_nodes(node):
            same = (isinstance(node, ast.BinOp) and child is node.left
                    and isinstance(child, ast.BinOp)
                    and _CHAINS.get(type(child.op)) == _CHAINS.get(type(node.op)) is not None)
            queue.append((child, depth if same else depth + 1))


def _src(node: ast.AST, text: str) -> str:
    """The source text of ``node`` (shortened), for messages; no recursion."""
    return short(segment(text, node) or type(node).__name__, 30)


def segment(text: str, node: ast.AST) -> str | None:
    """``ast.get_source_segment(text, node)``, but splitting ``text`` into lines
    once rather than per call (a message may quote hundreds of nodes)."""
    try:
        first, last = node.lineno - 1, node.end_lineno - 1
        start, end = node.col_offset, node.end_col_offset
    except AttributeError:
        return None
    lines = _lines(text)
    if None in (last, end) or not 0 <= first <= last < len(lines):
        return None
    if first == last:
        return lines[first].encode()[start:end].decode(errors="replace")
    head = lines[first].encode()[start:].decode(errors="replace")
    tail = lines[last].encode()[:end].decode(errors="replace")
    return head + "".join(lines[first + 1:last]) + tail


@lru_cache(maxsize=8)
def _lines(text: str) -> list[str]:
    """Lines as ``ast`` counts them (``\\r\\n``, ``\\r`` or ``\\n``), ends kept."""
    return _LINE.findall(text)


def _too_large(node: ast.AST, exc, text: str):
    """The message for a constant subtree that is too large to fold."""
    src = _src(node, text)
    if exc.total:
        return (f"the numbers in `{src}` are too large together (folding them needs over "
                f"{MAX_FOLD_BITS} bits); use smaller numbers, or keep the quantity as a symbol",
                src)
    return (f"`{src}` is too large a constant (about {exc.bits} bits, limit {MAX_CONST_BITS} "
            "for a numerator or denominator); use smaller numbers, or keep the quantity as "
            "a symbol", src)


def _check_node(node: ast.AST, parent: ast.AST | None, text: str, values: dict):
    """Return ``(message, token)`` when ``node`` is not allowed here, else None."""
    if isinstance(node, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop)):
        return _check_operator(node)
    if isinstance(node, ast.Constant):
        return _check_constant(node)
    if isinstance(node, ast.Name):
        return _check_name(node, parent)
    if isinstance(node, ast.BinOp):
        return _check_power(node, text, values) if isinstance(node.op, ast.Pow) else None
    if isinstance(node, (ast.UnaryOp, ast.Compare, ast.Expression)):
        return None
    if isinstance(node, ast.Call):
        return _check_call(node, text, values)
    if isinstance(node, ast.Subscript):
        return _check_subscript(node, text)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return None
    if isinstance(node, ast.Attribute):
        return (f"attribute access `.{node.attr}` is not allowed", "." + node.attr)
    if isinstance(node, ast.Lambda):
        return ("`lambda` is not allowed", "lambda")
    return (f"`{_src(node, text)}` ({type(node).__name__}) is not allowed in an expression",
            _src(node, text))


def _check_operator(node):
    if isinstance(node, (ast.Load, ast.UAdd, ast.USub) + BINOPS + _ALLOWED_CMP):
        return None
    symbol = {ast.BitXor: "^", ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@",
              ast.Not: "not", ast.Invert: "~", ast.In: "in", ast.Is: "is"}
    token = symbol.get(type(node), type(node).__name__)
    hint = " (use ** for powers)" if token == "^" else ""
    return (f"operator `{token}` is not allowed{hint}", token)


def _check_constant(node: ast.Constant):
    value = node.value
    if isinstance(value, bool) or value is None or value is Ellipsis:
        return (f"`{value!r}` is not a number", repr(value))
    if isinstance(value, (str, bytes)):
        return (f"string literals are not allowed (`{short(repr(value), 20)}`)",
                short(repr(value), 20))
    if isinstance(value, complex):
        return (f"complex literal `{value!r}` is not allowed", repr(value))
    if isinstance(value, int) and abs(value) >= 10 ** MAX_DIGITS:
        token = str(value)[:12] + "…"
        return (f"integer literal `{token}` is too large (limit {MAX_DIGITS} digits)", token)
    if isinstance(value, float) and not abs(value) < float("inf"):
        return ("number literal is too large", repr(value))
    return None


def _check_name(node: ast.Name, parent):
    called = isinstance(parent, ast.Call) and parent.func is node
    if "__" in node.id and not called:  # a called one is reported by _check_call
        return (f"`{node.id}`: names with double underscores are not allowed", node.id)
    if node.id in FUNCTIONS and not called:
        return (f"`{node.id}` is a function; call it as `{node.id}(...)`", node.id)
    return None


def _check_call(node: ast.Call, text: str, values: dict):
    if not isinstance(node.func, ast.Name):
        token = _src(node.func, text)
        return (f"only named functions may be called, not `{token}`", token)
    name = node.func.id
    if name not in FUNCTIONS:
        return (f"`{name}` is not an allowed function (allowed: {', '.join(FUNCTIONS)})", name)
    if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        return (f"`{name}(...)` takes plain arguments only (no keywords or *)", name)
    caps = {"factorial": (0, MAX_FACTORIAL), "binomial": (0, MAX_FACTORIAL),
            "diff": (2, MAX_DIFF_ORDER)}
    if name in caps:
        first, limit = caps[name]
        for arg in node.args[first:]:
            value = values.get(arg)
            if value is not None and abs(value) > limit:
                return (f"`{name}` argument {short(_src(arg, text), 20)} is too large "
                        f"(limit {limit})", _src(arg, text))
    return None


def _check_subscript(node: ast.Subscript, text: str):
    if not isinstance(node.value, (ast.Name, ast.Call)):
        token = _src(node, text)
        return (f"only `name[index]` indexing is allowed, not `{token}`", token)
    index = node.slice
    ok = isinstance(index, (ast.Name, ast.Constant)) or (
        isinstance(index, ast.UnaryOp) and isinstance(index.operand, ast.Constant)) or (
        isinstance(index, ast.BinOp) and isinstance(index.op, (ast.Add, ast.Sub))
        and all(isinstance(s, (ast.Name, ast.Constant)) for s in (index.left, index.right)))
    if not ok or isinstance(index, ast.Constant) and not isinstance(index.value, int):
        token = _src(index, text)
        return (f"index `{token}` is not allowed (use a name or an integer)", token)
    return None


def _check_power(node: ast.BinOp, text: str, values: dict):
    """Refuse constant exponents that are big or themselves powers (the size of a
    constant result is bounded by ``fold``)."""
    exponent = values.get(node.right)
    if exponent is None:
        return None
    if any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) for n in ast.walk(node.right)):
        return (f"power tower `{_src(node, text)}`: a constant exponent may not be a power",
                _src(node.right, text))
    if abs(exponent) > MAX_EXPONENT:
        return (f"constant exponent {short(_src(node.right, text), 20)} is too large "
                f"(limit {MAX_EXPONENT})", _src(node.right, text))
    return None

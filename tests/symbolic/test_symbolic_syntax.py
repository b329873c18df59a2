"""The safe expression language, checked without SymPy or workers."""

from __future__ import annotations

import pytest

from quizlint.symbolic import syntax
from quizlint.symbolic.syntax import Rejected, parse, split_equation

HOSTILE = {
    "import": ("__import__('os').system('touch /tmp/x')", "__import__"),
    "mro": ("x.__class__.__mro__[-1].__subclasses__()", ".__class__"),
    "string-arg": ('simplify("...")', "'...'"),
    "lambda": ("lambda: 1", "lambda"),
    "string-mult": ("'a'*3", "'a'"),
    "tower": ("9**9**9", "9**9"),
    "big-exponent": ("((9**9)**9999)**9999", "9999"),
    "factorial": ("factorial(10**6)", "10**6"),
    "parens": ("(" * 200 + "x" + ")" * 200, "((("),
    "digits": ("7" * 5000, "777777777777…"),
    "unknown-function": ("f(x)", "f"),
    "attribute": ("x.real", ".real"),
    "comprehension": ("[i for i in x]", "[i for i in x]"),
    "keyword": ("exp(x=1)", "exp"),
    "caret": ("x^2", "^"),
    "bool": ("True", "True"),
    "slice": ("x[1:2]", "1:2"),
    "nested-index": ("a[b[1]]", "b[1]"),
    "long": ("x+" * 1200 + "x", None),
    "unary-chain": ("-" * 60 + "x", None),
    "syntax": ("x +* 2", "*"),
    "walrus": ("(y := 2)", None),
    "fstring": ('f"{x}"', None),
    "bare-function": ("exp", "exp"),
    "infinite-float": ("1e999", None),
    "huge-constant": ("(2**1000)**1000", None),
    "diff-order": ("diff(x, x, 10**6)", None),
    "long-product-exponent": ("x**(" + "9*" * 600 + "9)", None),
}


@pytest.mark.parametrize("text,token", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_rejected_with_its_token(text, token):
    with pytest.raises(Rejected) as info:
        parse(text)
    if token is not None:
        assert info.value.token == token
        assert token[:8] in str(info.value)


def test_rejection_names_the_allowed_functions():
    with pytest.raises(Rejected, match=r"^`__import__` is not an allowed function \(allowed: exp,"):
        parse("__import__('os').system('touch /tmp/x')")
    with pytest.raises(Rejected, match=r"^`__x__`: names with double underscores"):
        parse("__x__ + 1")
    with pytest.raises(Rejected, match=r"`open` is not an allowed function \(allowed: exp, log"):
        parse("open(1)")


@pytest.mark.parametrize("text", [
    "-Sum(y[j] * log(softmax(z)[j]), j)", "p_i - y_i", "(L + lam)/(mu + lam) < L/mu",
    "Matrix([[1, 2], [3, 4]])", "Sum(k**2, (k, 1, n))", "y[-1]", "x**0.5", "2**-3",
    "diff(x**3, x, 2)", "406.4/N**0.34 + 410.7/D**0.28 + 1.69", "{-2, 2}", "N + E + I + S",
    "x+" * 900 + "x", "hessian(f, [x, y])", "0 < x <= 1", "lambda_ * 2", "z[i+1]",
])
def test_accepted_expressions(text):
    parse(text)


@pytest.mark.parametrize("text,sides", [
    ("a = b", ("a", "b")),
    ("Sum(y[j], j) = 1", ("Sum(y[j], j)", "1")),
    ("a == b", None), ("a <= b", None), ("a >= b", None), ("a != b", None),
    ("f(x) + 1", None),
])
def test_split_equation(text, sides):
    assert split_equation(text) == sides


def test_split_equation_refuses_two_equals():
    with pytest.raises(Rejected):
        split_equation("a = b = c")


def test_vocabulary_matches_the_implementation():
    pytest.importorskip("sympy")
    from quizlint.symbolic import functions

    implemented = set(functions.UNARY) | set(functions.REWRITE) | set(functions._HANDLERS) | {"Sum"}
    assert implemented == set(syntax.FUNCTIONS)

"""The safe expression language, checked without SymPy or workers."""

from __future__ import annotations

import time

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


# -- constant folding is bounded before it computes (red-team: a 27-character hang) --------

def _parse_in_child(text: str, limit: float = 30.0) -> dict:
    """Parse ``text`` in a fresh interpreter, so a regression fails instead of hanging."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    src = str(Path(__file__).resolve().parents[2] / "src")
    script = (
        "import json, sys, time\n"
        f"sys.path.insert(0, {src!r})\n"
        "from quizlint.symbolic.syntax import Rejected, parse\n"
        "text = sys.stdin.read()\n"
        "start = time.monotonic()\n"
        "try:\n"
        "    parse(text); out = {'rejected': False}\n"
        "except Rejected as exc:\n"
        "    out = {'rejected': True, 'message': str(exc), 'token': exc.token}\n"
        "out['seconds'] = time.monotonic() - start\n"
        "print(json.dumps(out))\n")
    done = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True,
                          text=True, timeout=limit, check=True)
    return json.loads(done.stdout)


PRIMES = [3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83]
HUGE_FOLDS = {
    # the numerator is 1: only the denominator grows (9**(999**3), about 3e9 bits)
    "nested-fraction-powers": ("(((1/9**999)**999)**999)**1", "too large a constant"),
    "product-of-allowed-powers": ("(" + "*".join(["(9**999)**31"] * 150) + ")**1",
                                  "too large a constant"),
    "quotients": ("(" + "/".join(["(9**999)**31", "(7**999)**35"] * 70) + ")**1",
                  "too large a constant"),
    "sum-of-fractions": ("+".join(f"1/{p}**999" for p in PRIMES * 4), "too large together"),
    "same-size-quotients": ("+".join(["(9**999)**31/(9**999)**31"] * 70), "too large together"),
    "in-an-exponent": ("x**((9**999)**31*(9**999)**31)", "too large a constant"),
    "factorial-argument": ("factorial((9**999)**31*(9**999)**31)", "too large a constant"),
    "negative-exponent": ("((9**999)**-31)**-2", "too large a constant"),
}


@pytest.mark.parametrize("text,words", HUGE_FOLDS.values(), ids=HUGE_FOLDS.keys())
def test_huge_constants_are_refused_before_they_are_folded(text, words):
    out = _parse_in_child(text)
    assert out["rejected"], text
    assert words in out["message"] and "use smaller numbers" in out["message"]
    assert out["seconds"] < 1.0


def test_the_refused_fold_is_the_innermost_too_large_one():
    out = _parse_in_child("(((1/9**999)**999)**999)**1")
    assert out["token"] == "(1/9**999)**999"
    assert "about 3163833 bits" in out["message"]


@pytest.mark.parametrize("text", ["(9**999)**31", "(1/9**999)**31", "2**1000/3**999",
                                  "x**(1/2) + 0.5**999", "factorial(10*100)", "(-8)**(1/3)"])
def test_large_but_allowed_constants_still_parse(text):
    parse(text)


def test_fold_bounds_are_upper_bounds():
    from fractions import Fraction

    from quizlint.symbolic import limits

    pairs = [(Fraction(7, 3), Fraction(-5, 11)), (Fraction(2**200 + 1, 3**50), Fraction(1, 2**90)),
             (Fraction(-9**40), Fraction(1, 7**33)), (Fraction(0), Fraction(12345, 2))]
    ops = {"Add": lambda a, b: a + b, "Sub": lambda a, b: a - b, "Mult": lambda a, b: a * b,
           "Div": lambda a, b: a / b}
    for a, b in pairs:
        for name, op in ops.items():
            if name == "Div" and b == 0:
                continue
            got = op(a, b)
            num, den = limits.result_bits(name, (a.numerator, a.denominator),
                                          (b.numerator, b.denominator))
            assert got.numerator.bit_length() <= num and got.denominator.bit_length() <= den
        for exponent in (3, -4, 0):
            if a == 0 and exponent < 0:
                continue
            got = a ** exponent
            num, den = limits.power_bits(a.numerator, a.denominator, exponent)
            assert got.numerator.bit_length() <= max(num, 1)
            assert got.denominator.bit_length() <= max(den, 1)


def test_huge_texts_are_refused_by_length_first():
    from quizlint.symbolic import fields

    text = "1 + " * 2_500_000  # 10 MB, the largest a quiz file may be
    start = time.monotonic()
    for step in (lambda: parse(text), lambda: split_equation(text),
                 lambda: fields.check_answer(text)):
        with pytest.raises((Rejected, fields.Invalid), match="characters long"):
            step()
    assert time.monotonic() - start < 0.25


def test_message_positions_match_ast():
    import ast

    for text in ["(x +\n y)", "(x +\r\n y)*é + 'ü'", "f(x,\r y)", "[1,\n2,\n3]", "é**2 + ñ"]:
        for node in ast.walk(ast.parse(text, mode="eval")):
            assert syntax.segment(text, node) == ast.get_source_segment(text, node)

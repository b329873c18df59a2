"""Fuzz the main-process expression stage: parse, fold, normalise.

Hypothesis builds expression strings from the safe language's grammar mixed
with hostile tokens (dunder names, attributes, lambdas, huge literals, deep
nesting, big powers, factorials, repeated products). The stage must return
or raise the project's own error types, fast, and must never run code (an
audit hook watches for exec, processes, sockets and writes). The long run
of the same idea is ``benchmarks/fuzz_expressions.py``.
"""

from __future__ import annotations

import faulthandler
import sys
import time
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizlint.symbolic import fields, syntax

MARKER = f"/tmp/quizlint-fuzz-{uuid.uuid4().hex}"
LIMIT = 1.0  # seconds per input: a bound, not a benchmark
HANG = 30.0  # past this, dump the stacks and end the session rather than hang it

ATOMS = ["x", "y", "z_1", "p_i", "lam", "N", "E", "I", "S", "pi", "oo", "k", "j",
         "0", "1", "2", "3", "9", "10", "31", "999", "1000", "1001", "0.5", "2.5e-3", "1e308",
         "1e999", "9" * 100, "9" * 101, "0x" + "f" * 60, "0b" + "1" * 300, "1_000_000",
         "1j", "True", "None", "...", "'s'", "b'x'", "__import__", "__class__", "__x__",
         "exp", "_", "lambda_", "inf", "nan"]
HOSTILE = [f"__import__('os').system('touch {MARKER}')", "x.__class__.__mro__[-1]",
           "().__class__.__bases__[0].__subclasses__()", "lambda: 1", "[i for i in x]",
           "(y := 2)", 'f"{x}"', "open('/etc/passwd')", "eval('1')", "exec('1')",
           "getattr(x, 'y')", "x if y else z", "not x", "x and y", "*x", "x[1:2]", "x @ y",
           "x ^ 2", "x // 2", "x % 2", "~x", "exp(x=1)", "{1: 2}", "{*x}", "await x",
           "yield x", "x; y", "x\ny", "x = 1", "a = b = c", "(9**999)**31", "9**9**9",
           "(1/9**999)**999", "factorial(1000)", "factorial(10**6)", "diff(x, x, 100)",
           "Sum(k**2, (k, 1, 199))", "Matrix([[1, 2], [3, 4]])", "softmax(z)[0]"]
FUNCTIONS = list(syntax.FUNCTIONS) + ["eval", "exec", "open", "getattr", "compile", "f"]
BINARY = ["+", "-", "*", "/", "**", "<", "<=", "==", "!=", ">", "="]


def _join(parts):
    left, op, right = parts
    return f"{left} {op} {right}"


def _grow(inner):
    return st.one_of(
        st.tuples(inner, st.sampled_from(BINARY), inner).map(_join),
        st.tuples(inner, st.sampled_from(BINARY), inner).map(lambda t: f"({_join(t)})"),
        inner.map(lambda e: f"-{e}"),
        st.tuples(st.sampled_from(FUNCTIONS), st.lists(inner, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(st.sampled_from(["x", "z", "y", "p"]), inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.lists(inner, max_size=3).map(lambda items: f"[{', '.join(items)}]"),
        st.tuples(inner, inner).map(lambda t: f"({t[0]})**({t[1]})"),
        st.tuples(inner, st.integers(1, 70)).map(lambda t: "(" * t[1] + t[0] + ")" * t[1]),
        st.tuples(inner, st.sampled_from(["*", "/", "+", "**"]), st.integers(2, 200)).map(
            lambda t: f"({t[1].join([t[0]] * t[2])})"),
        st.tuples(inner, st.integers(1, 30)).map(lambda t: "-" * t[1] + t[0]),
        st.tuples(inner, st.lists(st.sampled_from(EXPONENTS), min_size=1, max_size=4)).map(
            _tower),
    )


EXPONENTS = ["2", "31", "999", "-999", "1000", "1001", "0.5", "1/3", "(1/9**999)"]


def _tower(parts):
    """``(((base)**e1)**e2)...``: nested powers, each exponent allowed on its own."""
    text, exponents = parts
    for exponent in exponents:
        text = f"({text})**{exponent}"
    return text


BIG = ["9**999", "1/9**999", "(9**999)**31", "(1/9**999)**999", "2**1000", "10**99",
       "7/9**999", "(9**999)**31/(7**999)**35", "1e308", "factorial(1000)", "binomial(1000, 500)"]
LEAVES = st.one_of(st.sampled_from(ATOMS), st.sampled_from(HOSTILE), st.sampled_from(BIG))
EXPRESSIONS = st.one_of(
    st.recursive(LEAVES, _grow, max_leaves=25),
    st.text(alphabet="0123456789xyz+-*/().,[]_ =<>!ei", max_size=80),
)

_WATCHED = ("exec", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
            "os.forkpty", "subprocess.Popen", "socket.connect", "ctypes.dlopen",
            "os.remove", "os.rename", "shutil.rmtree", "builtins.input")
_EVENTS: list = []
_ARMED = [False]


def _audit(event: str, args) -> None:
    if not _ARMED[0]:
        return
    writes = event == "open" and isinstance(args[1], str) and set(args[1]) & set("wax+")
    if event.startswith(_WATCHED) or writes:
        _EVENTS.append((event, repr(args)[:200]))


sys.addaudithook(_audit)  # an audit hook cannot be removed; it is idle unless armed


def stage(text: str) -> str:
    """What the main process does with one expression before any worker starts."""
    verdicts = []
    for step in (lambda: syntax.parse(text),
                 lambda: fields.normalize("equal", {"lhs": text, "rhs": "0"}, None),
                 lambda: fields.check_answer(text)):
        try:
            step()
            verdicts.append("ok")
        except (syntax.Rejected, fields.Invalid):
            verdicts.append("refused")
    return "/".join(verdicts)


@settings(max_examples=1500, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(EXPRESSIONS)
def test_main_process_stage_is_fast_safe_and_raises_only_its_own_errors(text):
    _EVENTS.clear()
    _ARMED[0] = True
    faulthandler.dump_traceback_later(HANG, exit=True, file=sys.__stderr__)
    start = time.monotonic()
    try:
        stage(text)  # any other exception fails the test with this input
    finally:
        faulthandler.cancel_dump_traceback_later()
        _ARMED[0] = False
    elapsed = time.monotonic() - start
    assert elapsed < LIMIT, f"{elapsed:.2f} s for {text!r}"
    assert not _EVENTS, f"{text!r} ran {_EVENTS}"


def test_fuzz_inputs_reach_both_verdicts_and_run_nothing():
    """The grammar above produces accepted and refused inputs, and the hostile
    fragments are refused without touching the file system."""
    import os

    assert stage("x**2 + 3*x") == "ok/ok/ok"
    for text in HOSTILE[:2] + ["(((1/9**999)**999)**999)**1", "(" + "*".join(["(9**999)**31"] * 150) + ")"]:
        start = time.monotonic()
        assert stage(text) == "refused/refused/refused", text
        assert time.monotonic() - start < LIMIT
    assert not os.path.exists(MARKER)

"""Fuzz the main-process expression stage (parse, fold, normalise) for a long time.

    python benchmarks/fuzz_expressions.py [--n 100000] [--seed 0] [--jobs N] [--hang 10]

The long-running version of ``tests/symbolic/test_fuzz_expressions.py``:
random expression strings from the safe language's grammar, mixed with
hostile tokens (dunder names, attributes, lambdas, huge literals, deep
nesting, big powers, factorials, long products). Each input goes through
what ``quizlint check`` does in its main process before any SymPy worker
starts: ``syntax.parse``, ``fields.normalize`` of an ``equal`` check and
``fields.check_answer``. Input ``i`` is generated from ``(seed, i)`` alone,
so any input can be rebuilt.

Child processes run the inputs; this process only watches them, so a hang
is caught (the child is killed after ``--hang`` seconds, the input is
reported and the run goes on). Printed: how many inputs ran, the verdict
counts (accepted / refused / crash / slow / hang), the slowest input, the
commonest refusal reasons, and a reproducer for every crash, hang or slow
input. Exit code 1 when there was any crash, hang or slow input.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SLOW = 1.0  # seconds: an input slower than this is reported
MAX_TEXT = 50_000  # characters a repetition grows to (quiz files are capped at 10 MB)

ATOMS = ["x", "y", "z_1", "p_i", "lam", "N", "E", "I", "S", "pi", "oo", "k", "j", "t",
         "0", "1", "2", "3", "9", "10", "31", "999", "1000", "1001", "0.5", "2.5e-3", "1e308",
         "1e999", "9" * 100, "9" * 101, "0x" + "f" * 60, "0b" + "1" * 300, "0o777", "1_000_000",
         "1j", "True", "None", "...", "'s'", "b'x'", "__import__", "__class__", "__x__",
         "exp", "_", "lambda_", "inf", "nan", "x.real", "x.__class__"]
HOSTILE = ["__import__('os').system('true')", "x.__class__.__mro__[-1]",
           "().__class__.__bases__[0].__subclasses__()", "lambda: 1", "lambda x: x",
           "[i for i in x]", "{i: i for i in x}", "(y := 2)", 'f"{x}"', "open('/etc/passwd')",
           "eval('1')", "exec('1')", "getattr(x, 'y')", "x if y else z", "not x", "x and y",
           "*x", "**x", "x[1:2]", "x[::2]", "x @ y", "x ^ 2", "x // 2", "x % 2", "~x", "x << 2",
           "exp(x=1)", "exp(*x)", "{1: 2}", "{*x}", "await x", "yield x", "x; y", "x\ny",
           "x = 1", "a = b = c", "x == y == z", "x is y", "x in y", "a[b[1]]", "exp(x)(y)",
           "exp(x)[0]", "#comment", "\\", "'''", "(", ")", "[", "]", "\x00", "é", "\u202e"]
BIG = ["9**999", "1/9**999", "(9**999)**31", "(1/9**999)**999", "2**1000", "10**99",
       "7/9**999", "(9**999)**31/(7**999)**35", "1e308", "factorial(1000)", "factorial(1001)",
       "binomial(1000, 500)", "diff(x, x, 100)", "diff(x, x, 101)", "Sum(k**2, (k, 1, 199))",
       "Sum(k**999, (k, 1, 10**6))", "Matrix([[1, 2], [3, 4]])", "softmax(z)[0]"]
FUNCTIONS = ["exp", "log", "ln", "sqrt", "Abs", "abs", "Max", "Min", "max", "min", "sin", "cos",
             "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "erf", "floor",
             "ceiling", "sign", "factorial", "binomial", "sigmoid", "softplus", "relu",
             "softmax", "Sum", "diff", "integrate", "limit", "solve", "simplify", "expand",
             "factor", "together", "cancel", "Matrix", "hessian", "eigenvals", "det", "trace",
             "eval", "exec", "open", "getattr", "compile", "f", "__import__", "globals"]
BINARY = ["+", "-", "*", "/", "**", "<", "<=", "==", "!=", ">", ">=", "="]
EXPONENTS = ["2", "31", "999", "-999", "1000", "1001", "0.5", "1/3", "(1/9**999)", "-1"]


def expression(rng: random.Random, depth: int = 0) -> str:
    """One random expression string (grammar productions mixed with hostile ones)."""
    if depth > 6 or rng.random() < 0.25 + depth * 0.1:
        return rng.choice(rng.choice([ATOMS, HOSTILE, BIG]))
    sub = lambda: expression(rng, depth + 1)  # noqa: E731
    choice = rng.randrange(13)
    if choice == 0:
        return f"{sub()} {rng.choice(BINARY)} {sub()}"
    if choice == 1:
        return f"({sub()} {rng.choice(BINARY)} {sub()})"
    if choice == 2:
        return "-" * rng.randint(1, 30) + sub()
    if choice == 3:
        args = ", ".join(sub() for _ in range(rng.randint(0, 3)))
        return f"{rng.choice(FUNCTIONS)}({args})"
    if choice == 4:
        return f"{rng.choice(['x', 'y', 'z', 'p'])}[{sub()}]"
    if choice == 5:
        return "[" + ", ".join(sub() for _ in range(rng.randint(0, 3))) + "]"
    if choice == 6:
        return f"({sub()})**({sub()})"
    if choice == 7:
        n = rng.randint(1, 70)
        return "(" * n + sub() + ")" * n
    if choice == 8:  # a long product (sum, ...) of one subexpression, up to ~MAX_TEXT
        part = sub()
        count = min(rng.randint(2, 200), max(2, MAX_TEXT // max(1, len(part))))
        return "(" + rng.choice(["*", "/", "+", "-", "**"]).join([part] * count) + ")"
    if choice == 9:
        text = sub()
        for _ in range(rng.randint(1, 4)):
            text = f"({text})**{rng.choice(EXPONENTS)}"
        return text
    if choice == 10:
        return "".join(rng.choice("0123456789xyz+-*/().,[]_ =<>!ei") for _ in range(rng.randint(0, 80)))
    if choice == 11:
        return f"{sub()} {rng.choice(['<', '<=', '>', '>='])} {sub()} {rng.choice(['<', '<='])} {sub()}"
    return f"{rng.choice(['factorial', 'binomial', 'diff'])}({sub()}, {sub()})"


def generate(seed: int, index: int) -> str:
    return expression(random.Random(f"{seed}:{index}"))


def stage(text: str) -> tuple[str, str]:
    """(verdict, reason) for one input through the main-process stage."""
    from quizlint.symbolic import fields, syntax

    refused = ""
    for step in (lambda: syntax.parse(text),
                 lambda: fields.normalize("equal", {"lhs": text, "rhs": "0"}, None),
                 lambda: fields.check_answer(text)):
        try:
            step()
        except (syntax.Rejected, fields.Invalid) as exc:
            refused = refused or str(exc)
    return ("refused", refused) if refused else ("accepted", "")


def reason_of(message: str) -> str:
    """A refusal message without its specifics, to count reasons."""
    words = [w for w in message.split() if not any(c in w for c in "`0123456789")]
    return " ".join(words[:6])


# -- child: run inputs, one JSON line each -------------------------------------

def child(seed: int, start: int, stop: int) -> None:
    for index in range(start, stop):
        text = generate(seed, index)
        began = time.monotonic()
        try:
            verdict, reason = stage(text)
        except Exception as exc:  # noqa: BLE001 - a crash is what we look for
            verdict, reason = "crash", f"{type(exc).__name__}: {exc}"[:300]
        elapsed = time.monotonic() - began
        print(json.dumps([index, verdict, reason_of(reason) if verdict == "refused" else reason,
                          round(elapsed, 6), len(text)]), flush=True)


# -- parent: watch the children ------------------------------------------------

class Runner:
    """One child process over ``range(start, stop)``, restarted after a hang."""

    def __init__(self, args, start: int, stop: int):
        self.args, self.next, self.stop = args, start, stop
        self.proc, self.buffer, self.last = None, b"", time.monotonic()
        self.spawn()

    def spawn(self) -> None:
        if self.next >= self.stop:
            self.proc = None
            return
        cmd = [sys.executable, __file__, "--child", "--seed", str(self.args.seed),
               "--start", str(self.next), "--stop", str(self.stop)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        self.buffer, self.last = b"", time.monotonic()

    def fileno(self) -> int:
        return self.proc.stdout.fileno()

    def read(self) -> list:
        chunk = os.read(self.fileno(), 1 << 16)
        if not chunk:  # the child ended (done, or died)
            self.proc.wait()
            if self.next < self.stop:  # died on input self.next
                lost = [[self.next, "crash", f"child died (exit {self.proc.returncode})", 0.0, 0]]
                self.next += 1
                self.spawn()
                return lost
            self.proc = None
            return []
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        rows = [json.loads(line) for line in lines if line.strip()]
        if rows:
            self.next, self.last = rows[-1][0] + 1, time.monotonic()
        return rows

    def check_hang(self) -> list:
        if self.proc is None or time.monotonic() - self.last < self.args.hang:
            return []
        self.proc.kill()
        self.proc.wait()
        hung = [[self.next, "hang", f"no answer within {self.args.hang:g} s", self.args.hang, 0]]
        self.next += 1
        self.spawn()
        return hung


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="inputs to run (default 100000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--hang", type=float, default=10.0, help="seconds before a child is killed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--stop", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.seed, args.start, args.stop)
        return 0

    began = time.monotonic()
    jobs = max(1, min(args.jobs, args.n))
    bounds = [args.n * k // jobs for k in range(jobs + 1)]
    runners = [Runner(args, a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
    verdicts, reasons, bad = Counter(), Counter(), []
    times, slowest = [], (0.0, -1)
    while any(r.proc for r in runners):
        live = [r for r in runners if r.proc]
        ready, _, _ = select.select(live, [], [], 0.5)
        rows = [row for r in ready for row in r.read()]
        rows += [row for r in live for row in r.check_hang()]
        for index, verdict, reason, elapsed, _length in rows:
            if verdict in ("accepted", "refused") and elapsed > SLOW:
                verdict = "slow"
            verdicts[verdict] += 1
            times.append(elapsed)
            slowest = max(slowest, (elapsed, index))
            if verdict == "refused":
                reasons[reason] += 1
            if verdict in ("crash", "hang", "slow"):
                bad.append((index, verdict, reason, elapsed))
    wall = time.monotonic() - began

    ran = sum(verdicts.values())
    times.sort()
    p99 = times[int(len(times) * 0.99)] if times else 0.0
    print(f"inputs run: {ran} (seed {args.seed}, {jobs} processes, {wall:.1f} s wall)")
    print("verdicts:   " + ", ".join(f"{v} {verdicts[v]}" for v in
                                     ("accepted", "refused", "crash", "slow", "hang")))
    print(f"time per input: median {times[len(times) // 2] * 1000:.2f} ms, "
          f"p99 {p99 * 1000:.2f} ms, max {slowest[0] * 1000:.1f} ms (input #{slowest[1]})")
    if slowest[1] >= 0:
        print(f"slowest input: {generate(args.seed, slowest[1])[:200]!r}")
    print("commonest refusals:")
    for reason, count in reasons.most_common(8):
        print(f"  {count:7d}  {reason}")
    for index, verdict, reason, elapsed in bad:
        text = generate(args.seed, index)
        print(f"\n{verdict.upper()} #{index} ({elapsed:.2f} s): {reason}")
        print(f"  reproduce: python -c 'from quizlint.symbolic import syntax; "
              f"syntax.parse({text!r})'" if len(text) < 500 else
              f"  reproduce: python benchmarks/fuzz_expressions.py --child --seed {args.seed} "
              f"--start {index} --stop {index + 1}")
    print(f"\n{'no crashes, hangs or slow inputs' if not bad else f'{len(bad)} problem(s)'}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

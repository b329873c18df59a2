"""Fuzz quizlint's YAML loader with generated YAML-ish text, outside pytest.

    python benchmarks/fuzz_loader.py --n 200000 [--seed 1] [--parser both|c|python]
    python benchmarks/fuzz_loader.py --replay 1234 [--seed 1]   # print and run one input

Each input is built from nested flow and block collections, anchors and
aliases, tags, odd scalars (huge numbers, escapes, control characters,
non-ASCII), directives, several documents, CR / CRLF / LF line breaks and a
few random edits. ``load_text`` must return a Document or raise LoadError at
a line:column inside the text, and never take long; anything else is a
crash, printed with the input's number so that ``--replay`` rebuilds it.

``tests/test_fuzz_loader.py`` drives the same generator (``Yamlish``) from
Hypothesis, for a few hundred inputs in the test suite.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from quizlint.loader import Document, LoadError, load_text  # noqa: E402  (after the path tweak)

SLOW_S = 2.0  # an input this small taking longer than this is a finding

ANCHORS = ["a1", "a2", "k"]
WORDS = [
    "x", "key", "stem", "yes", "No", "on", "off", "~", "null", "NULL", "true", "False", "12", "-7",
    "+3", "0o17", "0o8", "0x1F", "0xg", "1.5", "-.5", "1e3", "1E+400", ".inf", "-.Inf", ".nan",
    "12:30", "2026-11-21", "0000aaaa", "+", "-", ".", "é", "ñandú", "中文", "😀", "a b", "<<", "=",
    "1_000", "0b101", "q-04-01", "$x^2$", "`code`",
]
ODD = [
    "\x07", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ud7ff", "\ue000",
    "\ufffe", "\ud800", "\t", "\\", "'", '"', "#", ": ", " #", "- ", "? ", "&", "*", "!", "%", "@",
    "`", "|", ">", "{", "}", "[", "]", ",", "é", "中", "😀", "\u0301",
]
ESCAPES = [
    "\\x41", "\\u00e9", "\\U0001F600", "\\UFFFFFFFF", "\\U7FFFFFFF", "\\U00110000", "\\ud800",
    "\\udc00", "\\N", "\\_", "\\L", "\\P", "\\0", "\\q", "\\x", "\\\\", '\\"', "\\t", "\\\n  ",
]
TAGS = [
    "!!str", "!!int", "!!float", "!!bool", "!!null", "!!seq", "!!map", "!!binary", "!!timestamp",
    "!!python/object/apply:os.system", "!local", "!", "!<tag:yaml.org,2002:str>", "!e!int", "!!",
]
DEEP = [10, 63, 64, 65, 100, 999, 1000, 1001, 5000]


class Yamlish:
    """Builds one YAML-ish text from integers drawn by ``integer(lo, hi)``.

    Hypothesis supplies the integers in the test suite (so it can shrink a
    failure); ``random.Random.randint`` does here.
    """

    def __init__(self, integer):
        self.integer = integer
        self.budget = 0
        self.wild = True  # False: only forms that usually load, to reach the builder's deeper paths

    def choice(self, options):
        return options[self.integer(0, len(options) - 1)]

    def chance(self, percent: int) -> bool:
        return self.integer(0, 99) < percent

    def document(self) -> str:
        self.budget = self.integer(1, 30)
        self.wild = self.chance(60)
        head = self.choice(["", "", "---\n", "%YAML 1.2\n---\n", "# c\n", "\ufeff"] + [
            "--- ", "%YAML 1.1\n---\n", "%YAML 1.1234567890\n---\n", "%YAML 2.0\n---\n",
            "%TAG !e! tag:yaml.org,2002:\n---\n"] * self.wild)
        body = self.block(0) if self.chance(70) else self.inline(0)
        tail = self.choice(["\n", "", "\n...\n", "\n# end\n", "\n\n"] + ["\n---\nb: 2\n"] * self.wild)
        text = self.line_breaks(head + body + tail)
        for _ in range(self.choice([0, 0, 0, 1, 1, 2, 3]) if self.wild else 0):
            text = self.mutate(text)
        return text

    # -- block context -------------------------------------------------
    def block(self, indent: int) -> str:
        kind = self.choice(["map", "map", "seq", "scalar", "deep"][:5 if self.wild else 4]
                           if self.budget > 0 else ["scalar"])
        pad = " " * indent
        if kind == "scalar":
            return pad + self.inline(0)
        if kind == "deep":
            return self.deep(indent)
        self.budget -= 1
        lines = []
        for _ in range(self.integer(1, 4)):
            if kind == "seq":
                lines.append(pad + "-" + self.after_indicator(indent))
            else:
                lines.append(pad + self.key() + ":" + self.after_indicator(indent))
        return "\n".join(lines)

    def after_indicator(self, indent: int) -> str:
        """What follows a ``key:`` or ``-``: an inline node, a block scalar, or a nested block."""
        how = self.choice(["inline", "inline", "nested", "literal", "empty"])
        props = self.props()
        if how == "inline" or self.budget <= 0:
            return " " + props + self.inline(0)
        if how == "empty":
            return props.rstrip() and " " + props.rstrip()
        if how == "literal":
            step = self.choice([1, 2, 4])
            body = "\n".join(" " * (indent + step) + self.choice(WORDS) for _ in range(self.integer(1, 3)))
            style = self.choice(["|", ">", "|-", ">+", "|2", "|9", "|0"][:7 if self.wild else 3])
            return " " + props + style + "\n" + body
        step = self.choice([0, 1, 2, 2, 4])
        return (" " + props.rstrip() if props else "") + "\n" + self.block(indent + step)

    def key(self) -> str:
        tame = [lambda: self.choice(WORDS), lambda: self.choice(WORDS) + "2",
                lambda: "'" + self.choice(WORDS) + "'",
                lambda: "&" + self.choice(ANCHORS) + " " + self.choice(WORDS)]
        wild = [lambda: self.quoted(), lambda: "*" + self.choice(ANCHORS),
                lambda: "? " + self.choice(WORDS) + "\n", lambda: self.choice(TAGS) + " " + self.choice(WORDS),
                lambda: "[a, b]", lambda: "{a: b}", lambda: "x" * self.choice([1024, 1025, 2000]),
                lambda: self.number()]
        return self.choice(tame + wild if self.wild else tame)()

    # -- flow context --------------------------------------------------
    def inline(self, depth: int) -> str:
        kind = self.choice(["scalar", "scalar", "seq", "map", "alias", "deep"][:6 if self.wild else 4]
                           if self.budget > 0 else ["scalar", "alias"][:2 if self.wild else 1])
        if kind == "scalar":
            self.budget -= 1
            return self.props() + self.scalar()
        if kind == "alias":
            return "*" + self.choice(ANCHORS)
        if kind == "deep":
            return self.deep(-1)
        self.budget -= 1
        items = []
        for _ in range(self.integer(0, 4)):
            item = self.props() + self.inline(depth + 1)
            items.append(item if kind == "seq" else self.flow_key() + ": " + item)
        sep = self.choice([", ", ",", ",\n  ", " , ", ", ,"][:5 if self.wild else 4])
        close = self.choice(["", "", "", ",", " "])
        return ("[" if kind == "seq" else "{") + sep.join(items) + close + ("]" if kind == "seq" else "}")

    def flow_key(self) -> str:
        tame = [lambda: self.choice(WORDS), lambda: "&" + self.choice(ANCHORS) + " " + self.choice(WORDS),
                lambda: "? " + self.choice(WORDS)]
        wild = [lambda: self.quoted(), lambda: self.number(), lambda: "[a]", lambda: "*a1"]
        return self.choice(tame + wild if self.wild else tame)()

    def deep(self, indent: int) -> str:
        """A run of nesting around the limits (ours: 64, libyaml's: 1000)."""
        k = self.choice(DEEP)
        form = self.choice(["[", "{", "mix", "dash", "indent", "open"])
        if form == "[":
            return "[" * k + "x" + "]" * k
        if form == "{":
            return "{a: " * k + "x" + "}" * k
        if form == "mix":
            return "[{a: " * (k // 2) + "x" + "}]" * (k // 2)
        if form == "dash" and indent >= 0:
            return " " * indent + "- " * k + "x"
        if form == "indent" and indent >= 0:
            k = min(k, 150)  # the text grows with k squared
            return "\n".join(" " * (indent + i) + "k:" for i in range(k)) + "\n" + " " * (indent + k) + "v"
        return "[" * k

    # -- scalars ---------------------------------------------------------
    def props(self) -> str:
        """Maybe an anchor and/or a tag before a node."""
        out = ""
        if self.chance(15):
            out += "&" + self.choice(ANCHORS) + " "
        if self.chance(10):
            out += self.choice(TAGS if self.wild else ["!!str", "!"]) + " "
        return out

    def scalar(self) -> str:
        if not self.wild:
            return self.choice([lambda: self.choice(WORDS), lambda: "'it''s'", lambda: '"caf\\u00e9"'])()
        return self.choice([
            lambda: self.choice(WORDS), lambda: self.choice(WORDS),
            lambda: self.choice(WORDS) + self.choice(ODD) + self.choice(WORDS),
            lambda: self.number(), lambda: self.quoted(), lambda: self.double_quoted(),
        ])()

    def number(self) -> str:
        digits = self.choice([1, 3, 20, 498, 499, 500, 501, 3572, 5000])
        return self.choice([
            lambda: "9" * digits, lambda: "-" + "7" * digits, lambda: "0x" + "f" * digits,
            lambda: "0o" + "7" * digits, lambda: "1." + "5" * digits, lambda: "1" * digits + "e5",
            lambda: "1e" + "9" * min(digits, 30),
        ])()

    def quoted(self) -> str:
        text = self.choice(WORDS) + self.choice(["", self.choice(ODD), "''", "\n  "])
        return "'" + text.replace("'", "''") + "'"

    def double_quoted(self) -> str:
        parts = [self.choice(WORDS + ESCAPES + ODD) for _ in range(self.integer(1, 4))]
        return '"' + "".join(p for p in parts if p != '"') + '"'

    # -- whole-text changes ------------------------------------------------
    def line_breaks(self, text: str) -> str:
        style = self.choice(["\n", "\n", "\r\n", "\r", "mixed"])
        if style != "mixed":
            return text.replace("\n", style)
        lines = text.split("\n")
        breaks = ["\r\n", "\r", "\n"]
        return "".join(line + breaks[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]

    def mutate(self, text: str) -> str:
        at = self.integer(0, len(text))
        op = self.choice(["insert", "insert", "delete", "duplicate", "truncate"])
        if op == "insert":
            return text[:at] + self.choice(ODD + ["\n", "\r", "  ", "- ", ": ", "*a1", "&a1 "]) + text[at:]
        if op == "delete":
            return text[:at] + text[at + self.integer(1, 8):]
        if op == "duplicate":
            return text[:at] + text[at:at + self.integer(1, 40)] + text[at:]
        return text[:at]


def yaml_lines(text: str) -> int:
    """How many lines ``text`` has when \\r\\n, \\r and \\n end a line (YAML 1.2)."""
    return len(re.split(r"\r\n|\r|\n", text))


def check(text: str, parser_class=None) -> str:
    """Load ``text``; 'loaded' or the LoadError's code. AssertionError for a bad result."""
    lines = yaml_lines(text)
    try:
        doc = load_text(text, parser_class=parser_class)
    except LoadError as err:
        assert 1 <= err.line <= lines + 1 and err.column >= 1, (err.code, err.line, err.column, lines)
        return err.code
    assert isinstance(doc, Document)
    for line, column in list(doc.positions.values()) + list(doc.key_positions.values()):
        assert 1 <= line <= lines + 1 and column >= 1, ("position", line, column, lines)
    return "loaded"


def generate(seed: int, index: int) -> str:
    rng = random.Random(f"{seed}:{index}")
    return Yamlish(rng.randint).document()


def parsers(which: str) -> list:
    import yaml

    c = getattr(yaml, "CSafeLoader", None)
    chosen = {"c": [c], "python": [yaml.SafeLoader], "both": [c, yaml.SafeLoader]}[which]
    return [p for p in chosen if p is not None]


def run(n: int, seed: int, which: str) -> int:
    outcomes: Counter = Counter()
    crashes, slowest, disagree = [], (0.0, -1), 0
    start = time.perf_counter()
    for i in range(n):
        text = generate(seed, i)
        got = []
        for parser_class in parsers(which):
            t0 = time.perf_counter()
            try:
                got.append(check(text, parser_class))
            except Exception as exc:  # noqa: BLE001  (every other exception is a finding)
                crashes.append((i, parser_class.__name__, f"{type(exc).__name__}: {exc}"[:300]))
                got.append("crash")
            took = time.perf_counter() - t0
            slowest = max(slowest, (took, i))
            if took > SLOW_S:
                crashes.append((i, parser_class.__name__, f"slow: {took:.1f} s"))
        disagree += len({g == "loaded" for g in got}) > 1
        outcomes.update(got)
    wall = time.perf_counter() - start
    print(f"inputs: {n} (seed {seed}, parsers: {', '.join(p.__name__ for p in parsers(which))}), {wall:.1f} s")
    print(f"loaded: {outcomes['loaded']}")
    print("refused: " + ", ".join(f"{code} {count}" for code, count in sorted(outcomes.items())
                                  if code.startswith("QL")))
    print(f"loaded by one parser, refused by the other: {disagree}")
    print(f"slowest input: #{slowest[1]}, {slowest[0] * 1000:.1f} ms")
    print(f"crashes: {len(crashes)}")
    for i, name, what in crashes[:20]:
        text = generate(seed, i)
        print(f"  #{i} [{name}] {what}\n    replay: python benchmarks/fuzz_loader.py --seed {seed} --replay {i}"
              f"\n    input: {text[:400]!r}{' ...' if len(text) > 400 else ''}")
    return 1 if crashes else 0


def replay(seed: int, index: int, which: str) -> int:
    text = generate(seed, index)
    print(repr(text))
    for parser_class in parsers(which):
        print(parser_class.__name__, check(text, parser_class))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200_000, help="how many inputs (default 200000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--parser", choices=["both", "c", "python"], default="both")
    ap.add_argument("--replay", type=int, metavar="INDEX", help="rebuild, print and load one input")
    args = ap.parse_args(argv)
    if args.replay is not None:
        return replay(args.seed, args.replay, args.parser)
    return run(args.n, args.seed, args.parser)


if __name__ == "__main__":
    sys.exit(main())

"""Filters for model drafts. Each takes a candidate and returns why it is
dropped (a short reason) or ``None`` to keep it.

Distractors: equal to the key (also SymPy-equivalent when both read as
math), equal to an existing option, duplicates, "all/none of the above",
far longer than the key, copied from the prompt's own examples.
Translations: math/code/numbers not kept exactly, loops, untranslated,
truncated. Where a rule of `check` judges the same thing, the filter asks
that rule (QL2xx/QL3xx for distractors, QL403/QL404 for translations), so a
kept draft never trips it. Nothing here evaluates text: math goes through the safe
expression language's ``ast`` allow-list before SymPy sees it.
"""

from __future__ import annotations

import ast
import difflib
import re
import unicodedata
from collections import Counter

from quizlint.i18n import normalize_choice
from quizlint.rules.wording import FUNCTION_WORDS

# ------------------------------------------------------------ normalizing

_PUNCT_EDGES = " \t.;:,!?\"'`"


def norm(text: str) -> str:
    """Compare form: NFKC, case-folded, whitespace collapsed, $ and edge punctuation off."""
    s = unicodedata.normalize("NFKC", text).casefold()
    s = re.sub(r"\s+", " ", s).strip(_PUNCT_EDGES)
    if s.startswith("$") and s.endswith("$"):
        s = s.strip("$").strip()
    return s.strip(_PUNCT_EDGES)


def to_sympy(text: str):
    """A SymPy expression for simple math text (+ - * / ** ^, names, numbers), else None."""
    s = norm(text).replace("^", "**")
    if not s or len(s) > 200 or not re.fullmatch(r"[\w\s.+\-*/()]+", s):
        return None
    from quizlint.symbolic.syntax import Rejected, parse  # the project's allow-list

    try:
        tree = parse(s)
    except Rejected:
        return None
    try:
        return _build(tree)
    except (ValueError, TypeError, ZeroDivisionError, RecursionError, OverflowError):
        return None


def _build(node):
    import sympy

    ops = {ast.Add: sympy.Add, ast.Mult: sympy.Mul}
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return sympy.Rational(str(node.value)) if isinstance(node.value, float) else sympy.Integer(node.value)
    if isinstance(node, ast.Name):
        return sympy.Symbol(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _build(node.operand)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        a, b = _build(node.left), _build(node.right)
        if type(node.op) in ops:
            return ops[type(node.op)](a, b)
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Div):
            return a / b
        if isinstance(node.op, ast.Pow):
            if b.is_number and abs(b) > 64:
                raise ValueError("exponent too large")
            return a ** b
    raise ValueError("not simple math")


def math_equal(a: str, b: str) -> bool:
    """Both parse as simple math and their difference simplifies to zero."""
    x, y = to_sympy(a), to_sympy(b)
    if x is None or y is None:
        return False
    import sympy

    try:
        return sympy.simplify(x - y) == 0
    except Exception:  # SymPy can fail on odd input; then we cannot tell
        return False


# ------------------------------------------------------------ distractors

def similar(a: str, b: str, ratio: float = 0.9) -> bool:
    """Equal as `check` compares choices (QL207), or nearly equal."""
    x, y = norm(a), norm(b)
    return x == y or normalize_choice(a) == normalize_choice(b) or (
        min(len(x), len(y)) >= 12 and difflib.SequenceMatcher(None, x, y).ratio() >= ratio)


def equals_key(c: str, keys: list[str]) -> str | None:
    if any(norm(c) == norm(k) for k in keys):
        return "equal to the key"
    if any(similar(c, k) for k in keys):
        return "nearly equal to the key"
    if any(math_equal(c, k) for k in keys):
        return "mathematically equal to the key"
    return None


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _words(text) if len(w) > 2 and w not in FUNCTION_WORDS["en"]}


def restates_key(c: str, keys: list[str]) -> str | None:
    """Contains the key, or nearly all its content words: it may well be correct."""
    for k in keys:
        nk, nc = norm(k), norm(c)
        if len(nk.split()) >= 2 and nk in nc:
            return "contains the key"
        ks = _stems(k)
        if len(ks) >= 4 and len(ks & _stems(c)) / len(ks) >= 0.8:
            return "restates the key (may be correct)"
    return None


def equals_existing(c: str, options: list[str]) -> str | None:
    if any(norm(c) == norm(o) for o in options):
        return "equal to an existing option"
    return "nearly equal to an existing option" if any(similar(c, o) for o in options) else None


def trips_rule(c: str, question: dict | None, lang: str, config=None) -> str | None:
    """The answer-key and item-writing rules (QL2xx, QL3xx) that `check` runs,
    asked about the question with ``c`` added as a wrong choice: a draft
    that adds a finding is dropped, so `suggest` never keeps what `check`
    would then report ("All of these", "Both", "It may diverge"...)."""
    if question is None:
        return None
    from quizlint.rules import question_findings

    choices = [x for x in question.get("choices") or [] if isinstance(x, dict)]
    before = Counter(r.code for r, _ in question_findings(question, [lang], config, _GATE))
    after = Counter(r.code for r, _ in question_findings(
        dict(question, choices=choices + [{"text": c, "correct": False}]), [lang], config, _GATE))
    added = sorted(after - before)
    if not added:
        return None
    from quizlint.rules import all_rules

    return f"would trip {added[0]} ({all_rules()[added[0]].name})"


_GATE = ("QL2", "QL3")


def too_long(c: str, keys: list[str], ratio: float = 1.6, slack: int = 15) -> str | None:
    """The longest option is a cue; drop a distractor far longer than the key."""
    longest = max((len(k) for k in keys), default=0)
    return "far longer than the key" if len(c) > ratio * longest + slack else None


def too_short(c: str, keys: list[str]) -> str | None:
    """A fragment next to a sentence-long key is an obvious wrong answer."""
    if not re.search(r"[^\W_]", c):
        return "no words or numbers"
    longest = max((len(k) for k in keys), default=0)
    return "far shorter than the key" if longest >= 30 and len(c) < 0.3 * longest else None


def from_examples(c: str, examples: set[str]) -> str | None:
    return "copied from the prompt's examples" if norm(c) in examples else None


def filter_distractors(cands: list[str], keys: list[str], options: list[str],
                       examples: set[str] = frozenset(), question: dict | None = None,
                       lang: str = "en", config=None) -> tuple[list[str], list[tuple[str, str]]]:
    """(kept, [(candidate, reason)]) in order; duplicates count after the first.

    With ``question``, each candidate is also judged by the rules (see
    :func:`trips_rule`) on the question plus the candidates kept so far.
    """
    kept, dropped, seen = [], [], []
    current = question
    for c in cands:
        c = c.strip()
        reason = (
            ("empty" if not norm(c) else None)
            or equals_key(c, keys)
            or restates_key(c, keys)
            or equals_existing(c, options)
            or ("duplicate" if any(similar(c, k) for k in seen) else None)
            or too_long(c, keys)
            or too_short(c, keys)
            or from_examples(c, {norm(e) for e in examples})
            or trips_rule(c, current, lang, config)
        )
        if reason:
            dropped.append((c, reason))
        else:
            kept.append(c)
            seen.append(c)
            if current is not None:
                current = dict(current, choices=list(current.get("choices") or []) + [{"text": c}])
    return kept, dropped


# ------------------------------------------------------------ translations



def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.casefold())


def spans_kept(src: str, out: str) -> str | None:
    """QL404's own test: math, code and numbers kept exactly."""
    from quizlint.rules.translations import span_mismatch

    mismatch = span_mismatch(src, out)
    return f"math/code/numbers not kept: {mismatch}" if mismatch else None


def looping(src: str, out: str, n: int = 3, times: int = 3) -> str | None:
    """A word n-gram repeated ``times`` or more (and more often than in the source)."""
    def worst(text):
        w = _words(text)
        grams = Counter(tuple(w[i:i + n]) for i in range(len(w) - n + 1))
        return max(grams.values(), default=0)
    return "repeats itself (loop)" if worst(out) >= times and worst(out) > worst(src) else None


def untranslated(src: str, out: str) -> str | None:
    """QL403's own test (with a lower word count), then stricter ones of ours."""
    from quizlint.rules.translations import untranslated as copied

    if copied(src, out, min_words=2):
        return "untranslated (identical to the source)"
    if len(_words(src)) < 2:  # a name, a symbol, a formula: may rightly stay as it is
        return None
    if difflib.SequenceMatcher(None, norm(src), norm(out)).ratio() > 0.8:
        return "untranslated (too similar to the source)"
    out_words = _words(out)
    if out_words and sum(w in FUNCTION_WORDS["en"] for w in out_words) / len(out_words) > 0.25:
        return "untranslated (still English)"
    return None


def bad_length(src: str, out: str) -> str | None:
    a, b = len(src), len(out)
    if a >= 20 and b < 0.4 * a:
        return "truncated (much shorter than the source)"
    if b > 2.5 * a + 20:
        return "much longer than the source"
    return None


_TRUTH = {"true": re.compile(r"\b(true|verdader[oa]s?|ciert[oa])\b", re.I),
          "false": re.compile(r"\b(false|fals[oa]s?)\b", re.I)}


def truth_changed(src: str, out: str) -> str | None:
    """"False." must not come back as "True." (nor be dropped)."""
    for word, pattern in _TRUTH.items():
        want = len(re.findall(rf"\b{word}\b", src, re.I))
        if want and len(pattern.findall(out)) != want:
            return f"'{word}' not kept"
    return None


TRANSLATION_FILTERS = (spans_kept, truth_changed, looping, untranslated, bad_length)


def check_translation(src: str, out: str) -> str | None:
    """Why ``out`` is not an acceptable translation of ``src``, or None."""
    if not out.strip():
        return "empty"
    for f in TRANSLATION_FILTERS:
        reason = f(src, out)
        if reason:
            return reason
    return None

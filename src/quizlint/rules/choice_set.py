"""Item-writing flaws in the set of choices (QL308-QL310, QL312, warnings): how options are laid out.

QL308 reports choices that are just True/False (a `true_false` question
written the long way), QL309 numeric choices out of order, QL310 too few
choices, QL312 choices that combine other choices ("A and B"). What the
choices say is checked in :mod:`quizlint.rules.item_flaws`, the stem in
:mod:`quizlint.rules.stem_flaws`. QL308 and QL312 check every language of
the file and report a flaw once, in the first language that has it.
"""

from __future__ import annotations

import re
from typing import Iterator

from quizlint.i18n import normalize, normalize_choice
from quizlint.problem import Severity
from quizlint.rules.answer_key import CHOICE_KINDS, code_question, lang_note
from quizlint.rules.base import Finding, Option, QuestionContext, rule
from quizlint.rules.wording import (
    MONTHS, MULTIPLIERS, NUMBER_LEAD, NUMBER_WORDS, ONLY_WORDS, ORDINAL_WORDS, above_choice, answers_either_or,
    both_choice, choice_path, choice_texts, content_stems, fold, neither_choice, real_options, true_false_pair,
)

W = Severity.WARNING


def _core(text: str) -> str:
    """A choice's text without markup around it or a full stop after it."""
    return normalize(text).strip("*_` ").rstrip(".")


# --------------------------------------------------------------------------
# QL308: a true/false question in disguise


@rule("QL308", "true-false-choices", W, kinds=CHOICE_KINDS, per_language=True, once=True)
def true_false_choices(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """The choices are just True/False (or Yes/No, Verdadero/Falso): use `kind: true_false`.

    A two-option choice question with the options "True" and "False" is a
    true/false item written the long way: graders, statistics and renderers
    treat it as a choice question, and `answer:` cannot be checked as a
    boolean. A bare "Yes" / "No" pair among other options is not reported:
    the blind annotators split on it (benchmarks/labels/blind-aws-saa).

    Flawed:

    ```yaml
    kind: single
    stem: Adam uses bias correction.
    choices:
      - {text: "True", correct: true}
      - {text: "False"}
    ```

    Fixed (the whole question, without `choices`):

    ```yaml
    - id: q-01
      kind: true_false
      stem: Adam uses bias correction.
      answer: true
    ```
    """
    if true_false_pair(q, lang):
        shown = " / ".join(normalize(t) for _, _, t in choice_texts(q, lang))
        yield Finding(("choices",), (
            f"the choices are only {shown}{lang_note(q, lang)}; write this as "
            "`kind: true_false` with `answer: true` or `answer: false`"), at_key=True)


# --------------------------------------------------------------------------
# QL309: numeric options out of order

_NUM = r"[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+]?\.\d+"
_NUMBER = re.compile(
    rf"^\s*(?P<num>{_NUM})(?:\s*(?:to|-|\u2013)\s*(?P<high>{_NUM}))?"
    r"\s*(?P<unit>%|[A-Za-z\u00b5\u03bc\u00b0]+(?:\s+[A-Za-z]+)?)?\s*$"
)
# units that convert, so "30 minutes" < "2 hours" and "500GB" < "1TB"
_SCALE = {}
for names, factor, dim in (
        ("s sec secs second seconds", 1, "time"), ("min mins minute minutes", 60, "time"),
        ("h hr hrs hour hours", 3600, "time"), ("d day days", 86400, "time"),
        ("week weeks", 604800, "time"), ("month months", 2592000, "time"), ("year years", 31536000, "time"),
        ("ms millisecond milliseconds", 1e-3, "time"),
        ("b byte bytes", 1, "data"), ("kb kib", 2 ** 10, "data"), ("mb mib", 2 ** 20, "data"),
        ("gb gib", 2 ** 30, "data"), ("tb tib", 2 ** 40, "data"), ("pb pib", 2 ** 50, "data")):
    for name in names.split():
        _SCALE[name] = (factor, dim)


def _value(num: str) -> float:
    return float(num.replace(",", "").replace("\u2212", "-"))


_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")     # "9 feet (2.7 m)": the conversion after it
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)\b", re.I)
_DECADE = re.compile(r"^(\d{3}0)['\u2019]?s\b")   # "the 1990s", "1980's": by their first year
_SPELLED = re.compile(r"^([^\W\d_]+)(?:[-\s]([^\W\d_]+))?\b")
_MULTIPLIED = re.compile(r"^(" + _NUM + r")\s+([^\W\d_]+)\b")


def _as_digits(t: str) -> str:
    """``t`` with a number written another way put in digits: "Over ten years" -> "10 years",
    "Seventh" -> "7", "8 million years" -> "8000000 years", "9 feet (2.7 m)" -> "9 feet",
    "in the 1990s" -> "1990"."""
    t = _ASIDE.sub("", NUMBER_LEAD.sub("", t))
    t = _DECADE.sub(r"\1", _ORDINAL.sub(r"\1", t))
    m = _SPELLED.match(t)
    if m and fold(m.group(1)) in ORDINAL_WORDS and t[m.end(1):].strip():
        return t  # "First arg": a name, not a rank
    if m and fold(m.group(1)) in NUMBER_WORDS:
        n = NUMBER_WORDS[fold(m.group(1))]
        ones = NUMBER_WORDS.get(fold(m.group(2) or ""))
        if ones is not None and n >= 20 and ones < 10:
            return f"{n + ones}{t[m.end():]}"  # "twenty-five"
        return f"{n}{t[m.end(1):]}"
    m = _MULTIPLIED.match(t)
    if m and fold(m.group(2)) in MULTIPLIERS:
        return f"{_value(m.group(1)) * MULTIPLIERS[fold(m.group(2))]:.0f}{t[m.end():]}"
    return t


def parse_number(text: str):
    """``(value, unit)`` if ``text`` is a number or a range ("1,000 to 10,000": its low end), in
    `$...$`/bold, with a unit; a unit that converts (time, bytes) is turned into the base unit."""
    t = normalize(text).strip("*_ ").rstrip(".")
    if t.startswith("$") and t.endswith("$"):
        t = t.strip("$")
    m = _NUMBER.match(_as_digits(t))
    if not m:
        return None
    try:
        value = _value(m.group("num"))
        high = _value(m.group("high")) if m.group("high") else None
    except ValueError:
        return None
    unit = (m.group("unit") or "").strip()
    factor, dim = _SCALE.get(unit.casefold(), (1, unit.casefold()))
    return (value * factor, (high if high is not None else value) * factor), dim


# a date: "August 20, 2006", "20 August 2006", "August 2004" (years and decades are numbers);
# or a month ("May", "March-May": its first month)
_DATE = re.compile(r"(?i)^(?:(?P<m1>[^\W\d_]+)\.?\s+(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+)?"
                   r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:de\s+)?(?P<m2>[^\W\d_]+)\.?,?\s+(?:de\s+)?)"
                   r"(?P<year>\d{3,4})$")
_MONTH_ONLY = re.compile(r"^(?P<month>[^\W\d_]+)\.?(?:\s*(?:-|\u2013|to)\s*[^\W\d_]+\.?)?$")


def parse_date(text: str):
    """``(value, dim)`` of a date as a fractional year (dim ``""``, so plain years compare with
    it) or of a month by its number (dim ``"month"``), else None."""
    t = NUMBER_LEAD.sub("", normalize(text).strip("*_ ").rstrip("."))
    if m := _DATE.match(t):
        month = MONTHS.get(fold(m.group("m1") or m.group("m2")))
        if month is None:
            return None
        day = int(m.group("d1") or m.group("d2") or 1)
        value = int(m.group("year")) + (month - 1) / 12 + (day - 1) / 372
        return (value, value), ""
    if (m := _MONTH_ONLY.match(t)) and fold(m.group("month")) in MONTHS:
        month = MONTHS[fold(m.group("month"))]
        return (month, month), "month"
    return None


MAX_CATCH_ALL = 1   # a choice that is not a number ("Unlimited") among numeric ones
_NUMBERED_NAME = re.compile(r"^([^\W\d_][\w\- ]*?)[ _-]?(\d{1,4})$")


def numbered_names(texts: list[str]) -> list[int] | None:
    """The numbers of choices that are one name numbered ("VM1", "VM3", "VM2"), else None."""
    ms = [_NUMBERED_NAME.match(_core(t)) for t in texts]
    if not all(ms) or len({m.group(1).casefold() for m in ms}) != 1:
        return None
    return [int(m.group(2)) for m in ms]


@rule("QL309", "numeric-order", W, kinds=CHOICE_KINDS)
def numeric_order(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """Numeric choices are not in ascending or descending order.

    When every option is a number, listing them in order lets students find
    the value they computed instead of hunting for it, and removes position
    cues (Haladyna et al. 2002, "lost sequence" in Moore et al. 2023).
    Applies when at least 3 choices of the source language are numbers
    (optionally in `$...$`, with a common unit such as `%` or `GB`, or units
    that convert: "30 minutes" / "2 hours", "500GB" / "1TB"), or ranges
    ("100 to 1,000", by their low end), and at most one choice is not
    ("Unlimited"): the numbers among them are to be in order. Numbers may be
    written as words or ordinals ("two", "Seventh"), with "million", after
    "about" or "over", or with a conversion in brackets ("9 feet (2.7 m)").
    So are dates
    ("August 2004", "20 August 2006", "the 1990s": in time order), months
    ("May", "March-May": in calendar order), and the choices that are one
    name numbered ("VM1", "VM2", "VM3").

    Flawed:

    ```yaml
    choices:
      - text: "0.01"
      - text: "0.1"
        correct: true
      - text: "0.001"
    ```

    Fixed: order them (and move `correct: true` with its choice).

    ```yaml
    choices:
      - text: "0.001"
      - text: "0.01"
      - text: "0.1"
        correct: true
    ```
    """
    if len(q.choices) < 3:
        return
    texts = choice_texts(q, q.source_lang)
    values = [v for v in (parse_number(t) or parse_date(t) for _, _, t in texts) if v is not None]
    nums = numbered_names([t for _, _, t in texts]) if len(texts) == len(q.choices) else None
    if nums is None:
        if len(values) < 3 or len(texts) != len(q.choices) or len(texts) - len(values) > MAX_CATCH_ALL \
                or len({u for _, u in values}) > 1:
            return
        nums = [v for v, _ in values]
    if nums == sorted(nums) or nums == sorted(nums, reverse=True):
        return
    yield Finding(("choices",), (
        "the numeric choices are not in order; list them in ascending (or descending) order "
        "so students can find their value"), at_key=True)


# --------------------------------------------------------------------------
# QL310: too few choices


@rule("QL310", "few-choices", W, kinds=CHOICE_KINDS, options={
    "min_choices": Option(int, 3, "the fewest choices a choice question should have", minimum=2),
})
def few_choices(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A choice question has fewer than `min_choices` choices (default 3).

    With two options a blind guess is right half the time; three
    plausible options are the recommended minimum (Rodriguez 2005). A
    genuine two-way question is a `true_false` one (choices that are just
    True/False are reported by QL308 instead).

    Flawed:

    ```yaml
    kind: single
    choices:
      - {text: Forward mode, correct: true}
      - {text: Reverse mode}
    ```

    Fixed: add a plausible third option.

    ```yaml
    choices:
      - {text: Forward mode, correct: true}
      - {text: Reverse mode}
      - {text: Either; the costs are identical}
    ```
    """
    need = opts["min_choices"]
    if not q.choices or len(q.choices) >= need:
        return
    if true_false_pair(q, q.source_lang):
        return  # QL308 says to make it a true_false question, which needs no choices
    yield Finding(("choices",), (
        f"this question has only {len(q.choices)} choices; add plausible distractors to reach at "
        f"least {need} so guessing pays less"), at_key=True)


# --------------------------------------------------------------------------
# QL312: combination (K-type) choices

# A label is a letter A-H, a digit or a Roman numeral I-VIII, optionally in parentheses.
_LETTER = r"\(?(?:[A-H]|I{1,3}|IV|VI{0,3})\)?"
_DIGIT = r"\(?[1-9]\)?"
_JOIN = r"\s*(?:,|&|/|(?i:and|or|y|o|nor))\s*"
_BOTH_WORDS = r"both|ambas|ambos"
_WORDS_BEFORE = rf"(?:(?i:{_BOTH_WORDS}|only|neither|all\s+of|solo|sólo)\s+)?(?:(?i:choices?|options?|opciones?|answers?|statements?)\s+)?"
_WORDS_AFTER = r"(?:\s+(?i:only|solamente|únicamente|(?:are|is)\s+(?:correct|true|right)|son\s+correctas))?"
_LETTERS = re.compile(rf"^{_WORDS_BEFORE}{_LETTER}(?:{_JOIN}{_LETTER})+{_WORDS_AFTER}$")
_DIGITS = re.compile(rf"^(?P<before>{_WORDS_BEFORE}){_DIGIT}(?:(?P<join>{_JOIN}){_DIGIT})+(?P<after>{_WORDS_AFTER})$")
_NUMBERS_JOINED = re.compile(rf"^\(?\d+\)?(?:{_JOIN}\(?\d+\)?)+$")
_BOTH = re.compile(rf"^(?:{_BOTH_WORDS}|neither)(?:\s+(?:of\s+)?(?:the\s+|these\s+|them\s*)?"
                   r"(?:above|anteriores|answers?|options?|choices?|statements?)?(?:\s+(?:are|is)\s+correct)?)?$",
                   re.I)
# the stem lists numbered statements: "1. ...", "(2) ...", "3) ..." at line starts
_ENUMERATED = re.compile(r"(?m)^\s*(?:[-*]\s+)?\(?(?:[1-9]|[A-H]|I{1,3}|IV)[.)]\s")


_PARTS = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)", re.I)


_ONLY_AFTER = re.compile(rf"(?i)\s+(?:{'|'.join(sorted(ONLY_WORDS))})$")


def _as_part(text: str) -> str:
    """A choice's text as a part of a combination: "User2 only" and "user2" are the same part."""
    return normalize_choice(_ONLY_AFTER.sub("", text)).casefold()


_BOTH_PARTS = re.compile(rf"(?i)^(?:{_BOTH_WORDS})\s+(.+?)\s+(?:and|y)\s+(.+)$")


def _name_other_choices(parts, others: list[str], fam: str) -> bool:
    """Does each part name a different other choice (all its content words are that choice's)?"""
    words = [set(content_stems(o, fam)) for o in others]
    named = []
    for p in parts:
        mine = set(content_stems(p, fam))
        hits = [j for j, w in enumerate(words) if mine and mine <= w]
        if len(hits) != 1:
            return False
        named.append(hits[0])
    return len(set(named)) == len(named)


def is_combination(text: str, stem: str, others: list[str] = (), fam: str = "en") -> bool:
    """Whether a choice combines other choices: "A and B", "1 and 3 only", "Both of these answers",
    or the texts of other choices joined ("FilePermission and userID", "User1
    and User2 only" beside "User1 only" and "User2 only"), or
    "Both X and Y" where X and Y each name another choice ("Both core and
    task nodes" beside "Any of the core nodes" and "Any of the task nodes").

    Bare numbers joined by commas ("1,2,3") are a value a program prints
    unless the stem enumerates statements to pick from; so are numbers
    joined beside other choices that join numbers no choice has ("2 and 3"
    beside "16 and 11", "0 and 7"); and so is any
    combination of labels under a stem that shows code ("What does it
    print?" / "A and D") unless it enumerates them.
    """
    core = _core(text)
    if _BOTH.match(core):
        return True
    parts = [_as_part(p) for p in _PARTS.split(core) if p.strip()]
    known = {_as_part(_core(o)) for o in others}
    if len(parts) >= 2 and all(p and p in known for p in parts):
        return True  # "User1 and User2 only" beside "User1 only" and "User2 only"
    both = _BOTH_PARTS.match(core)
    if both and len(others) >= 2 and _name_other_choices(both.groups(), others, fam):
        return True  # "Both core and task nodes" beside "Any of the core nodes", "Any of the task nodes"
    if code_question(stem or "") and not _ENUMERATED.search(stem or ""):
        return False  # "A and D": what the program prints
    if _LETTERS.match(core):
        return True
    m = _DIGITS.match(core)
    if not m:
        return False
    if any(_NUMBERS_JOINED.match(_core(o)) and any(int(d) == 0 or int(d) > len(others) + 1
                                                  for d in re.findall(r"\d+", _core(o))) for o in others):
        return False  # "2 and 3" beside "16 and 11", "0 and 7": pairs of values, not choice numbers
    worded = m.group("before").strip() or m.group("after").strip() or \
        re.search(r"(?i)\b(?:and|or|nor|y|o)\b|&", core)
    return bool(worded) or _ENUMERATED.search(stem or "") is not None


@rule("QL312", "combination-choice", W, kinds=CHOICE_KINDS, per_language=True)
def combination_choice(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """A choice combines other choices ("A and B", "1 and 3 only", "Both of the above").

    Not reported here: "all / none of the above" (QL301, QL302), and "both"
    or "neither" when the other real options are exactly two (then it is
    all or none of them: QL301, QL302). A choice that joins the texts of other choices ("SGD and Adam")
    counts too.

    Complex (K-type) items test logic as much as knowledge: knowing one
    statement is false eliminates every combination that contains it
    (Haladyna et al. 2002). A `multi` question asks the same thing
    directly.

    Flawed:

    ```yaml
    kind: single
    choices:
      - text: AdaGrad accumulates squared gradients.
      - text: RMSProp uses an EMA of squared gradients.
      - text: A and B
        correct: true
    ```

    Fixed: `kind: multi` with the two statements marked `correct: true` and
    a wrong statement added.

    ```yaml
    kind: multi
    choices:
      - text: AdaGrad accumulates squared gradients.
        correct: true
      - text: RMSProp uses an EMA of squared gradients.
        correct: true
      - text: SGD uses an EMA of squared gradients.
    ```
    """
    stem = q.text(q.question.get("stem"), lang) or ""
    texts = choice_texts(q, lang)
    two = len(real_options([t for _, _, t in texts], fam, stem)) == 2
    for i, c, t in texts:
        core = _core(t)
        if above_choice(t, fam, "all", stem) or above_choice(t, fam, "none", stem):
            continue  # QL301 / QL302
        if (two and (both_choice(t, fam, stem) or neither_choice(t, fam, stem))) or answers_either_or(t, stem):
            continue  # "both" / "neither" of exactly two options is all / none of them (QL301, QL302);
            # "Is it X or Y?" "Both."
        if is_combination(t, stem, [o for j, _, o in texts if j != i], fam):
            yield Finding(choice_path(c, i, lang), (
                f'choice {i + 1}{lang_note(q, lang)} ("{core}") combines other choices; ask '
                "for every correct option with `kind: multi` instead"))

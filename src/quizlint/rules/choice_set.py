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
from quizlint.rules.wording import TRUE_FALSE_PAIRS, choice_path, choice_texts, fold

W = Severity.WARNING


# --------------------------------------------------------------------------
# QL308: a true/false question in disguise


def _true_false_pair(q: QuestionContext, lang: str) -> bool:
    texts = choice_texts(q, lang)
    if len(q.choices) != 2 or len(texts) != 2:
        return False
    return {fold(normalize_choice(t)) for _, _, t in texts} in TRUE_FALSE_PAIRS


@rule("QL308", "true-false-choices", W, kinds=CHOICE_KINDS, per_language=True, once=True)
def true_false_choices(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """The choices are just True/False (or Yes/No, Verdadero/Falso): use `kind: true_false`.

    A two-option choice question with the options "True" and "False" is a
    true/false item written the long way: graders, statistics and renderers
    treat it as a choice question, and `answer:` cannot be checked as a
    boolean.

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
    if _true_false_pair(q, lang):
        shown = " / ".join(normalize(t) for _, _, t in choice_texts(q, lang))
        yield Finding(("choices",), (
            f"the choices are only {shown}{lang_note(q, lang)}; write this as "
            "`kind: true_false` with `answer: true` or `answer: false`"), at_key=True)


# --------------------------------------------------------------------------
# QL309: numeric options out of order

_NUMBER = re.compile(
    r"^\s*(?P<num>[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+]?\.\d+)"
    r"\s*(?P<unit>%|[A-Za-z\u00b5\u03bc\u00b0]+)?\s*$"
)


def parse_number(text: str):
    """``(value, unit)`` if ``text`` is a number (optionally in `$...$`/bold, with a unit), else None."""
    t = normalize(text).strip("*_ ").rstrip(".")
    if t.startswith("$") and t.endswith("$"):
        t = t.strip("$")
    m = _NUMBER.match(t)
    if not m:
        return None
    try:
        value = float(m.group("num").replace(",", "").replace("\u2212", "-"))
    except ValueError:
        return None
    return value, m.group("unit") or ""


@rule("QL309", "numeric-order", W, kinds=CHOICE_KINDS)
def numeric_order(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """Numeric choices are not in ascending or descending order.

    When every option is a number, listing them in order lets students find
    the value they computed instead of hunting for it, and removes position
    cues (Haladyna et al. 2002, "lost sequence" in Moore et al. 2023).
    Applies when every choice of the source language is a number (optionally
    in `$...$`, with a common unit such as `%` or `GB`) and there are at
    least 3 choices.

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
    values = []
    for i, c, t in choice_texts(q, q.source_lang):
        parsed = parse_number(t)
        if parsed is None:
            return
        values.append(parsed)
    if len(values) != len(q.choices) or len({u for _, u in values}) > 1:
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
    if _true_false_pair(q, q.source_lang):
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
_WORDS_BEFORE = r"(?:(?i:both|only|neither|all\s+of|ambas|ambos|solo|sólo)\s+)?(?:(?i:choices?|options?|opciones?|answers?|statements?)\s+)?"
_WORDS_AFTER = r"(?:\s+(?i:only|solamente|únicamente|(?:are|is)\s+(?:correct|true|right)|son\s+correctas))?"
_LETTERS = re.compile(rf"^{_WORDS_BEFORE}{_LETTER}(?:{_JOIN}{_LETTER})+{_WORDS_AFTER}$")
_DIGITS = re.compile(rf"^(?P<before>{_WORDS_BEFORE}){_DIGIT}(?:(?P<join>{_JOIN}){_DIGIT})+(?P<after>{_WORDS_AFTER})$")
_BOTH = re.compile(r"^(?:both|neither|ambas|ambos)(?:\s+(?:of\s+)?(?:the\s+|these\s+|them\s*)?"
                   r"(?:above|anteriores|answers?|options?|choices?|statements?)?(?:\s+(?:are|is)\s+correct)?)?$",
                   re.I)
# the stem lists numbered statements: "1. ...", "(2) ...", "3) ..." at line starts
_ENUMERATED = re.compile(r"(?m)^\s*(?:[-*]\s+)?\(?(?:[1-9]|[A-H]|I{1,3}|IV)[.)]\s")


def is_combination(text: str, stem: str) -> bool:
    """Whether a choice combines other choices: "A and B", "1 and 3 only", "Both of these answers".

    Bare numbers joined by commas ("1,2,3") are a value a program prints
    unless the stem enumerates statements to pick from, and so is any
    combination of labels under a stem that shows code ("What does it
    print?" / "A and D") unless it enumerates them.
    """
    core = normalize(text).strip("*_` ").rstrip(".")
    if _BOTH.match(core):
        return True
    if code_question(stem or "") and not _ENUMERATED.search(stem or ""):
        return False  # "A and D": what the program prints
    if _LETTERS.match(core):
        return True
    m = _DIGITS.match(core)
    if not m:
        return False
    worded = m.group("before").strip() or m.group("after").strip() or \
        re.search(r"(?i)\b(?:and|or|nor|y|o)\b|&", core)
    return bool(worded) or _ENUMERATED.search(stem or "") is not None


@rule("QL312", "combination-choice", W, kinds=CHOICE_KINDS, per_language=True)
def combination_choice(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """A choice combines other choices ("A and B", "1 and 3 only", "Both of the above").

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
    for i, c, t in choice_texts(q, lang):
        core = normalize(t).strip("*_` ").rstrip(".")
        if is_combination(t, stem):
            yield Finding(choice_path(c, i, lang), (
                f'choice {i + 1}{lang_note(q, lang)} ("{core}") combines other choices; ask '
                "for every correct option with `kind: multi` instead"))

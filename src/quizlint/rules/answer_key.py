"""Answer-key consistency (QL2xx, errors): is the key there, and does it agree?

Each rule looks at one question. Paths are relative to the question; a
localized field is addressed down to its language, e.g.
``("explanation", "es")``. This module has QL201-QL205 (the key is there)
and QL207 (duplicate choices), and the helpers the rule modules share
(choice kinds, keys, text paths, language notes); QL206, the explanation's
key statement, is in :mod:`quizlint.rules.key_statement`.
"""

from __future__ import annotations

import math
import re
from typing import Iterator

from quizlint.i18n import normalize_choice, text_in
from quizlint.problem import Severity
from quizlint.rules.base import Finding, QuestionContext, rule

E = Severity.ERROR

CHOICE_KINDS = ("single", "multi")


# --------------------------------------------------------------------------
# helpers shared by the rule modules


def text_path(value, base: tuple, lang: str) -> tuple:
    """Path of ``value`` (the text at ``base``) in ``lang``: down to the language key when localized."""
    return base + (lang,) if isinstance(value, dict) else base


def texts_by_lang(q: QuestionContext, value) -> list[tuple[str, str]]:
    """``(lang, text)`` for every language of ``value``: declared languages first, then any others."""
    if isinstance(value, str):
        return [(q.source_lang, value)]
    if not isinstance(value, dict):
        return []
    order = list(q.languages) + [k for k in value if k not in q.languages]
    return [(lang, value[lang]) for lang in order if isinstance(value.get(lang), str)]


def is_correct(choice: dict) -> bool:
    return choice.get("correct") is True


def choice_label(index: int, letters: bool = False) -> str:
    return f"{chr(ord('A') + index)}" if letters and index < 26 else str(index + 1)


def describe_choices(indices, letters: bool = False) -> str:
    idx = sorted(indices)
    names = [choice_label(i, letters) for i in idx]
    if not names:
        return "no choice"
    if len(names) == 1:
        return f"choice {names[0]}"
    return "choices " + ", ".join(names[:-1]) + " and " + names[-1]


def lang_note(q: QuestionContext, lang: str) -> str:
    """`` (es)`` for a translation, nothing for the source language."""
    return "" if lang == q.source_lang else f" ({lang})"


# --------------------------------------------------------------------------
# QL201-QL205: the key is there


@rule("QL201", "single-key-count", E, kinds=("single",))
def single_key_count(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A `single` question must mark exactly one choice `correct: true`.

    A single-answer question with no key cannot be graded, and one with two
    keys tells students that either answer is right (or that the author
    meant `multi`). Choices default to `correct: false`, so a question that
    marks nothing is reported here too (once, not as a separate problem).

    Flawed:

    ```yaml
    - id: q-01
      kind: single
      stem: Which optimizer keeps an EMA of squared gradients?
      choices:
        - text: RMSProp
          correct: true
        - text: AdaGrad
          correct: true
        - text: SGD
    ```

    Fixed: keep `correct: true` on RMSProp only (or make the question
    `kind: multi` if several answers are meant to be right):

    ```yaml
    choices:
      - text: RMSProp
        correct: true
      - text: AdaGrad
      - text: SGD
    ```
    """
    if not q.choices:
        return
    keys = [i for i, c in enumerate(q.choices) if is_correct(c)]
    if len(keys) == 1:
        return
    if not keys:
        yield Finding(("choices",), (
            "this single-answer question has no correct choice; mark the right one with "
            "`correct: true` (choices default to `correct: false`)"), at_key=True)
        return
    for i in keys[1:]:
        yield Finding(("choices", i, "correct"), (
            f"this single-answer question marks {describe_choices(keys)} as correct; keep "
            "`correct: true` on exactly one, or change the kind to `multi`"))


@rule("QL202", "multi-key-count", E, kinds=("multi",))
def multi_key_count(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A `multi` question needs at least one correct choice and at least one wrong one.

    With no key the question cannot be graded; with every choice correct
    "select all" is always right and the question tests nothing.

    Flawed:

    ```yaml
    - id: q-02
      kind: multi
      stem: Which of these are adaptive optimizers?
      choices:
        - {text: Adam, correct: true}
        - {text: RMSProp, correct: true}
        - {text: AdaGrad, correct: true}
    ```

    Fixed: add a plausible wrong choice (or mark only the choices that are
    actually correct):

    ```yaml
    choices:
      - {text: Adam, correct: true}
      - {text: RMSProp, correct: true}
      - {text: AdaGrad, correct: true}
      - {text: SGD with momentum}
    ```
    """
    if not q.choices:
        return
    keys = [i for i, c in enumerate(q.choices) if is_correct(c)]
    if not keys:
        yield Finding(("choices",), (
            "this multiple-answer question has no correct choice; mark at least one with "
            "`correct: true`"), at_key=True)
    elif len(keys) == len(q.choices):
        yield Finding(("choices",), (
            "every choice of this multiple-answer question is marked correct, so selecting "
            "everything always wins; add a wrong choice or unmark one that is wrong"), at_key=True)


@rule("QL203", "true-false-answer", E, kinds=("true_false",))
def true_false_answer(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A `true_false` answer must be the boolean `true` or `false`.

    Under YAML 1.2, `answer: yes`, `answer: "True"` or `answer: 1` are a
    string or a number, not a boolean, and would be graded as "wrong" for
    everyone. The schema reports this first (QL101), so in a normal run this
    rule only fires for data that skipped schema validation (API callers).

    Flawed:

    ```yaml
    - id: q-03
      kind: true_false
      stem: Adam uses bias correction.
      answer: yes
    ```

    Fixed:

    ```yaml
    answer: true
    ```
    """
    answer = q.question.get("answer")
    if isinstance(answer, bool):
        return
    if answer is None:
        yield Finding(("answer",), "this true/false question has no answer; write `answer: true` or "
                      "`answer: false`", at_key="answer" in q.question)
        return
    shown = repr(answer) if isinstance(answer, str) else str(answer)
    yield Finding(("answer",), (
        f"the answer {shown} is not a boolean; write `answer: true` or `answer: false` "
        "(unquoted; YAML 1.2 reads yes/no/on/off as strings)"))


@rule("QL204", "numeric-tolerance", E, kinds=("numeric",))
def numeric_tolerance(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A `numeric` answer needs a `tolerance`, a `rel_tolerance` or `exact: true`.

    Without a tolerance a grader has to guess how close is close enough:
    comparing floats exactly rejects `0.30000000000000004` for `0.3`, and
    students round differently. Say so explicitly; `exact: true` states that
    only the exact value counts (e.g. an integer count). Giving `exact: true`
    together with a tolerance is contradictory and also reported.

    Flawed:

    ```yaml
    - id: q-04
      kind: numeric
      stem: What loss does the Chinchilla law predict at N = 70B, D = 1.4T?
      answer: {value: 1.937}
    ```

    Fixed:

    ```yaml
    answer: {value: 1.937, tolerance: 0.005}
    ```
    """
    answer = q.question.get("answer")
    if not isinstance(answer, dict):
        return
    tol = [k for k in ("tolerance", "rel_tolerance") if k in answer]
    exact = answer.get("exact") is True
    if exact and tol:
        yield Finding(("answer", "exact"), (
            f"`exact: true` contradicts `{tol[0]}`; remove one of them"), at_key=True)
    elif not exact and not tol:
        yield Finding(("answer",), (
            "this numeric answer has no tolerance; add `tolerance:` (absolute) or "
            "`rel_tolerance:`, or `exact: true` if only the exact value is right"), at_key=True)
    value = answer.get("value")
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        yield Finding(("answer", "value"), f"the answer value {value} is not a finite number; "
                      "write the number the students should give")


@rule("QL205", "free-reference-answer", E, kinds=("free",))
def free_reference_answer(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A `free` question needs a non-empty reference answer in the source language.

    The reference answer is what graders (and flashcard backs) show; an
    empty one, or one given only in a translation, leaves the source
    language without an answer.

    Flawed:

    ```yaml
    languages: [en, es]
    questions:
      - id: q-05
        kind: free
        stem: {en: What is an epoch?, es: ¿Qué es una época?}
        answer: {es: Una pasada por todo el conjunto de entrenamiento.}
    ```

    Fixed: add the English answer.

    ```yaml
    answer:
      en: One pass through the whole training set.
      es: Una pasada por todo el conjunto de entrenamiento.
    ```
    """
    answer = q.question.get("answer")
    src = q.source_lang
    text = q.text(answer)
    if text is not None and text.strip():
        return
    if isinstance(answer, dict) and text is None:
        yield Finding(("answer",), (
            f"the reference answer has no {src} (source language) text; add `{src}:` with the "
            "answer"), at_key=True)
    else:
        yield Finding(("answer",), "the reference answer is empty; write the answer a grader "
                      "should expect", at_key=True)


# --------------------------------------------------------------------------
# QL207: duplicate choices

_CODE_BLOCK = re.compile(r"```|~~~|^(?: {4}|\t)\S", re.M)
_ASKS_OUTPUT = re.compile(r"`[^`\n]+`.*\b(?:returns?|prints?|outputs?|displays?|evaluates?|results?|values?)\b"
                          r"|\b(?:returns?|prints?|outputs?|displays?|evaluates?|results?)\b.*`[^`\n]+`", re.I | re.S)


def code_question(stem: str) -> bool:
    """Whether the stem shows code (a block, or inline code whose output it asks for): its
    choices are then outputs or code, compared exactly."""
    return _CODE_BLOCK.search(stem) is not None or _ASKS_OUTPUT.search(stem) is not None


@rule("QL207", "duplicate-choice", E, kinds=CHOICE_KINDS)
def duplicate_choice(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """Two choices of one question have the same text.

    Texts are compared in every language as
    :func:`quizlint.i18n.normalize_choice` gives them: prose ignoring spacing,
    punctuation and the case of its first letter; code (in backticks, or
    that looks like code) and every choice of a question whose stem shows a
    code block exactly, after trimming the outer whitespace, since there
    `Hello World` and `Hello World!` are different outputs. Choices with no
    visible text (a `&shy;` placeholder where an image was) are not compared. A duplicated option is usually a copy-paste slip; it
    also gives students a free elimination (both cannot be the single key),
    or, if one copy is marked correct and the other not, makes the key
    contradict itself.

    Flawed:

    ```yaml
    choices:
      - text: The learning rate is too large.
        correct: true
      - text: the learning rate is too large
    ```

    Fixed: replace the copy with a different distractor.

    ```yaml
    choices:
      - text: The learning rate is too large.
        correct: true
      - text: The batch size is too large.
    ```
    """
    reported = set()
    exact = code_question(q.text(q.question.get("stem")) or "")
    for lang in list(q.languages) + sorted({k for c in q.choices if isinstance(c.get("text"), dict)
                                            for k in c["text"]} - set(q.languages)):
        seen: dict[str, int] = {}
        for j, c in enumerate(q.choices):
            text = text_in(c.get("text"), lang, q.source_lang)
            if text is None:
                continue
            norm = normalize_choice(text)
            if exact and norm:
                norm = text.strip()  # the choices are a program's output: every character counts
            if not norm:
                continue
            if norm in seen and j not in reported:
                reported.add(j)
                i = seen[norm]
                note = lang_note(q, lang)
                yield Finding(text_path(c.get("text"), ("choices", j, "text"), lang), (
                    f"choice {j + 1} repeats choice {i + 1}{note}; replace it with a different "
                    "option or delete it"))
            seen.setdefault(norm, j)

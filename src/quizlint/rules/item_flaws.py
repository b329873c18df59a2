"""Item-writing flaws in what the choices say (QL301-QL305, warnings): cues for test-wise guessing.

QL301 and QL302 report "all / none of the above", QL303 a key longer than
every distractor, QL304 absolute terms (always, never...) that only
distractors use, QL305 vague terms (often, may...). The other QL3xx rules
are in :mod:`quizlint.rules.choice_set` (the set of choices: true/false
pairs, numeric order, too few choices, combinations) and
:mod:`quizlint.rules.stem_flaws` (the stem).

Rule-based criteria after Haladyna, Downing & Rodriguez (2002) and Moore et
al. (2023, "Assessing the quality of multiple-choice questions using GPT-4
and rule-based methods"). Words are matched as whole words (``ball`` is not
``all``) after math, inline code and code blocks are blanked out, in every
language of the file that has word lists (English and Spanish; other
languages get the language-independent checks only). A flaw found in
several languages of the same text is reported once, in the first language
(the source language when it has the flaw). The word lists and matching
helpers are in :mod:`quizlint.rules.wording`.
"""

from __future__ import annotations

import re
from typing import Iterator

from quizlint.i18n import normalize
from quizlint.problem import Severity
from quizlint.rules.answer_key import CHOICE_KINDS, is_correct, lang_note, text_path
from quizlint.rules.base import Finding, Option, QuestionContext, rule
from quizlint.rules.wording import (
    ABSOLUTE, ALL_ABOVE, CLAIM_BEFORE, CLAIM_VERBS, NONE_ABOVE, ONLY_WORDS, SCOPING, VAGUE, above_choice,
    QUALIFIERS, both_choice, choice_path, choice_texts, find_phrases, fold, in_title, neither_choice, prose,
    quote, real_options, true_false_pair, words,
)

W = Severity.WARNING


# --------------------------------------------------------------------------
# QL301, QL302: all / none of the above


def _stem(q: QuestionContext, lang: str) -> str:
    return q.text(q.question.get("stem"), lang) or ""


@rule("QL301", "all-of-the-above", W, kinds=CHOICE_KINDS, per_language=ALL_ABOVE)
def all_of_the_above(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """A choice says "all of the above".

    A student who sees two correct options can pick "all of the above"
    without knowing the others, and one who spots a single wrong option can
    rule it out: the option tests test-wiseness, not the topic (Haladyna et
    al. 2002). With `kind: multi` the question can ask for every correct
    option directly. Matched as whole words in English ("all of the above",
    "all the above", "all of the mentioned") and Spanish ("todas las
    anteriores", "todo lo anterior"); a short choice that points at the list
    ("All of the items listed", "Using all these methods"); a choice that is
    only "All" / "Todas" under a stem that asks which of the options; and
    "Both of these answers" / "Both of the above" when the other real options
    are exactly two (with more, "both" picks some of them, and "Both A and
    B" always names options by label: QL312).

    Flawed:

    ```yaml
    kind: single
    choices:
      - text: Adam keeps a first-moment EMA.
      - text: Adam keeps a second-moment EMA.
      - text: All of the above
        correct: true
    ```

    Fixed: `kind: multi`, mark both statements `correct: true`, delete the
    "all of the above" choice and add a wrong statement.

    ```yaml
    kind: multi
    choices:
      - text: Adam keeps a first-moment EMA.
        correct: true
      - text: Adam keeps a second-moment EMA.
        correct: true
      - text: Adam keeps a third-moment EMA.
    ```
    """
    stem = _stem(q, lang)
    texts = choice_texts(q, lang)
    two = len(real_options([t for _, _, t in texts], fam, stem)) == 2
    for i, c, t in texts:
        found = above_choice(t, fam, "all", stem) or ([t.strip()] if two and both_choice(t, fam, stem) else [])
        if found:
            yield Finding(choice_path(c, i, lang), (
                f'choice {i + 1}{lang_note(q, lang)} is {quote(found[:1])}, which students can '
                'pick by spotting two correct options; make the question `multi` or replace '
                'the choice with a real distractor'))


@rule("QL302", "none-of-the-above", W, kinds=CHOICE_KINDS, per_language=NONE_ABOVE)
def none_of_the_above(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """A choice says "none of the above".

    When "none of the above" is the key, the question only tests that
    students can recognise wrong answers, never that they know the right
    one; when it is a distractor it is rarely plausible. Either way it
    weakens the item (Haladyna et al. 2002). Matched as whole words in
    English ("none of the above") and Spanish ("ninguna de las anteriores",
    "nada de lo anterior"), or a choice that is only "None" / "Ninguna";
    "Neither" is none of the above when the other real options are exactly
    two ("Caesar / Neither / Both / Alexander").

    Flawed:

    ```yaml
    choices:
      - text: RMSProp
      - text: AdaGrad
      - text: None of the above
    ```

    Fixed: replace it with a plausible distractor.

    ```yaml
    choices:
      - text: RMSProp
      - text: AdaGrad
      - text: SGD with momentum
    ```
    """
    stem = _stem(q, lang)
    texts = choice_texts(q, lang)
    two = len(real_options([t for _, _, t in texts], fam, stem)) == 2
    for i, c, t in texts:
        found = above_choice(t, fam, "none", stem) or ([t.strip()] if two and neither_choice(t, fam, stem) else [])
        if found:
            yield Finding(choice_path(c, i, lang), (
                f'choice {i + 1}{lang_note(q, lang)} is {quote(found[:1])}; replace it with a '
                'plausible distractor (as a key it only tests recognising wrong answers)'))


# --------------------------------------------------------------------------
# QL303: the key is the longest option


MIN_EXTRA_CHARS = 25  # "SGD with momentum" vs "RMSProp" is no length cue, nor a key a clause longer


@rule("QL303", "longest-key", W, kinds=CHOICE_KINDS, per_language=True, once=True, options={
    "ratio": Option(float, 1.2, "how many times as long as the longest distractor the key must be",
                    minimum=1),
    "mean_ratio": Option(float, 1.4, "how many times as long as the distractors on average the key must be",
                         minimum=1),
    "min_choices": Option(int, 3, "the fewest choices a question must have to be checked", minimum=2),
})
def longest_key(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """The key is longer than every distractor by a clear margin.

    Authors qualify the right answer carefully and write distractors
    quickly, so "pick the longest option" is a classic test-wise strategy.
    Reported when every correct choice is at least `ratio` times as long (in
    characters, spacing normalized) as the longest wrong choice, at least
    `mean_ratio` times as long as the wrong choices on average, and at
    least 25 characters longer (short options such as `SGD with momentum` vs `Adam`
    are no cue), in any language, for questions with at least `min_choices`
    choices. The defaults (1.2, 1.4 and 25 characters) are the most
    lenient margins that keep the rule at 90 % precision or more on the
    labelled bank items (benchmarks/bench_rules.py, docs/rules.md).

    Flawed:

    ```yaml
    choices:
      - text: It uses less memory.
      - text: >-
          It avoids redundant calculations by reusing intermediate values
          computed during the forward and backward passes.
        correct: true
      - text: It needs fewer examples.
    ```

    Fixed: shorten the key or give the distractors the same level of detail.

    ```yaml
    choices:
      - text: It uses less memory.
      - text: It reuses intermediate results.
        correct: true
      - text: It needs fewer examples.
    ```
    """
    ratio = opts["ratio"]
    texts = choice_texts(q, lang)
    if len(q.choices) < opts["min_choices"] or len(texts) != len(q.choices):
        return
    keys = [(i, c, len(normalize(t))) for i, c, t in texts if is_correct(c)]
    wrong = [len(normalize(t)) for i, c, t in texts if not is_correct(c)]
    if not keys or not wrong or max(wrong) == 0:
        return
    shortest = min(keys, key=lambda k: k[2])
    mean = sum(wrong) / len(wrong)
    if shortest[2] >= ratio * max(wrong) and shortest[2] >= opts["mean_ratio"] * mean \
            and shortest[2] - max(wrong) >= MIN_EXTRA_CHARS:
        i, c, n = keys[0]
        what = "the key" if len(keys) == 1 else "every correct choice"
        yield Finding(choice_path(c, i, lang), (
            f"{what}{lang_note(q, lang)} is {shortest[2] / max(wrong):.1f} times as long as the "
            f"longest distractor ({shortest[2]} vs {max(wrong)} characters), a cue for "
            "test-wise guessing; shorten it or make the distractors equally detailed"))


# --------------------------------------------------------------------------
# QL304, QL305: absolute and vague terms


ONE_WORD_ABSOLUTES = {"always", "never", "siempre", "nunca", "jamas"}
_LABELISH = re.compile(r"\*\*.+?\*\*|__.+?__|\*[^*\n]+\*|\"[^\"\n]*\"|\u201c[^\u201d\n]*\u201d|'[^'\n]+'")


def absolutes(text: str, fam: str) -> list[str]:
    """The sweeping absolute terms of a choice, as written.

    Not counted: a choice that is one word ("nothing" as a program's
    output; but "Never." and "Always." answer a when-question sweepingly), words in quotes or emphasis, in names (`all_reduce`), or
    capitalized inside the sentence or in a title (UI labels: "Press Save
    All", "Show Hidden Only"; "Never Say Goodbye"), qualified ones ("almost
    always"), and scoping words ("all", "every", "only"...) unless they
    open a choice that makes a claim (it has a verb such as "is", "can",
    "must", or eight words or more: "Only the optimizer decides the step
    size", not "All of the hidden layers"; for "only", three words are
    enough: "Only in one region.") or, for "only", follow a verb or subject
    ("it can only run once").
    """
    if len(text.split()) < 2 and fold(text.strip(" .!*_")) not in ONE_WORD_ABSOLUTES:
        return []
    p = _LABELISH.sub(lambda m: " " * len(m.group(0)), prose(text))
    ms = words(text)
    out = []
    i = 0
    folded = [fold(m.group(0)) for m in ms]
    index = {ph[0]: [] for ph in ABSOLUTE[fam]}
    for ph in ABSOLUTE[fam]:
        index[ph[0]].append(ph)
    while i < len(ms):
        m = ms[i]
        ph = next((ph for ph in index.get(folded[i], ()) if tuple(folded[i:i + len(ph)]) == ph), None)
        if ph is None:
            i += 1
            continue
        i += len(ph)
        head = folded[i - len(ph)]
        k = i - len(ph)
        if p[m.start():m.end()] != m.group(0) or text[m.start() - 1:m.start()] in ("_", ".") or \
                text[m.end():m.end() + 1] in ("_", "("):
            continue  # quoted, emphasized, or part of a name
        opening = k == 0 and (len(folded) >= 8 or any(f in CLAIM_VERBS.get(fam, ()) for f in folded)
                              or head in ONLY_WORDS and len(folded) >= 3)  # "Only through the console."
        if m.group(0)[:1].isupper() and k > 0 or in_title(text, m.start(), m.end()):
            continue  # a label or a title: "Save All", "Never Say Goodbye"
        if k > 0 and folded[k - 1] in QUALIFIERS.get(fam, ()):
            continue  # "almost always": qualified, not sweeping
        if head in SCOPING.get(fam, ()) and not opening and not (
                head in ONLY_WORDS and folded[k - 1] in CLAIM_BEFORE.get(fam, ())):
            continue
        out.append(" ".join(x.group(0) for x in ms[k:i]))
    return out


@rule("QL304", "absolute-terms", W, kinds=CHOICE_KINDS + ("true_false",), per_language=ABSOLUTE)
def absolute_terms(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """A distractor, or a statement to judge true or false, makes a sweeping claim (always, never, only, all...).

    Sweeping claims are rarely true, so students learn to eliminate options
    with "always", "never", "only", "all", "none", "every", "guarantees"
    (Spanish "siempre", "nunca", "solo", "todos", "ningún"...), and can
    answer without knowing the topic; that holds when the key uses such a
    word too (the blind labels judge those items flawed as well). A word
    the stem uses itself is its requirement, not a sweeping claim ("so that
    only employees can reach it" ... "Allow only the office network").
    Choices that are "all / none of the above" are left to QL301/QL302.
    In a true/false item (`kind: true_false`, or choices that are just
    "True" / "False", "Yes" / "No") the stem is the claim, and an absolute
    in it gives "False" away.

    Flawed:

    ```yaml
    choices:
      - text: Reverse mode is always faster.
      - text: When there are many more inputs than outputs.
        correct: true
      - text: It guarantees finding the global minimum.
    ```

    Fixed: plausible, qualified distractors.

    ```yaml
    choices:
      - text: Reverse mode is faster when there are more outputs than inputs.
      - text: When there are many more inputs than outputs.
        correct: true
      - text: It finds a better minimum.
    ```
    """
    if q.kind == "true_false" or true_false_pair(q, lang):
        found = absolutes(_stem(q, lang), fam)
        if found:
            yield Finding(text_path(q.question.get("stem"), ("stem",), lang), (
                f"the statement{lang_note(q, lang)} makes a sweeping claim ({quote(found)}), which "
                "students learn to judge false without knowing the topic; rephrase it without the "
                "absolute"))
        return
    texts = choice_texts(q, lang)
    asked = {fold(w) for w in find_phrases(_stem(q, lang), ABSOLUTE[fam])}  # the stem's own requirement
    hits = {}
    for i, c, t in texts:
        if above_choice(t, fam, "all", _stem(q, lang)) or above_choice(t, fam, "none", _stem(q, lang)):
            continue
        found = [w for w in absolutes(t, fam) if fold(w) not in asked]
        if found:
            hits[i] = (c, found)
    if not any(is_correct(c) for _, c, _ in texts):
        return
    for i, (c, found) in hits.items():
        if not is_correct(c):
            yield Finding(choice_path(c, i, lang), (
                f"distractor {i + 1}{lang_note(q, lang)} makes a sweeping claim ({quote(found)}), "
                "which students learn to eliminate without knowing the topic; rephrase it without "
                "the absolute"))


# "may" of permission or capability: "You may omit the semicolon", "it may be resized" (a
# passive), "the input may be a list or a tuple" (the possibilities)
_PERMISSION = re.compile(r"(?i)\b(?:you|users?|we|developers?|one|clients?|admins?|administrators?|"
                         r"callers?|applications?|apps?)\s+(?:may|might)\b"
                         r"|\b(?:may|might)\s+(?:be|get)\s+\w+ed\b|\b(?:may|might)\s+be\s+(?:a|an|either)\b")


# a frequency that names a workload ("frequently accessed data", the "infrequent access" tier) and
# "may or may not" (something optional) describe the thing, they do not hedge the claim
_ONE_NAME = re.compile(r"^\W*[A-Z][a-z]+\W*$")


def _blank_titles(text: str) -> str:
    """``text`` with the words of names and titles blanked out ("Louisa May Alcott")."""
    out = list(text)
    for m in words(text):
        if in_title(text, m.start(), m.end()):
            out[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(out)


_NAMED_FREQUENCY = re.compile(r"(?i)\b(?:(?:in)?frequently|often|rarely)\s+(?:accessed|used|queried|read|requested|"
                              r"updated|changed|changing|written)\b|\bmay\s+or\s+may\s+not\b")


def hedges(text: str, fam: str) -> list[str]:
    """The vague frequency or hedging terms of a choice, as written.

    "May" of permission, "may or may not", a frequency that names a
    workload, and a word of a name or title ("Louisa May Alcott", the month
    "May") are none:

    >>> hedges("Cache the frequently accessed items; it may or may not help.", "en")
    []
    >>> hedges("It usually converges.", "en")
    ['usually']
    """
    if _ONE_NAME.match(text):
        return []  # "May", the month
    if fam == "en":
        text = _NAMED_FREQUENCY.sub(lambda m: " " * len(m.group(0)), text)
    found = find_phrases(_blank_titles(text), VAGUE[fam])
    if fam == "en" and found:
        allowed = sum(1 for _ in _PERMISSION.finditer(prose(text)))
        mays = [f for f in found if fold(f) in ("may", "might")]
        if allowed >= len(mays):
            found = [f for f in found if fold(f) not in ("may", "might")]
    return found


@rule("QL305", "vague-terms", W, kinds=CHOICE_KINDS, per_language=VAGUE)
def vague_terms(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """A choice uses a vague frequency or hedging term (often, usually, may, might...).

    Whether "X usually happens" is right depends on what the reader takes
    "usually" to mean, so well-prepared students can argue either way
    (Moore et al. 2023). Listed terms: frequently, occasionally, rarely,
    usually, sometimes, often, might, may, seldom, generally, typically,
    probably, possibly, perhaps, somewhat, commonly; in Spanish
    frecuentemente, a menudo, a veces, rara vez, normalmente, generalmente,
    podría, quizás, tal vez...

    Flawed:

    ```yaml
    choices:
      - text: The learning rate may be too large.
        correct: true
      - text: The batch is too small.
    ```

    Fixed: state the condition exactly.

    ```yaml
    choices:
      - text: The learning rate is too large.
        correct: true
      - text: The batch is too small.
    ```
    """
    for i, c, t in choice_texts(q, lang):
        found = hedges(t, fam)
        if found:
            yield Finding(choice_path(c, i, lang), (
                f"choice {i + 1}{lang_note(q, lang)} uses the vague term {quote(found)}, which "
                "readers interpret differently; state the condition or quantity exactly"))

"""Item-writing flaws (QL3xx, warnings): cues that let a test-wise student guess.

Rule-based criteria after Haladyna, Downing & Rodriguez (2002) and Moore et
al. (2023, "Assessing the quality of multiple-choice questions using GPT-4
and rule-based methods"). Words are matched as whole words (``ball`` is not
``all``) after math, inline code and code blocks are blanked out, in every
language of the file that has word lists (English and Spanish; other
languages get the language-independent checks only). A flaw found in
several languages of the same text is reported once, in the first language
(the source language when it has the flaw).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterable, Iterator

from quizlint.i18n import normalize, protected_spans, text_in
from quizlint.problem import Severity
from quizlint.rules.answer_key import (
    CHOICE_KINDS, is_correct, lang_note, normalize_choice, text_path,
)
from quizlint.rules.base import Finding, QuestionContext, rule

W = Severity.WARNING

# --------------------------------------------------------------------------
# words

_FENCE = re.compile(r"```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)", re.S)
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")


def family(lang: str) -> str:
    """``es`` for ``es-MX``: word lists are per primary language."""
    return lang.split("-")[0].lower()


def fold(word: str) -> str:
    """Lower case without accents: ``Sólo`` -> ``solo``."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("\u2019", "'")


def prose(text: str) -> str:
    """``text`` with code blocks, math, inline code and numbers blanked (same length)."""
    out = _FENCE.sub(lambda m: " " * len(m.group(0)), text)
    pos = 0
    for span in protected_spans(out):
        at = out.find(span, pos)
        if at < 0:
            continue
        out = out[:at] + " " * len(span) + out[at + len(span):]
        pos = at + len(span)
    return out


def words(text: str) -> list[re.Match]:
    """Word matches (letters, with inner hyphens and apostrophes) of the prose of ``text``."""
    return list(_WORD.finditer(prose(text)))


def _phrases(items: Iterable[str]) -> list[tuple[str, ...]]:
    return sorted({tuple(fold(w) for w in item.split()) for item in items}, key=len, reverse=True)


def find_phrases(text: str, phrases: list[tuple[str, ...]]) -> list[str]:
    """The phrases (whole words, in order of appearance, as written) found in ``text``."""
    ms = words(text)
    folded = [fold(m.group(0)) for m in ms]
    found, i = [], 0
    while i < len(folded):
        for ph in phrases:
            if tuple(folded[i:i + len(ph)]) == ph:
                found.append(" ".join(m.group(0) for m in ms[i:i + len(ph)]))
                i += len(ph)
                break
        else:
            i += 1
    return found


def quote(items: list[str]) -> str:
    seen = list(dict.fromkeys(items))
    return ", ".join(f'"{x}"' for x in seen)


# --------------------------------------------------------------------------
# word lists

ALL_ABOVE = {
    "en": _phrases(["all of the above", "all the above", "all above"]),
    "es": _phrases(["todas las anteriores", "todos los anteriores", "todo lo anterior",
                    "todas las opciones anteriores", "todas las respuestas anteriores"]),
}
ALL_WHOLE = {"en": {"all of these", "all of them", "all"}, "es": {"todas", "todos", "todas ellas"}}
NONE_ABOVE = {
    "en": _phrases(["none of the above", "none the above", "none above"]),
    "es": _phrases(["ninguna de las anteriores", "ninguno de los anteriores", "nada de lo anterior",
                    "ninguna de las opciones anteriores", "ninguna de las respuestas anteriores"]),
}
NONE_WHOLE = {"en": {"none of these", "none of them", "none"}, "es": {"ninguna", "ninguno",
                                                                      "ninguna de ellas"}}
ABSOLUTE = {
    "en": _phrases(["always", "never", "only", "all", "none", "every", "everything", "nothing",
                    "nobody", "no one", "completely", "entirely", "totally", "absolutely",
                    "guarantee", "guarantees", "guaranteed", "impossible", "certainly"]),
    "es": _phrases(["siempre", "nunca", "jamás", "solo", "sólo", "solamente", "únicamente", "todo",
                    "toda", "todos", "todas", "ninguno", "ninguna", "ningún", "nada", "nadie",
                    "completamente", "totalmente", "absolutamente", "garantiza", "garantizan",
                    "garantizado", "imposible"]),
}
VAGUE = {
    "en": _phrases(["frequently", "occasionally", "rarely", "usually", "sometimes", "often", "might",
                    "may", "seldom", "generally", "typically", "probably", "possibly", "perhaps",
                    "somewhat", "commonly"]),
    "es": _phrases(["frecuentemente", "a menudo", "ocasionalmente", "raramente", "rara vez",
                    "normalmente", "usualmente", "habitualmente", "generalmente", "a veces",
                    "podría", "podrían", "quizá", "quizás", "tal vez", "probablemente",
                    "posiblemente", "típicamente"]),
}
NEGATIVE = {
    "en": {"not", "no", "except", "cannot", "never"},
    "es": {"no", "excepto", "salvo", "nunca"},
}
TRUE_FALSE_PAIRS = [
    {"true", "false"}, {"yes", "no"}, {"correct", "incorrect"}, {"right", "wrong"},
    {"verdadero", "falso"}, {"cierto", "falso"}, {"si", "no"}, {"correcto", "incorrecto"},
]
INSTRUCTION_VERBS = {
    "en": {"select", "choose", "pick", "identify", "name", "give", "list", "state", "compute",
           "calculate", "find", "determine", "complete", "match", "mark", "indicate", "explain",
           "describe", "estimate", "order", "rank", "fill", "write", "evaluate", "derive", "decide",
           "classify", "predict", "solve", "simplify", "compare"},
    "es": {"selecciona", "seleccione", "elige", "elija", "escoge", "escoja", "indica", "indique",
           "identifica", "identifique", "calcula", "calcule", "determina", "determine", "completa",
           "complete", "marca", "marque", "nombra", "da", "di", "explica", "explique", "describe",
           "describa", "estima", "ordena", "escribe", "escriba", "deriva", "halla", "encuentra",
           "resuelve", "simplifica", "compara", "decide", "clasifica", "predice"},
}
STOPWORDS = {
    "en": set("""
        about above after again against also although among another anyone anything around
        because been before being below between both cannot could does doing done down during
        each either else enough even ever every following from further have having here hers
        herself himself however into itself just least less like made make makes many more
        most much must neither none nothing other others ought ours ourselves over own quite
        rather really same several shall should show shown since some such than that their
        theirs them themselves then there therefore these they thing things this those though
        through thus together under unless until upon very want well were what whatever when
        where whether which while whom whose will with within without would your yours yourself
        true false correct incorrect statement statements question questions answer answers
        option options choice choices best following describe describes described select apply
        used using uses term terms value values given
    """.split()),
    "es": {fold(w) for w in """
        para como pero porque sobre entre desde hasta cual cuál cuáles cuales cuando cuándo donde
        dónde este esta estos estas ese esa esos esas aquel aquella aquellos aquellas tiene tienen
        tener hace hacen hacer puede pueden será sería están está estar eran fueron todos todas
        cada otro otra otros otras siguiente siguientes verdadera verdaderas verdadero falsa
        falsas falso correcta correctas correcto respuesta respuestas opción opciones mismo misma
        mismos mismas muy más menos también sólo solo según sino aunque mientras durante sin
        tras hacia ante bajo contra algo alguno alguna algunos algunas nada ningún ninguna
        ninguno mucho mucha muchos muchas poco poca pocos pocas tanto tanta tantos tantas todo
        toda usted ustedes ellos ellas nosotros vosotros nuestro nuestra suyo suya sean sido
        siendo haber había han hay cuyo cuya qué quién quiénes selecciona correspondan afirmación
        afirmaciones pregunta valor valores término
    """.split()},
}


# --------------------------------------------------------------------------
# stemming for the clang check

def stem(word: str, fam: str) -> str:
    """A light suffix-stripping stem: ``gradients``/``gradient`` and ``computed``/``compute`` agree."""
    w = fold(word).strip("'")
    if w.endswith("'s"):
        w = w[:-2]
    if fam == "es":
        for suf in ("mente", "ciones", "cion", "es", "s"):
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                w = w[: -len(suf)]
                break
        return w[:-1] if len(w) > 4 and w[-1] in "aeo" else w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "ches", "shes", "xes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 4:
        w = w[:-1]
    for suf in ("ingly", "edly", "ing", "ed", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            break
    return w[:-1] if len(w) > 4 and w.endswith("e") else w


def content_stems(text: str, fam: str) -> dict[str, str]:
    """Content-word stems of ``text`` (≥ 4 letters, no stopwords) -> the first word that gave it."""
    out: dict[str, str] = {}
    stops = STOPWORDS.get(fam, set())
    for m in words(text):
        for part in re.split(r"[-'\u2019]", m.group(0)):
            f = fold(part)
            if len(f) < 4 or f in stops:
                continue
            out.setdefault(stem(part, fam), part)
    return out


# --------------------------------------------------------------------------
# running a check in each language, reporting each place once

Check = Callable[[str, str], Iterator[tuple[object, Finding]]]


def per_language(q: QuestionContext, check: Check, *, lists: dict | None = None) -> Iterator[Finding]:
    """Run ``check(lang, family)`` for each language of the file; yield each place's first finding.

    ``check`` yields ``(place, finding)``; a place (a choice index, "stem"...)
    reported in one language is not reported again in another. With
    ``lists``, only languages whose family has an entry are checked.
    """
    done = set()
    for lang in q.languages:
        fam = family(lang)
        if lists is not None and fam not in lists:
            continue
        for place, finding in check(lang, fam):
            if place not in done:
                done.add(place)
                yield finding


def choice_texts(q: QuestionContext, lang: str) -> list[tuple[int, dict, str]]:
    """``(index, choice, text in lang)`` for the choices that have text in ``lang``."""
    out = []
    for i, c in enumerate(q.choices):
        t = text_in(c.get("text"), lang, q.source_lang)
        if t is not None:
            out.append((i, c, t))
    return out


def choice_path(c: dict, i: int, lang: str) -> tuple:
    return text_path(c.get("text"), ("choices", i, "text"), lang)


def _is_above_choice(text: str, fam: str, phrases: dict, whole: dict) -> list[str]:
    found = find_phrases(text, phrases.get(fam, []))
    if not found and " ".join(fold(m.group(0)) for m in words(text)) in whole.get(fam, set()):
        found = [normalize(text).rstrip(".")]
    return found


# --------------------------------------------------------------------------
# QL301, QL302: all / none of the above


@rule("QL301", "all-of-the-above", W)
def all_of_the_above(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A choice says "all of the above".

    A student who sees two correct options can pick "all of the above"
    without knowing the others, and one who spots a single wrong option can
    rule it out: the option tests test-wiseness, not the topic (Haladyna et
    al. 2002). With `kind: multi` the question can ask for every correct
    option directly. Matched as whole words in English ("all of the above",
    "all the above") and Spanish ("todas las anteriores", "todo lo
    anterior"), or a choice that is only "All" / "Todas".

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
    """
    if q.kind not in CHOICE_KINDS:
        return

    def check(lang, fam):
        for i, c, t in choice_texts(q, lang):
            found = _is_above_choice(t, fam, ALL_ABOVE, ALL_WHOLE)
            if found:
                yield i, Finding(choice_path(c, i, lang), (
                    f'choice {i + 1}{lang_note(q, lang)} is {quote(found[:1])}, which students can '
                    'pick by spotting two correct options; make the question `multi` or replace '
                    'the choice with a real distractor'))

    yield from per_language(q, check, lists=ALL_ABOVE)


@rule("QL302", "none-of-the-above", W)
def none_of_the_above(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A choice says "none of the above".

    When "none of the above" is the key, the question only tests that
    students can recognise wrong answers, never that they know the right
    one; when it is a distractor it is rarely plausible. Either way it
    weakens the item (Haladyna et al. 2002). Matched as whole words in
    English ("none of the above") and Spanish ("ninguna de las anteriores",
    "nada de lo anterior"), or a choice that is only "None" / "Ninguna".

    Flawed:

    ```yaml
    choices:
      - text: RMSProp
      - text: AdaGrad
      - text: None of the above
    ```

    Fixed: replace it with a plausible distractor such as `SGD with
    momentum`.
    """
    if q.kind not in CHOICE_KINDS:
        return

    def check(lang, fam):
        for i, c, t in choice_texts(q, lang):
            found = _is_above_choice(t, fam, NONE_ABOVE, NONE_WHOLE)
            if found:
                yield i, Finding(choice_path(c, i, lang), (
                    f'choice {i + 1}{lang_note(q, lang)} is {quote(found[:1])}; replace it with a '
                    'plausible distractor (as a key it only tests recognising wrong answers)'))

    yield from per_language(q, check, lists=NONE_ABOVE)


# --------------------------------------------------------------------------
# QL303: the key is the longest option


MIN_EXTRA_CHARS = 15  # "SGD with momentum" vs "RMSProp" is no length cue


@rule("QL303", "longest-key", W, options={"ratio": 1.5, "min_choices": 3})
def longest_key(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """The key is longer than every distractor by a clear margin.

    Authors qualify the right answer carefully and write distractors
    quickly, so "pick the longest option" is a classic test-wise strategy.
    Reported when every correct choice is at least `ratio` times as long (in
    characters, spacing normalized) as the longest wrong choice, and at
    least 15 characters longer (short options such as `SGD with momentum` vs `Adam`
    are no cue), in any language, for questions with at least `min_choices`
    choices.

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

    Fixed: shorten the key ("It reuses intermediate results") or give the
    distractors the same level of detail.

    Options: `ratio` (default 1.5), `min_choices` (default 3).
    """
    ratio = float(opts.get("ratio", 1.5))
    if q.kind not in CHOICE_KINDS or len(q.choices) < int(opts.get("min_choices", 3)):
        return

    def check(lang, fam):
        texts = choice_texts(q, lang)
        if len(texts) != len(q.choices):
            return
        keys = [(i, c, len(normalize(t))) for i, c, t in texts if is_correct(c)]
        wrong = [len(normalize(t)) for i, c, t in texts if not is_correct(c)]
        if not keys or not wrong or max(wrong) == 0:
            return
        shortest = min(keys, key=lambda k: k[2])
        if shortest[2] >= ratio * max(wrong) and shortest[2] - max(wrong) >= MIN_EXTRA_CHARS:
            i, c, n = keys[0]
            what = "the key" if len(keys) == 1 else "every correct choice"
            yield "q", Finding(choice_path(c, i, lang), (
                f"{what}{lang_note(q, lang)} is {shortest[2] / max(wrong):.1f} times as long as the "
                f"longest distractor ({shortest[2]} vs {max(wrong)} characters), a cue for "
                "test-wise guessing; shorten it or make the distractors equally detailed"))

    yield from per_language(q, check)


# --------------------------------------------------------------------------
# QL304, QL305: absolute and vague terms


@rule("QL304", "absolute-terms", W)
def absolute_terms(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A distractor uses an absolute term (always, never, only, all...) that no correct choice uses.

    Sweeping claims are rarely true, so students learn to eliminate options
    with "always", "never", "only", "all", "none", "every", "guarantees"
    (Spanish "siempre", "nunca", "solo", "todos", "ningún"...). When only the
    wrong options use them, they give the answer away. Choices that are "all
    / none of the above" are left to QL301/QL302.

    Flawed:

    ```yaml
    choices:
      - text: Reverse mode is always faster.
      - text: When there are many more inputs than outputs.
        correct: true
      - text: It guarantees finding the global minimum.
    ```

    Fixed: `Reverse mode is faster when there are more outputs than
    inputs.` (a plausible, qualified distractor).
    """
    if q.kind not in CHOICE_KINDS:
        return

    def check(lang, fam):
        texts = choice_texts(q, lang)
        hits = {}
        for i, c, t in texts:
            if _is_above_choice(t, fam, ALL_ABOVE, ALL_WHOLE) or _is_above_choice(
                    t, fam, NONE_ABOVE, NONE_WHOLE):
                continue
            found = find_phrases(t, ABSOLUTE[fam])
            if found:
                hits[i] = (c, found)
        if any(is_correct(c) for c, _ in hits.values()):
            return  # the key uses them too: no cue
        if not any(is_correct(c) for _, c, _ in texts):
            return
        for i, (c, found) in hits.items():
            yield i, Finding(choice_path(c, i, lang), (
                f"distractor {i + 1}{lang_note(q, lang)} uses the absolute term {quote(found)} and "
                "no correct choice does, so students can eliminate it without knowing the topic; "
                "rephrase it without the absolute"))

    yield from per_language(q, check, lists=ABSOLUTE)


@rule("QL305", "vague-terms", W)
def vague_terms(q: QuestionContext, opts: dict) -> Iterator[Finding]:
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
    ```

    Fixed: `The learning rate is too large.` (state the condition exactly).
    """
    if q.kind not in CHOICE_KINDS:
        return

    def check(lang, fam):
        for i, c, t in choice_texts(q, lang):
            found = find_phrases(t, VAGUE[fam])
            if found:
                yield i, Finding(choice_path(c, i, lang), (
                    f"choice {i + 1}{lang_note(q, lang)} uses the vague term {quote(found)}, which "
                    "readers interpret differently; state the condition or quantity exactly"))

    yield from per_language(q, check, lists=VAGUE)


# --------------------------------------------------------------------------
# QL306: negative stem


_EMPHASIS = re.compile(
    r"\*\*.+?\*\*|__.+?__|(?<![*\w])\*(?!\s).+?(?<!\s)\*(?![*\w])|(?<![_\w])_(?!\s).+?(?<!\s)_(?![_\w])"
    r"|<(?:b|strong|em|i|u)>.+?</(?:b|strong|em|i|u)>",
    re.S,
)


def _emphasized(text: str, start: int, end: int, word: str) -> bool:
    if len(word) >= 2 and word.isupper():
        return True
    return any(m.start() <= start and end <= m.end() for m in _EMPHASIS.finditer(text))


@rule("QL306", "negative-stem", W)
def negative_stem(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """The stem uses a negative word (not, no, except, never; Spanish no, excepto) without emphasis.

    Students read past a lowercase "not" and answer the positive question;
    item-writing guides advise phrasing stems positively or, when a negative
    is needed, emphasizing it (Haladyna et al. 2002). Emphasized means ALL
    CAPS (`NOT`, `EXCEPT`, `NO`), `**bold**` or `*italic*`. Checked for
    `single`, `multi` and `true_false` stems (for `true_false`, a negative
    statement is also harder to judge).

    Flawed:

    ```yaml
    stem: Which of the following is not an adaptive optimizer?
    ```

    Fixed: `Which of the following is **NOT** an adaptive optimizer?`, or
    better `Which optimizer uses a single global learning rate?`
    """
    if q.kind not in CHOICE_KINDS + ("true_false",):
        return
    stem_value = q.question.get("stem")

    def check(lang, fam):
        t = text_in(stem_value, lang, q.source_lang)
        if t is None:
            return
        blank = prose(t)
        for m in _WORD.finditer(blank):
            w = m.group(0)
            f = fold(w)
            if f in NEGATIVE[fam] or (fam == "en" and (f.endswith("n't") and len(f) > 3)):
                if not _emphasized(t, m.start(), m.end(), w):
                    yield "stem", Finding(text_path(stem_value, ("stem",), lang), (
                        f'the stem{lang_note(q, lang)} is negative ("{w}") but does not emphasize '
                        f"it; write it as **{w.upper()}** (or rephrase the question positively) so "
                        "students do not miss it"))
                    return

    yield from per_language(q, check, lists=NEGATIVE)


# --------------------------------------------------------------------------
# QL307: word repeats (clang association)


@rule("QL307", "word-repeat", W)
def word_repeat(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A content word of the stem reappears in the key but in no distractor (a "clang" cue).

    If the stem asks "which mathematical rule..." and only the key says
    "rule", students match words instead of knowing the answer. Content
    words have at least 4 letters and are not stopwords; `compute`,
    `computed` and `computing` count as the same word (light stemming).
    Math and code are ignored.

    Flawed:

    ```yaml
    stem: Backpropagation relies on which mathematical rule?
    choices:
      - text: The chain rule
        correct: true
      - text: Bayes' theorem
      - text: The law of large numbers
    ```

    Fixed: reword the stem (`...relies on which mathematical result?`) or let
    distractors share the word (`Bayes' rule`, `the product rule`).
    """
    if q.kind not in CHOICE_KINDS:
        return
    stem_value = q.question.get("stem")

    def check(lang, fam):
        st = text_in(stem_value, lang, q.source_lang)
        texts = choice_texts(q, lang)
        if st is None or len(texts) != len(q.choices):
            return
        stem_words = content_stems(st, fam)
        distractor_words = set()
        for i, c, t in texts:
            if not is_correct(c):
                distractor_words |= set(content_stems(t, fam))
        for i, c, t in texts:
            if not is_correct(c):
                continue
            key_words = content_stems(t, fam)
            shared = [w for s, w in key_words.items() if s in stem_words and s not in distractor_words]
            if shared:
                yield "q", Finding(choice_path(c, i, lang), (
                    f"the key{lang_note(q, lang)} repeats {quote(shared)} from the stem and no "
                    "distractor does, so students can match words instead of knowing the answer; "
                    "reword the stem or use the word in a distractor too"))
                return

    yield from per_language(q, check, lists=STOPWORDS)


# --------------------------------------------------------------------------
# QL308: a true/false question in disguise


def _true_false_pair(q: QuestionContext, lang: str) -> bool:
    texts = choice_texts(q, lang)
    if len(q.choices) != 2 or len(texts) != 2:
        return False
    return {fold(normalize_choice(t)) for _, _, t in texts} in TRUE_FALSE_PAIRS


@rule("QL308", "true-false-choices", W)
def true_false_choices(q: QuestionContext, opts: dict) -> Iterator[Finding]:
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

    Fixed:

    ```yaml
    kind: true_false
    stem: Adam uses bias correction.
    answer: true
    ```
    """
    if q.kind not in CHOICE_KINDS or len(q.choices) != 2:
        return

    def check(lang, fam):
        texts = choice_texts(q, lang)
        if _true_false_pair(q, lang):
            shown = " / ".join(normalize(t) for _, _, t in texts)
            yield "q", Finding(("choices",), (
                f"the choices are only {shown}{lang_note(q, lang)}; write this as "
                "`kind: true_false` with `answer: true` or `answer: false`"), key=True)

    yield from per_language(q, check)


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


@rule("QL309", "numeric-order", W)
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

    Fixed: order them `0.001`, `0.01`, `0.1` (and move `correct: true` with
    its choice).
    """
    if q.kind not in CHOICE_KINDS or len(q.choices) < 3:
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
        "so students can find their value"), key=True)


# --------------------------------------------------------------------------
# QL310: too few choices


@rule("QL310", "few-choices", W, options={"min_choices": 3})
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

    Fixed: add a plausible third option (`Either; the costs are identical`).

    Options: `min_choices` (default 3).
    """
    need = int(opts.get("min_choices", 3))
    if q.kind not in CHOICE_KINDS or not q.choices or len(q.choices) >= need:
        return
    if _true_false_pair(q, q.source_lang):
        return  # QL308 says to make it a true_false question, which needs no choices
    yield Finding(("choices",), (
        f"this question has only {len(q.choices)} choices; add plausible distractors to reach at "
        f"least {need} so guessing pays less"), key=True)


# --------------------------------------------------------------------------
# QL311: unfocused stem

_BLANK = re.compile(r"_{3,}|\.\.\.\s*$|\u2026\s*$|\[\s*blank\s*\]", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|\(\s*)([^\W\d_]+)")


@rule("QL311", "unfocused-stem", W)
def unfocused_stem(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """The stem of a choice question is neither a question nor an instruction.

    A stem such as "Momentum." or "Adam and learning rates" leaves students
    to guess the task from the options. A focused stem asks a question (has
    a `?`) or gives an instruction ("Select...", "Elige..."), or ends with
    `:` / a blank to complete.

    Flawed:

    ```yaml
    stem: Momentum in gradient descent.
    ```

    Fixed: `What does momentum add to gradient descent?`
    """
    if q.kind not in CHOICE_KINDS:
        return
    stem_value = q.question.get("stem")

    def check(lang, fam):
        t = text_in(stem_value, lang, q.source_lang)
        if t is None or not t.strip():
            return
        p = prose(t)
        if "?" in p or "\u00bf" in p or p.rstrip().endswith(":") or _BLANK.search(p):
            return
        verbs = INSTRUCTION_VERBS[fam]
        if any(fold(m.group(1)) in verbs for m in _SENTENCE_START.finditer(p)):
            return
        yield "stem", Finding(text_path(stem_value, ("stem",), lang), (
            f"the stem{lang_note(q, lang)} is neither a question nor an instruction; ask the "
            "question (end it with `?`) or say what to do (\"Select the...\")"))

    yield from per_language(q, check, lists=INSTRUCTION_VERBS)


# --------------------------------------------------------------------------
# QL312: combination (K-type) choices

_LABEL = r"(?:[A-H]|[1-9])"
_COMBO = re.compile(
    rf"^(?:(?i:both|only|ambas|ambos|solo|sólo)\s+)?(?:(?i:choices?|options?|opciones?|answers?)\s+)?"
    rf"{_LABEL}(?:\s*(?:,|&|(?i:and|or|y|o))\s*{_LABEL})+(?:\s+(?i:only|solamente|únicamente))?$"
)
_BOTH = re.compile(r"^(?:both|ambas|ambos)(?:\s+(?:of\s+)?(?:the\s+)?(?:above|anteriores))?$", re.I)


@rule("QL312", "combination-choice", W)
def combination_choice(q: QuestionContext, opts: dict) -> Iterator[Finding]:
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
    """
    if q.kind not in CHOICE_KINDS:
        return

    def check(lang, fam):
        for i, c, t in choice_texts(q, lang):
            core = normalize(t).strip("*_ ").rstrip(".")
            if _COMBO.match(core) or _BOTH.match(core):
                yield i, Finding(choice_path(c, i, lang), (
                    f'choice {i + 1}{lang_note(q, lang)} ("{core}") combines other choices; ask '
                    "for every correct option with `kind: multi` instead"))

    yield from per_language(q, check)


# --------------------------------------------------------------------------
# QL313: a/an grammatical cue

_ARTICLE_END = re.compile(r"\b(a|an)\s*(?:_{2,}|\.\.\.|\u2026)?\s*$", re.I)


def wants_an(word: str) -> bool:
    """Whether ``word`` takes "an" (approximately: vowel sound, letter-named acronyms)."""
    if word.isupper():  # read letter by letter: an MSE, an L1 loss, a GPU
        return word[0] in "AEFHILMNORSX"
    w = word.lower()
    if w.startswith(("uni", "use", "usu", "uti", "eu", "one", "once", "ubiq")):
        return False
    if w.startswith(("hour", "honest", "honor", "honour", "heir")):
        return True
    return w[:1] in "aeiou"


@rule("QL313", "article-cue", W)
def article_cue(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """The stem ends with "a"/"an" and only some choices fit the article (a grammatical cue).

    "Adam is an ___" rules out every option starting with a consonant sound,
    so grammar, not knowledge, picks the answer. English only.

    Flawed:

    ```yaml
    stem: "RMSProp is an ___"
    choices:
      - text: adaptive learning-rate method
        correct: true
      - text: second-order method
      - text: learning-rate schedule
    ```

    Fixed: end the stem before the article (`RMSProp is:`) and start each
    choice with its own article (`an adaptive...`, `a second-order...`).
    """
    if q.kind not in CHOICE_KINDS:
        return
    stem_value = q.question.get("stem")
    lang = next((lg for lg in q.languages if family(lg) == "en"), None)
    t = text_in(stem_value, lang, q.source_lang) if lang else None
    if not t:
        return
    m = _ARTICLE_END.search(prose(t).rstrip(" :"))
    if not m:
        return
    an = m.group(1).lower() == "an"
    fits = {}
    for i, c, ct in choice_texts(q, lang):
        ws = words(ct)
        if ws:
            fits[i] = wants_an(ws[0].group(0)) == an
    keys = [i for i, c in enumerate(q.choices) if is_correct(c)]
    if keys and all(fits.get(i, True) for i in keys) and not all(fits.values()):
        yield Finding(text_path(stem_value, ("stem",), lang), (
            f'the stem ends with "{m.group(1)}", which only some choices fit grammatically, so it '
            "hints at the key; end the stem before the article and start each choice with its own"))


# --------------------------------------------------------------------------
# QL314: fill in the blank


@rule("QL314", "fill-in-the-blank", W)
def fill_in_the_blank(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """The stem of a choice question has a blank (`___`) to fill in.

    A blank inside the stem makes students hold the sentence in memory while
    reading each option and invites grammatical cues; a direct question is
    clearer (Haladyna et al. 2002; "fill-in-the-blank" in Moore et al.
    2023). Free-answer and flashcard questions may use blanks.

    Flawed:

    ```yaml
    stem: Adam combines momentum with ___ to adapt step sizes.
    ```

    Fixed: `Which method does Adam combine with momentum to adapt step sizes?`
    """
    if q.kind not in CHOICE_KINDS:
        return
    stem_value = q.question.get("stem")

    def check(lang, fam):
        t = text_in(stem_value, lang, q.source_lang)
        if t and re.search(r"_{3,}|\[\s*blank\s*\]", prose(t), re.I):
            yield "stem", Finding(text_path(stem_value, ("stem",), lang), (
                f"the stem{lang_note(q, lang)} has a blank to fill in; ask a direct question "
                "instead (\"Which method...?\")"))

    yield from per_language(q, check)

"""Item-writing flaws in the stem (QL3xx, warnings): cues and traps in how the question is asked.

QL306, QL307, QL311, QL313 and QL314 look at the stem of a choice question
(QL306 also of a true/false one): a negative word without emphasis, a stem
word that only the key repeats (a "clang" cue), a stem that is neither a
question nor an instruction, an "a"/"an" that only some choices fit, and a
blank to fill in. The flaws of the choices are in
:mod:`quizlint.rules.item_flaws` and :mod:`quizlint.rules.choice_set`.

As for the choices, words are matched as whole words after math, inline
code and code blocks are blanked out, in every language of the file that
has word lists (English and Spanish; QL313 is English only), and a flaw
found in several languages is reported once, in the first language. The
word lists and matching helpers are in :mod:`quizlint.rules.wording`.
"""

from __future__ import annotations

import re
from typing import Iterator

from quizlint.i18n import text_in
from quizlint.problem import Severity
from quizlint.rules.answer_key import CHOICE_KINDS, is_correct, lang_note, text_path
from quizlint.rules.base import Finding, QuestionContext, family, rule
from quizlint.rules.wording import (
    INSTRUCTION_VERBS, NEGATIVE, STOPWORDS, choice_path, choice_texts, content_stems, fold, prose,
    quote, words,
)

W = Severity.WARNING


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


@rule("QL306", "negative-stem", W, kinds=CHOICE_KINDS + ("true_false",), per_language=NEGATIVE)
def negative_stem(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
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

    Fixed (or better `Which optimizer uses a single global learning rate?`):

    ```yaml
    stem: Which of the following is **NOT** an adaptive optimizer?
    ```
    """
    stem_value = q.question.get("stem")
    t = text_in(stem_value, lang, q.source_lang)
    if t is None:
        return
    for m in words(t):  # positions in t: prose() keeps the length
        w = m.group(0)
        f = fold(w)
        if f in NEGATIVE[fam] or (fam == "en" and (f.endswith("n't") and len(f) > 3)):
            if not _emphasized(t, m.start(), m.end(), w):
                yield Finding(text_path(stem_value, ("stem",), lang), (
                    f'the stem{lang_note(q, lang)} is negative ("{w}") but does not emphasize '
                    f"it; write it as **{w.upper()}** (or rephrase the question positively) so "
                    "students do not miss it"))
                return


# --------------------------------------------------------------------------
# QL307: word repeats (clang association)


@rule("QL307", "word-repeat", W, kinds=CHOICE_KINDS, per_language=STOPWORDS, once=True)
def word_repeat(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
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

    Fixed: reword the stem, or let distractors share the word.

    ```yaml
    stem: Backpropagation relies on which mathematical rule?
    choices:
      - text: The chain rule
        correct: true
      - text: Bayes' rule
      - text: The product rule
    ```
    """
    st = text_in(q.question.get("stem"), lang, q.source_lang)
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
            yield Finding(choice_path(c, i, lang), (
                f"the key{lang_note(q, lang)} repeats {quote(shared)} from the stem and no "
                "distractor does, so students can match words instead of knowing the answer; "
                "reword the stem or use the word in a distractor too"))
            return


# --------------------------------------------------------------------------
# QL311: unfocused stem

_BLANK = re.compile(r"_{3,}|\.\.\.\s*$|\u2026\s*$|\[\s*blank\s*\]", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|\(\s*)([^\W\d_]+)")


@rule("QL311", "unfocused-stem", W, kinds=CHOICE_KINDS, per_language=INSTRUCTION_VERBS)
def unfocused_stem(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """The stem of a choice question is neither a question nor an instruction.

    A stem such as "Momentum." or "Adam and learning rates" leaves students
    to guess the task from the options. A focused stem asks a question (has
    a `?`) or gives an instruction ("Select...", "Elige..."), or ends with
    `:` / a blank to complete.

    Flawed:

    ```yaml
    stem: Momentum in gradient descent.
    ```

    Fixed:

    ```yaml
    stem: What does momentum add to gradient descent?
    ```
    """
    stem_value = q.question.get("stem")
    t = text_in(stem_value, lang, q.source_lang)
    if t is None or not t.strip():
        return
    p = prose(t)
    if "?" in p or "\u00bf" in p or p.rstrip().endswith(":") or _BLANK.search(p):
        return
    if any(fold(m.group(1)) in INSTRUCTION_VERBS[fam] for m in _SENTENCE_START.finditer(p)):
        return
    yield Finding(text_path(stem_value, ("stem",), lang), (
        f"the stem{lang_note(q, lang)} is neither a question nor an instruction; ask the "
        "question (end it with `?`) or say what to do (\"Select the...\")"))


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


@rule("QL313", "article-cue", W, kinds=CHOICE_KINDS)
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

    Fixed: end the stem before the article and start each choice with its
    own article.

    ```yaml
    stem: "RMSProp is:"
    choices:
      - text: an adaptive learning-rate method
        correct: true
      - text: a second-order method
      - text: a learning-rate schedule
    ```
    """
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


@rule("QL314", "fill-in-the-blank", W, kinds=CHOICE_KINDS, per_language=True)
def fill_in_the_blank(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """The stem of a choice question has a blank (`___`) to fill in.

    A blank inside the stem makes students hold the sentence in memory while
    reading each option and invites grammatical cues; a direct question is
    clearer (Haladyna et al. 2002; "fill-in-the-blank" in Moore et al.
    2023). Free-answer and flashcard questions may use blanks.

    Flawed:

    ```yaml
    stem: Adam combines momentum with ___ to adapt step sizes.
    ```

    Fixed:

    ```yaml
    stem: Which method does Adam combine with momentum to adapt step sizes?
    ```
    """
    stem_value = q.question.get("stem")
    t = text_in(stem_value, lang, q.source_lang)
    if t and re.search(r"_{3,}|\[\s*blank\s*\]", prose(t), re.I):
        yield Finding(text_path(stem_value, ("stem",), lang), (
            f"the stem{lang_note(q, lang)} has a blank to fill in; ask a direct question "
            "instead (\"Which method...?\")"))

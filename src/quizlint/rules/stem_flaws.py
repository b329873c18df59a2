"""Item-writing flaws in the stem (QL3xx, warnings): cues and traps in how the question is asked.

QL306, QL307, QL311, QL313 and QL314 look at the stem of a choice question:
a negative question, a stem word that only the key repeats (a "clang" cue),
a stem that is neither a question nor an instruction, an "a"/"an" that only
some choices fit, and a blank to fill in. The flaws of the choices are in
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
    AUXILIARIES, CLAIM_VERBS, INSTRUCTION_VERBS, NEGATIVE, QUESTION_WORDS, TRUE_FALSE_WORDS, STOPWORDS,
    choice_path, choice_texts, clue_at, content_stems, fold, has_blank, identifier_stems, in_title, prose,
    quote, true_false_pair, words,
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


# Quoted strings ("x is not defined") are not the question's words.
_QUOTED = re.compile(r'"[^"\n]*"|\u201c[^\u201d\n]*\u201d|\u00ab[^\u00bb\n]*\u00bb|(?<!\w)\'[^\'\n]+\'(?!\w)')
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")
# a question run on from the sentence before it, its full stop lost: "...SQL Server What is the best..."
_RUN_ON = re.compile(r"(?:(?<=[a-z])|(?<=[a-z0-9)]\s))(?=(?:What|Which|How|Why|When|Where|Who)\s)")
# a contrast or a condition, not a negative question: "allowed in Python but not in C"
_NOT_NEGATIVE = {"en": re.compile(r"(?i)\b(?:but|and|or|if|whether|yet)\s+not\b|\bnot\s+only\b|\bor\s+not\b|\bno\s+(?:longer|matter)\b|\bexcept\s+(?:when|if|while|during|after|before|that)\b|\btrue\s*(?:,\s*)?(?:or|/)\s*false\b")}
# "which statement is false", "the incorrect statement", "point out the wrong statement";
# not "what is wrong?" (the bug) nor "a false positive"
_PICK_NOUN = r"(?:statements?|answers?|options?|choices?|claims?|assertions?|ones?|descriptions?|examples?|ways?|syntax|names?|values?|uses?|reasons?|definitions?|commands?|methods?|practices?)"
_FALSE_WORDS = {
    "en": re.compile(rf"(?i)\b(?:false|incorrect|wrong|untrue|invalid|inaccurate)\s+{_PICK_NOUN}\b"
                     r"|\bwhich\b[^?]*?\b(?:is|are|would\s+be|statement|one)\s+(?:\w+\s+)?"
                     r"(?:false|incorrect|wrong|untrue|invalid|inaccurate)\b"),
    "es": re.compile(r"(?i)\b(?:falsa|falso|incorrecta|incorrecto|err[oó]nea)\b"),
}
# a clause that sets the scene inside the question sentence: "If the loss does not drop,
# what happens?", "..., which cannot run on a CPU, ...", "layers that aren't trained are...",
# "...the battle in which the fleets never saw each other?"
_SCENE = re.compile(r"(?i)(?:^|\b)(?:if|when|unless|because|since|although|though|so\s+that|while)\b[^,?]*(?:[,?]|$)"
                    r"|,\s*(?:which|that|who|where)\b[^,?]*(?:,|$)|\b(?:that|who|whose)\b[^,?]*"
                    r"|(?<=\w\s)(?:in|on|at|during|by)\s+which\b[^,?]*"
                    r"|\bwhy\b.*")


# "True or False: <statement>": the statement's negatives are what is judged
_JUDGE_STATEMENT = {"en": re.compile(r"(?i)^\W*(?:true\s*(?:or|/)\s*false|false\s*(?:or|/)\s*true)\b\s*[:?.\-\u2014]"),
                    "es": re.compile(r"(?i)^\W*(?:verdadero\s*(?:o|/)\s*falso)\b\s*[:?.\-\u2014]")}
# an aside in parentheses ("(e.g., not started, done)", "(i.e., keys that...)") is not the question
_ASIDE = re.compile(r"\([^()\n]*\)")
# "EXCEPT" that asks: at the end, before a colon or a blank ("All are true EXCEPT:", "except ___")
_EXCEPT_ASKS = re.compile(r"(?i)^except\W*(?:$|:|_|\[)")

# images, links and URLs: their `?` and words are not the question's
_LINKS = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|https?://\S+")
_CODE_NEGATIVE = re.compile(r"(?i)`(not|except|never|cannot)`")


def question_clause(text: str, fam: str = "en") -> tuple[int, int]:
    """Where the question is asked in ``text``: the last sentence with a `?`, else the last
    sentence with a clue ("This gland is shaped like..."), else the last sentence.

    Background sentences around it ("The bias need not be set.") are
    not part of it, nor is a sentence whose full stop was lost before a
    question word ("...does not fit What is the best option?").
    """
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    if not spans:
        return 0, len(text)
    asked = [sp for sp in spans if "?" in text[sp[0]:sp[1]]]
    if not asked and (at := clue_at(text, fam)) is not None:
        asked = [sp for sp in spans if sp[0] <= at < sp[1]]
    a, b = (asked or spans)[-1]
    run_on = [m.start() for m in _RUN_ON.finditer(text, a, b)]
    return (run_on[-1] if run_on else a), b


def negative_word(text: str, fam: str):
    """``(word, emphasized)`` of the first negative word of the question clause of ``text``, or None.

    Code, math, quoted strings and scene-setting clauses ("if you don't...,",
    ", which cannot...,", a "why ... not" question) are skipped; a contrast
    ("but not") is not a negative question; "which is false", "the incorrect
    statement" are.
    """
    # a negative set as code (`not`) is still the question's word: read it as emphasized
    text = _CODE_NEGATIVE.sub(lambda m: f"*{m.group(1)}*", text)
    p = _LINKS.sub(lambda m: " " * len(m.group(0)), prose(text))
    if fam in _JUDGE_STATEMENT and _JUDGE_STATEMENT[fam].match(p):
        return None  # "True or False: ... is not ...": a statement to judge, not a question asked negatively
    p = _ASIDE.sub(lambda m: " " * len(m.group(0)), p)
    start, end = question_clause(p, fam)
    clause = _QUOTED.sub(lambda m: " " * len(m.group(0)), p[start:end])
    if fam in _FALSE_WORDS:
        m = _FALSE_WORDS[fam].search(clause)
        if m:
            w = next(x for x in re.findall(r"[^\W\d_]+", m.group(0))
                     if fold(x) in ("false", "incorrect", "wrong", "untrue", "invalid", "inaccurate",
                                    "falsa", "falso", "incorrecta", "incorrecto", "erronea"))
            return w, _emphasized(text, start + m.start(), start + m.end(), w)
    skip = [m.span() for m in _NOT_NEGATIVE.get(fam, re.compile(r"(?!)")).finditer(clause)]
    if fam == "en":
        clause = _SCENE.sub(lambda m: " " * len(m.group(0)), clause)
    for m in words(text):
        at = m.start() - start
        if not 0 <= at < len(clause) or clause[at:at + len(m.group(0))] != m.group(0):
            continue
        if any(a <= at < b for a, b in skip):
            continue
        w = m.group(0)
        f = fold(w)
        if f == "except" and fam == "en" and "?" not in clause and not _EXCEPT_ASKS.search(clause[at:]):
            continue  # "... all resources, except billing." in a statement: scope, not the question
        if f in NEGATIVE[fam] or (fam == "en" and f.endswith("n't") and len(f) > 3):
            if in_title(text, m.start(), m.end()):
                continue  # "the hit You'll Never Get Away": a title, not the question's word
            return w, _emphasized(text, m.start(), m.end(), w)
    return None



@rule("QL306", "negative-stem", W, kinds=CHOICE_KINDS, per_language=NEGATIVE)
def negative_stem(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """The question is asked negatively (not, except, cannot, never, "which is false", "incorrect").

    Students read past a negative and answer the positive question, and a
    negative question tests whether they can spot a wrong statement rather
    than know a right one (Haladyna et al. 2002, "negatively worded stem" in
    Moore et al. 2023). Only the question clause counts (the last sentence
    with a `?`, else the last sentence with a clue, "This general also
    led...", else the last sentence): not background sentences, quoted
    strings (`"x is not defined"`), code or math, nor a contrast ("supported
    in Python but not in C"). Emphasis (`NOT`, `**not**`) does not make a
    negative question positive, but without it the message also asks for
    emphasis. A statement to judge (a `true_false` question, or choices
    that are only True / False, Yes / No) asks nothing negatively: its
    negatives are what students judge. Nor is a capitalised word inside a
    title ("the hit You'll Never Get Away").

    Flawed:

    ```yaml
    stem: Which of the following is not an adaptive optimizer?
    ```

    Fixed:

    ```yaml
    stem: Which optimizer uses a single global learning rate?
    ```
    """
    if true_false_pair(q, lang):
        return  # a statement to judge ("Stationery means fixed, not moveable."): its negatives are judged
    stem_value = q.question.get("stem")
    t = text_in(stem_value, lang, q.source_lang)
    found = negative_word(t, fam) if t else None
    if found is None:
        return
    w, emphasized = found
    how = ("ask it positively if you can (emphasis helps, but students still answer a "
           "negative question worse)" if emphasized else
           f"ask it positively, or at least write **{w.upper()}** so students do not miss it")
    yield Finding(text_path(stem_value, ("stem",), lang), (
        f'the stem{lang_note(q, lang)} asks a negative question ("{w}"); {how}'))


# --------------------------------------------------------------------------
# QL307: word repeats (clang association)


@rule("QL307", "word-repeat", W, kinds=CHOICE_KINDS, per_language=STOPWORDS, once=True)
def word_repeat(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """A content word of the stem reappears in the key but in no distractor (a "clang" cue).

    If the stem asks "which mathematical rule..." and only the key says
    "rule", students match words instead of knowing the answer. Content
    words have at least 4 letters and are not stopwords; `compute`,
    `computed` and `computing` count as the same word (light stemming).
    Only the question clause of the stem counts (its last sentence with a
    `?`, else its last sentence with a clue, "This gland...", else its last
    sentence), not the scenario around it. Math and code
    are ignored, except the names in inline code: `` `filter_backends` ``
    gives "filter" and "backends". Only a question with one key is checked:
    among several keys, one more word shared is no cue.

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
    if st is None or len(texts) != len(q.choices) or sum(is_correct(c) for c in q.choices) != 1:
        return
    a, b = question_clause(prose(st), fam)
    stem_words = {**content_stems(st[a:b], fam), **identifier_stems(st[a:b], fam)}
    distractor_words = set()
    for i, c, t in texts:
        if not is_correct(c):
            distractor_words |= set(content_stems(t, fam)) | set(identifier_stems(t, fam))
    for i, c, t in texts:
        if not is_correct(c):
            continue
        key_words = {**content_stems(t, fam), **identifier_stems(t, fam)}
        shared = [w for s, w in key_words.items() if s in stem_words and s not in distractor_words]
        if shared:
            yield Finding(choice_path(c, i, lang), (
                f"the key{lang_note(q, lang)} repeats {quote(shared)} from the stem and no "
                "distractor does, so students can match words instead of knowing the answer; "
                "reword the stem or use the word in a distractor too"))
            return


# --------------------------------------------------------------------------
# QL311: unfocused stem

_LISTED = re.compile(r"^\s*(?:[-*]\s+)?\(?(?:[A-Ha-h]|[1-9]|I{1,3}|IV)[.)]\s")
# a sentence left open for the options: "...calls for the separation of"
OPEN_ENDINGS = {"en": {"of", "to", "the", "a", "an", "for", "by", "with", "in", "on", "as", "and", "or",
                       "from", "that", "than", "into", "because", "when", "if", "be", "called"},
                "es": {"de", "a", "el", "la", "los", "las", "un", "una", "por", "para", "con", "en",
                       "que", "como", "y", "o"}}
# "Solution: ... Does this meet the goal?" with no goal before it (a case-study item cut from its case)
_UNSTATED_GOAL = {"en": re.compile(r"(?i)\b(?:does|do|will|would)\s+(?:this|that|it|the\s+(?:proposed\s+)?solution)\s+"
                                   r"(?:meet|achieve|satisfy)\s+the\s+(?:goal|goals|requirements?|objectives?)\b"
                                   r"|\bthe\s+recommendation\s*\?"  # "What should you include in the recommendation?"
                                   r"|(?:^|(?<=[.!?:]\s))solution\s*:")}  # "Solution: You ..." (before it: the goal)
_STATED_GOAL = {"en": re.compile(r"(?i)\b(?:goal|goals|requirement|requirements|objective|objectives|need|needs|"
                                 r"needed|must|want|wants|should|require|requires|required|ensure|way)\b")}
MAX_SOLUTION_WORDS = 40  # a case study states its goal in more words than a bare "Solution: ..."
# the problem stated as a requirement: "You need to keep the logs for 3 years."
_REQUIREMENT = {"en": re.compile(r"(?i)^(?:\w+\s+){0,3}?(?:you|we|they|(?:the|your|our)\s+(?:\w+\s+)?"
                                 r"(?:company|team|organization|organisation|customer|client|user|manager|"
                                 r"developer|application|app)s?)\s+(?:need|needs|want|wants|must|have\s+to|"
                                 r"has\s+to|would\s+like|plan|plans)\b"),
                "es": re.compile(r"(?i)^(?:\w+\s+){0,3}?(?:necesitas|necesita|necesitan|quieres|quiere|quieren|"
                                 r"debes|debe|deben)\b")}
# a label for an answer slot, cut from its exhibit: "Quality Assurance:", "Storage [...]:"
_LABEL = re.compile(r"^[^\W\d_][^\n?:]*:$")
MAX_LABEL_WORDS = 8
# a subject ("The tag goes inside:") or a purpose ("To collect the logs [...]:") states the task
_NOT_A_LABEL = {"en": {"the", "a", "an", "this", "these", "that", "those", "it", "its", "your", "our", "my", "to"},
                "es": {"el", "la", "los", "las", "un", "una", "este", "esta", "estos", "estas", "para"}}
_TRAILING = re.compile(r"(?:\.\.\.|\u2026)\s*$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|\(\s*)(?:(?i:please|now)\s+)?([^\W\d_]+)")  # "Please select..."


def _sentence_start(p: str, i: int) -> int:
    """Where the sentence or clause of ``p`` that holds position ``i`` starts (a `:` ends one too:
    "...the following requirements: ... What should you include in the recommendation?")."""
    ends = [m.end() for m in re.finditer(r"[.!?:]\s", p[:i])]
    return ends[-1] if ends else 0


def is_label(p: str, fam: str) -> bool:
    """Is the prose ``p`` only a short label ending in ``:``, with no verb of its own?

    "Security:", "Events from Linux system logging:", "Storage [...]:" are
    the labels of an exhibit's answer slots; "The tag goes inside:", "To
    collect the logs, use [...]:" and "Select the output:" are sentences to
    complete and an instruction.
    """
    if not _LABEL.match(p):
        return False
    ws = [fold(x) for m in words(p) for x in re.split(r"['\u2019]", m.group(0)) if x]
    if not ws or len(ws) > MAX_LABEL_WORDS or ws[0] in INSTRUCTION_VERBS.get(fam, ()) | _NOT_A_LABEL.get(fam, set()):
        return False
    verbs = QUESTION_WORDS.get(fam, set()) | CLAIM_VERBS.get(fam, set()) | AUXILIARIES
    return not any(w in verbs for w in ws)


@rule("QL311", "unfocused-stem", W, kinds=CHOICE_KINDS, per_language=INSTRUCTION_VERBS)
def unfocused_stem(q: QuestionContext, lang: str, fam: str, opts: dict) -> Iterator[Finding]:
    """The stem of a choice question is neither a question nor an instruction.

    A stem such as "Momentum in gradient descent." or "Adam is designed
    to be an optimizer." states something and leaves students to guess the
    task from the options ("unfocused stem", Moore et al. 2023). A focused
    stem asks a question (has a `?`, or is a question that only lacks it:
    "What is the difference between X and Y"), gives an instruction
    ("Select...", "Point out...", "Elige..."), has a question word inside
    ("...is computed by adding what to the gradient."), ends with `:`, a blank
    in any form (`___`, `\\_`, `` `___` ``, `(  )`, "blank") or a sentence
    left open for the options to complete, or, in a case study, ends by
    stating what is needed ("You want to minimize cost."). So is a clue
    that names what is asked with a demonstrative, the way trivia asks
    ("This gland is shaped like a butterfly.", "Zeus was married to this
    goddess.", "One of these events did not take place in December."),
    unless "this" points back ("...a VM named VM1. This VM..."). A statement with
    True / False (Yes / No) choices is a statement to judge (QL308 reports
    it).

    Reported: a stem whose last sentence is a complete statement; and, in
    items cut from a case study or an exhibit, a stem that offers a
    "Solution:", asks whether it "meets the goal" or what to include "in
    the recommendation" without stating the goal, or is only a short label
    ("Quality Assurance:", "Storage [...]:").

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
    goal = _UNSTATED_GOAL[fam].search(p) if fam in _UNSTATED_GOAL else None
    before = p[:_sentence_start(p, goal.start())] if goal else ""
    if goal and len(before.split()) <= MAX_SOLUTION_WORDS and not _STATED_GOAL[fam].search(before):
        yield Finding(text_path(stem_value, ("stem",), lang), (
            f"the stem{lang_note(q, lang)} asks whether a solution meets the goal but never states "
            "the goal; write the goal (the requirement to meet) into the stem"))
        return
    if t.rstrip().endswith(":") and is_label(p.strip(), fam):
        yield Finding(text_path(stem_value, ("stem",), lang), (
            f"the stem{lang_note(q, lang)} is only a label (\"{p.strip()[:40]}\"), not a question; "
            "ask the question the label stands for, with the scenario it needs"))
        return
    if "?" in t or "\u00bf" in t or p.rstrip().endswith(":") or has_blank(t) or _TRAILING.search(p):
        return
    if any(fold(m.group(1)) in INSTRUCTION_VERBS[fam] for m in _SENTENCE_START.finditer(p)):
        return
    if all(fold(ws[0].group(0)) in TRUE_FALSE_WORDS for ws in (words(t) for _, _, t in choice_texts(q, lang))
           if ws) and choice_texts(q, lang):
        return  # a statement to judge: "True" / "False, because..."
    lines = p.rstrip().split("\n")
    while len(lines) > 1 and (_LISTED.match(lines[-1]) or not lines[-1].strip()):
        lines.pop()  # the lettered statements the question lists: "A. ...", "B. ..."
    last = [ln for ln in re.split(r"(?<=[.!])\s+|\n", "\n".join(lines)) if ln.strip()]
    if not last:
        return
    tail = last[-1].strip()
    tail_words = [fold(m.group(0)) for m in words(tail)]
    if not tail.endswith((".", "!")) and (any(w in CLAIM_VERBS.get(fam, ()) for w in tail_words) or
                                          tail_words and tail_words[-1] in OPEN_ENDINGS.get(fam, ()) or
                                          len(tail_words) >= 6):
        return  # a sentence for the options to complete ("... is required when performing");
        # a topic ("Adam and learning rates") is short and has no verb
    if not tail.endswith((".", "!")) and fam in QUESTION_WORDS and \
            fold(words(tail)[0].group(0) if words(tail) else "") in QUESTION_WORDS[fam] | AUXILIARIES:
        return  # a question without its `?`
    if fam in QUESTION_WORDS and any(fold(m.group(0)) in QUESTION_WORDS[fam] for m in words(tail)):
        return  # "...computed by adding what to the gradient."
    if fam in _REQUIREMENT and _REQUIREMENT[fam].search(tail):
        return  # a case study that ends with what is needed: "You want to minimize cost."
    if clue_at(p, fam) is not None:
        return  # "This gland is shaped like a butterfly.": the clue names what is asked
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
    2023). Free-answer and flashcard questions may use blanks. A statement
    whose marked part students replace by a choice, or keep with "No change
    is needed", has no blank: QL311 reports it (most annotators judged it an
    unfocused stem, not a blank; docs/rules.md).

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
    if t and has_blank(t):
        yield Finding(text_path(stem_value, ("stem",), lang), (
            f"the stem{lang_note(q, lang)} has a blank to fill in; ask a direct question "
            "instead (\"Which method...?\")"))

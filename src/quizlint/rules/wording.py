"""Words for the item-writing-flaw rules (QL3xx): matching, word lists, stems, languages.

No rules here: :mod:`quizlint.rules.item_flaws`, :mod:`quizlint.rules.choice_set`
and :mod:`quizlint.rules.stem_flaws` share these helpers (and
:mod:`quizlint.rules.translations` uses :func:`words`):

- matching: :func:`prose` blanks out math, inline code, code blocks and
  numbers; :func:`words` and :func:`find_phrases` match whole words
  (``ball`` is not ``all``), case- and accent-insensitively (:func:`fold`);
- word lists per primary language (English and Spanish): "all / none of the
  above", absolute and vague terms, negatives, true/false pairs,
  instruction verbs, stopwords;
- light stemming (:func:`stem`, :func:`content_stems`) for the clang check;
- :func:`choice_texts` and :func:`choice_path` address the choices.

A rule runs once per language with ``@rule(..., per_language=...)``
(:func:`quizlint.rules.base.rule`), given one of these word lists to skip
the languages it has no words for.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from quizlint.i18n import looks_like_code, normalize_choice, protected_spans, text_in
from quizlint.rules.answer_key import code_question, text_path
from quizlint.rules.base import QuestionContext


# --------------------------------------------------------------------------
# words

_FENCE = re.compile(r"```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)", re.S)
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")


@lru_cache(maxsize=1 << 16)
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


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[re.Match, ...]:
    """Word matches (letters, with inner hyphens and apostrophes) of the prose of ``text``."""
    return tuple(_WORD.finditer(prose(text)))


def _phrases(items: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(fold(w) for w in item.split()) for item in items}, key=len, reverse=True))


@lru_cache(maxsize=64)
def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for ph in phrases:  # longest first, as given
        index.setdefault(ph[0], []).append(ph)
    return index


def find_phrases(text: str, phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    """The phrases (whole words, in order of appearance, as written) found in ``text``."""
    ms = words(text)
    folded = [fold(m.group(0)) for m in ms]
    index = _by_first_word(tuple(phrases))
    found, i = [], 0
    while i < len(folded):
        for ph in index.get(folded[i], ()):
            if tuple(folded[i:i + len(ph)]) == ph:
                found.append(" ".join(m.group(0) for m in ms[i:i + len(ph)]))
                i += len(ph)
                break
        else:
            i += 1
    return found


_CAPITALISED = re.compile(r"[A-Z][a-z'\u2019]")
_SENTENCE_OPENS = re.compile(r"(?:^|[.!?:\n])\W*$")


def in_title(text: str, start: int, end: int) -> bool:
    """Is the word at ``text[start:end]`` part of a title or name ("You'll Never Get Away",
    "Louisa May Alcott", the choice "Never Say Goodbye")?

    It is capitalised (not all capitals: ``NOT`` is emphasis), and so is a
    word next to it inside the sentence; a sentence's first word only when
    the whole sentence, three words or more, is in title case ("Every Azure
    region has..." and "Usually Adam" are claims, not names).
    """
    if not _CAPITALISED.match(text, start):
        return False
    opens = _SENTENCE_OPENS.search(text[:start]) is not None
    if opens:
        stop = re.search(r"[.!?:\n]", text[end:])
        sentence = [w.group(0) for w in words(text[start:end + stop.start() if stop else len(text)])]
        long = [w for w in sentence if len(w) > 3]
        return len(sentence) >= 3 and len(long) >= 2 and all(_CAPITALISED.match(w) for w in long)
    after = re.match(r"[\s,]*([^\W\d_]+)", text[end:])
    before = re.search(r"([^\W\d_]+)\W*$", text[:start])
    return bool(after and _CAPITALISED.match(after.group(1))) or bool(
        before and _CAPITALISED.match(before.group(1)) and not _SENTENCE_OPENS.search(text[:before.start(1)]))


def quote(items: list[str]) -> str:
    seen = list(dict.fromkeys(items))
    return ", ".join(f'"{x}"' for x in seen)


# --------------------------------------------------------------------------
# word lists

# "All / none of the above" in every wording real banks use. A phrase counts
# anywhere in a choice ("By using all of the above"); a WHOLE form
# counts when it is the whole choice or opens it before punctuation ("None of
# these -- it needs a GPU"), never a bare "All" / "None", which are values
# as often as not (Python's `None`, "None: the loss is undefined").
ALL_ABOVE = {
    "en": _phrases(["all of the above", "all the above", "all above", "all of these answers",
                    "all of these options", "all of these choices", "all of these statements",
                    "all of the answers", "all of the choices", "all of the options",
                    "all of the mentioned", "all the mentioned", "all of the listed",
                    "all the answers are correct", "all answers are correct", "all are correct",
                    "all of these are correct", "all of them are correct", "all the options",
                    "all the choices"]),
    "es": _phrases(["todas las anteriores", "todos los anteriores", "todo lo anterior",
                    "todas las opciones anteriores", "todas las respuestas anteriores",
                    "todas las opciones", "todas son correctas"]),
}
ALL_WHOLE = {"en": {"all of these", "all of them", "all of this"},
             "es": {"todas", "todos", "todas ellas"}}
NONE_ABOVE = {
    "en": _phrases(["none of the above", "none the above", "none above", "none of these answers",
                    "none of these options", "none of these choices", "none of these statements",
                    "none of the answers", "none of the choices", "none of the options",
                    "none of the mentioned", "none of the listed", "neither of these answers",
                    "neither of the above", "neither of these options", "none are correct",
                    "none of these are correct", "none of them are correct", "none is correct",
                    "none of these is correct", "no correct answer"]),
    "es": _phrases(["ninguna de las anteriores", "ninguno de los anteriores", "nada de lo anterior",
                    "ninguna de las opciones anteriores", "ninguna de las respuestas anteriores",
                    "ninguna es correcta"]),
}
NONE_WHOLE = {"en": {"none of these", "none of them", "none of this", "neither of these",
                     "neither of them"},
              "es": {"ninguna", "ninguno", "ninguna de ellas"}}
# "All of the items listed", "Using all these methods": a choice that points at
# the list, when it is short or opens with it
ALL_LISTED = {"en": re.compile(
    r"(?i)\ball\s+(?:of\s+)?(?:the|these|those)\s+(?:[^\W\d_]+\s+){0,2}?(?:listed|mentioned|given|shown)\b"
    r"|\ball\s+(?:of\s+)?(?:these|those|the\s+above)\s+(?:methods|options|answers|choices|statements|items"
    r"|things|ways|steps|reasons|features|services)\b")}
MAX_LISTED_WORDS = 8
# "Both of these answers", "Both of the above": all of the above when the other
# real options are exactly two, else a combination (QL312); "Both A and B"
# names options by label, a combination (QL312) however many there are
BOTH = {"en": re.compile(r"(?i)^both(?:\s+(?:of\s+)?(?:the\s+|these\s+|them\b|those\s+)?"
                         r"(?:above|answers?|options?|choices?|statements?|mentioned)?)?"
                         r"(?:\s+(?:are|is)\s+(?:correct|true|right))?\W*$"),
        "es": re.compile(r"(?i)^(?:ambas|ambos|las\s+dos|los\s+dos)(?:\s+(?:anteriores|opciones|respuestas))?"
                         r"(?:\s+son\s+correctas)?\W*$")}
_BARE_BOTH = re.compile(r"(?i)^\W*(?:both|neither|ambas|ambos|ninguna|ninguno)\W*$")
# "Neither", "Neither of these": none of the above when the other real options are
# exactly two (trivia's "A / Neither / Both / B"); Spanish "Ninguna" is NONE_WHOLE already
NEITHER = {"en": re.compile(r"(?i)^neither(?:\s+(?:of\s+)?(?:the\s+|these\s+|them\b|those\s+)?"
                            r"(?:above|answers?|options?|choices?|statements?|mentioned)?)?"
                            r"(?:\s+(?:is|are)\s+(?:correct|true|right))?\W*$")}

ABSOLUTE = {
    "en": _phrases(["always", "never", "only", "all", "none", "every", "everything", "nothing",
                    "nobody", "no one", "completely", "entirely", "totally", "absolutely",
                    "guarantee", "guarantees", "guaranteed", "impossible", "certainly"]),
    "es": _phrases(["siempre", "nunca", "jamás", "solo", "sólo", "solamente", "únicamente", "todo",
                    "toda", "todos", "todas", "ninguno", "ninguna", "ningún", "nada", "nadie",
                    "completamente", "totalmente", "absolutamente", "garantiza", "garantizan",
                    "garantizado", "imposible"]),
}
# an absolute these qualify is no sweeping claim: "almost always", "nearly all"
QUALIFIERS = {"en": {"almost", "nearly", "virtually", "practically"}, "es": {"casi", "practicamente"}}
# "only", which a choice may open ("Only in one region.") or end ("User1 and User2 only")
ONLY_WORDS = {"only", "solo", "sólo", "solamente", "únicamente"}
# Words that are absolute only as the claim itself: "All layers are frozen", "It
# can only run once". As scoping ("lists all branches", "unique across all
# instances", "for every row") they define what a statement covers.
SCOPING = {
    "en": {"all", "every", "everything", "only", "none", "nothing"},
    "es": {"todo", "toda", "todos", "todas", "solo", "sólo", "nada"},
}
# a choice with one of these states a claim ("All enums need to be on one line")
CLAIM_VERBS = {
    "en": {"is", "are", "was", "were", "be", "can", "could", "must", "should", "will", "would", "may",
           "might", "need", "needs", "has", "have", "does", "do", "get", "gets", "cannot", "can't"},
    "es": {"es", "son", "puede", "pueden", "debe", "deben", "tiene", "tienen", "hay"},
}
# before "only", these make it the claim: "can only", "will only", "is only"
CLAIM_BEFORE = {
    "en": {"can", "could", "will", "would", "may", "must", "should", "is", "are", "was", "were",
           "does", "do", "it", "they", "this", "that", "you", "we"},
    "es": {"puede", "pueden", "es", "son", "se"},
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
    "en": {"not", "except", "cannot", "never"},  # "no" ("if no argument is passed") is rarely the question's
    "es": {"no", "excepto", "salvo", "nunca"},
}
TRUE_FALSE_PAIRS = [
    {"true", "false"}, {"yes", "no"}, {"correct", "incorrect"}, {"right", "wrong"},
    {"verdadero", "falso"}, {"cierto", "falso"}, {"si", "no"}, {"correcto", "incorrecto"},
]
TRUE_FALSE_WORDS = {w for pair in TRUE_FALSE_PAIRS for w in pair}
# numbers written as words, and ordinals, for numeric choices (QL309): "Twelve years", "Seventh"
NUMBER_WORDS = {w: n for n, ws in enumerate((
    "zero cero", "one uno una", "two dos", "three tres", "four cuatro", "five cinco", "six seis",
    "seven siete", "eight ocho", "nine nueve", "ten diez", "eleven once", "twelve doce", "thirteen trece",
    "fourteen catorce", "fifteen quince", "sixteen", "seventeen", "eighteen", "nineteen", "twenty veinte"))
    for w in ws.split()}
NUMBER_WORDS.update({w: n * 10 for n, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)})
ORDINAL_WORDS = {w: n for n, ws in enumerate((
    "first primero primera", "second segundo segunda", "third tercero tercera", "fourth cuarto cuarta",
    "fifth quinto quinta", "sixth sexto sexta", "seventh septimo septima", "eighth octavo octava",
    "ninth noveno novena", "tenth decimo decima", "eleventh", "twelfth", "thirteenth", "fourteenth",
    "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"), 1) for w in ws.split()}
NUMBER_WORDS.update(ORDINAL_WORDS)
MULTIPLIERS = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
               "mil": 1e3, "millones": 1e6, "millón": 1e6}
# words before a number or a date that leave its value as it is: "About 25", "Over ten years",
# "in 1955", "the 1990s"
NUMBER_LEAD = re.compile(r"(?i)^(?:(?:over|about|approximately|approx\.|around|nearly|almost|roughly|under|"
                         r"less\s+than|more\s+than|up\s+to|at\s+least|at\s+most|just|only|some|circa|c\.|"
                         r"in|on|by|the|m[aá]s\s+de|menos\s+de|alrededor\s+de|casi|unos|unas|en|el)\s+)+")
# month names and their abbreviations -> 1..12, for dates as choices (QL309)
MONTHS = {name: n for n, names in enumerate((
    "january jan enero", "february feb febrero", "march mar marzo", "april apr abril", "may mayo",
    "june jun junio", "july jul julio", "august aug agosto", "september sep sept septiembre setiembre",
    "october oct octubre", "november nov noviembre", "december dec diciembre"), 1) for name in names.split()}
INSTRUCTION_VERBS = {
    "en": {"select", "choose", "pick", "identify", "name", "give", "list", "state", "compute",
           "calculate", "find", "determine", "complete", "match", "mark", "indicate", "explain",
           "describe", "estimate", "order", "rank", "fill", "write", "evaluate", "derive", "decide",
           "classify", "predict", "solve", "simplify", "compare", "point", "consider", "review",
           "read", "examine", "look", "assume", "suppose", "imagine", "arrange", "sort", "define",
           "convert", "translate", "recognize", "recognise", "spot", "tell", "check", "verify",
           "use", "apply", "show", "note", "add", "create", "insert", "remove", "replace", "rewrite",
           "fix", "implement", "configure", "set", "declare", "initialize", "call", "print", "run",
           "refactor"},
    "es": {"selecciona", "seleccione", "elige", "elija", "escoge", "escoja", "indica", "indique",
           "identifica", "identifique", "calcula", "calcule", "determina", "determine", "completa",
           "complete", "marca", "marque", "nombra", "da", "di", "explica", "explique", "describe",
           "describa", "estima", "ordena", "escribe", "escriba", "deriva", "halla", "encuentra",
           "resuelve", "simplifica", "compara", "decide", "clasifica", "predice"},
}
QUESTION_WORDS = {
    "en": {"what", "which", "how", "why", "when", "where", "who", "whom", "whose"},
    "es": {"qué", "que", "cuál", "cuáles", "cómo", "por qué", "cuándo", "dónde", "quién", "quiénes"},
}
# a clue that names what is asked with a demonstrative, the way trivia asks: "This gland is
# shaped like a butterfly.", "Zeus was married to this goddess.", "One of these events did not...",
# "Snakes belong to the following category."
DEMONSTRATIVES = {"en": {"this", "these"}}
# a stem that opens with a bare pronoun names its unknown too: "He was the first driver to..."
OPENING_PRONOUNS = {"en": {"he", "she", "it", "they"}}
_NOT_THE_UNKNOWN = {"question", "questions", "item", "quiz", "exam", "test", "scenario", "case", "solution",
                    "statement", "statements", "section", "page", "course", "lesson", "example", "exhibit"}
_ONE_OF = re.compile(r"(?i)\bone\s+of\s+(?:these|the\s+following)\b|\bthe\s+following\s+[^\W\d_]+\W*$")
# a question may open with these instead of a question word: "Does Adam use momentum"
AUXILIARIES = {"is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "would", "will",
               "has", "have", "may", "must", "es", "son", "puede", "pueden", "hay"}
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
        used using uses term terms value values given might could shall
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
# The shortest, commonest words: a text still mostly made of English ones was
# not translated (`suggest`'s translation filter).
FUNCTION_WORDS = {
    "en": {"the", "of", "is", "and", "to", "with", "which", "what", "for", "are", "does", "this",
           "that", "when", "why", "how", "by", "from", "it", "its", "an", "be", "or", "into", "than",
           "each", "every", "over", "between"},
}


# --------------------------------------------------------------------------
# blanks to fill in

# `___`, escaped Markdown `\_\_`, a lone `\_`, one that Markdown bolded (`**\_`, `_**`), a blank in code (`` `___` ``), "(  )",
# "[blank]", "[...]", "......": looked for in prose() (code blanked out), and kept only where the
# text itself has the blank ("YEAR(4)" is "YEAR( )" in prose, which blanks numbers too).
_BLANK = re.compile(
    r"_{3,}|(?<![^\W_])(?:\\_)+(?![^\W_])|\*\*\\?_|(?:(?<=\s)|\\)_\*\*|(?<=\s)\*\*(?=\s)|\(\s+\)"
    r"|\[\s*(?:blank|_*|\.{3}|\u2026|answer(?:\s+choice)?)\s*\]"
    r"|(?<![^\W_])(?:\.{4,}|\u2026{2,})|(?:\.{4,}|\u2026{2,})\s*$"  # "is ....", "means....", not "end....The"
    r"|\b(?:fill\s+in\s+the\s+blanks?|the\s+blanks?|blanks?\s+(?:below|above))\b", re.I)
_CODE_BLANK = re.compile(r"`\s*(?:\\?_)+\s*`|[.\s]_`")  # `___`, `module._`


def has_blank(text: str) -> bool:
    """Whether ``text`` has a blank to fill in, in any of its written forms (not inside code)."""
    if any((o := _BLANK.match(text, m.start())) and o.end() == m.end() for m in _BLANK.finditer(prose(text))):
        return True
    return _CODE_BLANK.search(_FENCE.sub(" ", text)) is not None


def clue_at(text: str, fam: str) -> int | None:
    """Where ``text`` names its unknown with a demonstrative ("this gland", "these", "one of
    these", "...belong to the following category."), or None.

    "This VM" after "a VM named VM1" points back, not at the answer; so does
    "this" before a verb (".... This is...") or before a word about the item
    itself ("this question"). A stem's first word has nothing to point back
    to: "This was the great invention of..." is a clue, and so is "He was the
    first driver to..."
    """
    if fam not in DEMONSTRATIVES:
        return None
    m = _ONE_OF.search(text)
    if m:
        return m.start()
    ws = words(text)
    if ws and fold(ws[0].group(0)) in OPENING_PRONOUNS.get(fam, ()) and not text[:ws[0].start()].strip():
        return ws[0].start()  # "He was the first driver with 100 victories.": nothing before it
    for k, w in enumerate(ws):
        this = fold(w.group(0))
        if this not in DEMONSTRATIVES[fam]:
            continue
        after = fold(ws[k + 1].group(0)) if k + 1 < len(ws) else ""
        if after in _NOT_THE_UNKNOWN:
            continue
        if k == 0:
            return w.start()  # "This was the great invention of...": nothing before it to point back to
        if after in AUXILIARIES or after in CLAIM_VERBS[fam]:
            continue
        if after and stem(after, fam) in {stem(x.group(0), fam) for x in ws[:k]}:
            continue  # "...a VM named VM1. This VM..."
        return w.start()
    return None


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


_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_IDENTIFIER_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]{2,}(?![a-z])")


def identifier_stems(text: str, fam: str) -> dict[str, str]:
    """Content-word stems of the names in inline code: `get_search_fields()` gives search, field.

    >>> sorted(identifier_stems("What does `filter_backends` set, or `aspectRatio`?", "en"))
    ['aspect', 'backend', 'filter', 'ratio']
    """
    out: dict[str, str] = {}
    stops = STOPWORDS.get(fam, set())
    for span in _CODE_SPAN.finditer(text):
        for part in _IDENTIFIER_PART.findall(span.group(1)):
            if len(part) >= 4 and fold(part) not in stops:
                out.setdefault(stem(part, fam), part)
    return out


# --------------------------------------------------------------------------
# addressing the choices


# --------------------------------------------------------------------------
# "all / none of the above", "both": what a choice says about the others

_OPENING = re.compile(r"^\W*([^\W\d_]+(?:\s+[^\W\d_]+){0,2})\s*(?:$|[-\u2014\u2013,.:;(!])")
# "Which of these layers...?": a bare "None" / "All" then means none / all of the options
_SELECTS = re.compile(r"\b(?:which|what)\b.*\b(?:of\s+(?:these|the\s+following|them)|following)\b"
                      r"|\b(?:cuál|cuáles|qué)\b.*\b(?:siguientes|estas|estos)\b", re.S | re.I)
_BARE = {"en": {"all", "none", "neither"}, "es": set()}
_EITHER_OR = re.compile(r"(?i)\b(?:or|o)\b")


def above_choice(text: str, fam: str, which: str, stem: str = "") -> list[str]:
    """The "all of the above" (``which="all"``) or "none of the above" (``"none"``)
    wording of a choice, if it is one.

    A bare "None" or "All" counts only when the stem asks which of the
    options (and shows no code): elsewhere it is a value, like Python's `None`.
    """
    phrases, whole = (ALL_ABOVE, ALL_WHOLE) if which == "all" else (NONE_ABOVE, NONE_WHOLE)
    found = find_phrases(text, phrases.get(fam, ()))
    if found:
        return found
    if which == "all" and fam in ALL_LISTED:
        m = ALL_LISTED[fam].search(prose(text))
        if m and (len(words(text)) <= MAX_LISTED_WORDS or not prose(text)[:m.start()].strip("*_ ")):
            return [m.group(0)]  # a short choice, or one that opens with it
    m = _OPENING.match(prose(text).strip().strip("*_"))
    if not m:
        return []
    said = " ".join(fold(w) for w in m.group(1).split())
    if said in whole.get(fam, set()):
        return [m.group(1)]
    if said in _BARE.get(fam, ()) and said in {fold(w) for ws in whole.get(fam, ()) for w in ws.split()[:1]} \
            and _SELECTS.search(stem) and not code_question(stem) and not looks_like_code(text):
        return [m.group(1)]
    return []


def both_choice(text: str, fam: str, stem: str = "") -> bool:
    """Whether a choice is "both" of the others ("Both of these answers", "Both of the above").

    A bare "Both" answering an either-or stem ("Is this overloading or
    overriding?") is an answer, not a pointer at the options.
    """
    pattern = BOTH.get(fam)
    core = prose(text).strip().strip("*_").strip()
    return bool(pattern and pattern.match(core)) and not answers_either_or(text, stem)


def neither_choice(text: str, fam: str, stem: str = "") -> bool:
    """Whether a choice is "neither" of the others ("Neither", "Neither of these").

    Like "Both", a bare "Neither" answering an either-or stem is an answer.
    """
    pattern = NEITHER.get(fam)
    core = prose(text).strip().strip("*_").strip()
    return bool(pattern and pattern.match(core)) and not answers_either_or(text, stem)


def answers_either_or(text: str, stem: str) -> bool:
    """A bare "Both" / "Neither" under an either-or stem ("Is it X or Y?"): an answer."""
    return bool(_BARE_BOTH.match(prose(text).strip("*_ "))) and bool(_EITHER_OR.search(prose(stem)))


def real_options(texts: list[str], fam: str, stem: str = "") -> list[int]:
    """Indexes of the choices that are options in their own right: not "all / none of
    the above" and not "both" or "neither" of the others."""
    return [i for i, t in enumerate(texts)
            if not (above_choice(t, fam, "all", stem) or above_choice(t, fam, "none", stem)
                    or both_choice(t, fam, stem) or neither_choice(t, fam, stem))]


def choice_texts(q: QuestionContext, lang: str) -> list[tuple[int, dict, str]]:
    """``(index, choice, text in lang)`` for the choices that have text in ``lang``."""
    out = []
    for i, c in enumerate(q.choices):
        t = text_in(c.get("text"), lang, q.source_lang)
        if t is not None:
            out.append((i, c, t))
    return out


def true_false_pair(q: QuestionContext, lang: str) -> bool:
    """Are the choices just True / False (Yes / No, Verdadero / Falso): a statement to judge?"""
    texts = choice_texts(q, lang)
    if len(q.choices) != 2 or len(texts) != 2:
        return False
    return {fold(normalize_choice(t)) for _, _, t in texts} in TRUE_FALSE_PAIRS


def choice_path(c: dict, i: int, lang: str) -> tuple:
    return text_path(c.get("text"), ("choices", i, "text"), lang)

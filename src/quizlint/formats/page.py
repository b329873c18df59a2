"""What a rendered quiz page says, whatever its syntax (MkDocs Markdown or HTML).

`quizlint render` has two renderers, :mod:`quizlint.formats.mkdocs` and
:mod:`quizlint.formats.html`. Both ask this module for the same things, so
the two kinds of page always agree: which languages and file names a quiz
gets, the page's own words in its language, a question's heading, its key
statement ("**Choice 2.**", "**Opción 2.**"), its answer, the marks for
drafts and for stale or unreviewed translations, and where the math and
code are in a text (:func:`segments`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from quizlint.formats.model import Numeric, Question, Quiz, Symbolic, to_doc

ANSWERS = ("inline", "collapsed", "end", "none")


@dataclass(frozen=True)
class Options:
    """How to render: ``answers`` (one of :data:`ANSWERS`), ``langs`` (the
    languages to render; empty: every language of each quiz) and ``root``
    (the project folder, so the note names ``data/quizzes/x.yaml``)."""

    answers: str = "inline"
    langs: tuple = ()
    root: Path | None = None

    @property
    def reviewer(self) -> bool:
        return self.answers != "none"


# The page's own words. A language missing here gets the English ones.
WORDS = {
    "en": {
        "answer": "Answer", "answers": "Answers", "quizzes": "Quizzes",
        "mirror": "Readable mirror of {path}, made by `quizlint render`: edit the YAML, not this page.",
        "truth": "Source of truth: {path}.",
        "choice": "Choice", "choices": "Choices", "true": "True", "false": "False",
        "true_false": "True or false?", "select_all": "Select all that apply.",
        "reference": "Reference answer", "why": "Why",
        "wrong": "Common wrong answer",
        "draft": "Draft", "draft_question": "This question holds a draft that nobody has reviewed yet "
                                            "(`quizlint review {id}`).",
        "draft_choice": "draft",
        "stale": "Translation out of date",
        "stale_text": "The {source} text of this question changed after this translation was reviewed.",
        "unreviewed": "Translation not reviewed",
        "unreviewed_text": "Nobody has reviewed this translation yet.",
        "untranslated": "not translated",
        "questions": "{n} questions", "question": "1 question",
    },
    "es": {
        "answer": "Respuesta", "answers": "Respuestas", "quizzes": "Cuestionarios",
        "mirror": "Espejo legible de {path}, generado con `quizlint render`: edita el YAML, no esta página.",
        "truth": "Fuente de verdad: {path}.",
        "choice": "Opción", "choices": "Opciones", "true": "Verdadero", "false": "Falso",
        "true_false": "¿Verdadero o falso?", "select_all": "Selecciona todas las que correspondan.",
        "reference": "Respuesta de referencia", "why": "Por qué",
        "wrong": "Respuesta errónea frecuente",
        "draft": "Borrador", "draft_question": "Esta pregunta contiene un borrador que nadie ha revisado "
                                               "todavía (`quizlint review {id}`).",
        "draft_choice": "borrador",
        "stale": "Traducción desactualizada",
        "stale_text": "El texto en {source} de esta pregunta cambió después de revisar esta traducción.",
        "unreviewed": "Traducción sin revisar",
        "unreviewed_text": "Nadie ha revisado todavía esta traducción.",
        "untranslated": "sin traducir",
        "questions": "{n} preguntas", "question": "1 pregunta",
    },
}

# Language names in their own language, for the switch line.
NAMES = {"en": "English", "es": "Español", "fr": "Français", "de": "Deutsch", "it": "Italiano",
         "pt": "Português", "ca": "Català", "nl": "Nederlands", "pl": "Polski", "ru": "Русский",
         "zh": "中文", "ja": "日本語", "ko": "한국어", "ar": "العربية", "tr": "Türkçe"}
# ... and as a source language inside a sentence ("the English text").
SOURCE_NAMES = {"en": {"en": "English", "es": "Spanish"}, "es": {"en": "inglés", "es": "español"}}


def words(lang: str) -> dict:
    return WORDS.get(lang) or WORDS.get(lang.split("-")[0]) or WORDS["en"]


def language_name(lang: str) -> str:
    return NAMES.get(lang) or NAMES.get(lang.split("-")[0]) or lang


def source_name(source: str, page_lang: str) -> str:
    names = SOURCE_NAMES.get(page_lang.split("-")[0], SOURCE_NAMES["en"])
    return names.get(source.split("-")[0]) or language_name(source)


# --------------------------------------------------------------------------
# Languages and file names


def languages(quiz: Quiz, options: Options) -> list[str]:
    """The languages ``quiz`` is rendered in, its source language first."""
    return [lg for lg in quiz.languages if not options.langs or lg in options.langs]


def site_language(quizzes: list[Quiz], options: Options) -> str:
    """The site's default language: its pages carry no suffix
    (mkdocs-static-i18n's ``suffix`` structure: ``x.md``, ``x.es.md``)."""
    if options.langs:
        return options.langs[0]
    counts = Counter(q.source_lang for q in quizzes)
    return max(counts, key=counts.get) if counts else "en"


def site_languages(quizzes: list[Quiz], options: Options) -> list[str]:
    """Every rendered language, the site's default first."""
    default = site_language(quizzes, options)
    out = [default]
    for quiz in quizzes:
        out += [lg for lg in languages(quiz, options) if lg not in out]
    return out


def page_name(name: str, lang: str, default: str) -> str:
    """``name`` in the default language, ``name.<lang>`` in the others."""
    return name if lang == default else f"{name}.{lang}"


def source_path(quiz: Quiz, options: Options) -> str:
    """The quiz file as the note names it: relative to the project when inside it."""
    if not quiz.path:
        return f"{quiz.id}.yaml"
    path = Path(quiz.path)
    if options.root is not None:
        try:
            return path.resolve().relative_to(Path(options.root).resolve()).as_posix()
        except ValueError:
            pass
    return path.name


# --------------------------------------------------------------------------
# Text in a language


def localized(value, lang: str, source: str) -> tuple[str | None, bool]:
    """``(string, fallback)``: the text in ``lang``, else in the source
    language with ``fallback`` true (shown as "not translated")."""
    if not isinstance(value, dict):
        return None, False
    if isinstance(value.get(lang), str):
        return value[lang], False
    got = value.get(source)
    return (got, True) if isinstance(got, str) else (None, False)


HEADING_MAX = 110  # characters of a stem that may be the heading


def heading(q: Question, lang: str, source: str) -> tuple[str | None, bool]:
    """The text after the id in a question's heading, and whether the stem
    is that text (then it is not repeated below). A source's own question
    title wins; else a short one-line stem without math or code (a table
    of contents shows headings as plain text); else nothing (just the id)."""
    if q.title:
        return q.title, False
    first = (q.stem or {}).get(source) or ""   # decided on the source text: every language alike
    if first and "\n" not in first.strip() and len(first) <= HEADING_MAX and not re.search(r"[`$]", first):
        stem, _ = localized(q.stem, lang, source)
        if stem and "\n" not in stem.strip():
            return stem.strip(), True
    return None, False


def letters(quiz: Quiz) -> bool:
    """Whether the quiz names its choices with letters (its explanations
    open with "**Answer: B.**", "**D)**"): then choices are labelled A, B..."""
    from quizlint.rules.key_statement import leading_key

    for q in quiz.questions:
        for text in (q.explanation or {}).values():
            stated = leading_key(text)
            if stated and stated[0] == "choices":
                return bool(stated[2])
    return False


def label(i: int, use_letters: bool) -> str:
    return chr(ord("A") + i) if use_letters and i < 26 else str(i + 1)


def key_statement(q: Question, lang: str, source: str, use_letters: bool) -> str | None:
    """"**Choice 2.**" (in the page's language) for the answer block, or None
    when the explanation already opens with one, or the kind has none."""
    from quizlint.rules.key_statement import leading_key

    expl, _ = localized(q.explanation, lang, source)
    if expl and leading_key(expl):
        return None
    w = words(lang)
    if q.kind in ("single", "multi"):
        keys = q.keys()
        if not keys:
            return None
        items = ", ".join(label(i, use_letters) for i in keys)
        return f"**{w['choice'] if len(keys) == 1 else w['choices']} {items}.**"
    if q.kind == "true_false" and isinstance(q.answer, bool):
        return f"**{w['true'] if q.answer else w['false']}.**"
    return None


def number(x) -> str:
    """A number as a page shows it (``1.25``, ``1e-05``)."""
    return f"{x:g}" if isinstance(x, float) else str(x)


def answer_markdown(q: Question, lang: str, source: str) -> tuple[str | None, bool]:
    """The answer itself for the kinds that have one in ``answer`` (Markdown
    with math), and whether it fell back to the source language."""
    a = q.answer
    if q.kind == "free":
        return localized(a, lang, source)
    if isinstance(a, Numeric):
        value = number(a.value)
        if a.tolerance is not None:
            value += f" ± {number(a.tolerance)}"
        unit = f" {a.unit}" if a.unit else ""
        rel = f" (± {number(a.rel_tolerance * 100)} %)" if a.rel_tolerance is not None else ""
        return f"**{value}{unit}**{rel}", False
    if isinstance(a, Symbolic):
        if a.latex:
            return f"$${a.latex}$$", False
        return f"`{a.expr}`", False
    return None, False


# --------------------------------------------------------------------------
# Drafts and translation state


def question_docs(quiz: Quiz) -> dict:
    """Question id -> its v1 data (what the source hash is computed from)."""
    return {q.id: d for q, d in zip(quiz.questions, to_doc(quiz)["questions"])}


def index_entries(quizzes: list[Quiz], pages: dict, lang: str, default: str) -> list[tuple[str, str, str]]:
    """``(page name, title, "12 questions")`` of each quiz listed on the ``lang`` index page;
    ``pages``: quiz id -> its pages by language. A quiz without a ``lang`` page is listed
    (in a language it has) only on the default language's index."""
    w = words(lang)
    out = []
    for quiz in quizzes:
        by_lang = dict(pages[quiz.id])
        if lang not in by_lang and lang != default:
            continue
        shown = lang if lang in by_lang else next(iter(by_lang), None)
        if shown is None:
            continue
        title, _ = localized(quiz.title, shown, quiz.source_lang)
        n = len(quiz.questions)
        out.append((by_lang[shown], title or quiz.id, w["question"] if n == 1 else w["questions"].format(n=n)))
    return out


def render_questions(quiz: Quiz, render) -> tuple[list, list]:
    """Every question's body, and ``(question, answer)`` for those with an answer to show at
    the end; ``render(q, doc, use_letters) -> (body, answer or None)`` is the writer's own."""
    docs, use_letters = question_docs(quiz), letters(quiz)
    bodies, answers = [], []
    for q in quiz.questions:
        body, answer = render(q, docs[q.id], use_letters)
        bodies.append(body)
        if answer:
            answers.append((q, answer))
    return bodies, answers


def translation_state(quiz: Quiz, q: Question, lang: str, doc: dict) -> str | None:
    """``"stale"``, ``"unreviewed"`` or None for the ``lang`` page of ``q``.

    Stale: the recorded ``source`` hash is missing or differs from the
    current :func:`quizlint.i18n.source_hash` (QL405). Unreviewed: a draft
    translation, or text in ``lang`` with no ``translations.<lang>`` (QL406).
    """
    from quizlint import i18n

    source = quiz.source_lang
    if lang == source:
        return None
    states = q.extra.get("translations")
    state = states.get(lang) if isinstance(states, dict) else None
    if not isinstance(state, dict):
        carries = any(isinstance(v, dict) and isinstance(v.get(lang), str) for _, v in i18n.text_fields(doc))
        return "unreviewed" if carries else None
    if state.get("status") != "reviewed":
        return "unreviewed"
    if state.get("source") != i18n.source_hash(doc, source):
        return "stale"
    return None


def choice_draft(choice) -> bool:
    """Whether a choice is a draft (when the model records it)."""
    return bool(getattr(choice, "draft", False))


# --------------------------------------------------------------------------
# Math and code inside a text

# One scanner for both renderers. Alternatives are tried at each position
# in this order: a backslash escape, a fenced code block, a code span,
# display math, inline math (arithmatex's "smart dollar" rule: no space
# just inside the dollars), anything else is text.
_SEGMENT = re.compile(
    r"(?P<esc>\\[\\`$])"
    r"|(?P<fence>^[ \t]{0,3}(?P<f>`{3,}|~{3,})(?P<info>[^\n]*)\n(?P<body>.*?)(?:^[ \t]{0,3}(?P=f)[`~]*[ \t]*$|\Z))"
    r"|(?P<code>(?P<t>`+)(?!`).+?(?<!`)(?P=t)(?!`))"
    r"|(?P<display>\$\$(?P<dm>.+?)\$\$)"
    r"|(?P<inline>\$(?![\s$])(?P<im>(?:\\.|[^\\$])+?)(?<!\s)\$)",
    re.S | re.M,
)
_SPECIAL = re.compile(r"[\\`$~]")
MAX_MATH = 4000   # characters; longer "math" is shown as its TeX source

# Macros that course texts use and neither MathJax nor latex2mathml know.
MACROS = {"R": r"\mathbb{R}", "N": r"\mathbb{N}", "Z": r"\mathbb{Z}", "Q": r"\mathbb{Q}", "C": r"\mathbb{C}"}
_MACRO = re.compile(r"\\(" + "|".join(MACROS) + r")(?![A-Za-z])")


def expand_macros(tex: str) -> str:
    return _MACRO.sub(lambda m: MACROS[m.group(1)], tex)


def segments(text: str):
    """Yield ``(kind, value, extra)``: ``("text", s, None)``, ``("code", span, None)``,
    ``("fence", body, info)``, ``("math", tex, display: bool)``."""
    if not _SPECIAL.search(text):   # most texts: no math, no code, no escapes
        yield "text", text, None
        return
    pos = 0
    for m in _SEGMENT.finditer(text):
        if m.start() > pos:
            yield "text", text[pos:m.start()], None
        if m.group("esc"):
            yield "text", m.group(0), None
        elif m.group("fence"):
            yield "fence", m.group("body"), m.group("info").strip()
        elif m.group("code"):
            yield "code", m.group(0), None
        elif m.group("display"):
            yield "math", m.group("dm"), True
        else:
            yield "math", m.group("im"), False
        pos = m.end()
    if pos < len(text):
        yield "text", text[pos:], None


_LANG_TAG = re.compile(r"^[A-Za-z0-9_+#.-]{1,30}$")


def fence_language(info: str) -> str:
    """The language of a code fence, if its info string is a plain name
    (``python``); anything else (attributes, braces) is dropped."""
    first = info.split()[0] if info.split() else ""
    return first if _LANG_TAG.match(first) else ""

"""Translations (QL4xx): every text in every language, faithful and up to date.

The first entry of `languages` is the source language; every other one is a
translation. `translations.<lang>` records the state of a question's
translation (`source` hash, `status`, `origin`); see docs/format.md.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from quizlint import i18n
from quizlint.problem import Severity
from quizlint.rules.base import FileContext, Finding, Option, QuestionContext, rule
from quizlint.rules.wording import words

E = Severity.ERROR
W = Severity.WARNING


def field_name(path: tuple) -> str:
    """Human name of a question text field: ``choice 2 text``, ``stem``..."""
    if path[0] == "choices":
        return f"choice {path[1] + 1} {path[2]}"
    if path[0] == "wrong_answers":
        return f"wrong answer {path[1] + 1} {path[2]}"
    return "reference answer" if path[0] == "answer" else path[0]


def _list(langs) -> str:
    return ", ".join(langs)


def stamp_command(q: QuestionContext, lang: str) -> str:
    return f"`quizlint stamp {q.id or '<id>'} --lang {lang}`"


# --------------------------------------------------------------------------
# QL401, QL402: missing languages


@rule("QL401", "missing-translation", E)
def missing_translation(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A text field of a question lacks one of the file's languages.

    In a file with `languages: [en, es]`, the stem, every choice's `text`
    and `why`, a `free` question's reference answer and the explanation
    must carry both `en` and `es`; otherwise Spanish students see English
    (or nothing). A plain string counts as source language only. A field
    without the source language itself is reported too.

    Flawed:

    ```yaml
    languages: [en, es]
    questions:
      - id: q-01
        kind: free
        stem: {en: Why does averaging help?, es: ¿Por qué ayuda promediar?}
        answer: {en: It cancels oscillations., es: Cancela las oscilaciones.}
        explanation: Averaging cancels the alternating components.
    ```

    Fixed:

    ```yaml
    explanation:
      en: Averaging cancels the alternating components.
      es: El promedio cancela las componentes alternas.
    ```
    """
    langs = q.languages
    for path, value in i18n.text_fields(q.question):
        missing = [lg for lg in langs if i18n.text_in(value, lg, q.source_lang) is None]
        if path == ("answer",) and isinstance(value, dict):
            missing = [lg for lg in missing if lg != q.source_lang]  # QL205 reports that one
        if not missing:
            continue
        name = field_name(path)
        if q.source_lang in missing:
            msg = (f"the {name} has no {q.source_lang} (source language) text; add `{q.source_lang}:`"
                   " with the original text")
            rest = [lg for lg in missing if lg != q.source_lang]
            if rest:
                msg += f" and translate it into {_list(rest)}"
        else:
            how = ("turn it into a mapping with `" + q.source_lang + ":` and `" + missing[0] + ":`"
                   if isinstance(value, str) else f"add `{missing[0]}:`")
            msg = (f"the {name} has no {_list(missing)} translation; {how} "
                   f"(`quizlint suggest {q.id or '<id>'} --translate {missing[0]}` drafts one)")
        yield Finding(path, msg, at_key=True)


@rule("QL402", "missing-title-translation", E, scope="file")
def missing_title_translation(f: FileContext, opts: dict) -> Iterator[Finding]:
    """The quiz `title` lacks one of the file's languages.

    The title is shown on every page of a rendered quiz, so a bilingual
    quiz needs it in every language, like the question texts (QL401).

    Flawed:

    ```yaml
    title: Phase 4 — Calculus & Optimization
    languages: [en, es]
    ```

    Fixed:

    ```yaml
    title:
      en: Phase 4 — Calculus & Optimization
      es: Fase 4 — Cálculo y optimización
    ```
    """
    title = f.data.get("title")
    if title is None:
        return
    missing = [lg for lg in f.languages if i18n.text_in(title, lg, f.source_lang) is None]
    if missing:
        yield Finding(("title",), (
            f"the quiz title has no {_list(missing)} text; give `title:` one entry per language "
            f"({_list(f.languages)})"), at_key=True)


# --------------------------------------------------------------------------
# QL403: identical translation


@rule("QL403", "untranslated-text", W, options={
    "min_words": Option(int, 3, "the fewest words a text needs before a copy counts", minimum=1),
})
def untranslated_text(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A translation is identical to the source text.

    Usually a copy that was never translated (or a machine translation that
    failed silently). Very short texts (fewer than `min_words` words once
    math, code and numbers are removed) and texts that are only
    math/code/numbers are ignored: `$p_i - y_i$`, `RMSProp`, `Adam + SGD`
    legitimately stay the same.

    Flawed:

    ```yaml
    languages: [en, es]
    choices:
      - text:
          en: Momentum reduces the learning rate adaptively per step.
          es: Momentum reduces the learning rate adaptively per step.
      - text: {en: Momentum averages past gradients., es: El momentum promedia gradientes pasados.}
        correct: true
    ```

    Fixed:

    ```yaml
    choices:
      - text:
          en: Momentum reduces the learning rate adaptively per step.
          es: El momentum reduce la tasa de aprendizaje de forma adaptativa en cada paso.
      - text: {en: Momentum averages past gradients., es: El momentum promedia gradientes pasados.}
        correct: true
    ```
    """
    for path, lang, src, tr in translated_pairs(q):
        if untranslated(src, tr, opts["min_words"]):
            yield Finding(path + (lang,), (
                f"the {lang} {field_name(path)} is identical to the {q.source_lang} text; "
                "translate it (or remove the copy so it shows as missing)"))


# --------------------------------------------------------------------------
# QL404: math, code and numbers must survive


def translated_pairs(q: QuestionContext) -> Iterator[tuple[tuple, str, str, str]]:
    """``(field path, language, source text, translation)`` for every text
    field of the question that has both a source text and a translation."""
    for path, value in i18n.text_fields(q.question):
        if not isinstance(value, dict):
            continue
        src = i18n.text_in(value, q.source_lang, q.source_lang)
        if src is None:
            continue
        for lang in q.languages[1:]:
            if isinstance(value.get(lang), str):
                yield path, lang, src, value[lang]


def untranslated(src: str, tr: str, min_words: int) -> bool:
    """``tr`` is a copy of ``src`` (of at least ``min_words`` words): QL403.
    `suggest` asks this too before it keeps a translation."""
    return len(words(src)) >= min_words and i18n.normalize(tr) == i18n.normalize(src)


def _span_counter(text: str) -> Counter:
    return Counter(i18n.normalize(s) for s in i18n.protected_spans(text))


def span_mismatch(src: str, tr: str) -> str | None:
    """What math, code and numbers ``tr`` does not keep from ``src`` (QL404),
    e.g. ``missing $m_t$; extra 0,5``, or None when they agree. `suggest`
    asks this too before it keeps a translation."""
    want, got = _span_counter(src), _span_counter(tr)
    if got == want:
        return None
    missing, extra = want - got, got - want
    parts = []
    if missing:
        parts.append(f"missing {_spans(missing)}")
    if extra:
        parts.append(f"extra {_spans(extra)}")
    return "; ".join(parts)


def _spans(c: Counter) -> str:
    items = []
    for s, n in c.items():
        items.append(f"{s}" + (f" (x{n})" if n > 1 else ""))
    return ", ".join(items[:5]) + (", ..." if len(items) > 5 else "")


@rule("QL404", "protected-span-mismatch", E)
def protected_span_mismatch(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """Math, inline code or numbers differ between the source and a translation.

    `$...$` and `$$...$$` math, inline code and numbers are the same in
    every language (docs/format.md), so a difference is a translation error: a
    dropped formula, a translated variable name, a changed constant. The
    spans are compared as multisets (order may change with word order;
    whitespace inside a span is ignored) and the message names what is
    missing from and extra in the translation. Numbers keep their decimal
    point (`0.5`, not `0,5`).

    Flawed:

    ```yaml
    languages: [en, es]
    stem:
      en: Why divide $m_t$ by $1 - \\beta_1^t$?
      es: ¿Por qué dividir $m_t$ entre $1 - \\beta^t$?
    ```

    Fixed:

    ```yaml
    stem:
      en: Why divide $m_t$ by $1 - \\beta_1^t$?
      es: ¿Por qué dividir $m_t$ entre $1 - \\beta_1^t$?
    ```
    """
    for path, lang, src, tr in translated_pairs(q):
        mismatch = span_mismatch(src, tr)
        if mismatch:
            yield Finding(path + (lang,), (
                f"the {lang} {field_name(path)} does not keep the {q.source_lang} math, code and "
                f"numbers: {mismatch}; copy them unchanged from the source text"))


# --------------------------------------------------------------------------
# QL405, QL406: translation state


def _carries(q: QuestionContext, lang: str) -> bool:
    return any(isinstance(v, dict) and isinstance(v.get(lang), str) for _, v in i18n.text_fields(q.question))


@rule("QL405", "stale-translation", W)
def stale_translation(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A translation was made from an older source text (its `source` hash is out of date).

    `translations.<lang>.source` records the hash of the source-language
    texts the translation was made from (see `quizlint.i18n.source_hash`).
    When the source text changes, the hash no longer matches and the
    translation may say something else, like a "fuzzy" entry in gettext.
    Review the translation against the new source, then record the new
    hash with `quizlint stamp <id> --lang <lang>`. A translation with no
    `source` hash at all is reported the same way.

    Flawed (the English stem was edited after the Spanish was reviewed):

    ```yaml
    languages: [en, es]
    questions:
      - id: q-04-01
        kind: free
        stem: {en: What is one epoch?, es: ¿Qué es una época?}
        answer: {en: One pass over the data., es: Una pasada por los datos.}
        translations:
          es: {source: 3f2a9c1e, status: reviewed}
    ```

    Fixed: check the Spanish texts, then run `quizlint stamp q-04-01 --lang es`,
    which writes the current hash:

    ```yaml
    translations:
      es: {source: abbe2668, status: reviewed}
    ```
    """
    states = q.question.get("translations")
    if not isinstance(states, dict):
        return
    current = i18n.source_hash(q.question, q.source_lang)
    for lang in q.languages[1:]:
        state = states.get(lang)
        if not isinstance(state, dict):
            continue
        recorded = state.get("source")
        if recorded is None:
            yield Finding(("translations", lang), (
                f"the {lang} translation records no source hash, so quizlint cannot tell whether it "
                f"is up to date; review it, then run {stamp_command(q, lang)}"), at_key=True)
        elif recorded.strip("0") == "":
            yield Finding(("translations", lang, "source"), (
                f"the {lang} translation records the placeholder hash {recorded}, so quizlint cannot "
                f"tell which {q.source_lang} text it was made from; review the {lang} texts, then run "
                f"{stamp_command(q, lang)}"))
        elif recorded != current:
            yield Finding(("translations", lang, "source"), (
                f"the {q.source_lang} text changed since the {lang} translation was made (hash "
                f"{recorded}, now {current}); review the {lang} texts, then run "
                f"{stamp_command(q, lang)}"))


@rule("QL406", "unreviewed-translation", W)
def unreviewed_translation(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A question carries a translation but has no `translations.<lang>` entry.

    Without the entry nobody has recorded that the translation was reviewed,
    nor which source text it matches, so later source edits cannot be
    detected (QL405). Review the texts and run `quizlint stamp <id> --lang
    <lang>`, which adds `translations.<lang>` with the current hash.

    Flawed:

    ```yaml
    languages: [en, es]
    questions:
      - id: q-01
        kind: free
        stem: {en: What is an epoch?, es: ¿Qué es una época?}
        answer: {en: One pass over the data., es: Una pasada por los datos.}
        # no translations: entry
    ```

    Fixed (what `quizlint stamp q-01 --lang es` adds):

    ```yaml
    translations:
      es: {source: b4c39b83, status: reviewed}
    ```
    """
    states = q.question.get("translations")
    states = states if isinstance(states, dict) else {}
    for lang in q.languages[1:]:
        if lang in states or not _carries(q, lang):
            continue
        where = ("translations",) if "translations" in q.question else ("id",)
        yield Finding(where, (
            f"the {lang} texts of this question have no `translations.{lang}` entry, so their "
            f"review is not recorded; review them, then run {stamp_command(q, lang)}"), at_key=True)


# --------------------------------------------------------------------------
# QL407: languages nobody declared


@rule("QL407", "undeclared-language", W)
def undeclared_language(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A text or `translations` entry uses a language missing from the file's `languages`.

    Only declared languages are checked, rendered and counted as complete,
    so a stray `fr:` (or a typo like `sp:` for `es:`) is silently ignored.
    A `translations` entry for the source language is reported too: the
    source is not a translation.

    Flawed:

    ```yaml
    languages: [en, es]
    stem: {en: What is an epoch?, sp: ¿Qué es una época?}
    ```

    Fixed: `es:` instead of `sp:` (or add the language to `languages`).

    ```yaml
    stem: {en: What is an epoch?, es: ¿Qué es una época?}
    ```
    """
    declared = set(q.languages)
    for path, value in i18n.text_fields(q.question):
        if isinstance(value, dict):
            for lang in value:
                if lang not in declared:
                    yield Finding(path + (lang,), (
                        f"the {field_name(path)} has text in {lang}, which is not in the file's "
                        f"`languages` ({_list(q.languages)}); add {lang} there or fix the tag"),
                        at_key=True)
    states = q.question.get("translations")
    if isinstance(states, dict):
        for lang in states:
            if lang == q.source_lang:
                yield Finding(("translations", lang), (
                    f"{lang} is the source language, not a translation; remove "
                    f"`translations.{lang}`"), at_key=True)
            elif lang not in declared:
                yield Finding(("translations", lang), (
                    f"`translations.{lang}` names a language not in the file's `languages` "
                    f"({_list(q.languages)}); add {lang} there or remove the entry"), at_key=True)

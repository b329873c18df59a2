"""The course glossary (QL408): a reviewed translation uses the required terms."""

from __future__ import annotations

from typing import Iterator

from quizlint import glossary, i18n
from quizlint.problem import Severity
from quizlint.rules.base import Finding, QuestionContext, rule
from quizlint.rules.translations import field_name


@rule("QL408", "glossary-term", Severity.WARNING)
def glossary_term(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A reviewed translation renders a glossary term another way.

    A course that writes "tasa de aprendizaje" for *learning rate* in one
    question and "ritmo de aprendizaje" in the next confuses students. The
    glossary (`[tool.quizlint.glossary.es]` in pyproject.toml, or a CSV file
    it names; see README) says how each course term is translated; where the
    source text uses a term, the translation must use its required form
    (plural forms count). Terms inside math and code are not prose and are
    skipped. Drafts are not checked here: `suggest` already rejects a draft
    that breaks the glossary, and QL501 holds drafts back.

    Flawed (with `"learning rate" = "tasa de aprendizaje"`):

    ```yaml
    title: {en: Schedules, es: Calendarios}
    languages: [en, es]
    questions:
      - id: q-01
        kind: true_false
        stem:
          en: Lowering the learning rate late in training helps.
          es: Bajar el ritmo de aprendizaje al final del entrenamiento ayuda.
        answer: true
        translations:
          es: {source: 5f0e2a9c, status: reviewed}
    ```

    Fixed:

    ```yaml
    questions:
      - id: q-01
        kind: true_false
        stem:
          en: Lowering the learning rate late in training helps.
          es: Bajar la tasa de aprendizaje al final del entrenamiento ayuda.
        answer: true
        translations:
          es: {source: 5f0e2a9c, status: reviewed}
    ```
    """
    states = q.question.get("translations")
    for lang in q.languages[1:]:
        terms = q.file.glossary.get(lang)
        state = states.get(lang) if isinstance(states, dict) else None
        if not terms or not isinstance(state, dict) or state.get("status") != "reviewed":
            continue
        for path, value in i18n.text_fields(q.question):
            src, tr = q.text(value), q.text(value, lang)
            if not src or not tr:
                continue
            for term, form in glossary.misses(src, tr, terms):
                yield Finding(tuple(path) + (lang,), (
                    f"the {lang} {field_name(tuple(path))} does not use the glossary's \"{form}\" for "
                    f"\"{term}\"; use it (or change [tool.quizlint.glossary.{lang}])"))

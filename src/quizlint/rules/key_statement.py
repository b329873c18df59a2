"""The explanation's key statement (QL206, error): does it agree with the key?

:func:`leading_key` parses the key an explanation opens with ("**Choice
2.**", "Opciones 1, 2 y 3", "Answer: B", "**D)**", "True." / "Falso.");
QL206 compares it with the `correct:` flags or the true/false `answer:` in
every language of the explanation. The other answer-key checks (QL201-QL205,
QL207) are in :mod:`quizlint.rules.answer_key`.
"""

from __future__ import annotations

import re
from typing import Iterator

from quizlint.problem import Severity
from quizlint.rules.answer_key import CHOICE_KINDS, describe_choices, is_correct, text_path, texts_by_lang
from quizlint.rules.base import Finding, QuestionContext, rule

E = Severity.ERROR


# --------------------------------------------------------------------------
# QL206: the explanation's leading key statement


_KEY_WORD = (
    r"(?i:(?:the\s+)?(?:correct\s+|right\s+)?(?:answers?|choices?|options?|keys?)"
    r"|(?:las?\s+)?(?:respuestas?|opci[oó]n(?:es)?|alternativas?)(?:\s+correctas?)?)"
)
_ITEM = r"(?:[A-Z]|\d{1,2})"  # letters are upper case: "Answer: a" is not a key
_SEP = r"\s*(?:,|;|/|&|\+|(?i:\band\b|\by\b))\s*"
_ITEMS = rf"(?P<items>{_ITEM}(?:{_SEP}{_ITEM})*)"
_END = r"(?=\s*(?:[.):;,!*_\u2014\u2013-]|$))"
_WORD_FORM = re.compile(
    rf"(?:{_KEY_WORD})\s*(?:(?i:is|are|es|son)\s+)?[:.\u2014\u2013-]?\s*[*_]*\s*\(?{_ITEMS}\)?{_END}",
)
# "**D)**", "D)", "(D)", "D." at the very start: letters only.
_BARE_FORM = re.compile(r"\(?(?P<items>[A-Z])[).](?=[\s*_]|$)")
_TF_FORM = re.compile(
    r"(?:(?:the\s+)?(?:answer|respuesta)\s*(?:is|es)?\s*:?\s*)?"
    r"(?P<tf>true|false|verdadero|falso|cierto)(?=\s*(?:[.!:;,*_\u2014\u2013]|$))",
    re.I,
)
_LEAD = re.compile(r"^[\s*_>#]*")


def leading_key(text: str):
    """The key stated at the start of an explanation.

    Returns ``("choices", [(label, index), ...], letters)`` for "**Choice 2.**",
    "**Choices 1, 2, 3.**", "Opción 2", "Answer: B", "**D)**"...; ``("bool",
    value)`` for "True." / "Falso."; or None when the explanation does not
    open with a key statement. Later mentions ("Choice 4 is wrong") never
    count.
    """
    body = _LEAD.sub("", text, count=1)
    m = _WORD_FORM.match(body) or _BARE_FORM.match(body)
    if m:
        # a lowercase letter is not a choice label ("Answer: a learning rate...")
        labels = re.split(_SEP, m.group("items"))
        labels = [x for x in labels if x]
        letters = labels[0].isalpha()
        if any(x.isalpha() != letters for x in labels):
            return None
        items = []
        for x in labels:
            items.append((x, ord(x.upper()) - ord("A") if letters else int(x) - 1))
        return ("choices", items, letters)
    m = _TF_FORM.match(body)
    if m:
        return ("bool", m.group("tf").lower() in ("true", "verdadero", "cierto"))
    return None


@rule("QL206", "explanation-key-mismatch", E, kinds=CHOICE_KINDS + ("true_false",))
def explanation_key_mismatch(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """The explanation's leading key statement must name the keyed choice(s).

    Explanations often open with the key: `**Choice 2.**`, `**Choices 1, 2,
    3.**`, `**Opción 2.**`, `Opciones 1, 2 y 3`, `**Answer: B.**`, `**D)**`
    (numbers count from 1, letters from A), or `True.` / `Falso.` for a
    `true_false` question. When choices are reordered or a `correct:` flag
    is moved, that statement silently goes stale and students read an
    explanation that contradicts the grading. Only the statement at the very
    start counts: in `**Choices 1, 2, 3.** Choice 4 is the coupled (wrong)
    version` the key is 1, 2, 3. Every language of the explanation is
    checked, so a translation that kept an old key is caught too.

    Flawed (the key is the second choice):

    ```yaml
    languages: [en, es]
    explanation:
      en: "**Choice 3.** Averaging cancels the alternating components."
      es: "**Opción 2.** El promedio cancela las componentes alternas."
    ```

    Fixed (or move `correct: true`):

    ```yaml
    explanation:
      en: "**Choice 2.** Averaging cancels the alternating components."
      es: "**Opción 2.** El promedio cancela las componentes alternas."
    ```
    """
    expl = q.question.get("explanation")
    kind = q.kind
    if kind in CHOICE_KINDS:
        if not q.choices:
            return
        keys = {i for i, c in enumerate(q.choices) if is_correct(c)}
        n = len(q.choices)
    else:
        answer = q.question.get("answer")
        if not isinstance(answer, bool):
            return
    for lang, text in texts_by_lang(q, expl):
        stated = leading_key(text)
        if stated is None:
            continue
        path = text_path(expl, ("explanation",), lang)
        where = f"the {lang} explanation" if lang != q.source_lang else "the explanation"
        if kind == "true_false":
            if stated[0] == "bool" and stated[1] != answer:
                yield Finding(path, (
                    f"{where} opens with {'true' if stated[1] else 'false'}, but `answer:` is "
                    f"{str(answer).lower()}; fix the answer or the explanation"))
            continue
        if stated[0] != "choices":
            continue
        _, items, letters = stated
        bad = [label for label, i in items if not 0 <= i < n]
        if bad:
            yield Finding(path, (
                f"{where} names choice {', '.join(bad)}, but the question has only {n} choices; "
                "fix the explanation's key statement"))
            continue
        named = {i for _, i in items}
        if named == keys or not keys:  # no key at all is QL201/QL202's business
            continue
        yield Finding(path, (
            f"{where} opens with {describe_choices(named, letters)}, but the key marks "
            f"{describe_choices(keys, letters)} as correct; fix the `correct:` flags or the "
            "explanation"))

"""The question model every command asks: what a draft is.

`check` (QL501), `review` and `suggest` all call :func:`drafts`, so a
draft that one of them sees is a draft for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Draft:
    """One unreviewed thing in a question.

    ``kind`` is ``"question"``, ``"choice"`` or ``"translation"``; ``which``
    is None, the choice index or the language; ``path`` is the data path of
    its ``status`` key, relative to the question.
    """

    kind: str
    which: object
    path: tuple
    node: dict

    @property
    def author(self) -> str:
        origin = self.node.get("origin")
        by = origin.get("by") if isinstance(origin, dict) else None
        return by.strip() if isinstance(by, str) and by.strip() else ""


def drafts(question) -> list[Draft]:
    """Every ``status: draft`` of a question, in file order: the question
    itself, its choices, then its translations."""
    if not isinstance(question, dict):
        return []
    out = []
    if question.get("status") == "draft":
        out.append(Draft("question", None, ("status",), question))
    choices = question.get("choices")
    for i, c in enumerate(choices if isinstance(choices, list) else []):
        if isinstance(c, dict) and c.get("status") == "draft":
            out.append(Draft("choice", i, ("choices", i, "status"), c))
    states = question.get("translations")
    for lang, state in (states.items() if isinstance(states, dict) else ()):
        if isinstance(state, dict) and state.get("status") == "draft":
            out.append(Draft("translation", lang, ("translations", lang, "status"), state))
    return out


def question_path(data, qid: str) -> tuple | None:
    """``("questions", i)`` of the question with id ``qid`` in one loaded quiz,
    or None. (Which *file* holds an id: :func:`quizlint.index.find_questions`.)"""
    questions = data.get("questions") if isinstance(data, dict) else None
    for i, q in enumerate(questions if isinstance(questions, list) else []):
        if isinstance(q, dict) and q.get("id") == qid:
            return ("questions", i)
    return None

"""The question model every command asks: what a draft is.

`check` (QL501), `review` and `suggest` all call :func:`drafts`, so a
draft that one of them sees is a draft for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Draft:
    """One unreviewed thing in a question.

    ``kind`` is ``"question"``, ``"choice"``, ``"wrong_answer"`` or
    ``"translation"``; ``which`` is None, the item's index or the language;
    ``path`` is the data path of its ``status`` key, relative to the question.
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
    itself, its choices, its wrong answers, then its translations."""
    if not isinstance(question, dict):
        return []
    out = []
    if question.get("status") == "draft":
        out.append(Draft("question", None, ("status",), question))
    choices = question.get("choices")
    for i, c in enumerate(choices if isinstance(choices, list) else []):
        if isinstance(c, dict) and c.get("status") == "draft":
            out.append(Draft("choice", i, ("choices", i, "status"), c))
    wrong = question.get("wrong_answers")
    for i, w in enumerate(wrong if isinstance(wrong, list) else []):
        if isinstance(w, dict) and w.get("status") == "draft":
            out.append(Draft("wrong_answer", i, ("wrong_answers", i, "status"), w))
    states = question.get("translations")
    for lang, state in (states.items() if isinstance(states, dict) else ()):
        if isinstance(state, dict) and state.get("status") == "draft":
            out.append(Draft("translation", lang, ("translations", lang, "status"), state))
    return out


def tolerance(answer: dict) -> float:
    """How far a response may be from a numeric key (``tolerance``, ``rel_tolerance``;
    either one suffices, so the larger counts). 0 for ``exact`` or when none is given."""
    value = answer.get("value")
    tol = answer.get("tolerance")
    rel = answer.get("rel_tolerance")
    allowed = [float(tol)] if isinstance(tol, (int, float)) else []
    if isinstance(rel, (int, float)) and isinstance(value, (int, float)):
        allowed.append(float(rel) * abs(float(value)))
    return max(allowed, default=0.0)


def is_right(answer: dict, x: float) -> bool:
    """Whether response ``x`` counts as right for a numeric ``answer`` (docs/format.md)."""
    return abs(float(x) - float(answer["value"])) <= tolerance(answer)


#: a draft kind that is an item of a list in the question -> that list's key
LIST_DRAFTS = {"choice": "choices", "wrong_answer": "wrong_answers"}


def question_path(data, qid: str) -> tuple | None:
    """``("questions", i)`` of the question with id ``qid`` in one loaded quiz,
    or None. (Which *file* holds an id: :func:`quizlint.index.find_questions`.)"""
    questions = data.get("questions") if isinstance(data, dict) else None
    for i, q in enumerate(questions if isinstance(questions, list) else []):
        if isinstance(q, dict) and q.get("id") == qid:
            return ("questions", i)
    return None

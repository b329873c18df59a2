"""Drafts (QL5xx): unreviewed model output must not be committed."""

from __future__ import annotations

from typing import Iterator

from quizlint.problem import Severity
from quizlint.rules.base import Finding, QuestionContext, rule

E = Severity.ERROR


def _author(node: dict) -> str:
    origin = node.get("origin")
    by = origin.get("by") if isinstance(origin, dict) else None
    return f"written by {by}" if isinstance(by, str) and by.strip() else "of unknown origin"


@rule("QL501", "draft", E)
def draft(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """Something in the question is still a draft (`status: draft`).

    Whatever quizlint's model writes (a question, a distractor, a
    translation) is marked `status: draft` with an `origin`; a person has
    to review it before it counts. This rule is the gate that keeps
    unreviewed model output out of commits: the pre-commit hook fails while
    any draft remains. Review with `quizlint review <id>` (accept, edit or
    reject), or accept by hand: delete the `status: draft` line of a
    question or choice, or change a translation's status to `reviewed`.

    Flawed:

    ```yaml
    choices:
      - text: AdamW couples weight decay into the gradient.
        status: draft
        origin: {by: qwen2.5-7b-instruct, prompt: distractors-v1, at: 2026-11-21}
    ```

    Fixed (accepted after review):

    ```yaml
    choices:
      - text: AdamW couples weight decay into the gradient.
        origin: {by: qwen2.5-7b-instruct, prompt: distractors-v1, at: 2026-11-21}
    ```
    """
    qid = q.id or "<id>"
    review = f"review it with `quizlint review {qid}` (accept, edit or reject)"
    question = q.question
    if question.get("status") == "draft":
        yield Finding(("status",), (
            f"draft question {_author(question)}: {review}, or delete the `status: draft` line"),
            key=True)
    choices = question.get("choices")
    if isinstance(choices, list):
        for i, c in enumerate(choices):
            if isinstance(c, dict) and c.get("status") == "draft":
                yield Finding(("choices", i, "status"), (
                    f"draft choice {_author(c)}: {review}, or delete the `status: draft` line"),
                    key=True)
    states = question.get("translations")
    if isinstance(states, dict):
        for lang, state in states.items():
            if isinstance(state, dict) and state.get("status") == "draft":
                yield Finding(("translations", lang, "status"), (
                    f"draft {lang} translation {_author(state)}: {review}, or change its "
                    "`status: draft` to `status: reviewed`"), key=True)

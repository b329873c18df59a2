"""Drafts (QL5xx): unreviewed model output must not be committed."""

from __future__ import annotations

from typing import Iterator

from quizlint.problem import Severity
from quizlint.quiz import drafts
from quizlint.rules.base import Finding, QuestionContext, rule

E = Severity.ERROR


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
      - text: AdamW decouples weight decay from the gradient.
        correct: true
      - text: AdamW couples weight decay into the gradient.
        status: draft
        origin: {by: qwen2.5-7b-instruct, prompt: distractors-v1, at: 2026-11-21}
    ```

    Fixed (accepted after review):

    ```yaml
    choices:
      - text: AdamW decouples weight decay from the gradient.
        correct: true
      - text: AdamW couples weight decay into the gradient.
        origin: {by: qwen2.5-7b-instruct, prompt: distractors-v1, at: 2026-11-21}
    ```
    """
    review = f"review it with `quizlint review {q.id or '<id>'}` (accept, edit or reject)"
    for d in drafts(q.question):
        author = f"written by {d.author}" if d.author else "of unknown origin"
        if d.kind == "translation":
            yield Finding(d.path, (f"draft {d.which} translation {author}: {review}, or change its "
                                   "`status: draft` to `status: reviewed`"), at_key=True)
        else:
            yield Finding(d.path, (f"draft {d.kind.replace('_', ' ')} {author}: {review}, or delete the "
                                   "`status: draft` line"), at_key=True)

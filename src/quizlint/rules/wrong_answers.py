"""Common wrong answers (QL208): a listed wrong answer must really be wrong.

A symbolic question's `wrong_answers` are proved different from the key by
the SymPy worker (QL601); a numeric question's are compared here, with the
one definition of "within the tolerance" (:func:`quizlint.quiz.is_right`).
"""

from __future__ import annotations

from typing import Iterator

from quizlint.problem import Severity
from quizlint.quiz import is_right
from quizlint.rules.base import Finding, QuestionContext, rule


@rule("QL208", "wrong-answer-is-right", Severity.ERROR, kinds=("numeric",))
def wrong_answer_is_right(q: QuestionContext, opts: dict) -> Iterator[Finding]:
    """A numeric question lists a wrong answer that the key's tolerance accepts.

    `wrong_answers` are what students who made a named mistake answer;
    exports turn them into answer-specific feedback. One that is within the
    key's tolerance would be graded right *and* told it is a mistake. Move
    the value, tighten the tolerance, or delete the entry. (Symbolic wrong
    answers are proved different from the key by SymPy: QL601.)

    Flawed:

    ```yaml
    - id: q-01
      kind: numeric
      stem: What fraction of units does dropout with p = 0.5 keep on average?
      answer: {value: 0.5, tolerance: 0.05}
      wrong_answers:
        - value: 0.52
          why: rounded too early
    ```

    Fixed:

    ```yaml
    - id: q-01
      kind: numeric
      stem: What fraction of units does dropout with p = 0.5 keep on average?
      answer: {value: 0.5, tolerance: 0.01}
      wrong_answers:
        - value: 0.52
          why: rounded too early
    ```
    """
    answer = q.question.get("answer")
    wrong = q.question.get("wrong_answers")
    if not isinstance(answer, dict) or not isinstance(answer.get("value"), (int, float)) \
            or isinstance(answer.get("value"), bool) or not isinstance(wrong, list):
        return
    for i, item in enumerate(wrong):
        value = item.get("value") if isinstance(item, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and is_right(answer, value):
            yield Finding(("wrong_answers", i, "value"), (
                f"wrong answer {value} is within the tolerance of the key {answer['value']}, so it "
                "would be graded right; change the value or tighten the tolerance"))

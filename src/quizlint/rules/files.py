"""Rules about the quiz file as a whole: QL151."""

from __future__ import annotations

from pathlib import PurePath
from typing import Iterator

from quizlint.problem import Severity
from quizlint.rules.base import FileContext, Finding, rule


# scope "document": the file's name is worth checking even when the schema
# refuses other parts of the file (or the `quiz` id itself).
@rule("QL151", "quiz-id-mismatch", Severity.ERROR, scope="document")
def quiz_id_mismatch(f: FileContext, opts: dict) -> Iterator[Finding]:
    """The `quiz` id differs from the file's name.

    `data/quizzes/<quiz-id>.yaml` must hold `quiz: <quiz-id>`, so that a
    quiz is found by its id and two files never claim the same quiz; rename
    the file or fix the id.

    Flawed (in `data/quizzes/phase-04.yaml`):

    ```yaml
    quiz: phase-4
    ```

    Fixed:

    ```yaml
    quiz: phase-04
    ```
    """
    quiz = f.data.get("quiz") if isinstance(f.data, dict) else None
    stem = PurePath(f.path).stem
    if isinstance(quiz, str) and quiz != stem:
        yield Finding(("quiz",), f"`quiz: {quiz}` differs from the file name `{stem}`; rename one to match")

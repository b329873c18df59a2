"""Start a course repository: an example quiz, [tool.quizlint] and the pre-commit hook.

``quizlint init [DIR]`` writes, in ``DIR`` (default: the current folder):

* ``data/quizzes/example.yaml``: a small lint-clean quiz with one question
  of each kind (single, multi, true_false, free, numeric, symbolic with a
  check), to edit or delete;
* ``schema/quiz.schema.json``: the JSON Schema, so the files' ``$schema``
  comment (``../../schema/quiz.schema.json``) works in editors;
* a ``[tool.quizlint]`` block in ``pyproject.toml``: the file is created,
  or the block appended to it; a file that already has one is left alone;
* ``.pre-commit-config.yaml`` with the quizlint hook, unless there is one
  (then the hook to add is printed).

Nothing that exists is overwritten, so running it twice changes nothing.
``quizlint check`` right after it reports no problem at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

from quizlint.atomic import write_atomic
from quizlint.errors import CommandFailed

PYPROJECT_BLOCK = """\
[tool.quizlint]
# where the quizzes are (checked by `quizlint check` with no paths)
paths = ["data"]
# the first language is the source language of every quiz
languages = ["en"]
"""

HOOK = """\
  - repo: local
    hooks:
      - id: quizlint
        name: quizlint check
        entry: quizlint check
        language: system
        types: [yaml]
        files: ^data/.*\\.ya?ml$
        require_serial: true
"""

PRECOMMIT = f"""\
# pre-commit: `pre-commit install`, then commit as usual. The hook runs the
# quizlint installed in your environment (`pip install quizlint`) on the
# staged quiz files; duplicate ids are still checked against all of data/.
minimum_pre_commit_version: "3.0.0"
repos:
{HOOK}"""

EXAMPLE = """\
# An example quiz written by `quizlint init`, one question of each kind.
# Edit it or delete it. `quizlint explain CODE` says what a finding means.
format: quizlint/v1
quiz: example
title: Gradient descent basics
tags: [example]
questions:
  - id: example-01
    kind: single
    stem: Which principle lets backpropagation compute gradients layer by layer?
    choices:
      - text: The chain rule
        correct: true
      - text: Bayes' theorem
      - text: The law of large numbers
      - text: Taylor's theorem
    explanation: >-
      **Choice 1.** Backpropagation multiplies local derivatives along the
      computational graph, which is the chain rule.

  - id: example-02
    kind: multi
    stem: Which of these optimizers keep a moving average of past gradients?
    choices:
      - text: Momentum
        correct: true
      - text: Adam
        correct: true
      - text: Plain stochastic gradient descent
    explanation: >-
      **Choices 1, 2.** Momentum averages gradients; Adam averages both the
      gradients and their squares. Plain SGD uses the current gradient only.

  - id: example-03
    kind: true_false
    stem: Gradient descent steps against the gradient.
    answer: true
    explanation: True. The negative gradient is the direction of steepest descent.

  - id: example-04
    kind: free
    stem: Why are mini-batch gradients averaged rather than summed?
    answer: >-
      Averaging keeps the size of the update independent of the batch size,
      so the learning rate does not have to change with it.

  - id: example-05
    kind: numeric
    stem: >-
      Dropout keeps each unit with probability 0.8. By what factor does
      inverted dropout scale the kept activations during training?
    answer:
      value: 1.25
      tolerance: 0.001
    explanation: The factor is 1/0.8 = 1.25, so the expected activation is unchanged.

  - id: example-06
    kind: symbolic
    stem: What is the derivative of the sigmoid $\\sigma(x)$ with respect to $x$?
    answer:
      expr: "sigmoid(x)*(1 - sigmoid(x))"
      latex: \\sigma(x)\\,(1 - \\sigma(x))
    checks:
      - derivative:
          of: "sigmoid(x)"
          wrt: x
          equals: answer
"""


def add_arguments(p) -> None:
    p.add_argument("dir", nargs="?", default=".", metavar="DIR", help="the course repository (default: here)")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _create(path: Path, text: str, shown: str) -> None:
    if path.exists() or path.is_symlink():
        _say(f"left {shown} as it was (it exists)")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))
    _say(f"created {shown}")


def _pyproject(path: Path) -> None:
    from quizlint.config import tomllib  # tomllib, or tomli on Python 3.10

    if not path.exists():
        _create(path, PYPROJECT_BLOCK, "pyproject.toml")
        return
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CommandFailed(f"{path}: cannot read it as TOML ({exc}); fix it, then run init again") from None
    if "quizlint" in data.get("tool", {}):
        _say("left pyproject.toml as it was (it has [tool.quizlint])")
        return
    joined = text + ("" if text.endswith("\n") or not text else "\n") + ("\n" if text.strip() else "") + PYPROJECT_BLOCK
    tomllib.loads(joined)  # still one valid TOML file
    write_atomic(path, joined.encode("utf-8"))
    _say("appended [tool.quizlint] to pyproject.toml")


def run(args, config) -> int:
    from quizlint.formats.model import SCHEMA_COMMENT
    from quizlint.schema import schema_text

    root = Path(args.dir)
    if root.exists() and not root.is_dir():
        raise CommandFailed(f"{root} is not a folder")
    root.mkdir(parents=True, exist_ok=True)
    _create(root / "data" / "quizzes" / "example.yaml", SCHEMA_COMMENT + EXAMPLE, "data/quizzes/example.yaml")
    _create(root / "schema" / "quiz.schema.json", schema_text(), "schema/quiz.schema.json")
    _pyproject(root / "pyproject.toml")
    precommit = root / ".pre-commit-config.yaml"
    if precommit.exists():
        text = precommit.read_text("utf-8", errors="replace")
        if "id: quizlint" in text:
            _say("left .pre-commit-config.yaml as it was (it has the quizlint hook)")
        else:
            _say(f"left .pre-commit-config.yaml as it was; add the hook under `repos:` yourself:\n{HOOK}")
    else:
        _create(precommit, PRECOMMIT, ".pre-commit-config.yaml")
    _say("next: quizlint check" if str(args.dir) == "." else f"next: cd {root} && quizlint check")
    return 0

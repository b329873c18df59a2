"""The errors a user can act on: one family, printed only by the CLI.

Every command raises a :class:`QuizlintError` for a mistake the user can
fix; ``quizlint.cli.main`` prints it as one line, ``quizlint: error: ...``
(control characters escaped), and returns its ``exit_code``. Problems in
quiz files are not errors: they are reported as Problems.

This module imports nothing of quizlint's.
"""

from __future__ import annotations


class QuizlintError(Exception):
    """A mistake the user can fix; the message says what to do."""

    exit_code = 2


class UsageError(QuizlintError):
    """A bad option, an unknown code, a missing path or an unknown question id."""


class ConfigError(QuizlintError):
    """An invalid ``[tool.quizlint]``, at ``path:line``."""

    def __init__(self, message: str, path: str = "pyproject.toml", line: int = 1):
        super().__init__(f"{path}:{line}: {message}")
        self.message, self.path, self.line = message, path, line


class CommandFailed(QuizlintError):
    """A command stopped on something the user must fix: a model, a server or a file refused."""


class GateRefused(QuizlintError):
    """Export or render refused: the quiz files have problems (printed above); exit 1 like `check`."""

    exit_code = 1

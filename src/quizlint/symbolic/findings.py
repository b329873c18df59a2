"""What a check reports: findings, and the two exceptions that become findings.

A finding is ``(code, field, message)``: plain strings, so a worker can send
it back as JSON. ``code`` is one of the QL6xx codes of :mod:`quizlint.codes`
and ``field`` the dotted path of the field it is about ("" for the check).
A leaf module: no SymPy, nothing else of the symbolic package.
"""

from __future__ import annotations

from quizlint.codes import CHECK_INVALID, CHECK_UNDECIDED, Code

Finding = tuple[str, str, str]


def finding(code: Code, field: str, message: str) -> Finding:
    """One finding of ``code`` about ``field``."""
    return (code.code, field, message)


class Invalid(ValueError):
    """A malformed check (or, with EXPRESSION_REJECTED, an expression outside the
    safe language); ``field`` is the dotted path of the culprit."""

    def __init__(self, field: str, message: str, code: Code = CHECK_INVALID):
        super().__init__(message)
        self.field, self.code = field, code

    def finding(self) -> Finding:
        return finding(self.code, self.field, str(self))


class Undecided(Exception):
    """SymPy could not decide; the message says what it got stuck on."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field

    def finding(self) -> Finding:
        return finding(CHECK_UNDECIDED, self.field, str(self))

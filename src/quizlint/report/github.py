"""GitHub Actions workflow commands: ``::error file=...,line=...::message``."""

from __future__ import annotations

from quizlint.problem import Severity
from quizlint.report.base import Formatter
from quizlint.report.escape import escape_controls


def _escape(value: str, prop: bool = False) -> str:
    """Control characters as visible escapes (so no line break is left to encode), then ``%``."""
    value = escape_controls(value).replace("%", "%25")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


class GithubFormatter(Formatter):
    def problem(self, p) -> None:
        level = "error" if p.severity is Severity.ERROR else "warning"
        props = (f"file={_escape(p.path, True)},line={p.line},col={p.column},"
                 f"title={_escape(f'{p.code} {p.rule}', True)}")
        self.stream.write(f"::{level} {props}::{_escape(p.message)}\n")


FORMATTER = GithubFormatter

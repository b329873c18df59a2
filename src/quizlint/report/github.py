"""GitHub Actions workflow commands: ``::error file=...,line=...::message``."""

from __future__ import annotations

from quizlint.problem import Severity
from quizlint.report.base import Formatter


def _escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


class GithubFormatter(Formatter):
    def problem(self, p) -> None:
        level = "error" if p.severity is Severity.ERROR else "warning"
        props = (f"file={_escape(p.path, True)},line={p.line},col={p.column},"
                 f"title={_escape(f'{p.code} {p.rule}', True)}")
        self.stream.write(f"::{level} {props}::{_escape(p.message)}\n")


FORMATTER = GithubFormatter

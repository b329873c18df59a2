"""``path:line:col: CODE [rule] message`` lines and a summary, like ruff.

Control characters in paths, ids and messages are printed as visible
escapes (:mod:`quizlint.report.escape`).
"""

from __future__ import annotations

from quizlint.problem import Severity
from quizlint.report.base import Formatter
from quizlint.report.escape import escape_controls

_RED, _YELLOW, _BOLD, _DIM, _RESET = "\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m"


class TextFormatter(Formatter):
    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def problem(self, p) -> None:
        colour = _RED if p.severity is Severity.ERROR else _YELLOW
        where = self._c(_BOLD, f"{escape_controls(p.path)}:{p.line}:{p.column}:")
        code = self._c(colour + _BOLD, escape_controls(p.code))
        qid = self._c(_DIM, f" ({escape_controls(p.question)})") if p.question else ""
        sev = "" if p.severity is Severity.ERROR else self._c(_YELLOW, " warning:")
        self.stream.write(f"{where} {code}{sev} {escape_controls(p.message)} [{escape_controls(p.rule)}]{qid}\n")

    def finish(self, result) -> None:
        cached = f", {result.cached} cached" if result.cached else ""
        head = (f"{result.files} file{'s' if result.files != 1 else ''}, "
                f"{result.questions} question{'s' if result.questions != 1 else ''}{cached}")
        if not result.problems:
            self.stream.write(self._c("\033[32m", f"All checks passed: {head}.") + "\n")
            return
        self.stream.write(f"Found {result.errors} error{'s' if result.errors != 1 else ''} and "
                          f"{result.warnings} warning{'s' if result.warnings != 1 else ''} in {head}.\n")


FORMATTER = TextFormatter

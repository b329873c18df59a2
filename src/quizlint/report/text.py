"""``path:line:col: CODE [rule] message`` lines and a summary, like ruff.

A long report (more than :data:`SCREENFUL` problems, when the caller says
how many will come) is grouped by file: the file's name once, then its
problems as indented ``line:col: CODE ...`` lines, and a per-code summary
(:mod:`quizlint.report.statistics`) before the total. Problems arrive
sorted by path, so grouping streams.

Control characters in paths, ids and messages are printed as visible
escapes (:mod:`quizlint.report.escape`).
"""

from __future__ import annotations

from quizlint.problem import Severity
from quizlint.report import statistics
from quizlint.report.base import Formatter
from quizlint.report.escape import escape_controls

_RED, _YELLOW, _BOLD, _DIM, _RESET = "\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m"

SCREENFUL = 40


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class TextFormatter(Formatter):
    shows_notes = True

    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def start(self, total: int | None = None) -> None:
        self.grouped = total is not None and total > SCREENFUL
        self.current: str | None = None
        self.seen: list = []

    def problem(self, p) -> None:
        if not hasattr(self, "grouped"):  # a caller that did not call start()
            self.start()
        self.seen.append(p)
        colour = _RED if p.severity is Severity.ERROR else _YELLOW
        place = f"{p.line}:{p.column}:"
        if self.grouped:
            if p.path != self.current:
                if self.current is not None:
                    self.stream.write("\n")
                self.stream.write(self._c(_BOLD, escape_controls(p.path)) + "\n")
                self.current = p.path
            where = "  " + self._c(_BOLD, place)
        else:
            where = self._c(_BOLD, f"{escape_controls(p.path)}:{place}")
        code = self._c(colour + _BOLD, escape_controls(p.code))
        qid = self._c(_DIM, f" ({escape_controls(p.question)})") if p.question else ""
        sev = "" if p.severity is Severity.ERROR else self._c(_YELLOW, " warning:")
        self.stream.write(f"{where} {code}{sev} {escape_controls(p.message)} [{escape_controls(p.rule)}]{qid}\n")

    def finish(self, result) -> None:
        if getattr(self, "grouped", False) and self.seen:
            self.stream.write("\nProblems by code:\n")
            for line in statistics.lines(self.seen):
                self.stream.write(f"  {line}\n")
        for line in self.notes:
            self.stream.write(escape_controls(line) + "\n")
        cached = f", {result.cached} cached" if result.cached else ""
        head = f"{_plural(result.files, 'file')}, {_plural(result.questions, 'question')}{cached}"
        if not result.problems:
            self.stream.write(self._c("\033[32m", f"All checks passed: {head}.") + "\n")
            return
        self.stream.write(f"Found {_plural(result.errors, 'error')} and "
                          f"{_plural(result.warnings, 'warning')} in {head}.\n")


FORMATTER = TextFormatter

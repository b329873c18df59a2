"""The formatter base class."""

from __future__ import annotations

from typing import TextIO


class Formatter:
    #: whether :meth:`finish` writes the notes (else the CLI prints them on stderr)
    shows_notes = False

    def __init__(self, stream: TextIO, color: bool = False):
        self.stream, self.color = stream, color
        self.notes: list[str] = []

    def start(self, total: int | None = None) -> None:
        """Called once first; ``total``: how many problems will follow, when known."""

    def problem(self, p) -> None:
        pass

    def note(self, line: str) -> None:
        """A line about the run (e.g. what a baseline matched) for the end of the report."""
        self.notes.append(line)

    def finish(self, result) -> None:
        pass

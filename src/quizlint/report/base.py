"""The formatter base class."""

from __future__ import annotations

from typing import TextIO


class Formatter:
    def __init__(self, stream: TextIO, color: bool = False):
        self.stream, self.color = stream, color

    def start(self) -> None:
        pass

    def problem(self, p) -> None:
        pass

    def finish(self, result) -> None:
        pass

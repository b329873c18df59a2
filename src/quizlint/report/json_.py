"""A JSON list of problem objects (keys: path, line, column, code, rule,
severity, message, question)."""

from __future__ import annotations

import json

from quizlint.report.base import Formatter


class JsonFormatter(Formatter):
    def start(self) -> None:
        self.items = []

    def problem(self, p) -> None:
        self.items.append(p.to_dict())

    def finish(self, result) -> None:
        json.dump(self.items, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")


FORMATTER = JsonFormatter

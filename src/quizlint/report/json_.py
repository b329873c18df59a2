"""A JSON list of problem objects (keys: path, line, column, code, rule,
severity, message, question)."""

from __future__ import annotations

import json

from quizlint.report.base import Formatter
from quizlint.report.escape import escape_json


class JsonFormatter(Formatter):
    def start(self, total: int | None = None) -> None:
        self.items = []

    def problem(self, p) -> None:
        self.items.append(p.to_dict())

    def finish(self, result) -> None:
        self.stream.write(escape_json(json.dumps(self.items, indent=2, ensure_ascii=False)))
        self.stream.write("\n")


FORMATTER = JsonFormatter

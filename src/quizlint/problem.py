"""The one immutable diagnostic type every stage produces."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Problem:
    """One finding at ``path:line:column`` (both 1-based)."""

    path: str
    line: int
    column: int
    code: str = field(compare=True)
    rule: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    question: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "question": self.question,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Problem":
        return cls(
            d["path"], d["line"], d["column"], d["code"], d["rule"],
            Severity(d["severity"]), d["message"], d.get("question"),
        )

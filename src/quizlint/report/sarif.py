"""SARIF 2.1.0 for code scanning (``--format sarif``).

One run; ``tool.driver`` lists every code quizlint knows (id = code, name,
summary, full documentation), each result points at its rule by id and
index. Locations are relative URIs with forward slashes (GitHub resolves
them against the repository root, so run ``quizlint check`` from there), and
regions count columns in Unicode code points, as quizlint does.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from quizlint import __version__
from quizlint.report.base import Formatter
from quizlint.report.escape import escape_json

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/quizlint/"

_LEVELS = {"error": "error", "warning": "warning"}


def artifact_uri(path: str) -> str:
    """A problem's path as a SARIF ``artifactLocation.uri``.

    Relative paths stay relative (forward slashes, percent-encoded where a
    URI needs it); absolute ones become ``file://`` URIs.
    """
    if os.path.isabs(path):
        from pathlib import Path

        return Path(path).as_uri()
    return quote(path.replace(os.sep, "/").replace("\\", "/"), safe="/-._~")


def _information_uri() -> str:
    """The project's home page from the installed metadata, else PyPI."""
    try:
        from importlib.metadata import metadata

        meta = metadata("quizlint")
    except Exception:  # not installed (a source checkout on sys.path)
        return INFORMATION_URI
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository") and url.strip():
            return url.strip()
    return meta.get("Home-page") or INFORMATION_URI


def _descriptor(code) -> dict:
    """A ``reportingDescriptor`` for a :class:`quizlint.codes.Code`."""
    doc = code.doc.strip() or code.name
    return {
        "id": code.code,
        "name": code.name,
        "shortDescription": {"text": code.summary or code.name},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": _LEVELS.get(code.severity.value, "warning")},
    }


class SarifFormatter(Formatter):
    def start(self, total: int | None = None) -> None:
        from quizlint.rules import all_codes

        known = all_codes()
        self.rules = [_descriptor(c) for c in known.values()]
        self.index = {code: i for i, code in enumerate(known)}
        self.results: list[dict] = []

    def problem(self, p) -> None:
        result = {
            "ruleId": p.code,
            "level": _LEVELS.get(p.severity.value, "warning"),
            "message": {"text": p.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(p.path)},
                    "region": {"startLine": max(1, p.line), "startColumn": max(1, p.column)},
                },
            }],
        }
        if p.code in self.index:
            result["ruleIndex"] = self.index[p.code]
        if p.question:
            result["properties"] = {"question": p.question}
        self.results.append(result)

    def finish(self, result) -> None:
        log = {
            "$schema": SARIF_SCHEMA,
            "version": SARIF_VERSION,
            "runs": [{
                "tool": {"driver": {
                    "name": "quizlint",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": _information_uri(),
                    "rules": self.rules,
                }},
                "invocations": [{"executionSuccessful": True, "exitCode": result.exit_code}],
                "columnKind": "unicodeCodePoints",
                "results": self.results,
            }],
        }
        self.stream.write(escape_json(json.dumps(log, indent=2, ensure_ascii=False)))
        self.stream.write("\n")


FORMATTER = SarifFormatter

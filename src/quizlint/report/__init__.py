"""Formatters, kept in a registry by name (``--format NAME``).

A formatter has a small lifecycle: ``start()``, ``problem(p)`` for each
problem in order, ``finish(result)``. It writes to the stream it was given.
"""

from __future__ import annotations

import importlib
from typing import TextIO

from quizlint.report.base import Formatter

_MODULES = {"text": "text", "json": "json_", "github": "github", "sarif": "sarif"}


def names() -> list[str]:
    return list(_MODULES)


def get(name: str, stream: TextIO, color: bool = False) -> Formatter:
    module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    return module.FORMATTER(stream, color)

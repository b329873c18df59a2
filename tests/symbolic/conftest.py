"""Helpers for the symbolic tests: jobs built by hand, or from quizlint's own loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizlint.loader import load_text
from quizlint.symbolic import Job

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def private_user_cache(tmp_path_factory, monkeypatch):
    """Verdicts are sealed with the user's cache secret: make it the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))


def make_job(kind: str, spec: dict, answer: str | None = None, name: str = "q") -> Job:
    """A job at line 10, column 7, with each field at line 11 + its index, column 12."""
    positions = {key: (11 + i, 12) for i, key in enumerate(spec)} if isinstance(spec, dict) else {}
    return Job("quiz.yaml", name, kind, spec, answer, 10, 7, positions)


@pytest.fixture
def load_quiz():
    """``load_quiz(text) -> (data, pos)`` as the linter would pass them to ``jobs_for``."""
    def load(text: str):
        doc = load_text(text)
        return doc.data, doc.pos
    return load

"""Helpers for the symbolic tests: build jobs without a YAML loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizlint.symbolic import Job

ROOT = Path(__file__).resolve().parents[2]


def make_job(kind: str, spec: dict, answer: str | None = None, name: str = "q") -> Job:
    """A job at line 10, column 7, with each field at line 11 + its index, column 12."""
    positions = {key: (11 + i, 12) for i, key in enumerate(spec)} if isinstance(spec, dict) else {}
    return Job("quiz.yaml", name, kind, spec, answer, 10, 7, positions)


def yaml_positions(text: str) -> dict:
    """Path tuple -> (line, col) of every node, from PyYAML's composed node tree."""
    out, stack = {}, [((), yaml.compose(text, Loader=yaml.SafeLoader))]
    while stack:
        path, node = stack.pop()
        out[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            stack += [(path + (k.value,), v) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(path + (i,), v) for i, v in enumerate(node.value)]
    return out


@pytest.fixture
def load_quiz():
    """``load_quiz(text) -> (data, pos)`` as the linter would pass them to ``jobs_for``."""
    def load(text: str):
        positions = yaml_positions(text)
        return yaml.safe_load(text), lambda path: positions[tuple(path)]
    return load

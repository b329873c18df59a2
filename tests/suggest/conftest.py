"""Fixtures for the suggest tests: small quiz files and the bundled models.

Model fixtures load each bundled GGUF once per session; they skip only
when llama_cpp is not importable (the model extra is not installed).
"""

import os
from pathlib import Path

import pytest

# Source-only quiz: passes `quizlint check` before any draft.
EN_QUIZ = """\
# A small quiz for the suggest tests: comments, quoting and folding
# must survive every edit byte for byte.
format: quizlint/v1
quiz: mini
title: "Mini quiz"   # a trailing comment
questions:
  # the first question
  - id: q-01-01
    kind: single
    stem: Which optimizer keeps an exponential moving average of squared gradients?
    choices:
      - text: RMSProp
        correct: true
      - text: 'Plain SGD'
      - text: >-
          Newton's method with
          an exact Hessian
    explanation: RMSProp divides by the root of an EMA of $g^2$.

  - id: q-01-02
    kind: true_false
    stem: Adam keeps two moving averages per parameter.
    answer: true
"""

# Bilingual quiz: q-02-01 is fully translated, q-02-02 has no Spanish yet.
ES_QUIZ = """\
format: quizlint/v1
quiz: duo
title: {en: Duo, es: Dúo}
languages: [en, es]
questions:
  - id: q-02-01
    kind: true_false
    stem:
      en: The learning rate is divided by 10 every 30 epochs.
      es: La tasa de aprendizaje se divide por 10 cada 30 épocas.
    answer: true
    translations:
      es: {source: 4d31cd09, status: reviewed}

  - id: q-02-02
    kind: true_false
    stem: Adam combines momentum with per-parameter step sizes.   # keep me
    answer: true
"""


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A data tree with both quizzes; cwd is its parent (no pyproject above)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "mini.yaml").write_text(EN_QUIZ, encoding="utf-8")
    (data / "duo.yaml").write_text(ES_QUIZ, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")  # 2026-11-21
    monkeypatch.delenv("QUIZLINT_MODEL", raising=False)
    return data


def _backend(name):
    pytest.importorskip("llama_cpp")
    from quizlint.suggest import models
    from quizlint.suggest.backend import LlamaBackend

    path, display = models.resolve(name, "translate")
    return LlamaBackend(path, display, n_threads=1)


@pytest.fixture(scope="session")
def smollm2():
    return _backend("smollm2")


@pytest.fixture(scope="session")
def gemma3():
    return _backend("gemma3")

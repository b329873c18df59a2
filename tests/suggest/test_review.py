"""`quizlint review` on hand-written drafts (no model needed)."""

import io

import pytest

from quizlint.cli import main

DRAFTED = """\
format: quizlint/v1
quiz: rev
title: {en: Review, es: Revisión}
languages: [en, es]
questions:
  - id: q-03-01
    kind: single
    stem:
      en: Which optimizer keeps an EMA of squared gradients?
      es: ¿Qué optimizador guarda una EMA de los gradientes al cuadrado?
    choices:
      - text: {en: RMSProp, es: RMSProp}
        correct: true
      - text: {en: Plain SGD, es: SGD simple}
      - text:
          en: AdaGrad
        status: draft
        origin: {by: m, prompt: distractors-v3, at: 2026-11-21}
      - text:
          en: Nesterov momentum
        status: draft
        origin: {by: m, prompt: distractors-v3, at: 2026-11-21}
    translations:
      es: {source: 11112222, status: draft, origin: {by: g, prompt: translate-es-v2, at: 2026-11-21}}
"""


@pytest.fixture
def rev(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    p = tmp_path / "data" / "rev.yaml"
    p.write_text(DRAFTED, encoding="utf-8")
    return p


def answers(monkeypatch, *replies):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    it = iter(replies)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(it))
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)


def test_interactive_accept_edit_reject(rev, monkeypatch, capsys):
    # AdaGrad: edit -> "Adagrad with decay"; Nesterov: reject; translation: edit es for both texts? no: accept
    answers(monkeypatch, "e", "Adagrad with decay", "r", "a")
    assert main(["review", "--paths", "data"]) == 0
    text = rev.read_text()
    assert "Nesterov" not in text and "status: draft" not in text
    assert "en: Adagrad with decay" in text
    assert "es: {source: " in text and "status: reviewed" in text
    shown = capsys.readouterr().out
    assert "<- DRAFT" in shown and "drafted by m (distractors-v3, 2026-11-21)" in shown
    # the choice still lacks Spanish, so check names it; no draft remains
    capsys.readouterr()
    main(["check", str(rev), "--no-cache"])
    out = capsys.readouterr().out
    assert "QL501" not in out and "QL401" in out


def test_quit_keeps_decisions(rev, monkeypatch):
    answers(monkeypatch, "a", "q")
    assert main(["review", "q-03-01", "--paths", "data"]) == 0
    text = rev.read_text()
    assert text.count("status: draft") == 2          # one choice accepted, the rest untouched
    assert "origin: {by: m, prompt: distractors-v3, at: 2026-11-21}" in text   # provenance kept


def test_reject_translation_removes_it(rev):
    assert main(["review", "--reject", "--paths", "data"]) == 0
    text = rev.read_text()
    assert "translations" not in text and "AdaGrad" not in text
    assert "es: ¿Qué optimizador" not in text       # the draft's Spanish went with it

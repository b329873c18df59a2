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


def test_a_file_changed_while_the_person_decides_is_not_overwritten(rev, monkeypatch, capsys):
    other = "# someone else's edit\n"

    def reply(prompt=""):
        if not rev.read_text().endswith(other):     # a concurrent edit while we wait for the answer
            rev.write_text(rev.read_text() + other)
        return "a"

    answers(monkeypatch)
    monkeypatch.setattr("builtins.input", reply)
    assert main(["review", "--paths", "data"]) == 2
    assert "changed on disk since this command read it" in capsys.readouterr().err
    assert rev.read_text() == DRAFTED + other


def test_review_accept_and_stamp_at_once_both_land(rev):
    import subprocess
    import sys

    from quizlint.loader import load_file

    ES = ("  - id: q-03-02\n    kind: true_false\n"
          "    stem: {en: Adam has two moments., es: Adam tiene dos momentos.}\n    answer: true\n")
    for trial in range(10):
        rev.write_text(DRAFTED + ES)
        cmds = [["review", "--accept", "q-03-01"], ["stamp", "q-03-02", "--lang", "es"]]
        procs = [subprocess.Popen([sys.executable, "-m", "quizlint", *c, "--paths", "data"], cwd=rev.parent.parent,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in cmds]
        results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
        q1, q2 = load_file(str(rev)).data["questions"]
        done = [q1["translations"]["es"]["status"] == "reviewed" and "status" not in q1["choices"][2],
                (q2.get("translations") or {}).get("es", {}).get("status") == "reviewed"]
        for ok, (out, err, rc) in zip(done, results):
            assert ok if rc == 0 else "changed on disk" in err, (trial, out, err)


DRAFT_QUESTION = """\
format: quizlint/v1
quiz: whole
title: Whole
questions:
  - id: q-1
    kind: true_false
    stem: Dropout is active at test time.
    answer: false
    status: draft
    origin: {by: m, prompt: questions-v1, at: 2026-11-21}
  - id: q-2
    kind: true_false
    stem: Adam keeps two moment estimates.
    answer: true
"""


def _whole(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    p = tmp_path / "data" / "whole.yaml"
    p.write_text(DRAFT_QUESTION, encoding="utf-8")
    return p


def test_a_draft_question_is_reviewed_as_check_says(tmp_path, monkeypatch, capsys):
    # QL501 tells the author to run review; review used to say "no drafts to review"
    p = _whole(tmp_path, monkeypatch)
    assert main(["check", str(p), "--no-cache", "--select", "QL501"]) == 1
    assert "quizlint review q-1" in capsys.readouterr().out
    assert main(["review", "q-1", "--accept"]) == 0
    assert "status: draft" not in p.read_text() and "origin: {by: m" in p.read_text()
    assert main(["check", str(p), "--no-cache", "--select", "QL501"]) == 0


def test_rejecting_a_draft_question_removes_it(tmp_path, monkeypatch):
    p = _whole(tmp_path, monkeypatch)
    assert main(["review", "q-1", "--reject"]) == 0
    text = p.read_text()
    assert "q-1" not in text and "id: q-2" in text
    assert main(["check", str(p), "--no-cache"]) == 0

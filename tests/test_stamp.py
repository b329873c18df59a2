"""`quizlint stamp`: the translation hash, written in place and nowhere else."""

import shutil

from qltest import ROOT

from quizlint import i18n
from quizlint.cli import main
from quizlint.config import Config
from quizlint.linter import lint_paths
from quizlint.loader import load_file

SOURCE = ROOT / "data" / "quizzes" / "phase-04-calculus-optimization.yaml"


def _copy(tmp_path):
    target = tmp_path / "data" / SOURCE.name
    target.parent.mkdir()
    shutil.copy(SOURCE, target)
    return target


def _codes(path):
    return {(p.code, p.question) for p in lint_paths([str(path)], Config(select=("QL4",)), use_cache=False).problems}


def test_source_hash_definition_is_stable():
    q = {"stem": {"en": "Why  does\nmomentum help?", "es": "¿Por qué?"},
         "choices": [{"text": "A"}, {"text": {"en": "B"}, "why": "because"}], "kind": "single"}
    import hashlib

    lines = "stem\tWhy does momentum help?\nchoices.0.text\tA\nchoices.1.text\tB\nchoices.1.why\tbecause\n"
    assert i18n.source_hash(q, "en") == hashlib.sha256(lines.encode()).hexdigest()[:8]


def test_edit_makes_translation_stale_and_stamp_refreshes_only_that_line(tmp_path, monkeypatch):
    path = _copy(tmp_path)
    assert ("QL405", "q-04-01") not in _codes(path)
    text = path.read_text("utf-8")
    path.write_text(text.replace("thin valley?", "narrow valley?"), "utf-8")
    assert ("QL405", "q-04-01") in _codes(path)

    edited = path.read_text("utf-8").splitlines()
    monkeypatch.chdir(tmp_path)
    assert main(["stamp", "q-04-01", "--lang", "es", "--paths", "data"]) == 0
    after = path.read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(edited, after) if a != b]
    assert len(edited) == len(after) and len(changed) == 1
    q = load_file(str(path)).data["questions"][0]
    assert changed[0][1].strip() == f"es: {{source: {i18n.source_hash(q, 'en')}, status: reviewed}}"
    assert ("QL405", "q-04-01") not in _codes(path)


def test_unknown_id_suggests_near_ones(tmp_path, monkeypatch, capsys):
    _copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["stamp", "q-04-1", "--lang", "es", "--paths", "data"]) == 2
    assert "did you mean q-04-01" in capsys.readouterr().err


def test_print_changes_nothing(tmp_path, monkeypatch, capsys):
    path = _copy(tmp_path)
    before = path.read_bytes()
    monkeypatch.chdir(tmp_path)
    assert main(["stamp", "--all", "--lang", "es", "--print", "--paths", "data"]) == 0
    assert capsys.readouterr().out.count(" es ") == 5
    assert path.read_bytes() == before


def test_source_language_cannot_be_stamped(tmp_path, monkeypatch):
    _copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["stamp", "q-04-01", "--lang", "en", "--paths", "data"]) == 2

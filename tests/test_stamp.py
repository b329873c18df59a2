"""`quizlint stamp`: the translation hash, written in place and nowhere else."""

import shutil

import pytest

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


# ------------------------------------------------------------ concurrent stamps

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from quizlint import atomic  # noqa: E402

TWO = """\
format: quizlint/v1
quiz: two
title: {en: Two, es: Dos, fr: Deux}
languages: [en, es, fr]
questions:
  - id: q-1
    kind: true_false
    stem: {en: One is odd., es: Uno es impar., fr: Un est impair.}
    answer: true
  - id: q-2
    kind: true_false
    stem: {en: Two is even., es: Dos es par., fr: Deux est pair.}
    answer: true
"""


def _stamp_proc(tmp_path, qid, lang):
    return subprocess.Popen([sys.executable, "-m", "quizlint", "stamp", qid, "--lang", lang, "--paths", "data"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stamped(path, qid, lang) -> bool:
    q = next(q for q in load_file(str(path)).data["questions"] if q["id"] == qid)
    return (q.get("translations") or {}).get(lang, {}).get("status") == "reviewed"


def _two(tmp_path):
    path = tmp_path / "data" / "two.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(TWO, "utf-8")
    return path


@pytest.mark.parametrize("jobs,trials", [((("q-1", "es"), ("q-2", "es")), 20),   # different questions
                                         ((("q-1", "es"), ("q-1", "fr")), 10)])  # different languages
def test_two_stamps_at_once_never_lose_an_edit(tmp_path, jobs, trials):
    path = _two(tmp_path)
    for trial in range(trials):
        path.write_text(TWO, "utf-8")
        procs = [_stamp_proc(tmp_path, qid, lang) for qid, lang in jobs]
        results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
        for (qid, lang), (out, err, rc) in zip(jobs, results):
            if rc == 0:
                assert _stamped(path, qid, lang), f"trial {trial}: {qid} {lang} printed {out!r} but was lost"
            else:
                assert "changed on disk" in err, err
        assert sorted(os.listdir(path.parent)) == ["two.yaml"]   # no lock or temp file left


def test_stamp_waits_for_the_lock_and_edits_what_is_there_then(tmp_path):
    path = _two(tmp_path)
    with atomic.locked(path):
        proc = _stamp_proc(tmp_path, "q-1", "es")
        time.sleep(1.5)                      # it starts, reads the index, then waits for the lock
        waiting = proc.poll() is None
        atomic.write_atomic(path, path.read_bytes() + b"# edited meanwhile\n", 0o644)
    out, err, = proc.communicate(timeout=120)
    assert waiting and proc.returncode == 0, err
    assert path.read_text("utf-8").endswith("# edited meanwhile\n") and _stamped(path, "q-1", "es")


def test_a_stale_lock_file_does_not_block(tmp_path, monkeypatch):
    path = _two(tmp_path)
    (tmp_path / "data" / ".two.yaml.lock").write_text("")      # left behind by a killed process
    monkeypatch.chdir(tmp_path)
    assert main(["stamp", "q-2", "--lang", "fr", "--paths", "data"]) == 0
    assert _stamped(path, "q-2", "fr") and sorted(os.listdir(path.parent)) == ["two.yaml"]


def test_a_write_over_a_concurrent_edit_is_refused(tmp_path):
    from quizlint.yamledit import ConflictError, YamlFile

    path = _two(tmp_path)
    yf = YamlFile.read(path)
    yf.set_entry(("questions", 0), "difficulty", "easy")
    path.write_text(TWO + "# someone else's edit\n", "utf-8")
    with pytest.raises(ConflictError, match="changed on disk since this command read it"):
        yf.write()
    assert path.read_text("utf-8") == TWO + "# someone else's edit\n"

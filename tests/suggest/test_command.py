"""`quizlint suggest` / `quizlint review` end to end on the real bundled models."""

import difflib
import os

import pytest

from quizlint.cli import main

from .conftest import EN_QUIZ, ES_QUIZ

FAST = ["--threads", "1", "--max-tokens", "160"]


def added_only(before: str, after: str) -> list[str]:
    diff = [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:2] in ("- ", "+ ")]
    assert not [d for d in diff if d.startswith("- ")], diff
    return [d[2:] for d in diff]


def test_unknown_id_suggests_nearest(tree, capsys):
    assert main(["suggest", "q-01-10", "--distractors", "2", "--paths", "data"]) == 2
    err = capsys.readouterr().err
    assert "not found" in err and "q-01-01" in err


def test_bad_model_file_exit_2_nothing_written(tree, capsys):
    pytest.importorskip("llama_cpp")
    fake = tree.parent / "model.gguf"
    fake.write_bytes(b"NOTGGUF" + b"\0" * 64)
    assert main(["suggest", "q-01-01", "--distractors", "2", "--paths", "data", "--model", str(fake)]) == 2
    assert "not a GGUF model" in capsys.readouterr().err
    assert main(["suggest", "q-01-01", "--distractors", "2", "--paths", "data",
                 "--model", str(tree.parent / "missing.gguf")]) == 2
    assert "model file not found" in capsys.readouterr().err
    assert (tree / "mini.yaml").read_text() == EN_QUIZ


def test_wrong_kind_and_usage(tree, capsys):
    assert main(["suggest", "q-01-02", "--distractors", "2", "--paths", "data"]) == 2
    assert "single, multi, numeric or symbolic" in capsys.readouterr().err
    assert main(["suggest", "q-01-01", "--paths", "data"]) == 2
    assert main(["suggest", "--distractors", "2", "--paths", "data"]) == 2
    assert main(["suggest", "q-01-01", "--translate", "xx", "--paths", "data"]) == 2
    assert "no translation prompt" in capsys.readouterr().err


def test_unreachable_endpoint(tree, capsys):
    assert main(["suggest", "q-01-01", "--distractors", "2", "--paths", "data",
                 "--endpoint", "http://127.0.0.1:9/v1", "--timeout", "5"]) == 2
    assert "unreachable" in capsys.readouterr().err
    assert (tree / "mini.yaml").read_text() == EN_QUIZ


def test_dry_run_prints_diff_writes_nothing(tree, capsys, smollm2):
    rc = main(["suggest", "q-01-01", "--distractors", "2", "--dry-run", "--paths", "data"] + FAST)
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert "+        status: draft" in out.out and "@@" in out.out
    assert "CPU" in out.err or "GPU" in out.err           # the report line names the device
    assert (tree / "mini.yaml").read_text() == EN_QUIZ


def test_distractors_draft_blocks_check_until_reviewed(tree, capsys, smollm2):
    mini = tree / "mini.yaml"
    os.chmod(mini, 0o600)
    assert main(["check", str(mini), "--no-cache"]) == 0
    assert main(["suggest", "q-01-01", "--distractors", "2", "--paths", "data"] + FAST) == 0
    text = mini.read_text()
    added = added_only(EN_QUIZ, text)
    assert added and all(a.startswith("      - text: ") or a.startswith("        ") for a in added)
    assert "        status: draft" in added
    assert any("origin: {by: SmolLM2" in a and "prompt: distractors-v" in a and "at: 2026-11-21" in a
               for a in added)
    assert not any(a.strip().lower() in ("- text: rmsprop", "- text: 'rmsprop'") for a in added)
    assert oct(os.stat(mini).st_mode & 0o777) == oct(0o600)
    capsys.readouterr()
    assert main(["check", str(mini), "--no-cache"]) == 1
    assert "QL501" in capsys.readouterr().out
    assert main(["review", "--accept", "--paths", "data"]) == 0
    assert "status: draft" not in mini.read_text()
    assert main(["check", str(mini), "--no-cache"]) == 0


def test_reject_removes_the_drafts(tree, smollm2):
    mini = tree / "mini.yaml"
    assert main(["suggest", "q-01-01", "--distractors", "2", "--paths", "data"] + FAST) == 0
    assert mini.read_text() != EN_QUIZ
    assert main(["review", "q-01-01", "--reject", "--paths", "data"]) == 0
    assert mini.read_text() == EN_QUIZ


def test_translate_all_resumes_and_review_passes_check(tree, capsys, gemma3):
    duo = tree / "duo.yaml"
    assert main(["suggest", "--all", "--translate", "es", "--paths", "data/duo.yaml"] + FAST) == 0
    text = duo.read_text()
    new = added_only(ES_QUIZ.replace(
        "    stem: Adam combines momentum with per-parameter step sizes.   # keep me\n", ""),
        text)
    assert "    stem:" in new and "      en: Adam combines momentum with per-parameter step sizes.   # keep me" in new
    assert any(line.startswith("      es: ") for line in new)
    assert any(line.startswith("      es: {source: ") and "status: draft" in line for line in new)
    capsys.readouterr()
    # a second run skips what is already drafted and writes nothing
    assert main(["suggest", "--all", "--translate", "es", "--paths", "data/duo.yaml"] + FAST) == 0
    assert "up to date" in capsys.readouterr().err and duo.read_text() == text
    assert main(["check", str(duo), "--no-cache"]) == 1
    assert main(["review", "q-02-02", "--accept", "--paths", "data"]) == 0
    assert "status: reviewed" in duo.read_text()
    capsys.readouterr()
    assert main(["check", str(duo), "--no-cache"]) == 0, capsys.readouterr().out


def test_review_without_terminal_needs_a_flag(tree, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["review", "--paths", "data"]) == 2
    assert "--accept or --reject" in capsys.readouterr().err


def test_interrupted_run_resumes(tree, capsys, monkeypatch, gemma3):
    from quizlint.suggest import draft

    real, calls = draft.translation, []

    def stop_on_second(*a, **k):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(draft, "translation", stop_on_second)
    args = ["suggest", "--all", "--translate", "es", "--paths", "data/mini.yaml"] + FAST
    assert main(args) == 130
    first = (tree / "mini.yaml").read_text()
    assert "translations:" in first and first.count("status: draft") == 1   # q-01-01 was saved
    monkeypatch.setattr(draft, "translation", real)
    capsys.readouterr()
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "q-01-01: es translation is up to date; skipped" in err and "q-01-02: es draft" in err

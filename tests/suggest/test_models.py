"""Model files and packages: GGUF checks and actionable errors (no model run)."""

import subprocess
import sys

import pytest

from quizlint.suggest import models


def test_gguf_magic_checked(tmp_path):
    bad = tmp_path / "weights.gguf"
    bad.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(models.ModelError, match="not a GGUF model"):
        models.check_gguf(bad)
    with pytest.raises(models.ModelError, match="not found"):
        models.check_gguf(tmp_path / "nope.gguf")
    good = tmp_path / "tiny.gguf"
    good.write_bytes(b"GGUF\x03\x00\x00\x00")
    assert models.check_gguf(good) == good


def test_missing_package_names_the_extra(monkeypatch):
    monkeypatch.setattr(models, "_package_dir", lambda name: None)
    for fn in (models.smollm2_path, models.gemma3_path):
        with pytest.raises(models.ModelError, match=r"pip install 'quizlint\[llm\]'"):
            fn()


def test_env_and_flag_pick_the_model(tmp_path, monkeypatch):
    good = tmp_path / "mine.gguf"
    good.write_bytes(b"GGUF\x03\x00\x00\x00")
    monkeypatch.setenv("QUIZLINT_MODEL", str(good))
    assert models.resolve(None, "distractors") == (good, "mine")
    with pytest.raises(models.ModelError):
        models.resolve(str(tmp_path / "other.gguf"), "translate")


def test_bundled_models_resolve_when_installed():
    pytest.importorskip("llama_cpp")
    for task in models.DEFAULT_FOR_TASK:
        path, name = models.resolve(None, task)
        with open(path, "rb") as fh:
            assert fh.read(4) == b"GGUF"
        assert name


def test_command_module_imports_no_model_code():
    code = ("import sys, quizlint.suggest.command as c, argparse;"
            "c.add_suggest_arguments(argparse.ArgumentParser()); c.add_review_arguments(argparse.ArgumentParser());"
            "bad = [m for m in ('llama_cpp', 'numpy', 'sympy', 'ruamel.yaml') if m in sys.modules];"
            "print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr

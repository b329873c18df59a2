"""`quizlint init`: a course repository that `quizlint check` finds clean, never clobbered."""

import shutil
import subprocess
import sys

import pytest

from quizlint.cli import main
from quizlint.config import tomllib
from quizlint.formats.model import KINDS
from quizlint.loader import load_file


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_then_check_is_clean(in_tmp, capsys):
    assert main(["init"]) == 0
    assert sorted(files_of(in_tmp)) == [".pre-commit-config.yaml", "data/quizzes/example.yaml",
                                        "pyproject.toml", "schema/quiz.schema.json"]
    capsys.readouterr()
    assert main(["check", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "All checks passed: 1 file, 6 questions."


def test_the_example_shows_every_kind_and_a_check(in_tmp):
    main(["init"])
    data = load_file(in_tmp / "data" / "quizzes" / "example.yaml").data
    assert sorted({q["kind"] for q in data["questions"]}) == sorted(KINDS)
    symbolic = next(q for q in data["questions"] if q["kind"] == "symbolic")
    assert symbolic["checks"]
    config = tomllib.loads((in_tmp / "pyproject.toml").read_text("utf-8"))
    assert config["tool"]["quizlint"]["paths"] == ["data"]


def test_a_broken_example_would_be_caught(in_tmp, capsys):
    # the check after init is a real one: spoil the example and it fails
    main(["init"])
    example = in_tmp / "data" / "quizzes" / "example.yaml"
    example.write_text(example.read_text("utf-8").replace('equals: answer', 'equals: "sigmoid(x)"'), "utf-8")
    assert main(["check", "--no-cache"]) == 1
    assert "QL601" in capsys.readouterr().out


def test_init_twice_changes_nothing(in_tmp, capsys):
    main(["init"])
    before = files_of(in_tmp)
    assert main(["init", "."]) == 0
    assert files_of(in_tmp) == before
    err = capsys.readouterr().err
    assert "left pyproject.toml as it was (it has [tool.quizlint])" in err


def test_existing_pyproject_gets_the_block_appended(in_tmp, capsys):
    original = '[project]\nname = "my-course"\nversion = "1.0"\n\n[tool.black]\nline-length = 100'
    (in_tmp / "pyproject.toml").write_text(original, "utf-8")
    assert main(["init"]) == 0
    text = (in_tmp / "pyproject.toml").read_text("utf-8")
    assert text.startswith(original + "\n\n[tool.quizlint]\n")
    data = tomllib.loads(text)
    assert data["project"]["name"] == "my-course" and data["tool"]["black"] == {"line-length": 100}
    assert data["tool"]["quizlint"]["languages"] == ["en"]


def test_existing_quizlint_block_and_files_are_left_alone(in_tmp, capsys):
    (in_tmp / "pyproject.toml").write_text('[tool.quizlint]\npaths = ["data"]\nlanguages = ["es"]\n', "utf-8")
    (in_tmp / ".pre-commit-config.yaml").write_text("repos: []\n", "utf-8")
    example = in_tmp / "data" / "quizzes" / "example.yaml"
    example.parent.mkdir(parents=True)
    example.write_text("mine\n", "utf-8")
    assert main(["init"]) == 0
    assert (in_tmp / "pyproject.toml").read_text("utf-8").endswith('languages = ["es"]\n')
    assert (in_tmp / ".pre-commit-config.yaml").read_text("utf-8") == "repos: []\n"
    assert example.read_text("utf-8") == "mine\n"
    err = capsys.readouterr().err
    assert "add the hook under `repos:` yourself" in err and "id: quizlint" in err


def test_invalid_pyproject_is_not_touched(in_tmp, capsys):
    (in_tmp / "course").mkdir()
    broken = in_tmp / "course" / "pyproject.toml"
    broken.write_text("[project\n", "utf-8")
    assert main(["init", "course"]) == 2
    assert broken.read_text("utf-8") == "[project\n"
    assert "cannot read it as TOML" in capsys.readouterr().err


def test_init_into_a_new_folder(in_tmp, capsys):
    assert main(["init", "course"]) == 0
    assert (in_tmp / "course" / "data" / "quizzes" / "example.yaml").exists()
    assert "next: cd course && quizlint check" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_precommit_config_is_valid(in_tmp):
    pytest.importorskip("pre_commit")
    main(["init"])
    r = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
                       capture_output=True, text=True, cwd=in_tmp, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr

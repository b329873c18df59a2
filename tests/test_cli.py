"""The command line, run as a real subprocess where exit codes matter."""

import json
import subprocess
import sys

import pytest

from qltest import EXAMPLES, ROOT
from quizlint.cli import main

INVALID = EXAMPLES / "schema" / "invalid"
VALID = EXAMPLES / "schema" / "valid"


def run(*args, cwd=None, timeout=30):
    return subprocess.run([sys.executable, "-m", "quizlint", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=timeout, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})


def test_clean_file_exits_0(in_tmp):
    r = run("check", "--no-cache", str(VALID / "minimal.yaml"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "All checks passed" in r.stdout


def test_error_exits_1_with_path_line_col_code(in_tmp):
    r = run("check", "--no-cache", str(INVALID / "stem-boolean.yaml"))
    assert r.returncode == 1
    assert f"{INVALID / 'stem-boolean.yaml'}:8:11: QL101 " in r.stdout


def test_usage_errors_exit_2(in_tmp):
    assert run("check", "does-not-exist.yaml").returncode == 2
    assert run("check", "--format", "xml", str(VALID)).returncode == 2
    assert run("check", "--select", "ZZ9", str(VALID)).returncode == 2
    assert run("explain", "QL999").returncode == 2


def test_json_format_keys(in_tmp):
    r = run("check", "--no-cache", "--format", "json", str(INVALID / "correct-yes.yaml"))
    items = json.loads(r.stdout)
    assert r.returncode == 1
    assert set(items[0]) == {"path", "line", "column", "code", "rule", "severity", "message", "question"}
    assert (items[0]["code"], items[0]["line"], items[0]["question"]) == ("QL101", 10, "q-01")


def test_github_format(in_tmp):
    r = run("check", "--no-cache", "--format", "github", str(INVALID / "wrong-kind.yaml"))
    assert r.stdout.startswith("::error file=")
    assert ",line=7,col=11,title=QL104 schema-value::" in r.stdout


@pytest.mark.parametrize("name", ["alias-bomb.yaml", "python-tag.yaml", "two-documents.yaml"])
def test_hostile_files_exit_1(in_tmp, name):
    assert run("check", "--no-cache", str(INVALID / name)).returncode == 1


def test_huge_file_and_nul_bytes(in_tmp):
    big = in_tmp / "big.yaml"
    with open(big, "wb") as fh:
        fh.write(b"a: " + b"x" * (50 * 1024 * 1024) + b"\n")
    nul = in_tmp / "nul.yaml"
    nul.write_bytes(b"format: quizlint/v1\nquiz: nul\x00\n")
    deep = in_tmp / "deep.yaml"
    deep.write_text("a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    r = run("check", "--no-cache", "--format", "json", str(big), str(nul), str(deep))
    assert r.returncode == 1
    got = {(p["path"].rsplit("/", 1)[-1], p["code"], p["line"]) for p in json.loads(r.stdout)}
    assert got == {("big.yaml", "QL003", 1), ("nul.yaml", "QL004", 2), ("deep.yaml", "QL003", 1)}


def test_rules_and_explain(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "QL101" in out and "QL150" in out
    assert main(["explain", "ql002"]) == 0
    assert "duplicate" in capsys.readouterr().out


def test_schema_command_prints_the_shipped_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("quizlint")


def test_shipped_schema_is_the_repo_schema():
    from quizlint.schema import schema_text

    assert schema_text() == (ROOT / "schema" / "quiz.schema.json").read_text("utf-8")


def test_duplicate_ids_across_files_name_both_places(in_tmp):
    body = "format: quizlint/v1\nquiz: {}\ntitle: T\nquestions:\n  - id: q-1\n    kind: true_false\n    stem: S\n    answer: true\n"
    (in_tmp / "a.yaml").write_text(body.format("a"))
    (in_tmp / "b.yaml").write_text(body.format("b"))
    r = run("check", "--no-cache", "a.yaml", "b.yaml", cwd=in_tmp)
    assert "a.yaml:5:9: QL150 question id `q-1` is also used at b.yaml:5" in r.stdout
    assert "b.yaml:5:9: QL150 question id `q-1` is also used at a.yaml:5" in r.stdout


def test_duplicate_id_found_against_unchecked_tree(in_tmp):
    body = "format: quizlint/v1\nquiz: {}\ntitle: T\nquestions:\n  - id: q-1\n    kind: true_false\n    stem: S\n    answer: true\n"
    (in_tmp / "data").mkdir()
    (in_tmp / "data" / "a.yaml").write_text(body.format("a"))
    (in_tmp / "data" / "b.yaml").write_text(body.format("b"))
    r = run("check", "data/b.yaml", "--tree", "data", cwd=in_tmp)  # as pre-commit would call it
    assert r.returncode == 1
    assert "data/b.yaml:5:9: QL150 question id `q-1` is also used at data/a.yaml:5" in r.stdout

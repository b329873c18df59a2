"""`quizlint import`: guess, write, never overwrite, stable ids, the check report, limits."""

import subprocess
import sys
import time

from qltest import EXAMPLES
from quizlint.cli import main
from quizlint.loader import load_file

MD = EXAMPLES / "import" / "markdown"
LETTERED = EXAMPLES / "import" / "lettered"


def quizlint(*args):
    return main(["import", *map(str, args)])


def test_import_writes_checks_and_refuses_to_overwrite(in_tmp, capsys):
    assert quizlint(MD / "bank-style.md") == 0
    out, err = capsys.readouterr()
    target = in_tmp / "data" / "quizzes" / "bank-style.yaml"
    assert f"wrote {target} (6 questions)" in err
    assert "1 file, 6 questions." in out        # the check's report
    text = target.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/quiz.schema.json\n"
                           "# Imported from bank-style.md (markdown) by `quizlint import`.\n")
    data = load_file(target).data
    assert data["quiz"] == "bank-style"
    assert [q["id"] for q in data["questions"]] == [f"bank-style-0{n}" for n in range(1, 7)]
    # a second import does not touch the file
    target.write_text(text + "# edited\n", "utf-8")
    assert quizlint(MD / "bank-style.md") == 2
    assert "already there, not overwritten (use --force)" in capsys.readouterr().err
    assert target.read_text("utf-8").endswith("# edited\n")
    # --force: the same bytes as the first time (stable ids, stable output)
    assert quizlint(MD / "bank-style.md", "--force") == 0
    assert target.read_text("utf-8") == text


def test_source_problems_are_path_line_col_and_exit_1(in_tmp, capsys):
    assert quizlint(MD / "problems.md", "--out-dir", "out") == 1
    out, err = capsys.readouterr()
    assert f"{MD / 'problems.md'}:12:1: question with no option marked [x] (no key)\n" in err
    assert "QL201" in out                    # the check on the result says what is missing
    assert (in_tmp / "out" / "problems.yaml").exists()


def test_output_file_quiz_prefix_and_lang(in_tmp, capsys):
    assert quizlint(LETTERED / "seed-001.txt", "--quiz", "q-b4", "-o", "quizzes/q-b4.yaml") == 0
    data = load_file(in_tmp / "quizzes" / "q-b4.yaml").data
    assert data["quiz"] == "q-b4"
    assert [q["id"] for q in data["questions"]][:2] == ["q-b4-01", "q-b4-02"]
    assert quizlint(MD / "quizdown.md", "--lang", "es", "-o", "quizzes/derivadas.yaml") == 0
    data = load_file(in_tmp / "quizzes" / "derivadas.yaml").data
    assert data["quiz"] == "derivadas" and data["languages"] == ["es"]
    assert data["questions"][0]["id"] == "derivadas-01"


def test_from_overrides_the_guess(in_tmp, capsys):
    plain = in_tmp / "quiz.md"           # a .md file that is a lettered quiz
    plain.write_text((LETTERED / "plain-numbered.txt").read_text("utf-8"), "utf-8")
    assert quizlint(plain, "--from", "lettered", "--out-dir", "o") == 0
    assert "(lettered)" in (in_tmp / "o" / "quiz.yaml").read_text("utf-8")


def test_dry_run_writes_nothing(in_tmp, capsys):
    assert quizlint(MD / "mkdocs-quiz.md", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "mkdocs-quiz.yaml (not written)" in out and "kind: multi" in out
    assert not (in_tmp / "data").exists()


def test_usage_errors_exit_2(in_tmp, capsys):
    assert quizlint(MD / "bank-style.md", "--lang", "English") == 2
    assert quizlint(MD / "bank-style.md", "--quiz", "Bad Id") == 2
    assert quizlint(MD / "bank-style.md", MD / "quizdown.md", "--quiz", "x") == 2
    assert quizlint(MD / "bank-style.md", MD / "quizdown.md", "-o", "one.yaml") == 2
    assert quizlint(in_tmp / "missing.md") == 2
    assert quizlint(MD / "bank-style.md", "--from", "nonsense") == 2
    (in_tmp / "notes.dat").write_text("Just some notes.\n", "utf-8")
    assert quizlint(in_tmp / "notes.dat") == 2
    assert "cannot tell its format" in capsys.readouterr().err
    (in_tmp / "notes.txt").write_text("Just some notes.\n", "utf-8")
    assert quizlint(in_tmp / "notes.txt") == 2          # .txt is read as lettered, and has nothing
    assert f"no question found (read {in_tmp / 'notes.txt'} as lettered)" in capsys.readouterr().err
    (in_tmp / "latin1.md").write_bytes("#### Q1. Caf\xe9?\n- [x] a\n- [ ] b\n".encode("latin-1"))
    assert quizlint(in_tmp / "latin1.md") == 2
    assert "not UTF-8" in capsys.readouterr().err
    assert not (in_tmp / "data").exists()


def test_same_quiz_id_from_two_sources_is_refused(in_tmp, capsys):
    (in_tmp / "a").mkdir()
    (in_tmp / "a" / "quiz.md").write_text("#### Q1. A?\n- [x] a\n- [ ] b\n", "utf-8")
    (in_tmp / "quiz.md").write_text("#### Q1. B?\n- [x] a\n- [ ] b\n", "utf-8")
    assert quizlint(in_tmp / "a" / "quiz.md", in_tmp / "quiz.md") == 2
    assert "same quiz id (quiz)" in capsys.readouterr().err


def test_ids_clashing_with_the_tree_are_reported(in_tmp, capsys):
    (in_tmp / "pyproject.toml").write_text('[tool.quizlint]\npaths = ["data"]\n', "utf-8")
    assert quizlint(LETTERED / "seed-001.txt", "--quiz", "q-b4") == 0
    assert quizlint(LETTERED / "seed-001.txt", "--quiz", "q-b4", "-o", "data/quizzes/again.yaml") == 1
    assert "QL150" in capsys.readouterr().out


def test_a_50_mb_markdown_file_is_refused_fast(in_tmp):
    big = in_tmp / "big.md"
    with open(big, "wb") as fh:
        line = b"- [x] an option that repeats\n"
        fh.write(line * (50_000_000 // len(line)))
    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "quizlint", "import", str(big)], capture_output=True, text=True,
                       cwd=in_tmp, timeout=30)
    elapsed = time.perf_counter() - start
    assert r.returncode == 2
    assert "larger than 10 MB" in r.stderr
    assert not (in_tmp / "data").exists()
    # the refusal itself (the interpreter's start-up aside) takes well under a second
    t0 = time.perf_counter()
    assert quizlint(big) == 2
    assert time.perf_counter() - t0 < 1, elapsed


def test_help_lists_the_readers(capsys):
    assert main(["import", "--help"]) == 0
    out = capsys.readouterr().out
    assert "markdown" in out and "lettered" in out and "--dry-run" in out

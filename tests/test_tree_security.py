"""Walking and reading the quiz tree: no reads outside the project, no leaks,
no hangs, nothing skipped in silence, one bad file never costs the report of
the others (red-team findings, one test each)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from quizlint.config import Config
from quizlint.linter import lint_paths
from qltest import CLEAN_QUIZ

QUIZ = CLEAN_QUIZ

TOKEN = "ghp_0123456789abcdefTOKEN"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """tmp/project/data/ok.yaml, and tmp/outside/ with a token that must never be read."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "data" / "ok.yaml").write_text(QUIZ.format(name="ok"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "token.yaml").write_text(TOKEN + "\n")
    monkeypatch.chdir(root)
    return root


def check(root: Path, *paths: str, **kw):
    return lint_paths(list(paths), Config(root=root), use_cache=False, **kw)


def cli(root: Path, *args: str, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quizlint", *args], cwd=root, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "NO_COLOR": "1"}, **kw)


def codes_at(result) -> set[tuple[str, str]]:
    return {(p.path, p.code) for p in result.problems}


# -- symbolic links ---------------------------------------------------------------

def test_link_out_of_the_project_found_walking_is_refused_and_not_echoed(project, tmp_path):
    (project / "data" / "leak.yaml").symlink_to(tmp_path / "outside" / "token.yaml")
    result = check(project, "data")
    assert codes_at(result) == {("data/leak.yaml", "QL007")}
    assert result.exit_code == 1
    assert "outside the project" in result.problems[0].message
    assert not any(TOKEN in p.message for p in result.problems)


def test_link_out_of_the_project_named_explicitly_is_refused(project, tmp_path):
    """pre-commit and shell globs pass the link's name: the name is in the project, the target is not."""
    (project / "data" / "leak.yaml").symlink_to(tmp_path / "outside" / "token.yaml")
    result = check(project, "data/leak.yaml", "data/ok.yaml")
    assert codes_at(result) == {("data/leak.yaml", "QL007")}
    assert not any(TOKEN in p.message for p in result.problems)


def test_linked_directory_out_of_the_project_is_reported(project, tmp_path):
    (project / "data" / "shared").symlink_to(tmp_path / "outside", target_is_directory=True)
    result = check(project, "data")
    assert codes_at(result) == {("data/shared", "QL007")}


def test_link_inside_the_project_is_followed(project):
    (project / "quizzes").mkdir()
    (project / "quizzes" / "kept.yaml").write_text(QUIZ.format(name="kept"))
    (project / "data" / "kept.yaml").symlink_to(project / "quizzes" / "kept.yaml")
    result = check(project, "data")
    assert result.files == 2 and result.problems == []


def test_file_outside_the_project_named_on_the_command_line_is_the_users_choice(project, tmp_path):
    (tmp_path / "outside" / "mine.yaml").write_text(QUIZ.format(name="mine"))
    result = check(project, str(tmp_path / "outside" / "mine.yaml"))
    assert result.files == 1 and result.problems == []


@pytest.mark.parametrize("command", [("check", "--no-cache"), ("stamp", "--all", "--lang", "es"),
                                     ("review", "--accept"), ("suggest", "--all", "--translate", "es")])
@pytest.mark.parametrize("paths", ['["/"]', '[".."]', '["data", "../outside"]', '["linked"]'])
def test_configured_paths_outside_the_project_are_a_usage_error(project, paths, command):
    # one policy, in config.load, for every command that walks the configured paths
    (project / "linked").symlink_to(project.parent / "outside", target_is_directory=True)
    (project / "pyproject.toml").write_text(f"[tool.quizlint]\npaths = {paths}\n")
    r = cli(project, *command)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "pyproject.toml:2: `paths` entry" in r.stderr and "outside the project" in r.stderr
    assert TOKEN not in r.stdout + r.stderr


# -- special and unreadable files ---------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_named_yaml_is_reported_not_opened(project):
    os.mkfifo(project / "data" / "pipe.yaml")
    r = cli(project, "check", "--no-cache", "--format", "json", "data")
    assert r.returncode == 1, r.stderr
    found = [(p["path"], p["code"]) for p in json.loads(r.stdout)]
    assert found == [("data/pipe.yaml", "QL007")]


AS_NOBODY = """\
import json, os, sys
from pathlib import Path
from quizlint.config import Config
from quizlint.linter import lint_paths
base = Path(sys.argv[1])
os.chdir(base)
lint_paths(["warm"], Config(root=base), use_cache=False)  # every import done while still allowed
if os.geteuid() == 0:  # root reads through permissions: check as `nobody`
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
result = lint_paths(["data"], Config(root=base), use_cache=False)
print(json.dumps([[p.path, p.code] for p in result.problems]))
print(result.exit_code)
"""


@pytest.mark.skipif(not hasattr(os, "setuid"), reason="POSIX permissions")
def test_unreadable_directory_and_file_are_errors():
    base = Path(tempfile.mkdtemp(prefix="quizlint-perm-"))  # under /tmp: reachable by nobody, unlike tmp_path
    try:
        (base / "warm").mkdir()
        (base / "warm" / "warm.yaml").write_text(QUIZ.format(name="warm"))
        (base / "data" / "locked").mkdir(parents=True)
        (base / "data" / "ok.yaml").write_text(QUIZ.format(name="ok"))
        (base / "data" / "locked" / "hidden.yaml").write_text("format: [broken\n")
        (base / "data" / "secret.yaml").write_text(QUIZ.format(name="secret"))
        for folder in (base, base / "data"):
            os.chmod(folder, 0o755)
        os.chmod(base / "data" / "locked", 0o000)
        os.chmod(base / "data" / "secret.yaml", 0o000)
        r = subprocess.run([sys.executable, "-c", AS_NOBODY, str(base)], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        problems, exit_code = r.stdout.splitlines()
        assert sorted(map(tuple, json.loads(problems))) == [("data/locked", "QL007"), ("data/secret.yaml", "QL007")]
        assert exit_code == "1"
    finally:
        os.chmod(base / "data" / "locked", 0o755)
        shutil.rmtree(base)


# -- one bad file never costs the others --------------------------------------------------

@pytest.fixture
def crashing_rule():
    """A real rule (registered like any other) with a bug that shows on files named bad.yaml."""
    from quizlint import codes
    from quizlint.rules import REGISTRY, all_rules, rule

    all_rules()

    @rule("QL999", "crashes-on-bad", scope="file")
    def crashes_on_bad(fctx, opts):
        """Test rule: a division by zero on bad.yaml."""
        if fctx.path.endswith("bad.yaml"):
            return [1 / 0]
        return []

    yield
    REGISTRY.pop("QL999")
    codes.CODES.pop("QL999")


@pytest.mark.parametrize("others", [2, 12], ids=["in-process", "worker-pool"])
def test_crash_on_one_file_is_an_internal_error_and_the_run_goes_on(project, crashing_rule, others):
    for i in range(others):
        (project / "data" / f"q{i}.yaml").write_text(QUIZ.format(name=f"q{i}").replace("answer: true", "answer: yes"))
    (project / "data" / "bad.yaml").write_text(QUIZ.format(name="bad"))
    result = check(project, "data", jobs=2)
    internal = [p for p in result.problems if p.code == "QL008"]
    assert [p.path for p in internal] == ["data/bad.yaml"]
    assert "ZeroDivisionError" in internal[0].message and "bug in quizlint" in internal[0].message
    assert {p.path for p in result.problems if p.code == "QL101"} == {f"data/q{i}.yaml" for i in range(others)}
    assert result.exit_code == 1


CHILD = """\
import resource, sys
from pathlib import Path
from quizlint.config import Config
from quizlint.linter import lint_paths
QUIZ = {quiz!r}
root = Path(sys.argv[1])
for folder, count in (("warm", 100), ("many", int(sys.argv[2]))):
    (root / folder).mkdir()
    for i in range(count):
        (root / folder / f"q{{i}}.yaml").write_text(QUIZ.format(name=f"q{{i}}"))
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
lint_paths([str(root / "warm")], Config(root=root), use_cache=False)  # imports done
before = peak()
result = lint_paths([str(root / "many")], Config(root=root), use_cache=False)
print(result.files, result.errors, peak() - before)
"""


def test_many_small_files_keep_memory_bounded(tmp_path):
    """Each read used to keep a 10 MB buffer (a memory map) alive per file; now a buffer the file's size."""
    n = 20_000
    r = subprocess.run([sys.executable, "-c", CHILD.format(quiz=QUIZ), str(tmp_path), str(n)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    files, errors, growth = map(int, r.stdout.split())
    assert (files, errors) == (n, 0)
    assert growth < n * 4096, f"peak memory grew {growth / n:.0f} bytes per file"  # was above a page per file


# -- positions -----------------------------------------------------------------------------

def test_duplicate_id_through_an_alias_is_reported_at_the_nearest_node(project):
    (project / "data" / "alias.yaml").write_text("""\
format: quizlint/v1
quiz: alias
title: An alias
questions:
  - &first
    id: alias-01
    kind: true_false
    stem: Gradient descent steps against the gradient.
    answer: true
  - *first
""")
    places = sorted((p.line, p.column) for p in check(project, "data/alias.yaml").problems if p.code == "QL150")
    assert places == [(6, 9), (10, 5)]  # the first question's id, and the alias that repeats it

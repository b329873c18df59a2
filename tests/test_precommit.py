"""pre-commit: this repository's hook, used from another repository, and our own config.

The hook test runs a real ``git commit`` in a temporary course repository
whose ``.pre-commit-config.yaml`` points at a git copy of this repository
(src/, schema/, pyproject.toml, README.md, .pre-commit-hooks.yaml committed
in a temporary directory, since the working tree may be uncommitted).
pre-commit builds the hook's virtualenv from the package registry once per
test session (``PRE_COMMIT_HOME`` is a session temporary directory).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qltest import ROOT

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

HOOK_FILES = ["src", "schema", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml"]

CLEAN = """\
format: quizlint/v1
quiz: basics
title: Basics
questions:
  - id: basics-01
    kind: true_false
    stem: Gradient descent steps against the gradient.
    answer: true
    explanation: The negative gradient is the direction of steepest descent.
"""

BROKEN = """\
format: quizlint/v1
quiz: broken
title: Broken
questions:
  - id: broken-01
    kind: single
    stem: Which rule does backpropagation rely on?
    choices:
      - {text: The chain rule, correct: yes}
      - {text: Bayes' theorem}
      - {text: The law of large numbers}
    explanation: Local derivatives multiply along the graph.
"""

DRAFT = """\
format: quizlint/v1
quiz: drafted
title: Drafted
questions:
  - id: drafted-01
    kind: single
    stem: What does AdamW change compared with Adam?
    choices:
      - text: It decouples weight decay from the gradient update.
        correct: true
      - text: It couples weight decay into the gradient.
        status: draft
        origin: {by: some-model, prompt: distractors-v1, at: "2026-11-21"}
      - text: It removes the second-moment estimate.
    explanation: AdamW applies weight decay directly to the weights, not through the gradient.
"""

DUPLICATE = """\
format: quizlint/v1
quiz: again
title: Again
questions:
  - id: basics-01
    kind: true_false
    stem: The learning rate scales every step of gradient descent.
    answer: true
    explanation: Each update is the gradient times the learning rate.
"""


def position(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line:column of ``needle`` (plus ``offset`` characters) in ``text``."""
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n, line.index(needle) + offset + 1
    raise AssertionError(f"{needle!r} not in text")


def git_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(home), GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="Quiz Author", GIT_AUTHOR_EMAIL="author@example.com",
               GIT_COMMITTER_NAME="Quiz Author", GIT_COMMITTER_EMAIL="author@example.com",
               NO_COLOR="1", PRE_COMMIT_COLOR="never",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]))
    wheelhouse = Path(sys.executable).parent.parent / "wheelhouse"  # made by `make test`
    if (wheelhouse / ".done").exists():
        env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheelhouse))  # offline hook env
    return env


def sh(args, cwd: Path, env: dict, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
    r = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError(f"{args} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    return r


def snapshot(repo: Path) -> dict[str, str]:
    """sha256 of every file outside .git and the quizlint cache."""
    out = {}
    for p in sorted(repo.rglob("*")):
        rel = p.relative_to(repo).as_posix()
        if p.is_file() and not rel.startswith((".git/", ".quizlint_cache/")):
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory, pre_commit_home) -> tuple[Path, str]:
    """A git repository holding this project's hook files, committed."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, repo / name)
    env = git_env(pre_commit_home)
    sh(["git", "init", "-q"], repo, env)
    sh(["git", "add", "-A"], repo, env)
    sh(["git", "commit", "-q", "--no-verify", "-m", "quizlint hook"], repo, env)
    return repo, sh(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()


@pytest.fixture(scope="session")
def course(tmp_path_factory, hook_repo, pre_commit_home):
    """A course repository using the hook, with a clean first commit already made."""
    repo = tmp_path_factory.mktemp("course")
    env = git_env(pre_commit_home)
    hook_path, rev = hook_repo
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_path.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: quizlint\n")
    (repo / "data" / "quizzes").mkdir(parents=True)
    (repo / "data" / "quizzes" / "basics.yaml").write_text(CLEAN)
    sh(["git", "init", "-q"], repo, env)
    sh([sys.executable, "-m", "pre_commit", "install"], repo, env)
    sh(["git", "add", "-A"], repo, env)
    first = commit(repo, env, "clean quiz", timeout=600)  # builds the hook's environment
    return repo, env, first


def commit(repo: Path, env: dict, message: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return sh(["git", "commit", "-m", message], repo, env, timeout=timeout, check=False)


def head(repo: Path, env: dict) -> str:
    return sh(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()


@pytest.fixture
def attempt(course):
    """Stage files and try to commit; afterwards reset the repository to its last commit."""
    repo, env, _ = course

    def run(files: dict[str, str], message: str = "change"):
        for name, text in files.items():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_text(text)
        sh(["git", "add", "-A"], repo, env)
        before, old_head = snapshot(repo), head(repo, env)
        r = commit(repo, env, message)
        return r, before, old_head

    yield run
    sh(["git", "reset", "-q", "--hard", "HEAD"], repo, env)
    sh(["git", "clean", "-qfdx", "-e", ".quizlint_cache"], repo, env)


def assert_blocked(course, r, before, old_head) -> str:
    repo, env, _ = course
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert "quizlint" in out and "Failed" in out, out
    assert head(repo, env) == old_head, "the commit went through"
    assert_untouched(course, before)
    return out


def assert_untouched(course, before) -> None:
    """The hook modified, created and deleted no file (its cache ignores itself)."""
    repo, env, _ = course
    assert snapshot(repo) == before
    assert sh(["git", "diff", "--name-only"], repo, env).stdout == ""  # nothing unstaged
    status = sh(["git", "status", "--porcelain", "--untracked-files=all"], repo, env).stdout
    assert "??" not in status, status


def test_clean_commit_passes(course):
    repo, env, first = course
    assert first.returncode == 0, first.stdout + first.stderr
    out = first.stdout + first.stderr
    assert "quizlint" in out and "Passed" in out, out
    assert sh(["git", "log", "--oneline"], repo, env).stdout.count("\n") == 1


def test_broken_quiz_is_blocked_at_path_line_col(course, attempt):
    r, before, old = attempt({"data/quizzes/broken.yaml": BROKEN})
    out = assert_blocked(course, r, before, old)
    line, col = position(BROKEN, "correct: yes", len("correct: "))
    assert f"data/quizzes/broken.yaml:{line}:{col}: QL101 " in out, out


def test_draft_is_blocked_with_review_hint(course, attempt):
    from quizlint.rules import all_rules

    if not any(code.startswith("QL5") for code in all_rules()):
        pytest.skip("no draft rule (QL5xx) yet")
    r, before, old = attempt({"data/quizzes/drafted.yaml": DRAFT})
    out = assert_blocked(course, r, before, old)
    line, col = position(DRAFT, "status: draft")
    assert f"data/quizzes/drafted.yaml:{line}:{col}: QL501 " in out, out
    assert "quizlint review drafted-01" in out, out


def test_duplicate_id_against_unchanged_files_is_found(course, attempt):
    """pre-commit passes only the new file; the id index still sees basics.yaml."""
    r, before, old = attempt({"data/quizzes/again.yaml": DUPLICATE})
    out = assert_blocked(course, r, before, old)
    line, col = position(DUPLICATE, "basics-01")
    other = position(CLEAN, "basics-01")[0]
    assert f"data/quizzes/again.yaml:{line}:{col}: QL150 " in out, out
    assert f"data/quizzes/basics.yaml:{other}" in out, out
    # reported in the staged file only, not in the committed one
    assert not any(x.startswith("data/quizzes/basics.yaml:") for x in out.splitlines()), out


def test_second_clean_commit_passes_and_other_yaml_is_not_checked(course, attempt):
    repo, env, _ = course
    quiz = CLEAN.replace("basics", "more").replace("Basics", "More")
    r, before, old = attempt({"data/quizzes/more.yaml": quiz, "config/not-a-quiz.yaml": "just: [a, list]\n"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert head(repo, env) != old
    assert snapshot(repo) == before
    assert sh(["git", "status", "--porcelain", "--untracked-files=all"], repo, env).stdout == ""


def test_hook_environment_has_core_dependencies_only(course):
    """`language: python` installed quizlint and its core dependencies, not the llm extra."""
    _, env, _ = course
    home = Path(env["PRE_COMMIT_HOME"])
    pythons = sorted(home.glob("repo*/py_env-*/bin/python")) + sorted(home.glob("repo*/py_env-*/Scripts/python.exe"))
    assert pythons, sorted(p.name for p in home.iterdir())
    probe = ("import importlib.util as u; "
             "print([m for m in ('quizlint', 'yaml', 'jsonschema', 'sympy', 'llama_cpp') if u.find_spec(m)])")
    found = sh([str(pythons[0]), "-c", probe], home, env).stdout.strip()
    assert found == "['quizlint', 'yaml', 'jsonschema', 'sympy']", found


# --------------------------------------------------------------------------
# this repository's own .pre-commit-config.yaml


@pytest.fixture(scope="module")
def own_repo(tmp_path_factory, pre_commit_home):
    """A git copy of this working tree (tracked and untracked files git does not ignore)."""
    env = git_env(pre_commit_home)
    listed = sh(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT, env, check=False)
    if listed.returncode != 0:
        pytest.skip("the project is not a git checkout")
    repo = tmp_path_factory.mktemp("own-repo")
    for rel in filter(None, listed.stdout.split("\0")):
        src = ROOT / rel
        if src.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / rel)
    sh(["git", "init", "-q"], repo, env)
    sh(["git", "add", "-A"], repo, env)
    return repo, env


def test_own_config_is_clean_on_all_files(own_repo):
    repo, env = own_repo
    r = sh([sys.executable, "-m", "pre_commit", "run", "--all-files"], repo, env, timeout=300, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "quizlint check (data/)" in r.stdout and "Failed" not in r.stdout


def test_own_config_catches_problems(own_repo):
    repo, env = own_repo
    faults = {
        "data/quizzes/broken.yaml": BROKEN,                              # quizlint, no $schema comment
        "docs/notes.md": "A line with trailing spaces   \nno final newline",
        "src/quizlint/debugging.py": "def f():\n    breakpoint()\n",
        "config/bad.yaml": "key: [unclosed\n",
    }
    for rel, text in faults.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    try:
        sh(["git", "add", "-A"], repo, env)
        r = sh([sys.executable, "-m", "pre_commit", "run", "--files", *faults], repo, env, timeout=300, check=False)
        out = r.stdout + r.stderr
        assert r.returncode == 1, out
        for hook in ("quizlint", "quiz-schema-comment", "trailing-whitespace", "end-of-file",
                     "debug-statements", "check-yaml"):
            assert f"- hook id: {hook}\n" in out, f"{hook} did not fail:\n{out}"
        assert "data/quizzes/broken.yaml:9:" in out, out
    finally:
        sh(["git", "rm", "-q", "-f", "--cached", *faults], repo, env, check=False)
        for rel in faults:
            (repo / rel).unlink()


# --------------------------------------------------------------------------
# what one hook run on one file may import

HEAVY = ("sympy", "mpmath", "quizlint.suggest", "llama_cpp")

CHECKED = """\
format: quizlint/v1
quiz: checked
title: Checked
questions:
  - id: checked-01
    kind: numeric
    stem: What is the slope of $f(x) = x^3$ at $x = 2$?
    answer: {value: 12, tolerance: 0}
    explanation: The power rule gives $f'(x) = 3 x^2$, so $f'(2) = 12$.
    checks:
      - numeric:
          expr: "3*2**2"
          value: 12
          tolerance: 0
"""

_PROBE = """\
import json, subprocess, sys
spawned = []
_Popen = subprocess.Popen
class Popen(_Popen):
    def __init__(self, args, *a, **k):
        spawned.append(" ".join(map(str, args)) if isinstance(args, (list, tuple)) else str(args))
        super().__init__(args, *a, **k)
subprocess.Popen = Popen
from quizlint.cli import main
rc = main(sys.argv[2:])
with open(sys.argv[1], "w") as fh:
    json.dump({"rc": rc, "modules": sorted(sys.modules), "spawned": spawned}, fh)
"""


def probe(tmp: Path, *args: str) -> dict:
    """Run ``quizlint check ARGS`` in a fresh interpreter; what it imported and spawned."""
    import json

    out = tmp / "probe.json"
    r = subprocess.run([sys.executable, "-c", _PROBE, str(out), "check", *args], cwd=tmp, capture_output=True,
                       text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert out.exists(), r.stdout + r.stderr
    return json.loads(out.read_text())


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]


def test_one_file_without_checks_loads_no_sympy_and_no_model(in_tmp):
    (in_tmp / "basics.yaml").write_text(CLEAN)
    got = probe(in_tmp, "--no-cache", "basics.yaml")
    assert got["rc"] == 0
    assert heavy(got["modules"]) == []
    assert got["spawned"] == []
    # the same with `python -X importtime -m quizlint`, as a user would look
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "quizlint", "check", "--no-cache", "basics.yaml"],
                       cwd=in_tmp, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")]
    assert "quizlint.linter" in imported
    assert heavy(imported) == []


def test_one_file_with_cached_checks_loads_no_sympy(in_tmp):
    (in_tmp / "checked.yaml").write_text(CHECKED)
    first = probe(in_tmp, "checked.yaml")   # proves the check in a SymPy worker, fills the cache
    assert first["rc"] == 0
    assert any("quizlint.symbolic.worker" in s for s in first["spawned"]), first["spawned"]
    assert heavy(first["modules"]) == []    # SymPy lives in the worker only, never in this process
    again = probe(in_tmp, "checked.yaml")
    assert again["rc"] == 0
    assert again["spawned"] == []
    assert heavy(again["modules"]) == []
    assert "jsonschema" not in again["modules"]  # a cached verdict needs no validation either


UNDECIDED = """\
format: quizlint/v1
quiz: undecided
title: Undecided
questions:
  - id: undecided-01
    kind: free
    stem: Write ReLU without Max.
    answer: (x + |x|)/2
    explanation: Both sides agree for positive and negative x.
    checks:
      - equal:
          lhs: "Max(0, x)"
          rhs: "(x + Abs(x))/2"
"""


@pytest.mark.parametrize("text", [CLEAN, UNDECIDED], ids=["clean", "undecided-check"])
def test_cache_stays_out_of_git(tmp_path, pre_commit_home, text):
    """Whatever a run writes to .quizlint_cache, `git status` does not show it."""
    env = git_env(pre_commit_home)
    sh(["git", "init", "-q"], tmp_path, env)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "quiz.yaml").write_text(text.replace("quiz: basics", "quiz: quiz")
                                                 .replace("quiz: undecided", "quiz: quiz"))
    sh(["git", "add", "-A"], tmp_path, env)
    r = subprocess.run([sys.executable, "-m", "quizlint", "check", "data/quiz.yaml"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / ".quizlint_cache").is_dir()
    status = sh(["git", "status", "--porcelain", "--untracked-files=all"], tmp_path, env).stdout
    assert status == "A  data/quiz.yaml\n", status

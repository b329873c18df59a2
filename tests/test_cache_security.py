"""A committed .quizlint_cache never changes a verdict, and never makes quizlint
write or read outside the project (red-team findings, one test each)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quizlint import cache
from quizlint.cache import Cache, GITIGNORE, digest, seal
from qltest import CLEAN_QUIZ
from quizlint.config import Config
from quizlint.linter import lint_paths

pytestmark = pytest.mark.skipif(not cache.SUPPORTED, reason="needs no-follow, directory-relative file calls")

THREE_ERRORS = """\
format: quizlint/v1
quiz: broken
title: Three errors
questions:
  - id: broken-01
    kind: single
    stem: Which rule does backpropagation rely on?
    choices:
      - {text: The chain rule, correct: yes}
      - {text: Bayes' theorem, correct: no}
      - {text: The law of large numbers, correct: maybe}
"""

CLEAN = CLEAN_QUIZ


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with data/broken.yaml and data/clean.yaml; the user cache folder is private to the test."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "data" / "broken.yaml").write_text(THREE_ERRORS)
    (root / "data" / "clean.yaml").write_text(CLEAN.format(name="clean"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.chdir(root)
    return root


def check(root: Path, *paths: str, tree=("data",), **config):
    return lint_paths(list(paths), Config(root=root, **config), tree=list(tree))


def committed_cache(root: Path) -> Path:
    """A .quizlint_cache as a pull request could commit it (with the .gitignore quizlint writes)."""
    folder = root / ".quizlint_cache"
    folder.mkdir(exist_ok=True)
    (folder / ".gitignore").write_text(GITIGNORE)
    return folder


def forge_result(root: Path, shown: str, entry: dict, blob=None) -> Path:
    """A result entry at the key the linter computes for ``shown`` (its fingerprint is reproducible)."""
    raw = (root / shown).read_bytes()
    key = digest(raw, shown, Config(root=root).fingerprint())
    target = committed_cache(root) / "files" / key[:2] / f"{key}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    import json

    target.write_bytes(blob if blob is not None else json.dumps(entry).encode())
    return target


def test_forged_result_entry_does_not_pass_a_broken_file(project):
    forge_result(project, "data/broken.yaml", {"problems": [], "ids": [], "questions": 1})
    result = check(project, "data/broken.yaml")
    assert result.errors == 3 and result.cached == 0 and result.exit_code == 1


def test_entry_sealed_with_another_secret_is_refused(project):
    import json

    payload = json.dumps({"problems": [], "ids": [], "questions": 1}).encode()
    raw = (project / "data" / "broken.yaml").read_bytes()
    key = digest(raw, "data/broken.yaml", Config(root=project).fingerprint())
    blob = seal(b"\x01" * 32, f"files/{key[:2]}/{key}.json", payload)  # the attacker's own key
    forge_result(project, "data/broken.yaml", {}, blob)
    assert check(project, "data/broken.yaml").errors == 3


def test_genuine_entry_replayed_under_another_key_is_refused(project):
    """The MAC binds an entry to its key: a clean file's verdict cannot be copied onto a broken one."""
    assert check(project, "data/clean.yaml").errors == 0
    clean_key = digest((project / "data" / "clean.yaml").read_bytes(), "data/clean.yaml",
                       Config(root=project).fingerprint())
    genuine = project / ".quizlint_cache" / "files" / clean_key[:2] / f"{clean_key}.json"
    forge_result(project, "data/broken.yaml", {}, genuine.read_bytes())
    assert check(project, "data/broken.yaml").errors == 3


def test_genuine_entries_are_still_used(project):
    assert check(project, "data").cached == 0
    again = check(project, "data")
    assert again.cached == 2 and again.errors == 3


def test_predictable_temp_name_cannot_redirect_the_index_write(project, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    folder = committed_cache(project)
    for pid in {os.getpid(), os.getppid()}:
        (folder / f"ids-v3.tmp{pid}").symlink_to(victim)
    (folder / "ids-v3.json").symlink_to(victim)
    result = check(project, "data/clean.yaml")  # a partial check, as pre-commit runs it: writes the id index
    assert result.errors == 0
    assert victim.read_text() == "keep me\n"
    assert (folder / "ids-v3.json").is_file() and not (folder / "ids-v3.json").is_symlink()


def test_symlinked_cache_dir_is_refused_and_nothing_is_written_outside(project, tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / ".quizlint_cache").symlink_to(outside)
    result = check(project, "data/clean.yaml")
    assert result.errors == 0
    assert list(outside.iterdir()) == []
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "running without the cache" in err[0] and "symbolic link" in err[0]


def test_symlinked_component_inside_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "build").symlink_to(outside)
    assert check(project, "data/clean.yaml", cache_dir="build/quizlint").errors == 0
    assert list(outside.iterdir()) == []


def test_cache_dir_outside_the_project_is_refused(project, tmp_path, capsys):
    check(project, "data/clean.yaml", cache_dir="../elsewhere")
    assert not (tmp_path / "elsewhere").exists()
    assert "not a folder inside the project" in capsys.readouterr().err


def test_cache_dir_inside_checked_paths_is_refused(project, capsys):
    """`cache-dir = "data"` would write data/.gitignore with `*`: git would then ignore new quizzes."""
    result = check(project, "data", cache_dir="data")
    assert result.errors == 3
    assert not (project / "data" / ".gitignore").exists()
    assert "overlaps the checked directory" in capsys.readouterr().err


def test_existing_folder_that_is_not_a_cache_is_refused(project, capsys):
    (project / "src").mkdir()
    (project / "src" / "main.py").write_text("print('hi')\n")
    check(project, "data/clean.yaml", cache_dir="src")
    assert sorted(p.name for p in (project / "src").iterdir()) == ["main.py"]
    assert "did not make" in capsys.readouterr().err


CHILD = """\
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from pathlib import Path
from quizlint.config import Config
from quizlint.linter import lint_paths
r = lint_paths(["data/clean.yaml"], Config(root=Path.cwd()), tree=["data"])
print("errors", r.errors)
"""


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "dev-stdin"])
def test_index_that_is_a_device_or_fifo_is_a_miss_not_a_hang(project, kind):
    """`ids-v3.json -> /dev/zero` ate memory, a FIFO or `-> /dev/stdin` hung (run in a child, memory capped)."""
    folder = committed_cache(project)
    target = folder / "ids-v3.json"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero" if kind == "dev-zero" else "/dev/stdin")
    stdin, keep_open = os.pipe()  # a stdin that never ends
    try:
        r = subprocess.run([sys.executable, "-c", CHILD], cwd=project, capture_output=True, text=True,
                           timeout=60, stdin=stdin)
    finally:
        os.close(stdin)
        os.close(keep_open)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "errors 0"


def test_secret_is_private_and_outside_the_project(project, tmp_path):
    check(project, "data/clean.yaml")
    secret = tmp_path / "user-cache" / "quizlint" / "secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and secret.stat().st_size == 32
    assert not any(p.name == "secret" for p in project.rglob("*"))
    assert not list((tmp_path / "user-cache" / "quizlint").glob(".tmp-*"))


@pytest.mark.parametrize("bad", ["symlink", "world-readable"])
def test_unsafe_secret_means_no_cache_and_one_warning(project, tmp_path, capsys, bad):
    folder = tmp_path / "user-cache" / "quizlint"
    folder.mkdir(parents=True)
    if bad == "symlink":
        victim = tmp_path / "victim"
        victim.write_bytes(b"k" * 32)
        (folder / "secret").symlink_to(victim)
    else:
        (folder / "secret").write_bytes(b"k" * 32)
        os.chmod(folder / "secret", 0o644)
    assert check(project, "data").errors == 3
    assert check(project, "data").cached == 0
    assert not (project / ".quizlint_cache" / "files").exists()
    err = capsys.readouterr().err.strip().splitlines()
    assert err and all("running without the cache" in line and "secret" in line for line in err)


def test_forged_symbolic_verdict_does_not_pass_a_refuted_check(project):
    """The verdict cache (quizlint.symbolic.cache) is not authenticated: check never reads it."""
    from quizlint.loader import load_text
    from quizlint.symbolic import jobs_for, run

    text = textwrap.dedent("""\
        format: quizlint/v1
        quiz: wrong
        title: Wrong
        questions:
          - id: wrong-01
            kind: free
            stem: Expand the square.
            answer: x^2 + 2x + 1
            checks:
              - equal: {lhs: "(x + 1)**2", rhs: "x**2 + 2*x + 2"}
        """)
    (project / "data" / "wrong.yaml").write_text(text)
    verdicts = committed_cache(project) / "symbolic"
    doc = load_text(text, "data/wrong.yaml")
    assert [p.code for p in run(jobs_for(doc.path, doc.data, doc.pos), timeout=30, cache_dir=verdicts)] == ["QL601"]
    forged = list(verdicts.rglob("*.json"))
    assert forged
    for entry in forged:  # the verdict's file, at the key quizlint.symbolic computes, now says "proved"
        entry.write_text('{"findings": []}')
    codes = [p.code for p in check(project, "data/wrong.yaml", symbolic_timeout=30.0).problems]
    assert "QL601" in codes, codes


def test_plain_cache_class_round_trip_is_bound_to_the_key(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    store = Cache(tmp_path / "c", "files")
    store.put("a" * 64, {"v": 1})
    assert store.get("a" * 64) == {"v": 1}
    entry = tmp_path / "c" / "files" / "aa" / f"{'a' * 64}.json"
    other = tmp_path / "c" / "files" / "bb" / f"{'b' * 64}.json"
    other.parent.mkdir()
    other.write_bytes(entry.read_bytes())
    assert store.get("b" * 64) is None
    assert store.get("../../x") is None  # keys are file names, never paths


SLOW = """\
format: quizlint/v1
quiz: slow
title: Slow
questions:
  - id: slow-01
    kind: free
    stem: Expand the power.
    answer: A polynomial with many terms.
    explanation: The multinomial theorem gives every term.
    checks:
      - equal: {lhs: "expand((x + y + z + 1)**200)", rhs: "1"}
"""


def test_timed_out_check_is_not_cached_as_a_pass_when_QL602_is_ignored(project):
    (project / "data" / "slow.yaml").write_text(SLOW)
    first = check(project, "data/slow.yaml", ignore=("QL602",), symbolic_timeout=1.0)
    assert [p.code for p in first.problems if p.severity.value == "error"] == []
    again = check(project, "data/slow.yaml", ignore=("QL602",), symbolic_timeout=1.0)
    assert again.cached == 0  # an undecided check is asked again next run, never remembered as passed

"""The cache: keys change with the code, entries are atomic, misses never fail."""

import os
from pathlib import Path

import pytest

import quizlint
from quizlint.cache import Cache, code_fingerprint, digest, project_cache_dir


@pytest.fixture(autouse=True)
def private_user_cache(tmp_path, monkeypatch):
    """The secret that seals entries lives in the user cache folder: one per test here."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def test_fingerprint_changes_when_package_code_changes():
    target = Path(quizlint.__file__).with_name("problem.py")
    st = os.stat(target)
    before = code_fingerprint.__wrapped__()
    try:
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert code_fingerprint.__wrapped__() != before
    finally:
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert code_fingerprint.__wrapped__() == before


def test_round_trip_and_misses(tmp_path):
    cache = Cache(tmp_path, "files")
    key = digest(b"content", "path.yaml")
    assert cache.get(key) is None
    cache.put(key, {"problems": []})
    assert cache.get(key) == {"problems": []}
    assert not list(tmp_path.rglob(".tmp-*"))
    next(tmp_path.rglob("*.json")).write_text("{not json")
    assert cache.get(key) is None  # corrupt entry: a miss, not an error


def test_cache_dir_ignores_itself(tmp_path):
    assert project_cache_dir(tmp_path, ".quizlint_cache") == tmp_path.resolve() / ".quizlint_cache"
    assert (tmp_path / ".quizlint_cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_disabled_cache_does_nothing(tmp_path):
    cache = Cache(None, "files")
    cache.put("k", 1)
    assert cache.get("k") is None

import pytest


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in an empty temporary directory (no pyproject above it is read)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).resolve().parent / "examples"

_EXPECT = re.compile(r"(QL\d+)@(\d+):(\d+)")


def expected(path: Path) -> set[tuple[str, int, int]]:
    """The `# expect: QL101@8:11 ...` header of a negative example file."""
    head = path.read_text("utf-8").splitlines()[0]
    return {(c, int(l), int(k)) for c, l, k in _EXPECT.findall(head)}


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in an empty temporary directory (no pyproject above it is read)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path

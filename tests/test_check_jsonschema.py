"""The schema used on its own (check-jsonschema) agrees with quizlint."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qltest import EXAMPLES, ROOT, expected

SCHEMA = ROOT / "schema" / "quiz.schema.json"
CHECK_JSONSCHEMA = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
pytestmark = pytest.mark.skipif(CHECK_JSONSCHEMA is None, reason="check-jsonschema not installed")

VALID = sorted((EXAMPLES / "schema" / "valid").glob("*.yaml")) + sorted((ROOT / "data").rglob("*.yaml"))
# files whose expected problems are schema violations (QL1xx but QL15x)
SCHEMA_INVALID = [p for p in sorted((EXAMPLES / "schema" / "invalid").glob("*.yaml"))
                  if any(c.startswith("QL1") and not c.startswith("QL15") for c, _, _ in expected(p))]


def check_jsonschema(*files):
    return subprocess.run([CHECK_JSONSCHEMA, "--schemafile", str(SCHEMA), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_valid_files_pass_check_jsonschema():
    r = check_jsonschema(*VALID)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("path", SCHEMA_INVALID, ids=lambda p: p.name)
def test_invalid_files_fail_check_jsonschema(path):
    assert check_jsonschema(path).returncode == 1


def test_schema_is_valid_2020_12():
    r = subprocess.run([CHECK_JSONSCHEMA, "--check-metaschema", str(SCHEMA)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout

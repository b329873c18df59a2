"""docs/format.md is the quiz format contract; these tests keep it honest.

How the tests find things in the document:

- The worked example is the first ```yaml block after the line
  ``<!-- worked-example -->``. It is a complete quiz file: the tests write
  it to ``<tmp>/quizzes/<quiz id>.yaml`` and run the real ``quizlint check``
  on it, which must report nothing at all, proofs included.
- Every ```yaml block right after a ``<!-- check-example -->`` line is a
  ``checks:`` list; each must be proved.
- Every key the schema allows, every check kind with exactly its fields,
  and every function of the expression language must be mentioned, so the
  document cannot silently fall behind the schema or the code.
"""

import json
import re

import pytest

from qltest import ROOT
from quizlint.cli import main
from quizlint.config import Config
from quizlint.linter import check_text
from quizlint.loader import load_text
from quizlint.symbolic.syntax import CONSTANTS, FUNCTIONS

DOC = ROOT / "docs" / "format.md"
SCHEMA = ROOT / "schema" / "quiz.schema.json"
WORKED = "<!-- worked-example -->"
CHECK = "<!-- check-example -->"


def doc_text() -> str:
    return DOC.read_text("utf-8")


def schema() -> dict:
    return json.loads(SCHEMA.read_text("utf-8"))


def yaml_block_after(text: str, start: int) -> str:
    """The body of the first ```yaml block that opens after ``start``."""
    opening = text.index("```yaml\n", start) + len("```yaml\n")
    return text[opening:text.index("\n```\n", opening) + 1]


def marker_lines(text: str, marker: str) -> list[int]:
    """Where each line that is exactly ``marker`` starts."""
    return [m.start() for m in re.finditer("^" + re.escape(marker) + "$", text, re.M)]


def worked_example() -> str:
    text = doc_text()
    found = marker_lines(text, WORKED)
    assert found, f"docs/format.md has no `{WORKED}` line"
    return yaml_block_after(text, found[0])


def check_examples() -> list[str]:
    text = doc_text()
    return [yaml_block_after(text, start) for start in marker_lines(text, CHECK)]


def section(text: str, heading: str) -> str:
    """The text under ``heading`` (a whole line) up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = text.index("\n" + heading + "\n") + 1
    ends = [m.start() for m in re.finditer(r"^#{1,%d} " % len(level), text[start + len(heading):], re.M)]
    return text[start:start + len(heading) + ends[0]] if ends else text[start:]


def backticked(text: str) -> set[str]:
    return set(re.findall(r"`([^`\n]+)`", text))


# -- the worked example ---------------------------------------------------------


def test_worked_example_passes_check_with_no_problems(in_tmp, capsys):
    text = worked_example()
    data = load_text(text).data
    kinds = {q["kind"] for q in data["questions"]}
    assert kinds == set(schema()["$defs"]["question"]["properties"]["kind"]["enum"])
    assert data["languages"] == ["en", "es"]
    assert any("checks" in q for q in data["questions"])
    path = in_tmp / "quizzes" / f"{data['quiz']}.yaml"
    path.parent.mkdir()
    path.write_text(text, "utf-8")
    capsys.readouterr()

    code = main(["check", str(path), "--no-cache", "--format", "json"])

    problems = json.loads(capsys.readouterr().out)
    assert problems == [], "\n".join(f"{p['line']}: {p['code']} {p['message']}" for p in problems)
    assert code == 0


def test_worked_example_checks_are_really_proved():
    # A wrong key must be refuted: the clean run above is not clean because
    # the symbolic checks were skipped.
    text = worked_example()
    assert text.count("expr: p_i - y_i\n") == 1
    wrong = text.replace("expr: p_i - y_i\n", "expr: y_i - p_i\n")
    quiz = load_text(text).data["quiz"]

    problems = check_text(wrong, f"quizzes/{quiz}.yaml", Config())

    assert [(p.code, p.question) for p in problems] == [("QL601", "q-ex-03")]


# -- the check snippets ---------------------------------------------------------


def _quiz_of_checks(snippets: list[str]) -> str:
    lines = ["format: quizlint/v1", "quiz: snippets", "title: Check snippets", "questions:"]
    for n, snippet in enumerate(snippets, 1):
        lines += [f"  - id: q-snippet-{n}", "    kind: true_false",
                  f"    stem: Snippet {n} of docs/format.md holds.", "    answer: true", "    checks:"]
        lines += ["      " + line for line in snippet.splitlines()]
    return "\n".join(lines) + "\n"


def test_every_check_kind_has_a_proved_snippet():
    snippets = check_examples()
    kinds = set(schema()["$defs"]["check"]["properties"])
    shown = {kind for s in snippets for item in load_text(s).data for kind in item}
    assert shown == kinds

    problems = check_text(_quiz_of_checks(snippets), "snippets.yaml", Config(select=("QL0", "QL1", "QL6")))

    assert [(p.question, p.code, p.message) for p in problems] == []


def test_a_wrong_snippet_is_refuted():
    # The snippet test can fail: the same harness reports a false claim.
    wrong = "- equal:\n    lhs: \"sigmoid(a) + sigmoid(-a)\"\n    rhs: 2\n"
    problems = check_text(_quiz_of_checks([wrong]), "snippets.yaml", Config(select=("QL0", "QL1", "QL6")))
    assert [p.code for p in problems] == ["QL601"]


# -- the document against the schema and the code ----------------------------------


def _answer_keys(node) -> set[str]:
    """Keys of every object-valued `answer` in the per-kind rules of the question schema."""
    found = set()
    if isinstance(node, dict):
        answer = node.get("properties", {}).get("answer")
        if isinstance(answer, dict):
            found |= set(answer.get("properties", {}))
        for value in node.values():
            found |= _answer_keys(value)
    elif isinstance(node, list):
        for value in node:
            found |= _answer_keys(value)
    return found


def schema_keys() -> dict[str, set[str]]:
    s = schema()
    defs = s["$defs"]
    return {
        "top level": set(s["properties"]),
        "question": set(defs["question"]["properties"]),
        "choice": set(defs["choice"]["properties"]),
        "translation": set(defs["translation"]["properties"]),
        "origin": set(defs["origin"]["properties"]),
        "assume": set(defs["assume"]["properties"]),
        "answer": _answer_keys(defs["question"]["allOf"]),
        "kind": set(defs["question"]["properties"]["kind"]["enum"]),
        "difficulty": set(defs["question"]["properties"]["difficulty"]["enum"]),
        "translation status": set(defs["translation"]["properties"]["status"]["enum"]),
    }


def test_every_schema_key_is_documented():
    mentioned = backticked(doc_text())
    keys = schema_keys()
    assert {"exact", "unit", "expr", "latex"} <= keys["answer"]  # the walk found the per-kind answers
    missing = {where: sorted(names - mentioned) for where, names in keys.items() if names - mentioned}
    assert missing == {}


def test_the_checks_table_lists_exactly_the_schema_fields_of_each_kind():
    text = doc_text()
    kinds = schema()["$defs"]["check"]["properties"]
    for kind, spec in kinds.items():
        rows = [line for line in text.splitlines() if line.startswith(f"| [`{kind}`]")]
        assert len(rows) == 1, f"no row for `{kind}` in the checks table"
        cells = rows[0].split("|")
        required = set(spec.get("required", []))
        assert backticked(cells[2]) == required, kind
        assert backticked(cells[3]) == set(spec["properties"]) - required, kind
        assert f"\n#### `{kind}`\n" in text, f"no section for `{kind}`"


def test_every_function_and_constant_of_the_expression_language_is_listed():
    part = section(doc_text(), "### The expression language")
    words = {w for span in backticked(part) for w in re.findall(r"[A-Za-z_]\w*", span)}
    assert set(FUNCTIONS) - words == set()
    assert set(CONSTANTS) - words == set()


@pytest.mark.parametrize("marker", [WORKED, CHECK])
def test_markers_are_followed_by_a_yaml_block(marker):
    text = doc_text()
    found = marker_lines(text, marker)
    assert found
    for start in found:
        after = text[start + len(marker):]
        assert after.startswith("\n```yaml\n"), f"`{marker}` must be right before a ```yaml fence"

"""Control characters from file names and YAML values never reach the output raw.

A file name with a newline could forge an "All checks passed" line, and an
ANSI escape in a value could rewrite the terminal; text and github output
show them as visible escapes, JSON and SARIF as JSON escapes.
"""

import io
import json
import re

import pytest

from quizlint import report
from quizlint.cli import main
from quizlint.problem import Problem, Severity

# every character that must not be printed raw, one of each kind
UNSAFE = "\x00\x07\t\r\n\x1b\x7f\x85\x9b\u061c\u200e\u2028\u202a\u202e\u2066\u2069"
RAW = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class _Result:
    files, questions, cached, errors, warnings, exit_code = 1, 1, 0, 1, 0, 1

    def __init__(self, problems):
        self.problems = problems


def _render(fmt: str, problem: Problem) -> str:
    out = io.StringIO()
    f = report.get(fmt, out, color=False)
    f.start()
    f.problem(problem)
    f.finish(_Result([problem]))
    return out.getvalue()


FORGED = Problem("data/a\nAll checks passed: 9 files.yaml", 3, 5, "QL101", "schema-type", Severity.ERROR,
                 "got the string '\x1b[2J\x1b]0;pwned\x07' \u202edesrever", "q-\x1b[31m1")


def test_escape_controls_writes_each_kind_visibly():
    from quizlint.report.escape import escape_controls

    assert escape_controls(UNSAFE) == ("\\x00\\x07\\t\\r\\n\\x1b\\x7f\\x85\\x9b\\u061c\\u200e\\u2028"
                                       "\\u202a\\u202e\\u2066\\u2069")
    assert escape_controls("Qué tal, $x^2$ `a\\b`") == "Qué tal, $x^2$ `a\\b`"   # the rest stays


def test_text_output_has_one_line_per_problem_and_no_raw_controls():
    out = _render("text", FORGED)
    lines = out.splitlines()
    assert len(lines) == 2 and lines[1].startswith("Found 1 error")
    assert not RAW.search(out.replace("\n", ""))
    assert lines[0].startswith("data/a\\nAll checks passed: 9 files.yaml:3:5: QL101 ")
    assert "'\\x1b[2J\\x1b]0;pwned\\x07' \\u202edesrever" in lines[0] and "(q-\\x1b[31m1)" in lines[0]


def test_github_output_has_one_command_per_problem_and_no_raw_controls():
    out = _render("github", FORGED)
    assert out.count("\n") == 1 and out.startswith("::error file=data/a\\nAll checks passed%3A 9 files.yaml,")
    assert not RAW.search(out[:-1])
    assert out.endswith("::got the string '\\x1b[2J\\x1b]0;pwned\\x07' \\u202edesrever\n")


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_escape_controls_and_keep_the_values(fmt):
    out = _render(fmt, FORGED)
    assert not RAW.search(out.replace("\n", ""))                  # only json's own line breaks
    parsed = json.loads(out)
    if fmt == "json":
        assert parsed[0]["path"] == FORGED.path and parsed[0]["message"] == FORGED.message
    else:
        result = parsed["runs"][0]["results"][0]
        assert result["message"]["text"] == FORGED.message and result["properties"]["question"] == "q-\x1b[31m1"
    assert "\u202e" not in out and "\\u202e" in out


QUIZ = """\
format: quizlint/v1
quiz: "forged\\nAll checks passed: 1 file, 1 question.\\e[2J"
title: T
questions:
  - id: q-1
    kind: true_false
    stem: S
    answer: true
"""


def test_check_escapes_a_file_name_and_a_yaml_value_end_to_end(tmp_path, capsys):
    name = "x\nAll checks passed: 1 file, 1 question.\x1b[32m.yaml"
    path = tmp_path / name
    path.write_text(QUIZ, encoding="utf-8")
    assert main(["check", "--no-cache", str(path)]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    # QL105 (not an id) and QL151 (differs from the file name), then the summary
    assert len(lines) == 3 and lines[2].startswith("Found 2 errors")
    assert not RAW.search(out.replace("\n", ""))
    assert all("x\\nAll checks passed: 1 file, 1 question.\\x1b[32m.yaml:2:7: QL1" in line for line in lines[:2])
    assert "`quiz: forged\\nAll checks passed: 1 file, 1 question.\\x1b[2J` differs" in lines[1]

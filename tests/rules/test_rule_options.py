"""Rule options: declared once on the rule (type, default, check), validated when the config loads."""

from __future__ import annotations

import math

import pytest

from quizlint.config import ConfigError, load
from quizlint.linter import check_text
from quizlint.rules import all_rules
from quizlint.rules.base import Option, rule

RATIO = Option(float, 1.5, "how much longer", minimum=1)
COUNT = Option(int, 3, "how many", minimum=2)


def test_an_option_reads_its_type():
    assert RATIO.read("ratio", 2) == 2.0 and isinstance(RATIO.read("ratio", 2), float)
    assert RATIO.read("ratio", 1) == 1.0  # the minimum itself is allowed
    assert COUNT.read("n", 4) == 4
    assert Option(bool, False, "on").read("on", True) is True
    assert Option(str, "x", "name").read("name", "y") == "y"


@pytest.mark.parametrize("option, value, words", [
    (RATIO, "big", "mistyped option `o`: must be a number of at least 1 (how much longer), not 'big'"),
    (RATIO, True, "mistyped option `o`: must be a number"),
    (RATIO, -1.5, "`o = -1.5` is out of range: must be a number of at least 1"),
    (RATIO, 0.5, "`o = 0.5` is out of range"),
    (RATIO, math.nan, "`o = nan` is out of range"),
    (RATIO, math.inf, "`o = inf` is out of range"),
    (COUNT, True, "mistyped option `o`: must be a whole number of at least 2 (how many), not true"),
    (COUNT, 2.5, "mistyped option `o`: must be a whole number"),
    (COUNT, 3.0, "mistyped option `o`"),  # TOML tells 3 from 3.0
    (COUNT, 1, "`o = 1` is out of range: must be a whole number of at least 2"),
    (Option(bool, False, "on"), 1, "mistyped option `o`: must be true or false (on), not 1"),
])
def test_an_option_refuses_what_makes_no_sense(option, value, words):
    with pytest.raises(ValueError) as info:
        option.read("o", value)
    assert words in str(info.value)


def test_a_default_that_fails_its_own_check_is_refused_before_registering():
    with pytest.raises(ValueError, match="out of range"):
        rule("QL398", "bad-default", options={"n": Option(int, 0, "how many", minimum=1)})
    assert "QL398" not in all_rules()


def test_declared_options_are_the_defaults_and_the_documentation():
    r = all_rules()["QL303"]
    assert r.options == {"ratio": 1.2, "mean_ratio": 1.4, "min_choices": 3}
    assert "- `ratio` = 1.2: how many times as long" in r.doc
    assert "(a number of at least 1)" in r.doc
    assert all_rules()["QL403"].options == {"min_words": 3}
    assert all_rules()["QL310"].options == {"min_choices": 3}


# -- validated when [tool.quizlint] is read -------------------------------------------------


def _pyproject(tmp_path, body: str):
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.quizlint]\npaths = ["data"]\n\n' + body)
    return path


BAD = [  # the option's key is on line 8
    ('[tool.quizlint.rule-options.QL303]\nratio = "big"\n',
     "[tool.quizlint.rule-options.QL303]: mistyped option `ratio`: must be a number of at least 1"),
    ('[tool.quizlint.rule-options.QL303]\nratio = -2.0\n',
     "[tool.quizlint.rule-options.QL303]: `ratio = -2.0` is out of range: must be a number of at least 1"),
    ('[tool.quizlint.rule-options.QL310]\nmin_choices = true\n',
     "[tool.quizlint.rule-options.QL310]: mistyped option `min_choices`: must be a whole number of at "
     "least 2 (the fewest choices a choice question should have), not true"),
    ('[tool.quizlint.rule-options.QL403]\nmin_words = 0\n',
     "`min_words = 0` is out of range: must be a whole number of at least 1"),
    ('[tool.quizlint.rule-options.QL303]\nmin_words = 3\n',
     "QL303 has no option `min_words` (options: ratio, mean_ratio, min_choices)"),
    ('[tool.quizlint.rule-options.QL301]\nratio = 2.0\n', "QL301 has no option `ratio` (options: none)"),
]


@pytest.mark.parametrize("body, words", BAD)
def test_bad_rule_options_name_their_line(tmp_path, body, words):
    with pytest.raises(ConfigError) as info:
        load(_pyproject(tmp_path, body))
    assert info.value.line == 8
    assert words in info.value.message


def test_the_option_line_is_found_in_its_own_table(tmp_path):
    body = ('[tool.quizlint.rule-options.QL310]\nmin_choices = 3\n\n'
            '[tool.quizlint.rule-options.QL303]\nmin_choices = 1\n')
    with pytest.raises(ConfigError) as info:
        load(_pyproject(tmp_path, body))
    assert info.value.line == 11 and "`min_choices = 1` is out of range" in info.value.message


@pytest.mark.parametrize("body, words", [
    ('[tool.quizlint.rule-options]\nQL303 = 2.0\n',
     "`QL303` must be a table: [tool.quizlint.rule-options.QL303]"),
    ("[tool.quizlint.rule-options.QL777]\nratio = 2.0\n", "unknown rule code `QL777`"),
])
def test_rule_options_must_be_tables_of_known_rules(tmp_path, body, words):
    with pytest.raises(ConfigError) as info:
        load(_pyproject(tmp_path, body))
    assert words in info.value.message


@pytest.mark.parametrize("body, words", BAD[:3] + BAD[4:5])
def test_check_exits_2_with_one_line_for_a_bad_rule_option(tmp_path, monkeypatch, capsys, body, words):
    from quizlint.cli import main

    _pyproject(tmp_path, body)
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["check", "data", "--no-cache"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert "pyproject.toml:8: " in line and words in line


LONG_KEY = """\
format: quizlint/v1
quiz: quiz
title: Autodiff
questions:
  - id: q-01
    kind: single
    stem: Why is reverse mode efficient?
    choices:
      - text: It uses less memory.
      - text: It avoids redundant calculations by reusing intermediate values of the forward pass.
        correct: true
      - text: It needs fewer examples.
"""


def test_a_validated_option_reaches_the_rule(tmp_path):
    assert [p.code for p in check_text(LONG_KEY, "quiz.yaml", symbolic=False)] == ["QL303"]
    config = load(_pyproject(tmp_path, "[tool.quizlint.rule-options.QL303]\nratio = 5\n"))
    assert config.options_for("QL303", all_rules()["QL303"].options) == {"ratio": 5.0, "mean_ratio": 1.4, "min_choices": 3}
    assert check_text(LONG_KEY, "quiz.yaml", config, symbolic=False) == []

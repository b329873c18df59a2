"""Selection, ignores, severity overrides, suppression comments, config errors."""

import pytest

from quizlint.config import Config, ConfigError, load
from quizlint.linter import check_text
from quizlint.problem import Severity
from quizlint.suppress import parse


# select, ignore, per-path, code, path -> reported?  (flake8's noqa tests are the model)
@pytest.mark.parametrize("select,ignore,per_path,code,path,reported", [
    (("QL",), (), (), "QL301", "a.yaml", True),
    (("QL",), ("QL3",), (), "QL301", "a.yaml", False),
    (("QL",), ("QL3",), (), "QL201", "a.yaml", True),
    (("QL2",), (), (), "QL301", "a.yaml", False),
    (("QL301",), ("QL3",), (), "QL301", "a.yaml", True),   # longer prefix wins
    (("QL3",), ("QL301",), (), "QL301", "a.yaml", False),
    (("QL3",), ("QL301",), (), "QL302", "a.yaml", True),
    (("QL",), (), (("legacy/*", ("QL3",)),), "QL301", "legacy/x.yaml", False),
    (("QL",), (), (("legacy/*", ("QL3",)),), "QL301", "data/x.yaml", True),
    (("QL",), (), (("legacy/*", ("QL3",)),), "QL201", "legacy/x.yaml", True),
    ((), (), (), "QL101", "a.yaml", False),
])
def test_selection_truth_table(select, ignore, per_path, code, path, reported):
    config = Config(select=select, ignore=ignore, per_path_ignores=per_path)
    assert config.enabled(code, path) is reported


def test_severity_off_and_override():
    config = Config(severity=(("QL301", "off"), ("QL302", "error")))
    assert not config.enabled("QL301")
    assert config.severity_of("QL302", Severity.WARNING) is Severity.ERROR
    assert config.severity_of("QL303", Severity.WARNING) is Severity.WARNING


QUIZ = """\
# quizlint: disable=QL104
format: quizlint/v1
quiz: quiz
title: T
questions:
  # quizlint: disable=QL101
  - id: q-1
    kind: true_false
    stem: true
    answer: true
  - id: q-2
    kind: true_false
    stem: true   # quizlint: disable=QL1
    answer: true
  - id: q-3
    kind: true_false
    stem: true
    answer: true
  - id: q-4
    kind: essay
    stem: S
"""


@pytest.mark.parametrize("line,code,silenced", [
    (1, "QL104", True), (21, "QL104", True),         # file-level
    (9, "QL101", True), (7, "QL101", True),           # comment above q-1
    (9, "QL102", False),
    (13, "QL101", True), (13, "QL102", True),         # prefix QL1 inside q-2
    (17, "QL101", False),                             # q-3 has none
])
def test_suppression_truth_table(line, code, silenced):
    sup = parse(QUIZ, [7, 11, 15, 19])
    assert sup.silenced(code, line) is silenced


def test_suppressions_apply_end_to_end():
    codes = {(p.code, p.line) for p in check_text(QUIZ, "quiz.yaml", Config(select=("QL1",)))}
    assert codes == {("QL101", 17)}


def test_bare_disable_silences_everything():
    sup = parse("a: 1\nquestions:\n  - id: x  # quizlint: disable\n", [3])
    assert sup.silenced("QL999", 3)


def _pyproject(tmp_path, body):
    path = tmp_path / "pyproject.toml"
    path.write_text("[project]\nname = 'x'\n\n" + body)
    return path


def test_config_is_read(tmp_path):
    cfg = load(_pyproject(tmp_path, '[tool.quizlint]\nselect = ["QL1"]\nignore = ["QL101"]\n'
                                    '[tool.quizlint.symbolic]\ntimeout = 2.5\n'))
    assert cfg.select == ("QL1",) and cfg.ignore == ("QL101",) and cfg.symbolic_timeout == 2.5


@pytest.mark.parametrize("body,line,words", [
    ('[tool.quizlint]\nselect = ["QL"]\nfoo = 1\n', 6, "unknown key `foo`"),
    ('[tool.quizlint]\nignore = ["QL999"]\n', 5, "no rule code starts with `QL999`"),
    ('[tool.quizlint]\n\n[tool.quizlint.severity]\nQL777 = "error"\n', 7, "unknown rule code `QL777`"),
    ('[tool.quizlint.severity]\nQL101 = "loud"\n', 5, "must be"),
    ('[tool.quizlint.symbolic]\ntimeout = "5s"\n', 5, "mistyped key `timeout`"),
    ('[tool.quizlint\n', 4, "invalid TOML"),
])
def test_config_errors_name_their_line(tmp_path, body, line, words):
    with pytest.raises(ConfigError) as info:
        load(_pyproject(tmp_path, body))
    assert info.value.line == line
    assert words in info.value.message


def test_cli_config_error_exits_2(tmp_path, monkeypatch, capsys):
    from quizlint.cli import main

    _pyproject(tmp_path, '[tool.quizlint]\nbogus = true\n')
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "pyproject.toml:5: unknown key `bogus`" in capsys.readouterr().err

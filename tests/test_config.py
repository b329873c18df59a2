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


# -- [tool.quizlint.symbolic]: bounded values, named with their line --------------------------

_LIMITS = '[tool.quizlint.llm]\ntimeout = 5\n\n[tool.quizlint.symbolic]\n'  # the key is on line 8


@pytest.mark.parametrize("setting,words", [
    ("memory-mb = -1", "`memory-mb = -1` is out of range: must be a whole number from 64"),
    ("memory-mb = 0", "`memory-mb = 0` is out of range"),
    ("memory-mb = 99999999999999", "is out of range"),
    ("memory-mb = 1e9", "mistyped key `memory-mb`"),
    ("memory-mb = true", "mistyped key `memory-mb`: must be a whole number"),
    ("timeout = inf", "`timeout = inf` is out of range: must be a number of seconds above 0"),
    ("timeout = nan", "`timeout = nan` is out of range"),
    ("timeout = -inf", "`timeout = -inf` is out of range"),
    ("timeout = 0", "`timeout = 0` is out of range"),
    ("timeout = 1e9", "is out of range"),
    ("timeout = false", "mistyped key `timeout`"),
    ("workers = 100000", "`workers = 100000` is out of range: must be a whole number from 1 to 64"),
    ("workers = 0", "`workers = 0` is out of range"),
    ("workers = true", "mistyped key `workers`"),
    ("workers = 2.5", "mistyped key `workers`"),
    ("budget = inf", "`budget = inf` is out of range"),
    ("budget = nan", "`budget = nan` is out of range"),
    ("budget = -5", "`budget = -5` is out of range"),
    ('budget = "60"', "mistyped key `budget`"),
    ("frobnicate = 1", "unknown key `frobnicate` (known: timeout, memory-mb, workers, budget)"),
])
def test_symbolic_limits_are_validated_with_bounds(tmp_path, setting, words):
    with pytest.raises(ConfigError) as info:
        load(_pyproject(tmp_path, _LIMITS + setting + "\n"))
    assert info.value.line == 8  # not line 5, the llm table's `timeout`
    assert words in info.value.message
    assert info.value.message.startswith("[tool.quizlint.symbolic]: ")


def test_symbolic_limits_in_range_are_read(tmp_path):
    cfg = load(_pyproject(tmp_path, _LIMITS + "timeout = 2.5\nmemory-mb = 2048\nworkers = 4\n"
                                              "budget = 45\n"))
    assert (cfg.symbolic_timeout, cfg.symbolic_memory_mb, cfg.symbolic_workers,
            cfg.symbolic_budget) == (2.5, 2048, 4, 45)


def test_default_budget_is_the_one_symbolic_run_uses():
    from quizlint import symbolic

    assert Config().symbolic_budget == symbolic.DEFAULT_BUDGET == 30.0


def test_cli_exits_2_for_a_limit_that_would_disable_the_memory_cap(tmp_path, monkeypatch, capsys):
    from quizlint.cli import main

    _pyproject(tmp_path, '[tool.quizlint.symbolic]\nmemory-mb = -1\n')
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml:5: [tool.quizlint.symbolic]: `memory-mb = -1` is out of range" in err


def test_fingerprint_covers_the_limits_that_change_verdicts():
    base = Config().fingerprint()
    assert Config(symbolic_memory_mb=2048).fingerprint() != base  # a cap can change a verdict
    assert Config(symbolic_budget=5.0).fingerprint() != base      # so can the run's budget
    assert Config(symbolic_timeout=1.0).fingerprint() != base
    assert Config(symbolic_workers=3).fingerprint() == base       # only speed


SLOW_QUIZ = """\
format: quizlint/v1
quiz: slow
title: A check too slow for its deadline
questions:
  - id: q-slow
    kind: true_false
    stem: Is the expansion equal to one?
    answer: false
    checks:
      - equal: {lhs: "expand((x+y+z+1)**200)", rhs: "1"}
"""


def _slow_tree(tmp_path, monkeypatch, symbolic: str, severity: str = ""):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "slow.yaml").write_text(SLOW_QUIZ)
    _pyproject(tmp_path, "[tool.quizlint.symbolic]\n" + symbolic + severity)
    monkeypatch.chdir(tmp_path)


def test_undecided_fails_ci_with_the_severity_override(tmp_path, monkeypatch, capsys):
    """QL602 is a warning (exit 0) unless `QL602 = "error"` is set (exit 1)."""
    from quizlint.cli import main

    _slow_tree(tmp_path, monkeypatch, "timeout = 1\n")
    assert main(["check", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "QL602" in out and "1 s deadline" in out
    _slow_tree(tmp_path, monkeypatch, "timeout = 1\n", '\n[tool.quizlint.severity]\nQL602 = "error"\n')
    assert main(["check", "--no-cache"]) == 1
    assert "QL602" in capsys.readouterr().out


def test_budget_from_the_config_ends_the_run(tmp_path, monkeypatch, capsys):
    from quizlint.cli import main

    _slow_tree(tmp_path, monkeypatch, "timeout = 4\nbudget = 1\n",
               '\n[tool.quizlint.severity]\nQL602 = "error"\n')
    assert main(["check", "--no-cache"]) == 1
    assert "the 1 s budget for all symbolic checks of this run ran out" in capsys.readouterr().out

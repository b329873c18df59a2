"""One error family (quizlint.errors), printed only by cli.main as one escaped line."""

import argparse

import pytest

from quizlint import errors
from quizlint.cli import main
from quizlint.config import ConfigError

BILINGUAL = """\
format: quizlint/v1
quiz: {name}
title: {{en: T, es: T}}
languages: [en, es]
questions:
  - id: q-1
    kind: true_false
    stem: {{en: Is it true?, es: ¿Es verdad?}}
    answer: true
"""


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_family_and_its_exit_codes():
    for cls in (errors.UsageError, errors.ConfigError, errors.CommandFailed):
        assert issubclass(cls, errors.QuizlintError) and cls("x").exit_code == 2
    assert ConfigError is errors.ConfigError
    assert str(ConfigError("bad value", "pyproject.toml", 7)) == "pyproject.toml:7: bad value"


def test_an_error_is_one_line_with_its_control_characters_escaped(in_tmp, capsys):
    assert main(["check", "--select", "Q\x1b[2J\nQL001 forged", "."]) == 2
    err = capsys.readouterr().err
    assert err.startswith("quizlint: error: no rule code starts with") and err.count("\n") == 1
    assert "\x1b" not in err and "\\x1b[2J\\nQL001 FORGED" in err


def test_stamp_usage_errors_are_printed_by_the_cli(in_tmp, capsys):
    assert main(["stamp", "--lang", "es", "--paths", "."]) == 2
    assert capsys.readouterr().err == "quizlint: error: name question ids, or pass --all\n"


def test_stamp_refuses_an_id_defined_twice_and_writes_nothing(in_tmp, capsys):
    (in_tmp / "a.yaml").write_text(BILINGUAL.format(name="a"))
    (in_tmp / "b.yaml").write_text(BILINGUAL.format(name="b"))
    assert main(["stamp", "q-1", "--lang", "es", "--paths", "."]) == 2
    err = capsys.readouterr().err
    assert "quizlint: error: question id 'q-1' is defined more than once: a.yaml:6, b.yaml:6" in err
    assert (in_tmp / "a.yaml").read_text() == BILINGUAL.format(name="a")


def test_suggest_raises_instead_of_printing():
    from quizlint.suggest import command

    args = argparse.Namespace(ids=[], all=False, distractors=2, translate=None)
    with pytest.raises(errors.UsageError, match="name question ids or pass --all"):
        command.suggest_main(args)

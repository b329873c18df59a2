"""One definition of a file's languages: `check` and `stamp` agree (issue: the config default)."""

from quizlint.cli import main

QUIZ = """\
format: quizlint/v1
quiz: conf
title: {en: Conf, es: Conf es}
questions:
  - id: q-1
    kind: true_false
    stem: {en: Dropout is off at test time., es: Dropout se apaga en la prueba.}
    answer: true
"""


def test_the_config_default_languages_reach_stamp(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.quizlint]\npaths = ["data"]\nlanguages = ["en", "es"]\n')
    (tmp_path / "data").mkdir()
    quiz = tmp_path / "data" / "conf.yaml"
    quiz.write_text(QUIZ, encoding="utf-8")
    assert main(["check", "data", "--no-cache"]) == 0     # warnings only
    out = capsys.readouterr().out
    assert "quizlint stamp q-1 --lang es" in out           # check reads es from the config...
    assert main(["stamp", "q-1", "--lang", "es"]) == 0    # ...and stamp agrees (it used to exit 2)
    assert "status: reviewed" in quiz.read_text()
    assert main(["check", "data", "--no-cache"]) == 0
    assert "QL406" not in capsys.readouterr().out

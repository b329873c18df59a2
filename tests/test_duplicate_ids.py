"""QL150 takes the same path as every other code: selection, severity and
``# quizlint: disable`` comments, also when a file's result comes from the cache."""

import pytest

from quizlint.config import Config
from quizlint.linter import lint_paths

QUIZ = """\
{header}format: quizlint/v1
quiz: {name}
title: T
questions:
{comment}  - id: q-1
    kind: true_false
    stem: Is it true?
    answer: true
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the cache's secret
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    return tmp_path


def write(project, name, header="", comment=""):
    (project / "data" / f"{name}.yaml").write_text(QUIZ.format(header=header, name=name, comment=comment))


def duplicates(project, config=None, **kw):
    result = lint_paths(["data"], config or Config(root=project), **kw)
    return sorted((p.path, p.severity.value) for p in result.problems if p.code == "QL150"), result


def test_both_places_are_reported(project):
    write(project, "a")
    write(project, "b")
    assert duplicates(project, use_cache=False)[0] == [("data/a.yaml", "error"), ("data/b.yaml", "error")]


def test_a_disable_comment_on_the_question_silences_it_there(project):
    write(project, "a", comment="  # quizlint: disable=QL150\n")
    write(project, "b")
    assert duplicates(project, use_cache=False)[0] == [("data/b.yaml", "error")]


def test_a_bare_disable_in_the_file_header_silences_it(project):
    write(project, "a", header="# quizlint: disable\n")
    write(project, "b")
    assert duplicates(project, use_cache=False)[0] == [("data/b.yaml", "error")]


def test_the_comment_still_counts_when_the_file_comes_from_the_cache(project):
    write(project, "a", comment="  # quizlint: disable=QL1\n")
    write(project, "b")
    first, _ = duplicates(project)
    again, result = duplicates(project)
    assert result.cached == 2  # both results were read back from the cache
    assert first == again == [("data/b.yaml", "error")]


def test_selection_and_severity_apply(project):
    write(project, "a")
    write(project, "b")
    warn = Config(root=project, severity=(("QL150", "warning"),))
    assert duplicates(project, warn, use_cache=False)[0] == [("data/a.yaml", "warning"), ("data/b.yaml", "warning")]
    off = Config(root=project, ignore=("QL150",))
    assert duplicates(project, off, use_cache=False)[0] == []

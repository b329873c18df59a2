"""QL152: the same (or nearly the same) question twice in the checked files, both places named,
through the cache and the same selection and suppression path as every code."""

import pytest

from quizlint.config import Config
from quizlint.linter import check_text, lint_paths
from quizlint.rules import duplicates

QUIZ = """\
{header}format: quizlint/v1
quiz: {name}
title: T
questions:
{comment}  - id: {name}-1
    kind: single
    stem: {stem}
    choices:
      - {{text: {a}, correct: true}}
      - {{text: {b}}}
      - {{text: {c}}}
"""
STEM = "Which optimizer keeps an average of squared gradients?"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    return tmp_path


def write(project, name, stem=STEM, a="RMSProp", b="AdaGrad", c="Plain SGD", header="", comment=""):
    (project / "data" / f"{name}.yaml").write_text(QUIZ.format(
        header=header, name=name, comment=comment, stem=stem, a=a, b=b, c=c))


def found(project, config=None, **kw):
    result = lint_paths(["data"], config or Config(root=project), **kw)
    return [p for p in result.problems if p.code == "QL152"]


def test_copies_in_two_files_name_each_other(project):
    write(project, "a")
    write(project, "b", stem=STEM.lower().rstrip("?"), a="rmsprop", b="Plain SGD", c="AdaGrad")
    ps = found(project)
    assert [(p.path.rsplit("/", 1)[-1], p.line) for p in ps] == [("a.yaml", 5), ("b.yaml", 5)]
    assert "b.yaml:5 (b-1)" in ps[0].message and "a.yaml:5 (a-1)" in ps[1].message
    assert ps[0].question == "a-1" and ps[0].severity.value == "warning"


def test_a_copy_with_one_option_reworded_is_a_near_duplicate(project):
    write(project, "a")
    write(project, "b", c="Momentum")  # two of three options shared
    assert len(found(project)) == 2


def test_different_keys_are_said(project):
    write(project, "a")
    write(project, "b", a="AdaGrad", b="RMSProp")  # same set, the key moved
    assert all("different key" in p.message for p in found(project))


def test_same_stem_other_options_is_another_question(project):
    write(project, "a")
    write(project, "b", a="Adam", b="Nesterov", c="Lion")
    assert found(project) == []


def test_code_in_backticks_compares_exactly(project):
    write(project, "a", a="`x[1]`", b="`x[2]`", c="`x[3]`")
    write(project, "b", a="`X[1]`", b="`X[2]`", c="`X[3]`")
    assert found(project) == []


def test_cached_results_still_find_the_copy(project):
    write(project, "a")
    write(project, "b")
    assert len(found(project)) == 2
    assert len(found(project)) == 2  # every file from the cache now


def test_a_copy_elsewhere_in_the_tree_is_found_when_one_file_is_checked(project):
    """pre-commit passes only the changed file: the copy in the rest of --tree is still found,
    and reported only in the checked file (through the cached index on the second run too)."""
    write(project, "a")
    write(project, "b", stem=STEM.upper())
    for _ in range(2):
        ps = [p for p in lint_paths(["data/b.yaml"], Config(root=project), tree=["data"]).problems
              if p.code == "QL152"]
        assert [(p.path.rsplit("/", 1)[-1], p.line) for p in ps] == [("b.yaml", 5)]
        assert "a.yaml:5 (a-1)" in ps[0].message
    write(project, "a", stem="Which optimizer has no memory at all?")  # the tree file changes
    assert [p for p in lint_paths(["data/b.yaml"], Config(root=project), tree=["data"]).problems
            if p.code == "QL152"] == []
    assert found(project, Config(root=project, ignore=("QL152",)), tree=["data"]) == []


def test_selection_and_suppression(project):
    write(project, "a", header="# quizlint: disable=QL152\n")
    write(project, "b")
    assert [p.path.rsplit("/", 1)[-1] for p in found(project)] == ["b.yaml"]
    assert found(project, Config(root=project, ignore=("QL152",))) == []


def test_within_one_file():
    text = QUIZ.format(header="", name="a", comment="", stem=STEM, a="RMSProp", b="AdaGrad", c="SGD")
    text += text.split("questions:\n", 1)[1].replace("a-1", "a-2")
    assert [p.line for p in check_text(text, "a.yaml", symbolic=False) if p.code == "QL152"] == [5, 12]


def test_groups_for_the_benchmark():
    q = {"kind": "single", "stem": "Q1. What is Adam?", "choices": [{"text": "a) An optimizer"}, {"text": "b) A loss"}]}
    r = {"kind": "single", "stem": "What is Adam", "choices": [{"text": "A loss"}, {"text": "An optimizer"}]}
    assert duplicates.groups([("f", 1, "x", q), ("f", 2, "y", r)]) == [[("f", 1, "x"), ("f", 2, "y")]]


def test_thousands_of_copies_stay_fast_and_messages_short():
    import time

    q = {"kind": "single", "stem": "Same?", "choices": [{"text": "Yes", "correct": True}, {"text": "No"}]}
    sig = duplicates.signature(q, "en")
    start = time.perf_counter()
    out = duplicates.problems({f"f{i}.yaml": [[sig, i + 1, None]] for i in range(5000)})
    assert time.perf_counter() - start < 5 and len(out) == 5000
    assert out["f0.yaml"][0].message.count(".yaml:") == duplicates.MAX_NAMED and "4996 more" in out["f0.yaml"][0].message

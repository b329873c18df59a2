"""Every rule's documented examples run as tests, the way pycodestyle runs its docstrings.

A rule's docstring has a ``Flawed:`` and a ``Fixed:`` example, each a
```` ```yaml ```` block. The rule must report the Flawed example and stay
quiet on the Fixed one, which must be a valid quiz file. The examples are fragments of a quiz file, completed
by the convention in :mod:`quizlint.rules.base`:

- `format`, `quiz`, `title`, `languages` and `questions` set the file's keys
  (a list is the file's questions);
- any other key replaces that key of the one question, ``DOC_QUESTION``
  unless the example gives its own questions;
- a Fixed example starts from its Flawed example and replaces its keys.

The file is ``data/quizzes/phase-04.yaml`` (quiz id ``phase-04``). Adding a
rule adds its examples here without editing this file.
"""

from __future__ import annotations

import copy
import re

import pytest

from quizlint import i18n
from quizlint.loader import load_text
from quizlint.rules import all_rules
from quizlint.rules.base import FileContext, QuestionContext
from quizlint.schema import validator

PATH = "data/quizzes/phase-04.yaml"
FILE_KEYS = {"format", "quiz", "title", "languages", "questions"}
# the key is the second choice
DOC_QUESTION = {
    "id": "q-01",
    "kind": "single",
    "stem": "Which optimizer keeps an EMA of squared gradients?",
    "choices": [{"text": "AdaGrad"}, {"text": "RMSProp", "correct": True}, {"text": "Plain SGD"}],
}
# the glossary the examples are written against (QL408)
DOC_GLOSSARY = {"es": {"learning rate": "tasa de aprendizaje"}}
DOC_FILE = {"format": "quizlint/v1", "quiz": "phase-04", "title": "Optimizers",
            "questions": [DOC_QUESTION]}

_BLOCK = re.compile(r"^```yaml\n(.*?)^```$", re.M | re.S)
RULES = {code: r for code, r in all_rules().items() if r.func is not None}


def examples(doc: str) -> tuple[str, str]:
    """The YAML of the Flawed and the Fixed example in a rule's documentation."""
    flawed_at = re.search(r"^Flawed\b", doc, re.M)
    fixed_at = re.search(r"^Fixed\b", doc, re.M)
    assert flawed_at and fixed_at and flawed_at.start() < fixed_at.start(), \
        "the doc needs a `Flawed:` paragraph, then a `Fixed:` one"
    flawed = _BLOCK.search(doc, flawed_at.end(), fixed_at.start())
    fixed = _BLOCK.search(doc, fixed_at.end())
    assert flawed, "the Flawed example must be a ```yaml block"
    assert fixed, "the Fixed example must be a ```yaml block (not inline code)"
    return flawed.group(1), fixed.group(1)


def complete(fragment, base: dict) -> dict:
    """``base`` (a whole quiz) with the keys of ``fragment`` replacing its own."""
    data = copy.deepcopy(base)
    if isinstance(fragment, list):
        fragment = {"questions": fragment}
    assert isinstance(fragment, dict), f"an example is a mapping or a list, not {fragment!r}"
    data.update({k: v for k, v in fragment.items() if k in FILE_KEYS})
    question = {k: v for k, v in fragment.items() if k not in FILE_KEYS}
    if question:
        assert len(data["questions"]) == 1, "question keys need a file with one question"
        data["questions"][0].update(question)
    return data


def parse(text: str, base: dict) -> dict:
    return complete(load_text(text, PATH).data, base)


def resolves(node, path: tuple) -> bool:
    for step in path:
        if isinstance(node, dict) and step in node or \
                isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return False
    return True


def findings(r, data: dict) -> list:
    """What rule ``r`` says about ``data``; each finding's path must exist in it."""
    fctx = FileContext(PATH, data, i18n.languages(data, ["en"]), DOC_GLOSSARY)
    if r.scope != "question":
        out = list(r.func(fctx, r.options))
        assert all(resolves(data, f.path) for f in out), out
        return out
    out = []
    for i, q in enumerate(data["questions"]):
        got = list(r.func(QuestionContext(fctx, i, q), r.options))
        assert all(resolves(q, f.path) for f in got), got
        out.extend(got)
    return out


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_fires_on_its_flawed_example_and_not_on_its_fixed_one(code):
    r = RULES[code]
    flawed_text, fixed_text = examples(r.doc)
    flawed = parse(flawed_text, DOC_FILE)
    assert findings(r, flawed), f"{code} does not report its Flawed example"
    fixed = parse(fixed_text, flawed)
    assert findings(r, fixed) == [], f"{code} reports its Fixed example"
    errors = [e.message for e in validator().iter_errors(fixed)]
    assert errors == [], f"{code}'s Fixed example is not a valid quiz file"


# -- the convention itself ---------------------------------------------------------------------

def test_a_fragment_replaces_keys_of_the_default_question_and_the_file():
    data = parse("languages: [en, es]\nstem: Which one?\n", DOC_FILE)
    assert data["languages"] == ["en", "es"]
    (q,) = data["questions"]
    assert q["stem"] == "Which one?" and q["choices"] == DOC_QUESTION["choices"]
    assert DOC_QUESTION["stem"].startswith("Which optimizer")  # the default is not changed


def test_a_list_is_the_questions_and_a_fixed_example_patches_the_flawed_one():
    flawed = parse("- id: q-07\n  kind: true_false\n  stem: Adam is adaptive.\n  answer: yes\n", DOC_FILE)
    assert [q["id"] for q in flawed["questions"]] == ["q-07"]
    assert flawed["questions"][0]["answer"] == "yes"  # YAML 1.2: a string
    fixed = parse("answer: true\n", flawed)
    assert fixed["questions"] == [{"id": "q-07", "kind": "true_false", "stem": "Adam is adaptive.",
                                   "answer": True}]


def test_inline_code_is_not_an_example():
    doc = "Summary.\n\nFlawed:\n\n```yaml\nstem: x\n```\n\nFixed: `stem: y?`\n"
    with pytest.raises(AssertionError, match="Fixed example must be a ```yaml block"):
        examples(doc)

"""The rule registry: unique codes, documented rules, the QL2xx-QL5xx table."""

from __future__ import annotations

import re

import pytest

from quizlint.problem import Severity
from quizlint.rules import all_rules
from quizlint.rules.base import core_code, rule

E, W = Severity.ERROR, Severity.WARNING

# code: (name, severity, scope)
TABLE = {
    "QL201": ("single-key-count", E, "question"),
    "QL202": ("multi-key-count", E, "question"),
    "QL203": ("true-false-answer", E, "question"),
    "QL204": ("numeric-tolerance", E, "question"),
    "QL205": ("free-reference-answer", E, "question"),
    "QL206": ("explanation-key-mismatch", E, "question"),
    "QL207": ("duplicate-choice", E, "question"),
    "QL301": ("all-of-the-above", W, "question"),
    "QL302": ("none-of-the-above", W, "question"),
    "QL303": ("longest-key", W, "question"),
    "QL304": ("absolute-terms", W, "question"),
    "QL305": ("vague-terms", W, "question"),
    "QL306": ("negative-stem", W, "question"),
    "QL307": ("word-repeat", W, "question"),
    "QL308": ("true-false-choices", W, "question"),
    "QL309": ("numeric-order", W, "question"),
    "QL310": ("few-choices", W, "question"),
    "QL311": ("unfocused-stem", W, "question"),
    "QL312": ("combination-choice", W, "question"),
    "QL313": ("article-cue", W, "question"),
    "QL314": ("fill-in-the-blank", W, "question"),
    "QL401": ("missing-translation", E, "question"),
    "QL402": ("missing-title-translation", E, "file"),
    "QL403": ("untranslated-text", W, "question"),
    "QL404": ("protected-span-mismatch", E, "question"),
    "QL405": ("stale-translation", W, "question"),
    "QL406": ("unreviewed-translation", W, "question"),
    "QL407": ("undeclared-language", W, "question"),
    "QL501": ("draft", E, "question"),
}
MODULES = {"2": "answer_key", "3": "item_flaws", "4": "translations", "5": "drafts"}
# codes that live elsewhere than their series' module
MOVED = {"QL206": "key_statement",
         **dict.fromkeys(["QL306", "QL307", "QL311", "QL313", "QL314"], "stem_flaws"),
         **dict.fromkeys(["QL308", "QL309", "QL310", "QL312"], "choice_set")}


def test_table():
    rules = all_rules()
    got = {c: (r.name, r.severity, r.scope) for c, r in rules.items() if re.match(r"QL[2-5]", c)}
    assert got == TABLE
    for code in TABLE:
        assert rules[code].func.__module__ == f"quizlint.rules.{MOVED.get(code, MODULES[code[2]])}"


def test_codes_and_names_are_unique():
    rules = all_rules()
    names = [r.name for r in rules.values()]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"QL\d{3}", c) for c in rules)


def test_registry_refuses_a_duplicate_code():
    all_rules()
    with pytest.raises(ValueError, match="QL201"):
        rule("QL201", "again")(lambda q, opts: iter(()))
    with pytest.raises(ValueError, match="QL001"):
        core_code("QL001", "again", E, "Twice.")
    assert all_rules()["QL201"].name == "single-key-count"


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_every_rule_is_documented(code):
    r = all_rules()[code]
    assert r.doc.strip(), f"{code} has no docstring"
    assert r.summary, f"{code} has no summary line"


@pytest.mark.parametrize("code", sorted(TABLE))
def test_rule_docs_have_flawed_and_fixed_examples_and_options(code):
    r = all_rules()[code]
    lines = r.doc.splitlines()
    assert len(lines) > 2 and lines[1] == "", "summary line, blank line, then the details"
    assert len(r.summary) <= 110 and not re.search(r"\bQL\d{3}\b", r.summary)
    assert "Flawed" in r.doc and "Fixed" in r.doc
    for option in r.options:
        assert f"`{option}`" in r.doc, f"{code} does not document option {option}"

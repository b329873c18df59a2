"""The rule registry: unique codes, documented rules, the QL2xx-QL5xx codes kept stable.

Nothing here lists the codes a new rule must be added to: a new rule is
checked by the tests that go through every registered rule.
"""

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


def test_published_codes_keep_their_name_severity_and_scope():
    rules = all_rules()
    got = {c: (rules[c].name, rules[c].severity, rules[c].scope) for c in TABLE if c in rules}
    assert set(TABLE) <= set(rules), "a published code was removed"
    assert got == TABLE


@pytest.mark.parametrize("family, severity", [("QL2", E), ("QL3", W), ("QL5", E)])
def test_a_family_has_one_severity(family, severity):
    """README: answer-key consistency and drafts are errors, item-writing flaws warnings."""
    rules = [r for c, r in all_rules().items() if c.startswith(family)]
    assert rules and all(r.severity is severity for r in rules)


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


@pytest.mark.parametrize("code", sorted(c for c, r in all_rules().items() if r.func is not None))
def test_rule_docs_have_a_short_summary_then_details(code):
    """The examples themselves are run by test_rule_docs.py."""
    r = all_rules()[code]
    lines = r.doc.splitlines()
    assert len(lines) > 2 and lines[1] == "", "summary line, blank line, then the details"
    assert len(r.summary) <= 110 and not re.search(r"\bQL\d{3}\b", r.summary)

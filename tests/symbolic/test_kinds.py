"""The check kinds are declared once (quizlint.symbolic.kinds): the schema, the
field normalisers and the provers all follow that one table."""

from __future__ import annotations

import doctest
import json
import textwrap

import jsonschema
import pytest
from conftest import ROOT

from quizlint.config import Config
from quizlint.linter import check_text
from quizlint.symbolic import checks, fields, kinds
from quizlint.symbolic.kinds import KINDS

SCHEMA = ROOT / "schema" / "quiz.schema.json"
PACKAGED = ROOT / "src" / "quizlint" / "data" / "quiz.schema.json"

#: one schema-valid value per field type
EXAMPLES = {
    "expr": "x", "exprs": ["x", "2"], "variable": "x", "comparison": "x < 1", "equation": "x = 1",
    "equations": ["x = 1"], "name": "x", "names": ["x", "y"], "assume": {"real": ["x"]},
    "where": {"a": "1"}, "size": 2, "number": 1.5, "tolerance": 0.1, "shapes": [[2, 1], [3]],
    "result": [2, 3], "vary": {"p": [1]}, "flag": True,
}


def schema() -> dict:
    return json.loads(SCHEMA.read_text("utf-8"))


def test_the_schema_check_definition_is_the_registry():
    assert PACKAGED.read_bytes() == SCHEMA.read_bytes()
    declared = schema()["$defs"]["check"]
    assert set(declared["properties"]) == set(KINDS)
    for name, kind in KINDS.items():  # field by field first, for a readable failure
        spec = declared["properties"][name]
        assert set(spec["properties"]) == {f.name for f in kind.fields}, name
        assert spec["required"] == list(kind.required), name
        assert set(spec["properties"]) - set(spec["required"]) == set(kind.optional), name
        for f in kind.fields:
            assert spec["properties"][f.name] == kinds.TYPES[f.type], (name, f.name)
    assert declared == kinds.check_schema()


def test_every_field_type_has_a_normaliser_and_an_example():
    assert set(fields.NORMALIZERS) == set(kinds.TYPES) == set(EXAMPLES)


@pytest.mark.parametrize("name", KINDS)
def test_the_schema_and_the_normaliser_accept_the_same_fields(name):
    kind = KINDS[name]
    check = {"$ref": "#/$defs/check", "$defs": schema()["$defs"]}
    validator = jsonschema.Draft202012Validator(check)
    every = {f.name: EXAMPLES[f.type] for f in kind.fields}
    assert list(validator.iter_errors({name: every})) == []
    assert set(fields.normalize(name, every, None)) == {"kind"} | set(every)
    with pytest.raises(fields.Invalid, match="unknown field `extra`"):
        fields.normalize(name, dict(every, extra="x"), None)
    assert list(validator.iter_errors({name: dict(every, extra="x")}))


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_has_its_prover(name):
    assert callable(checks.prover(name))


def test_the_registry_docstring_examples_hold():
    assert doctest.testmod(kinds).failed == 0
    assert doctest.testmod(kinds).attempted >= 2


#: fields the schema once refused though the provers use them: (kind, a true claim, a false one)
EXTRA_FIELDS = {
    "equal-given": ("equal", '{lhs: "a + b", rhs: 1, given: ["a + b = 1"]}',
                    '{lhs: "a + b", rhs: 2, given: ["a + b = 1"]}'),
    "solve-size": ("solve", '{equation: "x = Sum(a[j], j)", for: x, equals: "a_0 + a_1 + a_2", size: 3}',
                   '{equation: "x = Sum(a[j], j)", for: x, equals: "a_0 + a_1", size: 3}'),
    "inequality-size": ("inequality", '{claim: "Sum(z[j]**2, j) >= 0", assume: {real: [z]}, size: 3}',
                        '{claim: "Sum(z[j], j) > 0", assume: {real: [z]}, size: 3}'),
    "condition-where": ("condition_number", '{loss: "(a*x**2 + y**2)/2", wrt: [x, y], where: {a: 4}, equals: 4}',
                        '{loss: "(a*x**2 + y**2)/2", wrt: [x, y], where: {a: 4}, equals: 3}'),
    "condition-size": ("condition_number", '{loss: "Sum((j + 1)*w[j]**2, j)", wrt: [w], size: 3, equals: 3}',
                       '{loss: "Sum((j + 1)*w[j]**2, j)", wrt: [w], size: 3, equals: 2}'),
}
ONLY_CHECKS = Config(select=("QL0", "QL1", "QL6"))


def quiz(checks_by_id: dict[str, str]) -> str:
    """A quiz file (for ``extra-fields.yaml``) with one question per check."""
    lines = ["format: quizlint/v1", "quiz: extra-fields", "title: Extra fields", "questions:"]
    for qid, check in checks_by_id.items():
        lines += [f"  - id: {qid}", "    kind: true_false", "    stem: The claim holds.",
                  "    answer: true", "    checks:", f"      - {check}"]
    return "\n".join(lines) + "\n"


def test_fields_the_provers_use_are_checked_not_refused_by_the_schema():
    true = quiz({qid: f"{kind}: {spec}" for qid, (kind, spec, _false) in EXTRA_FIELDS.items()})
    false = quiz({qid: f"{kind}: {spec}" for qid, (kind, _true, spec) in EXTRA_FIELDS.items()})

    proved = check_text(true, "extra-fields.yaml", ONLY_CHECKS)
    refuted = check_text(false, "extra-fields.yaml", ONLY_CHECKS)

    assert [(p.question, p.code, p.message) for p in proved] == []
    assert {p.question: p.code for p in refuted} == dict.fromkeys(EXTRA_FIELDS, "QL601")


def test_a_condition_number_check_with_where_is_checked():
    # The reproduction: `where:` on condition_number was QL103 (unknown key), though the
    # prover handles it. Now the check runs, and its wrong key is refuted at `equals`.
    text = textwrap.dedent("""\
        format: quizlint/v1
        quiz: kappa
        title: Kappa
        questions:
          - id: kappa-01
            kind: true_false
            stem: The condition number of this quadratic is 3.
            answer: true
            checks:
              - condition_number:
                  loss: "(L*x**2 + y**2)/2"
                  wrt: [x, y]
                  where: {L: 4}
                  equals: 3
        """)

    problems = check_text(text, "kappa.yaml", ONLY_CHECKS)

    assert [(p.line, p.code) for p in problems] == [(14, "QL601")]
    assert "the condition number is 4, not `3`" in problems[0].message

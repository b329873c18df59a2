"""Precision tiers (rules/tiers.py), the stored measurement, the hand labels and the benchmark's converter."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from quizlint import cli
from quizlint.config import Config
from quizlint.linter import check_text
from quizlint.rules import all_rules, tiers
from qltest import ROOT

LABELS = sorted((ROOT / "benchmarks" / "labels").glob("*.jsonl"))
QUIZ = """\
format: quizlint/v1
quiz: t
title: T
questions:
  - id: t-1
    kind: single
    stem: When is reverse mode preferred?
    choices:
      - {text: With many inputs and one output., correct: true}
      - {text: It is always faster.}
      - {text: When the graph is small.}
"""


def test_the_default_set_is_the_rules_measured_at_90_percent():
    table = tiers.load()["rules"]
    for code in all_rules():
        c = table.get(code, {})
        labelled = c.get("tp", 0) + c.get("fp", 0)
        measured_ok = labelled and c["tp"] / labelled >= 0.9 and (labelled >= 10 or labelled >= c["hits"])
        if tiers.judged(code):
            assert tiers.default_on(code) == bool(measured_ok), code


def test_an_opt_in_rule_runs_only_when_named_with_more_than_ql():
    assert tiers.opt_in("QL304")  # measured below 90%: see precision.json
    assert not tiers.opt_in("QL301") and not tiers.opt_in("QL201")
    codes = lambda conf: {p.code for p in check_text(QUIZ, "t.yaml", conf, symbolic=False)}  # noqa: E731
    assert "QL304" not in codes(Config())
    for select in (("QL304",), ("QL30",), ("QL3",)):
        assert "QL304" in codes(Config(select=select)), select
    assert "QL304" not in codes(Config(select=("QL3",), ignore=("QL304",)))


def test_explain_shows_the_measurement(capsys):
    assert cli.main(["explain", "QL304"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Measured: precision \d+% \(\d+ of \d+ labelled hits real\), recall \d+%", out)
    assert "Tier: opt-in" in out and "LinkedIn" in out
    assert cli.main(["explain", "QL301"]) == 0
    assert "Tier: on by default" in capsys.readouterr().out


def test_judgement_criteria_say_where_they_are_judged(capsys):
    for code in ("QL801", "QL802", "QL803", "QL804", "QL805", "QL806", "QL807"):
        assert cli.main(["explain", code]) == 0
        assert "quizlint critique" in capsys.readouterr().out


def test_labels_are_well_formed_and_hold_no_bank_text():
    assert LABELS
    n = 0
    for path in LABELS:
        for line in path.read_text("utf-8").splitlines():
            lab = json.loads(line)
            n += 1
            assert set(lab) == {"item", "sha", "code", "criterion", "flaw", "sample", "reason"}, lab
            assert re.fullmatch(r"[^#\s]+\.md#\d+", lab["item"]) and re.fullmatch(r"[0-9a-f]{8}", lab["sha"])
            assert lab["code"] == path.stem and isinstance(lab["flaw"], bool)
            assert lab["sample"] in ("fired", "quiet", "rubric") and len(lab["reason"]) <= 120
    assert n >= 500


BLIND = sorted((ROOT / "benchmarks" / "labels").glob("blind-*/**/*.jsonl"))
ADJUDICATION = sorted((ROOT / "benchmarks" / "labels" / "adjudication").glob("*/*.jsonl"))


def test_blind_labels_are_well_formed():
    """One line per item and annotator: rubric keys only, short reasons in the annotator's words."""
    bench = _bench()
    assert len(BLIND) == 32  # fourteen banks and two fresh samples across them, each with a second opinion
    assert len(ADJUDICATION) == 6  # two fresh annotators on each of three contested patterns
    for path in BLIND + ADJUDICATION:
        seen = set()
        for line in path.read_text("utf-8").splitlines():
            lab = json.loads(line)
            assert set(lab) == {"item", "sha", "annotator", "flaws"} and lab["item"] not in seen, lab
            seen.add(lab["item"])
            assert re.fullmatch(r"[^#\s]+\.(?:md|aiken)#\d+", lab["item"])
            assert re.fullmatch(r"[0-9a-f]{8}", lab["sha"])
            assert set(lab["flaws"]) <= set(bench.KEYS)
            assert all(len(r) <= 120 and len(r.split()) <= 16 for r in lab["flaws"].values()), lab
        assert len(seen) >= (10 if path.parent.name == "second" else 40 if path in ADJUDICATION else 120)


def _bench():
    spec = importlib.util.spec_from_file_location("bench_rules", ROOT / "benchmarks" / "bench_rules.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


BANK_FILE = """\
## Optimizers

#### Q1. Which optimizer is NOT adaptive?

- [ ] Adam
- [x] SGD
- [ ] RMSProp

#### Q2. What does this print?

```python
print(1 + 1)
```

- [x] 2
- [ ] 11

  ```text
  eleven
  ```

- [ ] An error

[Reference](https://example.org)

#### Q3. Which are adaptive?

#### A. Adam

#### B. SGD

- [x] A only
- [ ] A and B
- [ ] B only
"""


def test_bench_converter_and_measurement(tmp_path):
    bench = _bench()
    (tmp_path / "opt").mkdir()
    (tmp_path / "opt" / "opt-quiz.md").write_text(BANK_FILE)
    items = bench.load_bank(tmp_path)
    assert list(items) == ["opt/opt-quiz.md#1", "opt/opt-quiz.md#2", "opt/opt-quiz.md#3"]
    q2 = items["opt/opt-quiz.md#2"]
    assert "print(1 + 1)" in q2["stem"] and [bool(c.get("correct")) for c in q2["choices"]] == [True, False, False]
    assert "eleven" in q2["choices"][1]["text"] and "Reference" not in q2["choices"][2]["text"]
    assert "A. Adam" in items["opt/opt-quiz.md#3"]["stem"]
    fired = bench.findings(items)
    assert "QL306" in fired["opt/opt-quiz.md#1"] and "QL312" in fired["opt/opt-quiz.md#3"]
    labels = [{"item": "opt/opt-quiz.md#1", "code": "QL306", "flaw": True, "sha": ""},
              {"item": "opt/opt-quiz.md#2", "code": "QL306", "flaw": False, "sha": ""},
              {"item": "opt/opt-quiz.md#3", "code": "QL312", "flaw": False, "sha": ""}]
    table = bench.measure(fired, labels, items)
    assert table["QL306"] == {"tp": 1, "tn": 1} and table["QL312"] == {"fp": 1}
    assert bench.ratios({"tp": 3, "fp": 1, "fn": 1}) == (0.75, 0.75, 0.75)


def test_blind_labels_expand_to_every_criterion_and_agreement(tmp_path):
    bench = _bench()
    (tmp_path / "a.jsonl").write_text(
        '{"item": "f.md#1", "sha": "00000000", "flaws": {"negative-stem": "asks which is not"}}\n'
        '{"item": "f.md#2", "sha": "11111111", "flaws": {}}\n')
    labels = bench.read_labels(tmp_path)
    assert len(labels) == 2 * len(bench.KEYS) == 2 * 19
    by = {(x["item"], x["code"]): x["flaw"] for x in labels}
    assert by[("f.md#1", "QL306")] is True and by[("f.md#1", "QL301")] is False
    assert by[("f.md#2", "QL306")] is False
    assert set(bench.KEYS.values()) <= set(bench.RUBRIC)
    (tmp_path / "second").mkdir()
    (tmp_path / "second" / "b.jsonl").write_text(
        '{"item": "f.md#1", "sha": "00000000", "flaws": {"negative-stem": "x", "vague-terms": "y"}}\n'
        '{"item": "f.md#2", "sha": "11111111", "flaws": {"negative-stem": "z"}}\n')
    agree = bench.agreement(labels, bench.read_labels(tmp_path / "second"))
    assert agree["QL306"]["agree"] == 0.5 and agree["QL306"]["n"] == 2
    assert agree["QL301"]["agree"] == 1.0 and agree["QL301"]["kappa"] is None  # nobody flagged it
    (tmp_path / "bad.jsonl").write_text('{"item": "f.md#3", "sha": "2", "flaws": {"nonsense": "?"}}\n')
    with pytest.raises(ValueError, match="nonsense"):
        bench.read_labels(tmp_path)


def test_two_agreeing_adjudicators_outvote_the_first_annotator(tmp_path):
    bench = _bench()
    folder = tmp_path / "adjudication" / "joined"
    folder.mkdir(parents=True)
    for name, flaws in (("A1", {"k-type": "joins two options"}), ("A2", {"k-type": "two options joined"})):
        (folder / f"{name}.jsonl").write_text(
            json.dumps({"item": "f.md#1", "sha": "abcd1234", "annotator": name, "flaws": flaws}) + "\n"
            + json.dumps({"item": "f.md#2", "sha": "abcd5678", "annotator": name,
                          "flaws": flaws if name == "A1" else {}}) + "\n", "utf-8")
    first = [{"item": "f.md#1", "sha": "abcd1234", "code": "QL312", "flaw": False, "reason": ""},
             {"item": "f.md#2", "sha": "abcd5678", "code": "QL312", "flaw": False, "reason": ""},
             {"item": "f.md#1", "sha": "abcd1234", "code": "QL306", "flaw": False, "reason": ""}]
    out = bench.adjudicated(first, tmp_path / "adjudication")
    assert [lab["flaw"] for lab in out] == [True, False, False]  # both agree / they split / both agree with it
    assert out[0]["reason"].startswith("adjudicated")

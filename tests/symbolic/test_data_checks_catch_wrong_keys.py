"""Every check in data/ is proved, and a wrong key planted in any of them is caught."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
from conftest import ROOT

from quizlint.loader import load_file
from quizlint.symbolic import jobs_for, run

FILES = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))


def _checks():
    for f in FILES:
        doc = load_file(str(f))
        for q in doc.data["questions"]:
            for i, check in enumerate(q.get("checks", [])):
                yield pytest.param(f, q["id"], i, id=f"{q['id']}-{i}-{next(iter(check))}")


def _plant(question: dict, index: int) -> None:
    """Make the claim of ``question['checks'][index]`` false."""
    (kind, spec), = question["checks"][index].items()
    bump = {"equal": "rhs", "derivative": "equals", "solve": "equals", "condition_number": "equals"}
    if kind in bump:
        field = bump[kind]
        if spec[field] == "answer":
            question["answer"]["expr"] = f"({question['answer']['expr']}) + 1"
        else:
            spec[field] = f"({spec[field]}) + 1"
    elif kind == "numeric":
        spec["value"] = spec["value"] * 1.1 + 1
    elif kind == "inequality":
        spec["claim"] = spec["claim"].replace("<", ">") if "<" in spec["claim"] else spec["claim"].replace(">", "<")
    elif kind == "broadcast":
        if "vary" in spec:
            name, values = next(iter(spec["vary"].items()))
            spec["vary"][name] = values[:-1]          # claim one fewer value works
        else:
            spec["result"] = spec["result"] + [2]     # a wrong rank
    else:
        raise AssertionError(f"no way to plant a wrong key in {kind}")


@pytest.fixture(scope="module")
def verdicts():
    """(path, qid, index) -> (codes as written, codes with a planted wrong key), in one pool run."""
    jobs, owners = [], []
    for param in _checks():
        path, qid, index = param.values
        doc = load_file(str(path))
        for planted in (False, True):
            data = copy.deepcopy(doc.data)
            question = next(q for q in data["questions"] if q["id"] == qid)
            if planted:
                _plant(question, index)
            owners.append(((path, qid, index), planted))
            tag = str(len(owners) - 1)  # the job's path says whose it is
            jobs += [replace(j, path=tag) for j in jobs_for(doc.path, data, doc.pos) if j.question == qid]
    found = {owner: set() for owner in owners}
    for p in run(jobs, timeout=20, cache_dir=None):
        found[owners[int(p.path)]].add(p.code)
    return found


@pytest.mark.parametrize("path,qid,index", list(_checks()))
def test_check_is_proved_and_a_planted_wrong_key_is_refuted(verdicts, path, qid, index):
    key = (path, qid, index)
    assert verdicts[(key, False)] == set()
    assert "QL601" in verdicts[(key, True)]


def test_data_has_at_least_ten_checks():
    assert len(list(_checks())) >= 10

"""benchmarks/blind_sets.py: a blind sample cut into annotators' parts and their labels put back."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("blind_sets", ROOT / "benchmarks" / "blind_sets.py")
blind_sets = importlib.util.module_from_spec(spec)
spec.loader.exec_module(blind_sets)


def sample(n: int) -> str:
    return "".join(f"=== q-quiz.md#{k} sha={k:08x}\nWhich optimizer is number {k}?\n  A. [x] Adam\n"
                   f"  B. [ ] SGD\n\n" for k in range(1, n + 1))


def test_split_gives_the_last_annotator_a_share_of_every_other_part(tmp_path):
    assert blind_sets.main(["split", str(_write(tmp_path / "s.txt", sample(9))), "--parts", "3", "3", "3",
                            "--overlap", "1", "--out", str(tmp_path / "b")]) == 0
    ids = {k: [i for i, _, _ in blind_sets.items_of((tmp_path / f"b-{k}.txt").read_text())] for k in (1, 2, 3)}
    assert ids[1] == ["q-quiz.md#1", "q-quiz.md#2", "q-quiz.md#3"]
    assert ids[3] == ["q-quiz.md#7", "q-quiz.md#8", "q-quiz.md#9", "q-quiz.md#1", "q-quiz.md#4"]
    assert "Which optimizer is number 4?" in (tmp_path / "b-overlap.txt").read_text()


def test_collect_checks_each_part_and_separates_second_opinions(tmp_path):
    blind_sets.main(["split", str(_write(tmp_path / "s.txt", sample(4))), "--parts", "2", "2",
                     "--overlap", "1", "--out", str(tmp_path / "b")])
    for k in (1, 2):
        part = blind_sets.items_of((tmp_path / f"b-{k}.txt").read_text())
        _write(tmp_path / f"b-{k}.labels.jsonl", "".join(
            json.dumps({"item": i, "sha": s, "flaws": {"true-false": "two options"} if k == 2 else {}}) + "\n"
            for i, s, _ in part))
    out = tmp_path / "blind-x"
    assert blind_sets.main(["collect", str(tmp_path / "b"), "--annotators", "A1", "A2", "--to", str(out)]) == 0
    first = [json.loads(x) for x in (out / "labels.jsonl").read_text().splitlines()]
    second = [json.loads(x) for x in (out / "second" / "labels.jsonl").read_text().splitlines()]
    assert [(x["item"], x["annotator"]) for x in first] == [
        ("q-quiz.md#1", "A1"), ("q-quiz.md#2", "A1"), ("q-quiz.md#3", "A2"), ("q-quiz.md#4", "A2")]
    assert [(x["item"], x["annotator"]) for x in second] == [("q-quiz.md#1", "A2")]
    # a part labelled out of order (or with another item) is refused, not merged
    lines = (tmp_path / "b-1.labels.jsonl").read_text().splitlines()
    _write(tmp_path / "b-1.labels.jsonl", "\n".join(reversed(lines)) + "\n")
    with pytest.raises(SystemExit, match="not those of"):
        blind_sets.collect(tmp_path / "b", ["A1", "A2"])


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path

"""benchmarks/opentrivia.py: OpenTriviaQA blocks become Aiken that bench_rules reads with quizlint's importer."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


opentrivia = _load("opentrivia")
bench_rules = _load("bench_rules")

# our own blocks, in the source's shape: CRLF lines, a Windows-1252 byte, a two-line stem
SOURCE = (b"#Q Which optimizer keeps a running mean of squared gradients?\r\n^ RMSprop\r\n"
          b"A SGD\r\nB RMSprop\r\nC Newton\r\n\r\n"
          b"#Q Gradient descent was described by Cauchy in 1847.\r\n^ True\r\nA True\r\nB False\r\n\r\n"
          b"#Q This caf\xe9 owner's loss\r\nfunction is squared.\r\n^ L2\r\nA L1\r\nB L2\r\n\r\n"
          b"#Q A block whose answer is no option\r\n^ Adam\r\nA SGD\r\nB Momentum\r\n")


def test_each_block_becomes_one_aiken_question_keyed_by_its_answer_text():
    text, kept, dropped = opentrivia.to_aiken(opentrivia.decode(SOURCE))
    assert (kept, dropped) == (3, 1)
    first = text.split("\n\n")[0].splitlines()
    assert first == ["Which optimizer keeps a running mean of squared gradients?", "A. SGD", "B. RMSprop",
                     "C. Newton", "ANSWER: B"]
    assert "This café owner's loss function is squared." in text


def test_bench_reads_an_aiken_bank_with_the_aiken_importer(tmp_path):
    assert opentrivia.main([str(_write(tmp_path / "src" / "ml", SOURCE).parent), str(tmp_path / "bank"), "ml"]) == 0
    items = bench_rules.load_bank(tmp_path / "bank")
    assert sorted(items) == ["ml-quiz.aiken#1", "ml-quiz.aiken#2", "ml-quiz.aiken#3"]
    q = items["ml-quiz.aiken#1"]
    assert q["kind"] == "single"
    assert [c["text"] for c in q["choices"] if c.get("correct")] == ["RMSprop"]
    assert "QL308" in bench_rules.findings({"t#2": items["ml-quiz.aiken#2"]})["t#2"]   # True / False options


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path

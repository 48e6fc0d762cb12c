# Two commands set everything up on a fresh machine:
#   make run   -> builds .venv, installs commsgen, renders every bundled sample into out/
#   make test  -> builds .venv, installs commsgen with test extras, runs ruff, mypy and the whole test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-lowest lint bench clean venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m compileall -q commsgen
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/commsgen --config samples/commsgen.toml check samples/*.yaml samples/*.json
	$(VENV)/bin/commsgen --config samples/commsgen.toml batch samples --out out
	$(VENV)/bin/commsgen index --index samples/.commsgen/index.sqlite samples
	$(VENV)/bin/commsgen --config samples/commsgen.toml review --index samples/.commsgen/index.sqlite \
	  --period 2026Q4 --as-of 2026-12-07 -a executive -f pdf -o out/review-2026Q4-executive.pdf
	$(VENV)/bin/commsgen --config samples/commsgen.toml review --index samples/.commsgen/index.sqlite \
	  --period 2026Q4 --as-of 2026-12-07 -f md -o out/review-2026Q4-engineering.md

# worksteal: a worker that runs out takes half of another's queue (the tests marked slow run first,
# tests/conftest.py). Bytecode on: pytest keeps the test modules with their asserts rewritten in
# tests/__pycache__, instead of rewriting them in every worker of every run (an environment with
# PYTHONDONTWRITEBYTECODE set would; about 3 s of CPU per worker)
test: lint
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -n auto --dist worksteal -p no:cacheprovider

# ruff (lint and format) and mypy, as CI runs them through `make test`
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# the same suite on the lowest version of every runtime dependency that pyproject.toml allows
LOWVENV := .venv-lowest
test-lowest:
	$(PYTHON) -m venv $(LOWVENV)
	$(LOWVENV)/bin/python -m pip install --quiet --upgrade pip
	$(PYTHON) tools/lowest_constraints.py > $(LOWVENV)/constraints.txt
	$(LOWVENV)/bin/python -m pip install --quiet -c $(LOWVENV)/constraints.txt -e '.[dev]'
	PYTHONDONTWRITEBYTECODE= $(LOWVENV)/bin/python -m pytest -q -n auto --dist worksteal -p no:cacheprovider

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(LOWVENV) out .pytest_cache build dist

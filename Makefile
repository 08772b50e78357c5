# Two commands for a newcomer: `make run` and `make test`. Everything else is set up on demand.
VENV   ?= .venv
PY     := $(VENV)/bin/python
AXBOT  := $(VENV)/bin/axbot
STAMP  := $(VENV)/.installed
PYTHON ?= python3

.PHONY: install index run test test-fast bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned: any other spec pulls gigabytes of CUDA wheels.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[st,llm,dev]"
	touch $(STAMP)

install: $(STAMP)

# Incremental: a no-op when no document changed.
index: install
	$(AXBOT) kb build

run: index
	$(AXBOT) run

test: install
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not models"

bench: index
	$(PY) bench/retrieval.py

clean:
	rm -rf $(VENV) var

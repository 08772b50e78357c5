# Two commands for a newcomer: `make run` and `make test`. Everything else is set up on demand.
VENV   ?= .venv
PY     := $(VENV)/bin/python
AXBOT  := $(VENV)/bin/axbot
STAMP  := $(VENV)/.installed
PYTHON ?= python3

.PHONY: install index run test test-fast bench clean postgres

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

# PostgreSQL 15 (Debian's package) for the storage and booking tests; they start their own
# server on 127.0.0.1. Installed when missing and we are root; otherwise the tests say so loudly.
PG_BIN ?= /usr/lib/postgresql/15/bin

postgres:
	@if [ ! -x "$(PG_BIN)/initdb" ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null; \
	fi

test: install postgres
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not models"

bench: index
	$(PY) bench/retrieval.py

clean:
	rm -rf $(VENV) var

# Two commands: `make run` (service on the embedded PostgreSQL with the demo tenants) and
# `make test`. Both set everything up first; nothing else is needed but Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test setup stop schema lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/liaison dev

test: setup
	$(BIN)/python -m pytest

stop: setup
	$(BIN)/liaison db stop

# Benchmarks (not part of `make test`): see docs/benchmarks.md. BENCH=read runs one.
bench: setup
	$(BIN)/python -m bench.run_all $(BENCH)

schema: setup
	$(BIN)/liaison export-schema

lint: setup
	$(BIN)/ruff check services tests

clean:
	rm -rf $(VENV) .data

# Two commands: `make run` (service on the embedded PostgreSQL with the demo tenants) and
# `make test`. Both set everything up first; nothing else is needed but Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test setup stop schema lint bench fuzz clean lock upgrade

# Every dependency, direct and transitive, is pinned with its hashes in requirements.lock
# (compiled from pyproject.toml for Python 3.11, dev extra included); setup installs exactly
# that, and the project itself without resolving anything.
PIP_VERSION       := 26.3
PIP_TOOLS_VERSION := 7.6.2

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@$(BIN)/python -m pip check || { echo "requirements.lock does not satisfy pyproject.toml: run make lock"; exit 1; }
	@touch $(STAMP)

setup: $(STAMP)

# `make lock` after editing the dependencies in pyproject.toml: recompiles requirements.lock,
# keeping every pin that still fits. `make upgrade` deliberately moves everything to the newest
# versions pyproject.toml allows (then run `make test` and commit the lock). Both resolve against
# the default registry only: this machine's pip config (extra indexes, find-links) is kept out,
# and no index or file URL is written to the lock. Empty LOCK_ENV to use your pip config.
LOCK_ENV ?= env -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null
PIP_COMPILE = $(LOCK_ENV) $(BIN)/pip-compile --quiet --generate-hashes --extra dev --strip-extras \
	--allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

$(BIN)/pip-compile:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION) pip-tools==$(PIP_TOOLS_VERSION)

lock: $(BIN)/pip-compile
	$(PIP_COMPILE)

upgrade: $(BIN)/pip-compile
	$(PIP_COMPILE) --upgrade
	$(MAKE) setup

run: setup
	$(BIN)/liaison dev

test: setup
	$(BIN)/python -m pytest

stop: setup
	$(BIN)/liaison db stop

# Benchmarks (not part of `make test`): see docs/benchmarks.md. BENCH=read runs one.
bench: setup
	$(BIN)/python -m bench.run_all $(BENCH)

# A longer GraphQL fuzzing run than the one in `make test` (tests/fuzz): FUZZ_EXAMPLES cases
# per operation and role, against a real server on a private test database.
FUZZ_EXAMPLES ?= 500
fuzz: setup
	LIAISON_TEST_DB=$${LIAISON_TEST_DB:-liaison_test_fuzz} FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) \
		$(BIN)/python -m pytest tests/fuzz -q

schema: setup
	$(BIN)/liaison export-schema

lint: setup
	$(BIN)/ruff check services tests

clean:
	rm -rf $(VENV) .data

# Two commands: `make run` (service on the embedded PostgreSQL with the demo tenants) and
# `make test`. Both set everything up first; nothing else is needed but Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test setup stop schema lint bench fuzz clean lock upgrade chromium

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

test: setup chromium
	$(BIN)/python -m pytest

# The browser tests (tests/browser) drive Debian's chromium through Playwright, which downloads
# no browser here. Installed when missing (as root, with apt), with a CJK font so that the
# screenshots show the Chinese text; anywhere else make test stops and says what to install.
CHROMIUM := /usr/bin/chromium
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
NEEDS_CHROMIUM := make test needs Debian's chromium: apt-get install chromium
chromium:
	@if [ ! -x $(CHROMIUM) ] || [ ! -e $(CJK_FONT) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium and fonts-wqy-microhei (for tests/browser)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
	        chromium fonts-wqy-microhei; } >/dev/null 2>&1 || true; \
	  fi; \
	  [ -x $(CHROMIUM) ] || { echo "$(NEEDS_CHROMIUM)" >&2; exit 1; }; \
	  [ -e $(CJK_FONT) ] || echo "no CJK font: screenshots show boxes (apt-get install fonts-wqy-microhei)"; \
	fi

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

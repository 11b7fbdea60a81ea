# Two commands for a newcomer: `make demo` (build the bundled sample archive and serve it) and
# `make test` (the whole test suite). Both set up everything they need in .venv first.
# The interpreter the venv is made with: any CPython >= 3.11 with venv. The system's own python3
# (a distribution build: PGO and LTO) comes before the first python3 on PATH, which on some
# machines is a plain source build (pyenv's default) that runs cablebase 15-20 % slower
# (docs/performance.md). `make PYTHON=...` picks another.
PYTHON ?= $(shell for p in /usr/bin/python3 python3; do \
  $$p -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo test install browser postgres bench clean

$(BIN)/cablebase: pyproject.toml src/cablebase/store/_rank.c
	@test -n "$(PYTHON)" || { echo "no CPython >= 3.11 with venv found: make PYTHON=/path/to/python3" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/cablebase

demo: install
	$(BIN)/cablebase demo --port $(PORT)

# Debian's chromium drives the browser tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium sqlite3 >/dev/null; }
	@command -v sqlite3 >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq sqlite3 >/dev/null; }

# Debian's PostgreSQL for the tests of the PostgreSQL backend: the suite starts a throwaway cluster of
# its own (tests/pgserver.py), or uses the server that $CABLEBASE_TEST_PG names (then nothing is installed).
postgres:
	@[ -n "$$CABLEBASE_TEST_PG" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

test: install browser postgres
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

bench: install
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) test-artifacts demo-cables.db* .pytest_cache

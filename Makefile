# Two entry points (see README): `make run` and `make test`. Everything lives in a local .venv.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/tracker.duckdb
PORT ?= 8501

.PHONY: run test setup setup-test browser seed clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test browser

# Debian's chromium for the real-browser tests (Playwright drives /usr/bin/chromium; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

seed: setup
	$(BIN)/tracker --db $(DB) init
	$(BIN)/tracker --db $(DB) ingest seeds/
	$(BIN)/tracker --db $(DB) code --all

run: seed
	$(BIN)/tracker --db $(DB) dashboard --port $(PORT)

test: setup-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(DB) $(DB).wal

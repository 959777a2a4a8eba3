# newsgraph — every target bootstraps .venv on a fresh machine (needs only python3 and make).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: demo test bench lint browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(TSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP) $@

demo: $(STAMP)
	$(BIN)/newsgraph demo --out exports

# Chromium for the browser checks of the timeline; best effort (tests skip with a reason without it).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "note: chromium not installed; browser tests will skip"; }

test: $(TSTAMP) browser
	$(BIN)/python -m pytest -q

bench: $(TSTAMP)
	$(BIN)/python bench/run.py --write
	$(BIN)/python bench/perf.py --events 10000

lint: $(TSTAMP)
	$(BIN)/ruff check graph tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist *.egg-info

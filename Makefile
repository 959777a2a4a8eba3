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

# The whole benchmark suite, by hand (sized for < 20 min on 2 cores): extraction quality and speed, ingest
# writes and ingest memory against store size, start-up, and the readers on stores of 10k and
# 50k events (bench/scale.py --sizes 10000 50000 100000 --write for the full figures, ~1 h).
bench: $(TSTAMP) browser
	$(BIN)/python bench/run.py --write
	PYTHONPATH=. $(BIN)/python bench/perf.py --sizes 10000 --modes batch-50 bulk-500
	PYTHONPATH=. $(BIN)/python bench/perf.py --rss-bases 10000 50000 --rss-articles 500
	PYTHONPATH=. $(BIN)/python bench/startup.py
	PYTHONPATH=. $(BIN)/python bench/scale.py --sizes 10000 50000 --export-sizes --write

lint: $(TSTAMP)
	$(BIN)/ruff check graph tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist *.egg-info

# Two commands for a fresh machine: `make serve` and `make test`.
# Both create .venv with the pinned dependencies on first run (and again whenever a
# requirements file changes).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-snippets lint format clean

$(STAMP): requirements/snippets.txt requirements/docs.txt requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $(STAMP)

## Serve the site at http://127.0.0.1:8000 (reloads when docs/ or snippets/ change).
serve: $(STAMP)
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

## Build the site into site/ exactly as CI does.
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## Every test: the snippets (CPU, and CUDA when present) and the site-level guards.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2

## Only the snippets, as a user's CI runs them.
test-snippets: $(STAMP)
	$(BIN)/python -m pytest snippets -n 2

lint: $(STAMP)
	$(BIN)/ruff check snippets scripts tests
	$(BIN)/ruff format --check snippets

format: $(STAMP)
	$(BIN)/ruff format snippets
	$(BIN)/ruff check --fix snippets

clean:
	rm -rf site .pytest_cache

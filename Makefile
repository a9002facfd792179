# Two commands for a fresh machine: `make serve` and `make test` (`make help` lists
# the rest). Both create .venv with the pinned dependencies on first run (and again
# whenever a requirements file changes).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# The interpreter of the recording targets: PYTHON when given, else the .venv's.
RECORD_PYTHON := $(if $(filter command line environment,$(origin PYTHON)),$(PYTHON),$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)))

.PHONY: help serve build test test-slow test-fast test-snippets record record-downloads record-gpu bench bench-sensitivity portability verify-torch lint format profile-code clean

## List the targets and what they do.
help:
	@awk '/^## /{doc=substr($$0, 4); next} /^[a-z][a-z-]*:/{if (doc) {sub(/:.*/, ""); printf "  make %-16s %s\n", $$0, doc}; doc=""}' $(MAKEFILE_LIST)

$(STAMP): requirements/snippets.txt requirements/docs.txt requirements/dev.txt requirements/downloads.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $(STAMP)

## Serve the site at http://127.0.0.1:8000 (reloads when docs/ or snippets/ change).
serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dirty -a 127.0.0.1:8000

## Build the site into site/ exactly as CI does.
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## Every rule, about 2 minutes: snippets (CPU, and CUDA when present), site guards, browser samples.
# `--dist loadgroup` keeps the standalone guard's sections (one test id each) on one
# worker, so their blocks run in one batch (and the self-tests of one built copy).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not slow"

## The full sweeps (every download run, every page in axe and the browser, every query); CI runs it.
test-slow: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m slow

## Every test except the real-browser ones (no Chromium needed): the quick loop.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not browser and not slow"

## Only the snippets, as a user's CI runs them.
test-snippets: $(STAMP)
	$(BIN)/python -m pytest snippets -n 2

## Record this machine's CPU run for the badges (verification/cpu.json).
record: $(STAMP)
	$(BIN)/python scripts/record_verification.py --runner cpu

## Run every download (.py and notebook) and record it (verification/downloads-cpu.json).
record-downloads: $(STAMP)
	$(BIN)/python -m scripts.downloads.record --runner cpu

## Refresh every GPU record (gpu.json, downloads-gpu.json, bench-gpu.json; needs CUDA).
# A runner's own interpreter: `make record-gpu PYTHON=/path/to/python` (nothing is
# installed); without PYTHON, the project's .venv.
record-gpu:
	$(RECORD_PYTHON) -m scripts.record_gpu

## Strict build, bare Material build and reload after one edit: medians of 5 (~3 min).
build-times: $(STAMP)
	$(BIN)/python -m scripts.build_times

## `pytest snippets` under every CPU dispatch this machine can be forced into (~6 min).
portability: $(STAMP)
	$(BIN)/python -m scripts.portability

## Time snippets/benchmarks on this machine's CPU (verification/bench-cpu.json, <= 5 min; refuses when busy).
bench: $(STAMP)
	$(BIN)/python -m scripts.benchmarks --runner cpu

## On demand: does the interval tell a real step from the same step with 10% more work? (~1 min)
bench-sensitivity: $(STAMP)
	$(BIN)/python -m scripts.benchmarks.sensitivity

## Record `pytest snippets` on another torch, e.g. TORCH=2.6.0 (own venv, cached).
verify-torch:
	@test -n "$(TORCH)" || { echo "usage: make verify-torch TORCH=<version> (see requirements/torch-pairs.tsv)"; exit 2; }
	$(PYTHON) scripts/verify_torch.py $(TORCH)

## Lint and check formatting of the examples, the tooling and the tests (pinned ruff).
lint: $(STAMP)
	$(BIN)/ruff check snippets scripts tests
	$(BIN)/ruff format --check snippets scripts tests

## Format and fix what ruff can fix, in the same folders.
format: $(STAMP)
	$(BIN)/ruff format snippets scripts tests
	$(BIN)/ruff check --fix snippets scripts tests

## Rewrite the score's rules in snippets/selection/score.py from profile/pytorch.yml.
profile-code: $(STAMP)
	$(BIN)/python -m scripts.profile.codegen

## Remove build output and caches.
clean:
	rm -rf site .pytest_cache .cache/build

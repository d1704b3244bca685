# fazhi — run `make help` for the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW ?= data/raw
PROCESSED ?= data/processed
REPORTS ?= reports
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
TEST_JOBS ?= 2
LAB_PORT ?= 8888

.DEFAULT_GOAL := help
.PHONY: help setup build briefing lab test eval bench dictionary clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("fazhi needs Python >= 3.11, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install fazhi with its dependencies

build: $(STAMP) ## Build the processed tables from data/raw into data/processed
	$(BIN)/fazhi build --raw $(RAW) --out $(PROCESSED) --jobs $(JOBS)

briefing: build ## Main command: set up, build the tables, write the offline HTML briefings and the CSV/XLSX export
	$(BIN)/fazhi brief --processed $(PROCESSED) --raw $(RAW) --out $(REPORTS)
	$(BIN)/fazhi export --processed $(PROCESSED)
	@echo "Open $(abspath $(REPORTS))/index.html in a browser (works offline)."

lab: $(STAMP) ## Open the notebooks in JupyterLab (jupytext: the .py files open as notebooks)
	@test -f $(PROCESSED)/documents.parquet || $(MAKE) build
	JUPYTERLAB_SETTINGS_DIR=$(CURDIR)/.jupyter/lab/user-settings $(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) --port=$(LAB_PORT) $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

test: $(STAMP) ## Run the whole test suite (in two worker processes: pytest-xdist, groups in conftest.py)
	$(BIN)/python -m pytest -n $(TEST_JOBS)

eval: $(STAMP) ## Score indicator extraction against the hand annotations in tests/annotations
	$(BIN)/python -m fazhi.evaluate --write-limitations --holdout tests/fixtures/holdout_pingtan --holdout tests/fixtures/holdout_fulllength --holdout tests/fixtures/holdout_openings --holdout tests/fixtures/holdout_openings2 --holdout tests/fixtures/holdout_openings3 --holdout tests/fixtures/holdout_written --holdout tests/fixtures/holdout_written2 --holdout tests/fixtures/holdout_written3 --holdout tests/fixtures/holdout_written4 --holdout tests/fixtures/holdout_written5

bench: $(STAMP) ## Benchmark: builds of 100, 1,000 and 10,000 synthetic documents, briefings of 300:100 and 1,000:300 documents:jurisdictions (slow; see benchmarks/run.py)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

dictionary: $(STAMP) ## Regenerate the data dictionary section of README.md
	$(BIN)/python -m fazhi.readme

clean: ## Remove the virtual environment, processed tables, exports, briefings and caches
	rm -rf $(VENV) .pytest_cache .hypothesis .cache .bench $(REPORTS)
	cd $(PROCESSED) && rm -rf *.parquet current .snapshots snapshot.json .fazhi-build.lock csv datapackage.json fazhi-corpus.xlsx

# lineage_ext developer commands. `make lab` and `make test` are the two the README starts with.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
UV_INSTALL := $(BIN)/uv pip install --python $(BIN)/python
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
RESULTS := build/test-results
# Orchestrator venvs for the export tests live outside the clone so fresh clones on one machine reuse them
# (each venv carries a stamp of its pins and is rebuilt when they change).
export LINEAGE_EXT_ENGINES_DIR ?= $(HOME)/.cache/lineage_ext/engines
APT_TEST_PACKAGES := chromium postgresql git

.PHONY: help install lab test test-deps lint format pytest jest ui-tests engines stress bench docs clean

help:
	@echo "make lab       create .venv, install + build everything, open JupyterLab on the demo notebook"
	@echo "make test      install test dependencies and run lint, pytest, jest and the UI tests"
	@echo "make install   the .venv and the built extension, without starting anything"
	@echo "make lint      ruff, mypy, import-linter, stale wire types, prettier, eslint"
	@echo "make stress    the long stress variants (crash, concurrency, equivalence)"
	@echo "make bench     run the benchmarks in benchmarks/ (JSON on stdout)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

# The package in development mode with its JS build; the labextension is symlinked so rebuilds show up.
install: $(BIN)/python
	$(UV_INSTALL) -e ".[dev]"
	jlpm install --immutable
	jlpm build
	jupyter-builder develop . --overwrite
	@jupyter server extension list 2>&1 | grep -q "lineage_ext.*OK" || (echo "lineage_ext server extension is not enabled" && exit 1)

lab: install
	jupyter lab examples/demo.ipynb $(ROOT_FLAG)

# Debian packages the tests need (a real browser, PostgreSQL, git for DVC), the UI test project, engine venvs.
test-deps: install
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v git >/dev/null || missing="$$missing git"; \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	cd ui-tests && jlpm install --immutable

lint:
	ruff check lineage_ext tests benchmarks scripts
	ruff format --check lineage_ext tests benchmarks scripts
	mypy
	lint-imports
	python -m lineage_ext.server.gen_ts --check
	jlpm lint:check
	mkdocs build --strict --quiet

format:
	ruff check --fix lineage_ext tests benchmarks scripts
	ruff format lineage_ext tests benchmarks scripts
	python -m lineage_ext.server.gen_ts
	jlpm lint

# Two workers, one test file per worker at a time: most tests wait on subprocesses, servers and engines.
pytest:
	python -m pytest -m "not slow" -n 2 --dist loadfile --durations=15 --junitxml=$(RESULTS)/pytest.xml

jest:
	jlpm jest --json --outputFile=$(RESULTS)/jest.json

ui-tests:
	cd ui-tests && jlpm playwright test

# Every runner runs even when an earlier one fails; the last line sums them all. The orchestrator venvs
# for the export tests build in the background (network- and unzip-bound) while lint and jest use the CPU.
test: test-deps
	@mkdir -p $(RESULTS) && rm -f $(RESULTS)/*
	@status=0; \
	python -m tests.engines.build > $(RESULTS)/engines.json 2> $(RESULTS)/engines.log & engines=$$!; \
	$(MAKE) --no-print-directory lint > >(tee $(RESULTS)/lint.log) 2>&1 || { status=1; touch $(RESULTS)/lint.failed; }; \
	$(MAKE) --no-print-directory jest || status=1; \
	wait $$engines || { echo "engine venvs failed to build:"; tail -20 $(RESULTS)/engines.log; }; \
	$(MAKE) --no-print-directory pytest || status=1; \
	$(MAKE) --no-print-directory ui-tests || status=1; \
	python scripts/test_summary.py $(RESULTS) || status=1; \
	exit $$status

engines: install
	python -m tests.engines.build

stress: install
	python -m pytest -m slow

docs: install
	mkdocs build --strict

bench: install
	@for b in benchmarks/*_overhead.py benchmarks/*_perf.py benchmarks/store_*.py benchmarks/runtime_*.py benchmarks/persist_*.py; do \
	  echo "== $$b"; python $$b || exit 1; done
	node benchmarks/graph_layout.mjs 2000

clean:
	rm -rf lib lineage_ext/labextension build tsconfig.tsbuildinfo node_modules ui-tests/node_modules

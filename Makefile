# Aisle Desktop: set-up, checks and runs. GNU make; works as root on a fresh Debian 12 machine
# (installs the system packages Qt needs) and as a normal user (reports what is missing).
#
#   make run       start Aisle Desktop
#   make test      install what is missing, then ruff, mypy, import-linter and pytest (headless)
#   make lint      ruff check, ruff format --check, mypy, import-linter
#   make format    fix what ruff can fix, then format
#   make bench     speed figures: sizing, predict, the window, the bundle
#   make bundle    build the air-gapped bundle (dist/) with its archive and checksum
#   make validate  compare predictions with both measured sets in validation/ (or $(VALIDATION_SET))
#   make fuzz      soak: 10,000 mutated plans and 10,000 mutated catalogs, outcomes counted
#   make clean     remove caches and build output; `make distclean` also removes .venv

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

VENV := .venv
BIN := $(VENV)/bin
# Empty: both shipped sets (2023-25 published, 2025-26 engines); or one file to judge alone.
VALIDATION_SET ?=

# The interpreter for the virtualenv: python3.11, else python3 if it is 3.11 or newer.
# Override with `make PYTHON=/path/to/python3.x test`.
PYTHON ?= $(shell for p in python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 \
	&& $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { command -v $$p; break; }; done)

# The installed environment is stamped with pyproject.toml's checksum, not its date: a change to
# pyproject.toml reinstalls; a checkout or touch that leaves it the same does not.
DEPS_STAMP := $(VENV)/.deps-$(firstword $(shell sha256sum pyproject.toml))

.PHONY: help deps system-packages run test test-core lint format bench validate fuzz bundle bundle-check clean distclean

help:
	@sed -n 's/^#   //p' Makefile

## Set-up ---------------------------------------------------------------------------------------

deps: system-packages $(DEPS_STAMP)

# Cheap when nothing is missing (one dpkg-query), so it runs every time.
system-packages:
	@bash scripts/system-packages.sh "$(PYTHON)"

$(DEPS_STAMP): | system-packages
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Aisle Desktop needs Python 3.11 or newer as python3.11 or python3;" \
			"python3 here is: $$(python3 --version 2>&1 || echo 'not installed')" >&2; \
		exit 1; \
	fi
	@if [ ! -x $(BIN)/python ]; then \
		echo "creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version 2>&1))"; \
		$(PYTHON) -m venv $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.deps-*
	@touch $@

## Checks ---------------------------------------------------------------------------------------

# Qt without a display must not abort the process: checks and tests always run offscreen
# (`make test QT_QPA_PLATFORM=xcb` under Xvfb still overrides it).
test lint: export QT_QPA_PLATFORM := offscreen

lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The Qt-free core (catalog, plan, sizing, the sizing worker, the report's content, cli) runs
# once more in a virtualenv without PySide6 or pyqtgraph, so an accidental Qt import or an
# undeclared package in the core fails here and not on a user's machine: every core module is
# imported, and the commands, the sizing thread, the GPU comparison's child process and the
# report's content run end to end. Everything else runs once, in the main suite: the whole of
# tests/cli and tests/worker a second time here cost CI about 55 s of its 15 minutes, and the
# import of every module already covers what they would add.
CORE_VENV := .venv-core
CORE_STAMP := $(CORE_VENV)/.deps-$(firstword $(shell sha256sum pyproject.toml))
CORE_TESTS := tests/cli/test_core_modules_import.py tests/cli/test_without_qt.py \
	tests/cli/test_cli.py tests/worker/test_sizing_thread.py \
	tests/worker/test_comparison_process.py::test_every_gpu_option_is_the_one_worked_out_here \
	tests/report/test_report_model.py tests/report/test_compare.py

$(CORE_STAMP): pyproject.toml | $(DEPS_STAMP)
	@if [ ! -x $(CORE_VENV)/bin/python ]; then $(PYTHON) -m venv $(CORE_VENV); fi
	$(CORE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BIN)/python scripts/core-requirements.py > $(CORE_VENV)/requirements.txt
	$(CORE_VENV)/bin/python -m pip install --quiet -r $(CORE_VENV)/requirements.txt
	@rm -f $(CORE_VENV)/.deps-*
	@touch $@

test-core: $(CORE_STAMP)
	PYTHONPATH=$(CURDIR) $(CORE_VENV)/bin/python -m pytest -q -p no:cacheprovider $(PYTEST_PARALLEL) \
		-W "ignore:Unknown config option:pytest.PytestConfigWarning" $(CORE_TESTS)

# The air-gapped bundle: built, then its self-test run with no network at all (a network
# namespace without interfaces) where unshare is allowed, as CI (root) can.
bundle: deps
	bash packaging/build-bundle.sh $(BIN)/python

bundle-check: bundle
	@rm -rf build/self-test
	@if unshare -n true 2>/dev/null; then \
		echo "self-test of the bundle with no network (unshare -n):"; \
		unshare -n dist/aisle-desktop/aisle-desktop --self-test build/self-test; \
	else \
		echo "unshare -n is not permitted here: self-test of the bundle with the network present"; \
		dist/aisle-desktop/aisle-desktop --self-test build/self-test; \
	fi

# Both pytest runs spread their tests over one process a core (pytest-xdist; at most 4): on CI's
# two cores the whole `make test` took 15-16.5 minutes with them one after another, past its
# 15-minute limit. `make test PYTEST_PARALLEL=` runs them in one process, as plain `pytest` does.
PYTEST_PARALLEL ?= -n auto --maxprocesses 4

# pytest runs last so that the output ends with its summary line. A test that runs 3 minutes
# gets its stack dumped (faulthandler). The GUI tests once hung about one run in fifteen (garbage
# collection on the sizing thread, fixed: docs/architecture.md); as insurance against another
# such hang, a run that prints nothing for 5 minutes is killed (scripts/quiet-kills.py) and run
# once more, saying so loudly, so that CI shows the stack dump and the real results instead of
# timing out. Silence, not the whole run's length, marks a hang: in one process the suite takes
# 6-8 minutes on a quiet two-core machine and 13-16 with other work on it, and a limit of 13
# minutes on the whole run killed such healthy runs.
PYTEST_SILENT_LIMIT_S := 300

# The checks before pytest run side by side (lint and the bundle each keep one core busy, mypy
# and PyInstaller), each target's output printed whole when it ends (-O): one after another they
# cost CI a minute more of its 15.
test: deps
	@$(MAKE) --no-print-directory -j2 -O lint bundle-check
	@$(MAKE) --no-print-directory test-core
	@$(BIN)/python scripts/quiet-kills.py $(PYTEST_SILENT_LIMIT_S) \
		$(BIN)/pytest $(PYTEST_PARALLEL) -o faulthandler_timeout=180 || { \
		code=$$?; \
		if [ $$code -ne 137 ]; then exit $$code; fi; \
		echo "pytest printed nothing for $(PYTEST_SILENT_LIMIT_S) s (stack dump above):" \
			"running it once more"; \
		$(BIN)/pytest $(PYTEST_PARALLEL); \
	}

format: deps
	$(BIN)/ruff check --fix --exit-zero .
	$(BIN)/ruff format .

## Running --------------------------------------------------------------------------------------

run: deps
	$(BIN)/aisle-desktop

bench: deps
	@if [ ! -f benchmarks/run.py ]; then \
		echo "error: benchmarks/run.py does not exist yet" >&2; exit 1; \
	fi
	$(BIN)/python benchmarks/run.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/gui.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/preview.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/preview.py 200
	$(BIN)/python benchmarks/bundle.py

validate: deps
	$(BIN)/python -m aisle_desktop.cli.validate_cmd $(VALIDATION_SET) --report validation

# Refused cleanly / accepted / tracebacks / hangs / files modified, per kind; exits 1 on any of
# the last three. About an hour on two cores; CI runs 120 (tests/fuzz).
FUZZ_SEED ?= 12
fuzz: deps
	nice -n 10 $(BIN)/python -m tests.fuzz.harness --plans 10000 --catalogs 10000 \
		--seed $(FUZZ_SEED) --workers 2

## Cleaning -------------------------------------------------------------------------------------

clean:
	rm -rf build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis \
		.import_linter_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(CORE_VENV)

# The two commands: `make run` (install and open the app) and `make test` (install and run the suite).
# Both work on a bare machine with Python 3.11+ and make; the venv is only rebuilt when
# pyproject.toml changes, so a repeated `make test` installs nothing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test lint format sysdeps test-sysdeps screenshots bench clean dist

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Qt's system libraries (xcb, EGL, fonts): installed with apt when root, otherwise named.
# The tests also need Xvfb (the smoke test runs the real window on an X server).
sysdeps: $(STAMP)
	$(BIN)/python -m studyapp.gui.sysdeps --install

test-sysdeps: $(STAMP)
	$(BIN)/python -m studyapp.gui.sysdeps --install --tests

run: $(STAMP) sysdeps
	$(BIN)/studyapp

test: $(STAMP) test-sysdeps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check studyapp tests benchmarks scripts packaging
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format studyapp tests benchmarks scripts packaging
	$(BIN)/ruff check --fix .

screenshots: $(STAMP) sysdeps
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	for b in benchmarks/[a-z]*.py; do \
	  case $$b in *bench_handlers.py) continue;; esac; \
	  echo "== $$b"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; \
	done

# -- packaging (packaging/, docs/architecture.md "Packaging") ------------------------------
# The wheel and the self-contained Linux bundle (PyInstaller, one folder, as a .tar.gz) in dist/.
# Needs only Python 3.11+: the build tools (the `dist` extra: PyInstaller) go into their own
# venv in build/, binutils and Qt's xcb libraries are installed with apt when root.
dist:
	$(PYTHON) packaging/build_bundle.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache

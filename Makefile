# ChainAtlas: two set-up commands, `make demo` and `make test`. CI runs `make test` too.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint typecheck unit bench-extract bench-speed clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Load the built-in demo corpus into the embedded database and summarise it.
demo: install
	$(BIN)/chainatlas demo

## The whole suite: lint, format check, types, tests.
test: lint typecheck unit

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest

bench-extract: install
	$(BIN)/python benchmarks/extract_quality.py

bench-speed: install
	$(BIN)/python benchmarks/extract_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# ChainAtlas: two set-up commands, `make demo` and `make test`. CI runs `make test` too.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
VENDOR := src/chainatlas/web/static/vendor
ASSETS := $(VENDOR)/.assets-stamp

.PHONY: install assets browser demo test lint typecheck unit bench-extract bench-speed bench-kb clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Front-end libraries come from npm at build time and are served by the app itself:
# the pages never fetch anything from the internet.
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/echarts/dist/echarts.min.js node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	# Noto Sans SC (SIL OFL) for PDF briefings and charts: a CJK font that every install has.
	mkdir -p $(VENDOR)/fonts
	cp node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf $(VENDOR)/fonts/NotoSansSC-Regular.ttf
	cp node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf $(VENDOR)/fonts/NotoSansSC-Bold.ttf
	cp node_modules/@expo-google-fonts/noto-sans-sc/LICENSE_FONT $(VENDOR)/fonts/LICENSE-OFL.txt
	touch $(ASSETS)

assets: $(ASSETS)

install: $(STAMP) $(ASSETS)

## Debian's Chromium for the browser tests (Playwright drives it via executable_path).
browser:
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

## Load the built-in demo corpus into the embedded database, summarise it, and serve
## the web application with demo logins (Ctrl-C stops it).
demo: install
	$(BIN)/chainatlas demo
	$(BIN)/chainatlas serve --demo

## The whole suite: lint, format check, types, tests.
test: lint typecheck unit

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

unit: install browser
	$(BIN)/pytest

bench-extract: install
	$(BIN)/python benchmarks/extract_quality.py

bench-speed: install
	$(BIN)/python benchmarks/extract_speed.py

bench-kb: install
	$(BIN)/python benchmarks/kb_scale.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache .mypy_cache .ruff_cache

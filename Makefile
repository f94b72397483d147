# xxgk — two commands: `make run` (set up, build the default database, serve) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := data/xxgk.duckdb
# The seed documents and the real-report corpus, read where they live (never copied into the repository).
export XXGK_SEEDS ?= $(abspath ../shared/seeds)
export XXGK_CORPUS ?= $(abspath ../shared/corpus)
PORT ?= 8501
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
# Installed packages come with their bytecode: where the environment sets PYTHONDONTWRITEBYTECODE,
# every process (the CLI, each build, each test's subprocess, the app) would otherwise compile
# pandas, plotly, streamlit … again at import, about 5 s each.
export UV_COMPILE_BYTECODE := 1
# Plotly's static export uses Debian's chromium; nothing downloads a browser.
export BROWSER_PATH := /usr/bin/chromium

UV = $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
SEEDS := $(shell find "$(XXGK_SEEDS)" -type f 2>/dev/null)
ETL_SOURCES := $(shell find etl -type f \( -name '*.py' -o -name '*.sql' -o -name '*.csv' -o -name '*.toml' \) 2>/dev/null)

.PHONY: setup run test test-long lint bench db system-deps bytecode clean

setup: $(VENV)/.synced system-deps bytecode

# The locked environment. Installs uv (the locking tool) from PyPI when the machine lacks it.
$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || \
		$(PYTHON) -m pip install --quiet "uv>=0.9" || \
		$(PYTHON) -m pip install --quiet --user --break-system-packages "uv>=0.9"
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

# The project's own bytecode, for the same reason (only changed files are compiled again).
bytecode: $(VENV)/.synced
	@$(BIN)/python -m compileall -q -j 0 etl dashboard xxgk bench tests >/dev/null

# Chromium (browser tests, chart export) and CJK fonts, from Debian's packages. A TrueType CJK font
# (WenQuanYi Micro Hei) too: a PDF that names a CJK font without embedding it makes pdfium substitute
# a system font for every document, and with only Noto's OpenType (CFF) collection that took 3-4×
# longer per page than reading the page itself (same text either way).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
		|| [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk fonts-wqy-microhei >/dev/null; \
	fi

# The default database, rebuilt when the sample reports or the parser change. Exit code 1 means
# some files were recorded as ingest errors; the build still loaded the rest.
$(DB): $(SEEDS) $(ETL_SOURCES) | $(VENV)/.synced
	@if [ -d "$(XXGK_SEEDS)" ]; then \
		$(BIN)/xxgk build --quiet --input "$(XXGK_SEEDS)" --db $(DB) || [ $$? -eq 1 ]; \
	else echo "(no seed documents at $(XXGK_SEEDS))"; fi
	@if [ -d "$(XXGK_CORPUS)/files" ]; then \
		$(BIN)/xxgk build --quiet --input "$(XXGK_CORPUS)/files" --db $(DB) || [ $$? -eq 1 ]; \
	else echo "(no real-report corpus at $(XXGK_CORPUS): the default database holds the seed documents only)"; fi
	@touch $@

db: $(DB)

run: setup $(DB)
	$(BIN)/xxgk serve --db $(DB) --port $(PORT)

lint: $(VENV)/.synced
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup lint
	$(BIN)/pytest

# Tests of minutes (a build while ten browser users use the dashboard), left out of `make test`.
test-long: setup
	$(BIN)/pytest -m long

# Benchmarks print figures and ratios to their targets; they are reports, not tests.
bench: setup $(DB)
	$(BIN)/python bench/parse_speed.py
	$(BIN)/python bench/build_scale.py --reports 20000 --speedup-sample 4000
	$(BIN)/python bench/dask_equivalence.py --reports 600
	$(BIN)/python bench/dashboard_speed.py $(DB) --pages
	$(BIN)/python bench/dashboard_speed.py --generate 200000 --reuse --pages

clean:
	rm -rf $(VENV) $(DB) $(DB).texts data/parquet tests/artifacts

# Fuzzing, the long run: FUZZ_MUTATIONS (10,000) mutated copies of the real and generated reports
# (truncated, bytes flipped, re-encoded, absurd numbers, deep markup, junk …) built in batches; prints
# the counts per mutation and outcome and exits 1 on a build crash, an implausible fact, an unreadable
# error or a file left unaccounted. Takes hours on two cores; the CI part is tests/test_fuzz.py.
FUZZ_MUTATIONS ?= 10000
.PHONY: fuzz
fuzz: $(VENV)/.synced
	$(BIN)/python -m tests.test_fuzz --mutations $(FUZZ_MUTATIONS)

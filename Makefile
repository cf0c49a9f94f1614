# Quick start: `make demo` and `make test`. Both create the virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCENARIO ?= russia-2022

.PHONY: demo test lint typecheck unit docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

DEMO_OUT ?= out/$(basename $(notdir $(SCENARIO)))

demo: $(STAMP)
	$(BIN)/accord validate $(SCENARIO)
	rm -rf $(DEMO_OUT) && mkdir -p $(dir $(DEMO_OUT))
	$(BIN)/accord run $(SCENARIO) --runs 1000 --seed 1 --out $(DEMO_OUT)
	@echo "report: $(abspath $(DEMO_OUT))/report.html"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

# The documentation site (MkDocs Material, API reference from the docstrings, the executed
# tutorial) into build/site; any warning fails the build.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

test: lint typecheck unit docs

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .cache build/site

# The only entry points: `make demo` and `make test` do all setup on a fresh machine.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint fmt bench venv system-deps postgres clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

demo: venv system-deps
	$(BIN)/uppfolj demo --db demo-out/demo.sqlite3 --out demo-out --serve

test: venv system-deps
	bash scripts/test.sh

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

fmt: venv
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: venv system-deps
	bash scripts/bench.sh

clean:
	rm -rf $(VENV) demo-out bench/data bench/out

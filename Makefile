# openhexo: `make run` serves the API on http://127.0.0.1:8000, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: install
	$(BIN)/openhexo migrate
	$(BIN)/openhexo serve --demo --host $(HOST) --port $(PORT) $(if $(TLS),--tls)

test: install
	$(BIN)/ruff check openhexo tests
	$(BIN)/ruff format --check openhexo tests
	OPENHEXO_DATA_DIR=$$(mktemp -d) $(BIN)/pytest

lint: install
	$(BIN)/ruff check openhexo tests
	$(BIN)/ruff format --check openhexo tests

format: install
	$(BIN)/ruff check --fix openhexo tests
	$(BIN)/ruff format openhexo tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# The whole set-up: `make local` runs the service on loopback, `make test` runs every test.
# Both build .venv from pinned requirements on first use (only python3 and make are needed).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONPATH := layers/common/python:.
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: venv local test lint typecheck unit bench token openapi clean

venv: $(STAMP)

$(STAMP): requirements/dev.txt layers/common/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $(STAMP)

local: $(STAMP)
	$(BIN)/python -m devkit.stack

token: $(STAMP)
	@$(BIN)/python -m devkit.token $(USER)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check layers devkit functions scripts tests

typecheck: $(STAMP)
	$(BIN)/mypy layers/common/python/taskexec devkit

unit: $(STAMP)
	$(BIN)/pytest -n 2

test: lint typecheck unit

openapi: $(STAMP)
	$(BIN)/python -m scripts.openapi > docs/openapi.json

bench: $(STAMP)
	$(BIN)/python -m scripts.bench

clean:
	rm -rf $(VENV) .local .aws-sam .build .pytest_cache .mypy_cache .ruff_cache

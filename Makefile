# The whole set-up: `make local` runs the service on loopback, `make test` runs every test.
# Both build .venv from pinned requirements on first use (only python3 and make are needed).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONPATH := layers/common/python:.
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: venv local test lint typecheck unit e2e bench token openapi clean

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
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff format --check layers devkit functions scripts tests

# Every handler module is called app.py, so mypy checks them one at a time.
typecheck: $(STAMP)
	$(BIN)/mypy layers/common/python/taskexec devkit scripts
	for handler in functions/*/app.py; do $(BIN)/mypy --follow-imports=silent $$handler || exit 1; done

# In process against moto: unit, integration, security, faults, load.
unit: $(STAMP)
	$(BIN)/pytest -n 2 -m "not e2e"

# Over HTTP against the local stack (`make local`'s code, started on free ports by the tests).
e2e: $(STAMP)
	$(BIN)/pytest -n 2 -m e2e

test: lint typecheck unit e2e template-lint package

openapi: $(STAMP)
	$(BIN)/python -m scripts.openapi > docs/openapi.json

bench: $(STAMP)
	$(BIN)/python -m scripts.bench

clean:
	rm -rf $(VENV) .venv-sam .venv-checkov .local .aws-sam .build .pytest_cache .mypy_cache .ruff_cache

# --- Packaging and template checks ----------------------------------------------------------------------------
# sam and checkov each get their own venv (their pins conflict with requirements/dev.txt and with each other).
PROJECT_ROOT := $(patsubst %/,%,$(dir $(abspath $(firstword $(MAKEFILE_LIST)))))
SAM_VENV := .venv-sam
SAM_STAMP := $(SAM_VENV)/.installed
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
# sam validate --lint is offline; a region must be set, credentials are not needed.
SAM_ENV := AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} SAM_CLI_TELEMETRY=0

.PHONY: package template-lint build-CommonLayer

$(SAM_STAMP): requirements/sam.txt
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(SAM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/sam.txt
	touch $(SAM_STAMP)

$(CHECKOV_STAMP): requirements/checkov.txt
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/checkov.txt
	touch $(CHECKOV_STAMP)

template-lint: $(STAMP) $(SAM_STAMP) $(CHECKOV_STAMP)
	$(BIN)/cfn-lint template.yaml
	$(SAM_ENV) $(SAM_VENV)/bin/sam validate --lint --template-file template.yaml
	$(CHECKOV_VENV)/bin/checkov --config-file .checkov.yaml --file template.yaml

# Layer and functions for python3.13 / arm64 into .build/ (no Docker), with their sizes.
package: $(STAMP)
	$(BIN)/python -m scripts.package

# Called by `sam build` for CommonLayer (template.yaml: BuildMethod makefile), with ARTIFACTS_DIR set.
build-CommonLayer:
	$(PYTHON) $(PROJECT_ROOT)/scripts/package.py --layer-only --out "$(ARTIFACTS_DIR)"

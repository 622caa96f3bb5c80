# The whole set-up: `make local` runs the service on loopback, `make test` runs every test, `make build` builds
# what `sam deploy` uploads. They build .venv from pinned requirements on first use (make, python3 and a Python
# 3.13 are needed).

# Python 3.13, the Lambda runtime's version, runs the tests and the build: PYTHON313=... if given, else pyenv's
# 3.13, else a python3.13 on PATH. (`make venv PYTHON=...` still picks .venv's interpreter; it must be 3.13.)
PYENV_ROOT_DIR := $(or $(shell pyenv root 2>/dev/null),$(HOME)/.pyenv)
PYTHON313 ?= $(firstword $(wildcard $(PYENV_ROOT_DIR)/versions/3.13*/bin/python3.13) $(shell command -v python3.13 2>/dev/null))
PYTHON ?= $(PYTHON313)
# sam and checkov run in venvs of their own, on the interpreter their pins were frozen with.
TOOLS_PYTHON ?= python3
# Fails the recipe, saying why, unless $(1) is a working Python 3.13.
require-313 = @"$(1)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null || { \
	echo "make: Python 3.13 not found (tried '$(1)'). Install it (pyenv install 3.13.0) or pass PYTHON313=/path/to/python3.13." >&2; \
	exit 1; }
VENV := .venv
BIN := $(VENV)/bin
# Named after the interpreter, so that a .venv made with another Python is made again.
STAMP := $(VENV)/.installed-py313
export PYTHONPATH := layers/common/python:.
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: venv local test lint typecheck in-process $(IN_PROCESS_TIERS) e2e bench token openapi clean

venv: $(STAMP)

$(STAMP): requirements/dev.txt layers/common/requirements.txt
	$(call require-313,$(PYTHON))
	rm -rf $(VENV)
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

# The test tiers, each a folder of tests/ and a target of the same name:
#   unit            plain Python against the package: no moto, no devkit (seconds)
#   devkit          the local emulator itself: gateway, JWT verification, event sources, strict DynamoDB rules
#   infrastructure  template.yaml, the OpenAPI document and the contract's routes, handler imports
#   integration     every route and consumer against moto, tables made from template.yaml; least privilege
#   security        the authorization matrix, JWT attacks, escalation, hostile and malformed input
#   faults          a failure at each AWS call: all or nothing, the contract's code
#   load            concurrent executions under strict rules, bounded by count
#   e2e             `make local`'s stack over HTTP (started on free ports by the tests)
#   browser         pages of the local stack in headless Chromium
# `in-process` runs the first seven in one pytest session (one start-up for both workers); `make test` runs all.
IN_PROCESS_TIERS := unit devkit infrastructure integration security faults load

# A test marked e2e needs the local stack whatever its folder (the load tier's HTTP run): it runs with e2e.
$(IN_PROCESS_TIERS): $(STAMP)
	$(BIN)/pytest -n 2 -m "not e2e" tests/$@

in-process: $(STAMP)
	$(BIN)/pytest -n 2 -m "not e2e" $(addprefix tests/,$(IN_PROCESS_TIERS))

e2e: $(STAMP)
	$(BIN)/pytest -n 2 -m e2e tests/e2e tests/load

test: lint typecheck in-process e2e browser template-lint build

openapi: $(STAMP)
	$(BIN)/python -m scripts.openapi > docs/openapi.json

# The import part measures .aws-sam/build, so the build runs first (sam build is cached: seconds when nothing changed).
bench: $(STAMP) build
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

.PHONY: build template-lint

$(SAM_STAMP): requirements/sam.txt
	$(TOOLS_PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(SAM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/sam.txt
	touch $(SAM_STAMP)

$(CHECKOV_STAMP): requirements/checkov.txt
	$(TOOLS_PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/checkov.txt
	touch $(CHECKOV_STAMP)

template-lint: $(STAMP) $(SAM_STAMP) $(CHECKOV_STAMP)
	$(BIN)/cfn-lint template.yaml
	$(SAM_ENV) $(SAM_VENV)/bin/sam validate --lint --template-file template.yaml
	$(CHECKOV_VENV)/bin/checkov --config-file .checkov.yaml --file template.yaml

# What `sam deploy` uploads, in .aws-sam/build: `sam build` without a container (its python3.13 builder wants a
# python3.13 on PATH, hence the shim directory; the layer gets cp313 / aarch64 wheels from PyPI), then what the
# Lambda runtime already ships is taken out of the layer, every module is compiled by Python 3.13
# (unchecked-hash: the zip's timestamps cannot invalidate the byte code, and read-only /opt and /var/task could
# not hold a rewritten one), and scripts/build_report.py checks wheels and byte code and prints the sizes.
PY313_SHIM := .build/py313-bin
build: $(SAM_STAMP)
	$(call require-313,$(PYTHON313))
	mkdir -p $(PY313_SHIM) && ln -sfn "$$(realpath $(PYTHON313))" $(PY313_SHIM)/python3.13
	PATH="$(PROJECT_ROOT)/$(PY313_SHIM):$$PATH" PYTHONPATH= $(SAM_ENV) $(SAM_VENV)/bin/sam build --template-file template.yaml
	$(PYTHON313) scripts/build_report.py prune .aws-sam/build
	$(PYTHON313) -m compileall -q -f --invalidation-mode unchecked-hash .aws-sam/build
	$(PYTHON313) scripts/build_report.py check .aws-sam/build

# --- The console and Swagger UI in a browser ---------------------------------------------------------------------
# tests/browser drives Debian's chromium through chromedriver (axe-core comes from requirements/dev.txt). Installed here when missing and we are root (CI);
# otherwise the test fails and says how to install it.
.PHONY: chromium browser

chromium:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver; \
	else echo "chromium/chromedriver not found and not root: the browser tests will fail; install chromium chromium-driver"; fi

# Pages of the local stack in headless Chromium; screenshots go to .local/artifacts/.
browser: $(STAMP) chromium
	$(BIN)/pytest tests/browser

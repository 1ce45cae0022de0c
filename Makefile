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

# PolNeAR evaluation: the shared corpus sits beside the repo (not in it).
SHARED_CORPUS ?= $(abspath $(CURDIR)/../shared/corpus)
POLNEAR_SPLIT ?= dev
POLNEAR_DIR := $(SHARED_CORPUS)/polnear/$(POLNEAR_SPLIT)
POLNEAR_WAREHOUSE ?= $(CURDIR)/data/polnear_$(POLNEAR_SPLIT).duckdb

# dagster-dbt reads the asset graph from dbt's manifest: parsed before every
# command that loads the code location (`dagster dev` parses on its own).
# The build passes the warehouse path as a var: parsing with the same one
# lets its first dbt step reuse this parse.
DBT_PARSE = cd dbt_project && ../$(BIN)/dbt parse --profiles-dir . --quiet --vars '{"warehouse_path": "$(WAREHOUSE_PATH)"}'


# `make docs`: the dbt docs site and GX Data Docs of the built warehouse.
DOCS_DIR ?= $(CURDIR)/docs/site
# dbt's working files of the docs build (manifest, catalog, compiled SQL): kept
# out of dbt_project/target, whose manifest.json Dagster reads.
DBT_DOCS_TARGET ?= $(CURDIR)/data/dbt_docs_target

# The distributed profile (README, "Beyond one machine"): the warehouse as a
# DuckLake (catalog in PostgreSQL, data files in LAKE_DATA_PATH), Dagster's
# instance in PostgreSQL, extraction on Celery workers (RabbitMQ). It has a
# virtual environment of its own: the DuckLake extension wheels pin duckdb
# to 1.5.5, and the default profile keeps its newer duckdb.
DVENV := .venv-distributed
DBIN := $(DVENV)/bin
DSTAMP := $(DVENV)/.installed
PG_HOST ?= 127.0.0.1
LAKE_DB ?= quote_warehouse_lake
DAGSTER_DB ?= quote_warehouse_dagster
DIST_WORKERS ?= 2
DIST_ENV = WAREHOUSE_PATH="ducklake:postgres:dbname=$(LAKE_DB) host=$(PG_HOST)" \
	LAKE_DATA_PATH="$(CURDIR)/data/lake" \
	EXTRACT_BROKER_URL="$${EXTRACT_BROKER_URL:-pyamqp://guest:guest@$(PG_HOST):5672//}" \
	DAGSTER_HOME="$(CURDIR)/.dagster_home_distributed" \
	DAGSTER_POSTGRES_URL="postgresql+psycopg2://postgres@$(PG_HOST):5432/$(DAGSTER_DB)"

.PHONY: install warehouse test test-slow evaluate evaluate-polnear train ui docs clean \
	install-distributed warehouse-distributed test-distributed

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(DBT_PARSE)
	touch $(STAMP)

install: $(STAMP)

# The manifest is parsed again only when the dbt project changed.
MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := dbt_project/dbt_project.yml dbt_project/profiles.yml \
	$(shell find dbt_project/models dbt_project/macros dbt_project/seeds dbt_project/tests -type f 2>/dev/null)
$(MANIFEST): $(STAMP) $(DBT_SOURCES)
	$(DBT_PARSE)

warehouse: $(MANIFEST)
	$(BIN)/quote-warehouse build

evaluate: $(STAMP)
	$(BIN)/quote-warehouse evaluate

# Build the PolNeAR split through the real pipeline into its own warehouse, then score it.
evaluate-polnear: $(STAMP)
	@test -d "$(POLNEAR_DIR)/text" && test -d "$(POLNEAR_DIR)/attributions" || { \
	  echo "PolNeAR corpus not found at $(POLNEAR_DIR) (needs text/ and attributions/)." >&2; \
	  echo "Set SHARED_CORPUS=/path/to/shared/corpus (see shared/corpus/README.md)." >&2; exit 2; }
	rm -f "$(POLNEAR_WAREHOUSE)"
	$(DBT_PARSE)
	RAW_DIR="$(POLNEAR_DIR)/text" WAREHOUSE_PATH="$(POLNEAR_WAREHOUSE)" $(BIN)/quote-warehouse build
	WAREHOUSE_PATH="$(POLNEAR_WAREHOUSE)" $(BIN)/quote-warehouse evaluate --polnear "$(POLNEAR_DIR)"

# Retrain the extractor's learned model on PolNeAR train (dev scored, not
# trained on) and install it: the same bytes on the same data.
train: $(STAMP)
	@test -d "$(SHARED_CORPUS)/polnear/train/attributions" || { \
	  echo "PolNeAR corpus not found at $(SHARED_CORPUS)/polnear (set SHARED_CORPUS)." >&2; exit 2; }
	$(BIN)/quote-warehouse train --train "$(SHARED_CORPUS)/polnear/train" \
	  --dev "$(SHARED_CORPUS)/polnear/dev" --replace

test: $(STAMP)
	$(DBT_PARSE)
	$(BIN)/python -m pytest -q -m "not slow and not distributed"

# The long robustness tests (a real 200 MB file, 100+ kills); CI runs them too.
test-slow: $(STAMP)
	$(DBT_PARSE)
	$(BIN)/python -m pytest -q -m "slow and not distributed"

$(DSTAMP): pyproject.toml
	test -d $(DVENV) || $(PYTHON) -m venv $(DVENV)
	$(DBIN)/python -m pip install --quiet --upgrade pip
	$(DBIN)/python -m pip install --quiet -e ".[dev,distributed]"
	touch $(DSTAMP)

install-distributed: $(DSTAMP)

# Build seeds/ (RAW_DIR) into the DuckLake with DIST_WORKERS local Celery
# workers, started for the build and stopped after. Needs PostgreSQL and
# RabbitMQ (EXTRACT_BROKER_URL overrides the broker).
warehouse-distributed: $(DSTAMP)
	cd dbt_project && ../$(DBIN)/dbt parse --profiles-dir . --quiet
	$(DBIN)/python -m orchestration.distributed ensure-db \
	  "dbname=$(LAKE_DB) host=$(PG_HOST) user=postgres" "dbname=$(DAGSTER_DB) host=$(PG_HOST) user=postgres"
	$(DIST_ENV) $(DBIN)/quote-warehouse build --start-workers $(DIST_WORKERS)

# The distributed profile's tests, on this machine's PostgreSQL and RabbitMQ;
# CI runs them too. (`make test` and `make test-slow` need no service.)
test-distributed: $(DSTAMP)
	cd dbt_project && ../$(DBIN)/dbt parse --profiles-dir . --quiet
	$(DBIN)/python -m pytest -q -m distributed

# Docs of the warehouse at WAREHOUSE_PATH (build it first: make warehouse), in
# $(DOCS_DIR): index.html links dbt/index.html (dbt docs, one static page) and
# gx/index.html (GX Data Docs: every suite validated on the warehouse).
docs: $(STAMP)
	@test -f "$(abspath $(WAREHOUSE_PATH))" || { echo "No warehouse at $(WAREHOUSE_PATH): run make warehouse first." >&2; exit 2; }
	mkdir -p "$(DOCS_DIR)/dbt"
	printf '# built by make docs\n*\n' > "$(DOCS_DIR)/.gitignore"
	cd dbt_project && ../$(BIN)/dbt docs generate --static --profiles-dir . --quiet \
	  --target-path "$(DBT_DOCS_TARGET)" --vars '{"warehouse_path": "$(abspath $(WAREHOUSE_PATH))"}'
	cp "$(DBT_DOCS_TARGET)/static_index.html" "$(DOCS_DIR)/dbt/index.html"
	$(BIN)/python -m quote_warehouse.quality.data_docs "$(DOCS_DIR)" --warehouse "$(abspath $(WAREHOUSE_PATH))"

ui: $(STAMP)
	mkdir -p $(DAGSTER_HOME)
	cp orchestration/dagster.yaml $(DAGSTER_HOME)/dagster.yaml  # runs queued one at a time
	# the venv first on PATH: under `dagster dev` dagster-dbt parses the project with the `dbt` it finds there
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/dagster dev -h 127.0.0.1 -p 3000 -m orchestration.definitions

# The analysts' page (docs/app.md): Streamlit on http://127.0.0.1:$(APP_PORT)
# over the published marts (PUBLISHED_PATH, beside WAREHOUSE_PATH), read-only,
# so it runs during a build and reloads when a build publishes.
.PHONY: app
app: $(STAMP)
	$(BIN)/python -m quote_warehouse.analysis.serve

clean:
	rm -rf $(VENV) $(DVENV) data dbt_project/target dbt_project/logs .dagster_home .dagster_home_distributed

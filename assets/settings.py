"""One place for every path, table name and tunable of the pipeline.

Paths come from environment variables so the same code serves the CLI build,
the tests (a temp dir) and `dagster dev`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"

DEFAULT_RAW_DIR = PROJECT_ROOT / "seeds"
DEFAULT_WAREHOUSE_PATH = PROJECT_ROOT / "data" / "warehouse.duckdb"

# Files larger than this are rejected at ingest: no news article is 20 MB of text.
MAX_FILE_BYTES = int(os.environ.get("MAX_FILE_BYTES", 20 * 1024 * 1024))

# Schemas of the warehouse. `raw` and `extract` are written by Python assets,
# `staging` and `marts` by dbt.
RAW_SCHEMA = "raw"
EXTRACT_SCHEMA = "extract"
STAGING_SCHEMA = "staging"
MARTS_SCHEMA = "marts"

# Tables the Python assets own, by schema. dbt declares them as sources with
# the same names (dbt_project/models/staging/_sources.yml).
RAW_TABLES = ("raw_files", "rejected_files", "landing_files")
EXTRACT_TABLES = (
    "documents",
    "statements",
    "statement_parts",
    "speakers",
    "events",
    "event_participants",
    "document_clusters",
)
MART_TABLES = (
    "documents",
    "speakers",
    "statements",
    "statement_sources",
    "events",
    "event_participants",
    "rejected_files",
)


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse_path: Path

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            raw_dir=Path(os.environ.get("RAW_DIR", DEFAULT_RAW_DIR)).resolve(),
            warehouse_path=Path(
                os.environ.get("WAREHOUSE_PATH", DEFAULT_WAREHOUSE_PATH)
            ).resolve(),
        )

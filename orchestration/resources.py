"""Resources, configured from environment variables (RAW_DIR, WAREHOUSE_PATH)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource

from assets.settings import DBT_PROJECT_DIR, Settings


class WarehouseResource(ConfigurableResource):
    """Where raw files land and where the DuckDB warehouse lives."""

    raw_dir: str
    warehouse_path: str

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def db_path(self) -> Path:
        return Path(self.warehouse_path)

    def export_env(self) -> None:
        """dbt reads the warehouse path from the environment (profiles.yml)."""
        os.environ["WAREHOUSE_PATH"] = str(self.db_path)


def dbt_executable() -> Path:
    """The dbt of this interpreter's environment, never whatever is on PATH."""
    return Path(sys.executable).parent / "dbt"


def build_resources(settings: Settings | None = None) -> dict:
    settings = settings or Settings.from_env()
    return {
        "warehouse": WarehouseResource(
            raw_dir=str(settings.raw_dir), warehouse_path=str(settings.warehouse_path)
        ),
        "dbt": DbtCliResource(
            project_dir=str(DBT_PROJECT_DIR),
            profiles_dir=str(DBT_PROJECT_DIR),
            dbt_executable=str(dbt_executable()),
        ),
    }

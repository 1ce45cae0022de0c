"""The resources every asset, check and sensor uses.

`WarehouseResource` carries the settings (quote_warehouse/settings.py): a
field left unset takes its environment variable, or the default, when a run
starts, so the one `Definitions` serves `dagster dev`, the CLI and the tests
(which set fields explicitly). `dbt` runs the project at DBT_PROJECT, with
the dbt of this interpreter's environment, never whatever is on PATH.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

from dagster import ConfigurableResource, InitResourceContext
from pydantic import PrivateAttr
from dagster_dbt import DbtCliResource, DbtProject

from quote_warehouse.settings import DBT_PROJECT_DIR, Settings, is_lake
from quote_warehouse.store.build_lock import BuildLock
from quote_warehouse.store.lake import create_lake

DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` the manifest is parsed again on load; elsewhere
# (`make warehouse`, tests, deployments) `dbt parse` has made it.
DBT_PROJECT.prepare_if_dev()


class WarehouseResource(ConfigurableResource):
    """Where raw files land, where the DuckDB warehouse lives, and how a run
    reads and writes them. Unset fields come from the environment at run time."""

    raw_dir: Optional[str] = None
    warehouse_path: Optional[str] = None
    lake_data_path: Optional[str] = None
    extract_broker_url: Optional[str] = None
    published_path: Optional[str] = None
    max_file_bytes: Optional[int] = None
    lock_wait_seconds: Optional[float] = None
    build_wait_seconds: Optional[float] = None
    extract_workers: Optional[int] = None
    extract_batch_size: Optional[int] = None
    ingest_batch_size: Optional[int] = None
    landing_settle_seconds: Optional[float] = None
    extract_timeout_seconds: Optional[float] = None
    expectations_dir: Optional[str] = None
    crash_at: Optional[str] = None
    # False for the steps of the distributed profile's partitions
    # (assets/extract_partitions.py), which run inside the build that holds
    # the lock, at the same time, on any machine.
    hold_build_lock: bool = True

    _build_lock: Optional[BuildLock] = PrivateAttr(default=None)

    def setup_for_execution(self, context: InitResourceContext) -> None:
        """A run holds the warehouse's build lock from its first step to its
        end, so builds queue behind each other (`store.build_lock`); sensor
        ticks and other uses outside a run take no lock."""
        if context.dagster_run is not None:
            s = self.settings
            if self.hold_build_lock:  # a build (partition steps run inside one: the lake exists)
                if is_lake(s.warehouse_path):  # the distributed profile: its catalog is made on first use
                    create_lake(str(s.warehouse_path), s.lake_data_path)
                self._build_lock = BuildLock(s.local_path, s.build_wait_seconds, on_wait=context.log.info)

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        if self._build_lock is not None:
            self._build_lock.release()
            self._build_lock = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "WarehouseResource":
        return cls(raw_dir=str(settings.raw_dir), warehouse_path=str(settings.warehouse_path),
                   lake_data_path=str(settings.lake_data_path), extract_broker_url=settings.extract_broker_url,
                   published_path=str(settings.publish_path),
                   max_file_bytes=settings.max_file_bytes, lock_wait_seconds=settings.lock_wait_seconds,
                   build_wait_seconds=settings.build_wait_seconds,
                   extract_workers=settings.extract_workers, extract_batch_size=settings.extract_batch_size,
                   ingest_batch_size=settings.ingest_batch_size,
                   landing_settle_seconds=settings.landing_settle_seconds,
                   extract_timeout_seconds=settings.extract_timeout_seconds,
                   expectations_dir=str(settings.expectations_dir),
                   crash_at=settings.crash_at)

    @property
    def settings(self) -> Settings:
        """The settings in force now: the environment's, with this resource's fields on top."""
        return Settings.from_env().with_overrides(
            raw_dir=self.raw_dir, warehouse_path=self.warehouse_path, lake_data_path=self.lake_data_path,
            extract_broker_url=self.extract_broker_url, published_path=self.published_path,
            max_file_bytes=self.max_file_bytes,
            lock_wait_seconds=self.lock_wait_seconds, build_wait_seconds=self.build_wait_seconds,
            extract_workers=self.extract_workers,
            extract_batch_size=self.extract_batch_size, ingest_batch_size=self.ingest_batch_size,
            landing_settle_seconds=self.landing_settle_seconds,
            extract_timeout_seconds=self.extract_timeout_seconds,
            expectations_dir=self.expectations_dir, crash_at=self.crash_at)


def build_resources(settings: Settings | None = None) -> dict:
    """Resources for the Definitions: from `settings` when given (tests, the
    CLI), otherwise every setting is read from the environment at run time."""
    return {
        "warehouse": WarehouseResource.from_settings(settings) if settings else WarehouseResource(),
        "dbt": DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=str(Path(sys.executable).parent / "dbt")),
    }

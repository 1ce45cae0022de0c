"""dbt models and seeds as Dagster assets, keyed [schema, name].

Sources map to [source name, table], the keys of the Python assets that write
them, so raw file -> extract -> staging -> marts is one connected graph; dbt
tests become asset checks (blocking when their severity is error).
"""


import json
import math
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, Output
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from assets.resources import DBT_PROJECT, WarehouseResource
from assets.table_metadata import table_metadata
from quote_warehouse.faults import crash_point
from quote_warehouse.settings import is_lake
from quote_warehouse.store.connection import WarehouseLockedError, connect
from quote_warehouse.store.pending import clear_pending_documents, forget_marts_build, marts_need_full_refresh
from quote_warehouse.store.schema import ensure_dedup_tables, ensure_extract_tables, ensure_raw_tables


class WarehouseTranslator(DagsterDbtTranslator):
    """Key dbt nodes by schema: sources [source, table], models [schema, model]."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        schema = dbt_resource_props.get("config", {}).get("schema") or dbt_resource_props.get("schema")
        return AssetKey([schema, dbt_resource_props["name"]])

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        """The description written in the yml for analysts, not a dump of the SQL."""
        return dbt_resource_props.get("description") or f"dbt {dbt_resource_props['resource_type']} " \
            f"{dbt_resource_props['name']}"

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> "str | None":
        schema = dbt_resource_props.get("config", {}).get("schema")
        return schema or "dbt"



_TRANSLATOR = WarehouseTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

# Two dbt steps, so a failing check on staging stops the marts: staging views,
# the intermediate tables and the seeds first; then Dagster runs the blocking
# checks of those assets (dbt tests, the GX staging suite), and only when they
# pass does the marts step run. Until then the marts keep their previous rows.
STAGING_SELECT = "path:models/staging path:models/intermediate path:seeds"
MARTS_SELECT = "path:models/marts"


def _keep_partial_parse(target_path: Path) -> None:
    """Keep the parse state of this invocation for the next one.

    dagster-dbt gives every invocation its own target folder, seeded with
    the project's `target/partial_parse.msgpack`; dbt re-parses the whole
    project when that file was made with another profile (another
    WAREHOUSE_PATH). Copying the fresh file back saves the re-parse (a few
    seconds per dbt step) on every later run against the same warehouse.
    """
    fresh = Path(target_path) / "partial_parse.msgpack"
    if fresh.exists():
        shutil.copyfile(fresh, DBT_PROJECT.project_dir / "target" / "partial_parse.msgpack")


def _dbt_build(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource,
               extra_args: list[str], crash_stage: str | None = None) -> Iterator:
    """`dbt build` of the asset's selection against the run's warehouse
    (profiles.yml reads it from the `warehouse_path` var).

    dbt's events are gathered while it runs and yielded once it has exited,
    each model with its row count and column schema (names, types and the
    dbt descriptions) read on one read-only connection: DuckDB lets no
    other process read while dbt writes. A failed build raises after the
    events of what did build are yielded."""
    s = warehouse.settings
    _prepare_warehouse(s.warehouse_path, s.lock_wait_seconds)
    dbt_vars = json.dumps({"warehouse_path": str(s.warehouse_path),
                           "connect_attempts": dbt_connect_attempts(s.lock_wait_seconds)})
    colours = [] if sys.stdout.isatty() else ["--no-use-colors"]
    target = ["--target", "lake"] if is_lake(s.warehouse_path) else []  # profiles.yml
    invocation = dbt.cli(["build", *colours, *target, "--vars", dbt_vars, *extra_args], context=context)
    events, failure = [], None
    try:
        for event in invocation.stream():
            events.append(event)
            if crash_stage:
                crash_point(crash_stage, s.crash_at)  # tests only: killed while dbt builds the rest
    except Exception as exc:  # noqa: BLE001 - re-raised below, after what did build is reported
        failure = exc
    _end_of(invocation.process, s.lock_wait_seconds)  # dbt holds the file until it has exited
    _keep_partial_parse(invocation.target_path)
    if failure is None:
        yield from _with_table_metadata(context, events, s.warehouse_path, s.lock_wait_seconds)
        return
    try:
        yield from _with_table_metadata(context, events, s.warehouse_path, s.lock_wait_seconds)
    except WarehouseLockedError:
        yield from events  # the metadata must not hide why dbt failed
    raise failure


def _end_of(process: subprocess.Popen, wait: float) -> None:
    """Wait for dbt to exit (it has when its output ended, unless reading
    it failed), killing it after `wait` seconds: a dbt left running would
    hold the warehouse's write lock against every later step."""
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def dbt_connect_attempts(lock_wait: float) -> int:
    """dbt-duckdb sleeps 2**k s after its k-th failed connect: the fewest
    attempts whose sleeps add up to the build's lock wait."""
    return max(1, math.ceil(math.log2(lock_wait + 1)))


def _with_table_metadata(context: AssetExecutionContext, events: list, db_path: Path,
                         lock_wait: float) -> Iterator:
    """The events, each model's output with its row count and column schema."""
    keys = {id(e): context.asset_key_for_output(e.output_name) for e in events if isinstance(e, Output)}
    tables = table_metadata(db_path, list(keys.values()), lock_wait)
    for event in events:
        extra = tables.get(keys.get(id(event)))
        yield event.with_metadata({**event.metadata, **extra}) if extra else event


def _prepare_warehouse(db_path: Path, lock_wait: float) -> None:
    """Open the file once for writing before dbt does: while another process
    holds it we wait (bounded) and fail with a message naming the holder,
    instead of dbt failing at once with DuckDB's lock error. dbt's sources
    are made (empty) if missing, so a run of the dbt assets alone on a new
    warehouse builds empty marts instead of failing on a missing table."""
    with connect(db_path, lock_wait=lock_wait) as con:
        ensure_raw_tables(con)
        ensure_dedup_tables(con)
        ensure_extract_tables(con)


@dbt_assets(
    manifest=DBT_PROJECT.manifest_path,
    project=DBT_PROJECT,
    select=STAGING_SELECT,
    name="warehouse_dbt_staging",
    dagster_dbt_translator=_TRANSLATOR,
)
def warehouse_dbt_staging(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    yield from _dbt_build(context, dbt, warehouse, [])


@dbt_assets(
    manifest=DBT_PROJECT.manifest_path,
    project=DBT_PROJECT,
    select=MARTS_SELECT,
    name="warehouse_dbt_marts",
    dagster_dbt_translator=_TRANSLATOR,
)
def warehouse_dbt_marts(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    s = warehouse.settings
    full = marts_need_full_refresh(s.warehouse_path, s.lock_wait_seconds)
    context.log.info("marts: full refresh" if full else "marts: incremental, from extract.pending_documents")
    forget_marts_build(s.warehouse_path, s.lock_wait_seconds)  # current again once published
    yield from _dbt_build(context, dbt, warehouse, ["--full-refresh"] if full else [], crash_stage="dbt")
    # every mart has taken in the pending documents (a failed build raised above)
    clear_pending_documents(s.warehouse_path, s.lock_wait_seconds)

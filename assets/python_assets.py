"""The Python assets: the landing folder (group landing), ingest (group raw)
and extract (group extract).

Thin wrappers around `quote_warehouse.pipeline`; each writes tables in the
warehouse whose asset keys ([schema, table]) are the keys dbt's sources map
to, so landing folder -> raw -> extract -> staging -> marts is one graph.

Nothing new, nothing done: when ingest reads no new or changed file and the
marts are already current (`pipeline.status.marts_current`), the raw assets
are not materialised, so Dagster skips every step after them (extract, dbt,
the suites) and a scheduled tick on an unchanged folder ends in seconds.
`force` (run config of `raw_files`, `quote-warehouse build --force`) builds
anyway.
"""

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    Config,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset,
)

from assets.extract_partitions import run_on_workers
from assets.resources import WarehouseResource
from assets.table_metadata import table_metadata
from quote_warehouse.faults import crash_point
from quote_warehouse.landing.files import landing_summary
from quote_warehouse.pipeline.extract import extract_pending, prepare_partitions
from quote_warehouse.pipeline.ingest import ingest_landing_folder
from quote_warehouse.pipeline.status import marts_current, project_fingerprint
from quote_warehouse.settings import EXTRACT_SCHEMA, EXTRACT_TABLES, RAW_SCHEMA, RAW_TABLES

LANDING_KEY = AssetKey(["landing", "landing_folder"])
RAW_KEYS = {t: AssetKey([RAW_SCHEMA, t]) for t in RAW_TABLES}
# pending_documents: which documents the incremental marts still have to take in
EXTRACT_KEYS = {t: AssetKey([EXTRACT_SCHEMA, t]) for t in (*EXTRACT_TABLES, "pending_documents", "rejected_documents")}
EXTRACT_DESCRIPTIONS = {
    "documents": "One row per distinct raw file: clean text, title, outlet, URL, publication date, MinHash signature.",
    "statements": "Statement mentions: one row per quote or reported statement found in one document.",
    "statement_parts": "The parts of each statement mention (a quote split around 'X said.' has two), with offsets.",
    "speakers": "Speaker mentions: who speaks in one document, with role, organisation and every name form.",
    "events": "Event mentions: the occasion a statement was made at, its date resolved against the publication date.",
    "event_participants": "Which speaker mentions took part in which event mention.",
    "document_clusters": "Each document's near-duplicate cluster and canonical document.",
    "pending_documents": "Documents the incremental marts have not taken in yet, with why (new, re-extracted, cluster change).",
    "rejected_documents": "Contents rejected after ingest by extraction (extract_timeout, extract_failed): every "
                          "landing name carrying one is a rejection in the marts.",
}


@asset(key=LANDING_KEY, group_name="landing", kinds={"folder"},
       description="The landing folder (RAW_DIR) where raw articles are dropped: the root of the lineage.")
def landing_folder(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    summary = landing_summary(warehouse.settings.raw_dir)
    context.log.info(f"landing folder {summary.path}: {summary.files} files, {summary.bytes} bytes")
    return MaterializeResult(metadata={
        "path": MetadataValue.path(str(summary.path)), "files": summary.files, "bytes": summary.bytes})


class IngestConfig(Config):
    force: bool = False  # build even when nothing is new and the marts are current


@multi_asset(
    specs=[
        AssetSpec(RAW_KEYS["raw_files"], group_name="raw", deps=[LANDING_KEY], skippable=True, kinds={"duckdb"},
                  description="Every readable landing file, lossless: one row per distinct content."),
        AssetSpec(RAW_KEYS["rejected_files"], group_name="raw", deps=[LANDING_KEY], skippable=True,
                  kinds={"duckdb"},
                  description="Landing files that could not be read as an article, with the reason."),
        AssetSpec(RAW_KEYS["landing_files"], group_name="raw", deps=[LANDING_KEY], skippable=True,
                  kinds={"duckdb"},
                  description="Every landing file name that is a document now, with its content hash (copies included)."),
        AssetSpec(RAW_KEYS["landing_history"], group_name="raw", deps=[LANDING_KEY], skippable=True,
                  kinds={"duckdb"},
                  description="What each landing name held before: old versions of changed files, deleted and "
                              "renamed files, with when they were superseded."),
    ],
)
def raw_files(context: AssetExecutionContext, config: IngestConfig, warehouse: WarehouseResource):
    s = warehouse.settings
    counts = ingest_landing_folder(s.raw_dir, s.warehouse_path, max_bytes=s.max_file_bytes,
                                   batch_size=s.ingest_batch_size, lock_wait=s.lock_wait_seconds,
                                   settle_seconds=s.landing_settle_seconds)
    crash_point("ingest", s.crash_at)
    context.log.info(f"ingest {s.raw_dir}: {counts}")
    if not config.force and not counts["files_changed"] and marts_current(
            s.warehouse_path, project_fingerprint(expectations_dir=s.expectations_dir), s.lock_wait_seconds,
            published_path=s.publish_path):
        context.log.info(f"nothing new in {s.raw_dir} ({counts['files_seen']} files seen): the marts are current")
        return  # no materialisation: every later step is skipped
    tables = table_metadata(s.warehouse_path, list(RAW_KEYS.values()), s.lock_wait_seconds)
    yield MaterializeResult(asset_key=RAW_KEYS["raw_files"], metadata={
        **tables[RAW_KEYS["raw_files"]], "new_rows": counts["new_raw_files"],
        "files_seen": counts["files_seen"], "files_read": counts["files_read"],
        "files_changed": counts["files_changed"], "files_waiting": counts["files_waiting"]})
    yield MaterializeResult(asset_key=RAW_KEYS["rejected_files"], metadata={
        **tables[RAW_KEYS["rejected_files"]], "rejected_this_run": counts["rejected_this_run"]})
    yield MaterializeResult(asset_key=RAW_KEYS["landing_files"], metadata=tables[RAW_KEYS["landing_files"]])
    yield MaterializeResult(asset_key=RAW_KEYS["landing_history"], metadata={
        **tables[RAW_KEYS["landing_history"]], "files_gone": counts["files_gone"]})


@multi_asset(
    specs=[
        AssetSpec(key, group_name="extract", deps=[RAW_KEYS["raw_files"]], kinds={"duckdb"},
                  description=EXTRACT_DESCRIPTIONS[name])
        for name, key in EXTRACT_KEYS.items()
    ],
)
def extracted(context: AssetExecutionContext, warehouse: WarehouseResource):
    s = warehouse.settings
    if s.extract_broker_url and prepare_partitions(s.warehouse_path, s.lock_wait_seconds):
        # distributed profile: the partitions on the Celery workers first
        run_id, workers = run_on_workers(context.instance, s)
        context.log.info(f"extract: partitions extracted by run {run_id} on {', '.join(workers)}")
    counts = extract_pending(s.warehouse_path, workers=s.extract_workers, batch_size=s.extract_batch_size,
                             lock_wait=s.lock_wait_seconds, timeout=s.extract_timeout_seconds)
    crash_point("extract", s.crash_at)
    context.log.info(f"extract: {counts}")
    tables = table_metadata(s.warehouse_path, list(EXTRACT_KEYS.values()), s.lock_wait_seconds)
    for key in EXTRACT_KEYS.values():
        yield MaterializeResult(asset_key=key, metadata=tables[key])

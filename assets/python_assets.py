"""The Python assets: ingest (group raw) and extract (group extract).

Thin wrappers around `quote_warehouse.pipeline`; each writes tables in the
warehouse whose asset keys ([schema, table]) are the keys dbt's sources map to.
"""

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from assets.resources import WarehouseResource
from quote_warehouse.faults import crash_point
from quote_warehouse.pipeline.extract import extract_pending
from quote_warehouse.pipeline.ingest import ingest_landing_folder
from quote_warehouse.settings import EXTRACT_SCHEMA, EXTRACT_TABLES, RAW_SCHEMA, RAW_TABLES

RAW_KEYS = {t: AssetKey([RAW_SCHEMA, t]) for t in RAW_TABLES}
EXTRACT_KEYS = {t: AssetKey([EXTRACT_SCHEMA, t]) for t in EXTRACT_TABLES}


@multi_asset(
    specs=[
        AssetSpec(RAW_KEYS["raw_files"], group_name="raw",
                  description="Every readable landing file, lossless: one row per distinct content."),
        AssetSpec(RAW_KEYS["rejected_files"], group_name="raw",
                  description="Landing files that could not be read as an article, with the reason."),
        AssetSpec(RAW_KEYS["landing_files"], group_name="raw",
                  description="Every landing file name read, with its content hash (copies included)."),
    ],
)
def raw_files(context: AssetExecutionContext, warehouse: WarehouseResource):
    s = warehouse.settings
    counts = ingest_landing_folder(s.raw_dir, s.warehouse_path, max_bytes=s.max_file_bytes,
                                   batch_size=s.ingest_batch_size, lock_wait=s.lock_wait_seconds)
    crash_point("ingest", s.crash_at)
    context.log.info(f"ingest {s.raw_dir}: {counts}")
    yield MaterializeResult(asset_key=RAW_KEYS["raw_files"], metadata={
        "rows": counts["raw_files"], "new_rows": counts["new_raw_files"],
        "files_seen": counts["files_seen"], "landing_folder": str(s.raw_dir)})
    yield MaterializeResult(asset_key=RAW_KEYS["rejected_files"], metadata={
        "rows": counts["rejected_files"], "rejected_this_run": counts["rejected_this_run"]})
    yield MaterializeResult(asset_key=RAW_KEYS["landing_files"], metadata={
        "files_seen": counts["files_seen"]})


@multi_asset(
    specs=[
        AssetSpec(key, group_name="extract", deps=[RAW_KEYS["raw_files"]],
                  description=f"Extracted {name} (one row per mention, per document).")
        for name, key in EXTRACT_KEYS.items()
    ],
)
def extracted(context: AssetExecutionContext, warehouse: WarehouseResource):
    s = warehouse.settings
    counts = extract_pending(s.warehouse_path, workers=s.extract_workers, batch_size=s.extract_batch_size,
                             lock_wait=s.lock_wait_seconds)
    crash_point("extract", s.crash_at)
    context.log.info(f"extract: {counts}")
    for name, key in EXTRACT_KEYS.items():
        yield MaterializeResult(asset_key=key, metadata={"rows": counts.get(name, 0)})

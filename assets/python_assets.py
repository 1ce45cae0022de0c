"""The Python assets: ingest (group raw) and extract (group extract).

Thin wrappers around `assets.pipeline`; each writes tables in the warehouse
whose asset keys ([schema, table]) are the keys dbt's sources map to.
"""


from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from assets.faults import crash_point
from assets.pipeline import extract_all, ingest_landing_folder
from orchestration.resources import WarehouseResource
from assets.settings import EXTRACT_SCHEMA, EXTRACT_TABLES, RAW_SCHEMA, RAW_TABLES

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
    wh = warehouse
    counts = ingest_landing_folder(wh.raw_path, wh.db_path)
    crash_point("ingest")
    context.log.info(f"ingest {wh.raw_path}: {counts}")
    yield MaterializeResult(asset_key=RAW_KEYS["raw_files"], metadata={
        "rows": counts["raw_files"], "new_rows": counts["new_raw_files"],
        "files_seen": counts["files_seen"], "landing_folder": str(wh.raw_path)})
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
    wh = warehouse
    counts = extract_all(wh.db_path)
    crash_point("extract")
    context.log.info(f"extract: {counts}")
    for name, key in EXTRACT_KEYS.items():
        yield MaterializeResult(asset_key=key, metadata={"rows": counts.get(name, 0)})

"""The last step of a build: publish the checked marts for readers.

The asset depends on every mart; the dbt tests and the GX marts suite on
those marts are blocking checks, so Dagster runs this step only when all of
them passed, and skips it otherwise: the published file then stays exactly
as the last good build left it (`quote_warehouse.store.publish`).
"""

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from assets.dbt_assets import warehouse_dbt_marts
from assets.resources import WarehouseResource
from quote_warehouse.faults import crash_point
from quote_warehouse.pipeline.status import project_fingerprint
from quote_warehouse.store.pending import record_marts_build
from quote_warehouse.store.publish import compare_published, publish_marts

PUBLISHED_KEY = AssetKey(["published", "marts"])


@asset(key=PUBLISHED_KEY, group_name="published", kinds={"duckdb"}, deps=sorted(warehouse_dbt_marts.keys),
       description="The marts analysts and the app read (PUBLISHED_PATH): a copy of the warehouse's marts, "
                   "replaced in one rename after every check on them passed.")
def published_marts(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    s = warehouse.settings
    crash_point("publish", s.crash_at)  # tests only: killed before the rename
    publication = publish_marts(s.warehouse_path, s.publish_path, s.lock_wait_seconds)
    # the marts are current: a run with nothing new can stop early (pipeline.status)
    record_marts_build(s.warehouse_path, project_fingerprint(expectations_dir=s.expectations_dir),
                       s.lock_wait_seconds)
    context.log.info(f"published {publication.path}: {publication.rows}")
    return MaterializeResult(metadata={
        "path": MetadataValue.path(str(publication.path)),
        "published_at": MetadataValue.text(publication.published_at.isoformat(sep=" ")),
        **{f"rows/{t}": n for t, n in publication.rows.items()}})


@asset_check(asset=PUBLISHED_KEY, name="published_matches_build", blocking=True,
             description="The published file holds every mart of the build it came from, row for row.")
def published_matches_build(warehouse: WarehouseResource) -> AssetCheckResult:
    s = warehouse.settings
    differences = compare_published(s.warehouse_path, s.publish_path, s.lock_wait_seconds)
    return AssetCheckResult(
        passed=not differences, severity=AssetCheckSeverity.ERROR,
        description="; ".join(differences) if differences else "every mart published with all its rows",
        metadata={"differences": MetadataValue.json(differences)})


publish_checks = [published_matches_build]

"""Great Expectations suites as Dagster asset checks, one multi-check per stage.

GX 1.x has no Dagster integration (dagster-ge supports GX < 1 only), so each
check validates the table behind an asset with the suite in `expectations/`
and reports each expectation's result, why and failing examples as metadata
(a markdown table, `quote_warehouse.quality.report.outcomes_markdown`).
Tables marked blocking in the suite stop downstream assets on failure.
"""

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    MetadataValue,
    multi_asset_check,
)

from assets.resources import WarehouseResource
from quote_warehouse.faults import crash_point
from quote_warehouse.quality.report import outcomes_markdown, outcomes_text
from quote_warehouse.quality.runner import load_stage, validate_duckdb_table
from quote_warehouse.store.pending import PENDING_IDS_SQL, incremental_run

STAGES = ("raw", "staging", "marts")

# In an incremental run the raw and staging suites validate the rows of the
# documents the run brings in (extract.pending_documents), not the whole
# corpus again: a 100,000-document warehouse gains ten files in seconds.
# The marts suites always read whole marts, and dbt's SQL tests check
# whole-table keys on every run, so a new row that collides with an old one
# is still caught.
_PENDING = PENDING_IDS_SQL
INCREMENTAL_SCOPE = {
    "raw.raw_files": f"left(sha256, 16) IN {_PENDING}",
    "staging.stg_documents": f"document_id IN {_PENDING}",
    "staging.stg_statements": f"document_id IN {_PENDING}",
    "staging.stg_speakers": f"document_id IN {_PENDING}",
}


def _key(table: str) -> AssetKey:
    schema, name = table.split(".", 1)
    return AssetKey([schema, name])


def _check_name(stage: str) -> str:
    return f"gx_{stage}_suite"


def _make_stage_check(stage: str):
    spec = load_stage(stage)
    tables = list(spec["tables"])
    specs = [
        AssetCheckSpec(
            name=_check_name(stage), asset=_key(t),
            blocking=bool(spec["tables"][t].get("blocking", True)),
            description=f"Great Expectations suite '{stage}' for {t}",
        )
        for t in tables
    ]

    @multi_asset_check(specs=specs, name=f"gx_{stage}_checks", can_subset=True)
    def stage_check(context, warehouse: WarehouseResource):
        settings = warehouse.settings
        suites = load_stage(stage, settings.expectations_dir)  # the run's suites (EXPECTATIONS_DIR)
        incremental = stage != "marts" and incremental_run(settings.warehouse_path, settings.lock_wait_seconds)
        for t in tables:
            key = _key(t)
            if context.selected_asset_check_keys and not any(
                ck.asset_key == key for ck in context.selected_asset_check_keys
            ):
                continue
            scope = INCREMENTAL_SCOPE.get(t) if incremental else None
            outcome = validate_duckdb_table(stage, t, settings.warehouse_path, spec=suites,
                                            only_documents_in=scope,
                                            lock_wait=settings.lock_wait_seconds)
            failed = [o for o in outcome.outcomes if not o.success]
            metadata = {
                "scope": "rows of this run's documents" if scope else "whole table",
                "expectations": len(outcome.outcomes),
                "failed": len(failed),
                # one row per expectation: what, why, PASS/FAIL/WARN, unexpected count, examples
                "report": MetadataValue.md(outcomes_markdown(outcome)),
                # the same as plain lines, for logs and scripts
                "results": MetadataValue.text(outcomes_text(outcome)),
            }
            yield AssetCheckResult(
                asset_key=key,
                check_name=_check_name(stage),
                passed=outcome.success,
                severity=AssetCheckSeverity.ERROR if spec["tables"][t].get("blocking", True) else AssetCheckSeverity.WARN,
                metadata=metadata,
                description=outcome.summary() if failed else "all expectations met",
            )
            crash_point(f"checks:{stage}", settings.crash_at)  # tests only: killed between two validations

    return stage_check


gx_checks = [_make_stage_check(stage) for stage in STAGES]

"""Python asset checks: the landing folder's files all accounted for, and the
extract tables' cross-table facts (`quote_warehouse.quality.audits`).

The extract audits block: a failing one stops staging and the marts, which
keep their previous rows. The landing check does not block (the files it
names are rejected or read on the next run) but fails loudly.
"""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    MetadataValue,
    asset_check,
    multi_asset_check,
)

from assets.python_assets import EXTRACT_KEYS, LANDING_KEY, RAW_KEYS
from assets.resources import WarehouseResource
from quote_warehouse.quality.audits import AUDITS, run_audits, unaccounted_landing_files


@asset_check(asset=LANDING_KEY, name="every_file_accounted_for",
             additional_deps=[RAW_KEYS["landing_files"], RAW_KEYS["rejected_files"]],
             description="Every file of the landing folder is in raw.landing_files or raw.rejected_files: "
                         "nothing is lost silently.")
def every_file_accounted_for(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> AssetCheckResult:
    s = warehouse.settings
    scan = context.instance.get_latest_materialization_event(LANDING_KEY)
    missing = unaccounted_landing_files(s.raw_dir, s.warehouse_path, scan.timestamp if scan else None,
                                        s.lock_wait_seconds)
    return AssetCheckResult(
        passed=not missing, severity=AssetCheckSeverity.ERROR,
        description=f"{len(missing)} landing files neither read nor rejected" if missing
        else "every landing file was read or rejected",
        metadata={"unaccounted": len(missing), "examples": MetadataValue.json(missing[:10])})


_AUDIT_SPECS = [AssetCheckSpec(a.name, asset=EXTRACT_KEYS[a.table], blocking=True, description=a.why)
                for a in AUDITS]


@multi_asset_check(specs=_AUDIT_SPECS, name="extract_audits", can_subset=True)
def extract_audits(context: AssetCheckExecutionContext, warehouse: WarehouseResource):
    s = warehouse.settings
    selected = {(k.asset_key, k.name) for k in context.selected_asset_check_keys}
    tables = {a.table for a in AUDITS if (EXTRACT_KEYS[a.table], a.name) in selected}
    for result in run_audits(s.warehouse_path, tables, s.lock_wait_seconds):
        a = result.audit
        yield AssetCheckResult(
            asset_key=EXTRACT_KEYS[a.table], check_name=a.name, passed=result.passed,
            severity=AssetCheckSeverity.ERROR, description=result.summary(),
            metadata={"offending_rows": result.failing, "why": a.why,
                      "examples": MetadataValue.json([{k: str(v) for k, v in row.items()}
                                                      for row in result.examples])})


audit_checks = [every_file_accounted_for, extract_audits]

"""The job that builds everything: ingest, extract, dbt build, all checks."""

from dagster import AssetSelection, define_asset_job, in_process_executor

build_warehouse_job = define_asset_job(
    name="build_warehouse",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Ingest the landing folder, extract statements, build staging and marts, run every check.",
)

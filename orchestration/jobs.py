"""The jobs: `build_warehouse` builds everything (ingest, extract, dbt build,
all checks, publish); `extract_partitions` is the distributed profile's
extraction, a step per partition on Celery workers."""

from dagster import AssetSelection, define_asset_job, in_process_executor

from assets.extract_partitions import extract_partitions as extract_partitions_job

__all__ = ["build_warehouse_job", "extract_partitions_job"]

build_warehouse_job = define_asset_job(
    name="build_warehouse",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Ingest the landing folder, extract statements, build staging and marts, run every check.",
)


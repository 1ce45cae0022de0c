"""The jobs: `build_warehouse` builds everything (ingest, extract, dbt build,
all checks, publish); `extract_partitions` is the distributed profile's
extraction, a step per partition on Celery workers."""

from dagster import AssetSelection, ExecutorDefinition, define_asset_job, in_process_executor

from assets.extract_partitions import partitions_job

build_warehouse_job = define_asset_job(
    name="build_warehouse",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Ingest the landing folder, extract statements, build staging and marts, run every check.",
)


def _partition_executor() -> ExecutorDefinition:
    """Celery when the distributed profile is installed (`.[distributed]`):
    the broker comes from the run's config (`quote-warehouse build` passes
    EXTRACT_BROKER_URL); without it the job runs its steps here, one by one."""
    try:
        from dagster_celery import celery_executor
    except ImportError:
        return in_process_executor
    return celery_executor


extract_partitions_job = partitions_job(_partition_executor())

"""Extraction spread over machines: a step per partition of the raw files.

In the distributed profile (README, "Beyond one machine": a DuckLake
WAREHOUSE_PATH and EXTRACT_BROKER_URL), the `extracted` asset of every
build, whichever door started it (the CLI, "Materialize all", the schedule,
the sensor), first runs the job `extract_partitions` on the Celery workers
and waits for it (`run_on_workers`). The job cuts the raw files into
`EXTRACT_PARTITIONS` partitions by the content's SHA-256 ("00" to "15"),
one step each, which the Celery executor hands to the workers listening on
the broker, as many at once as there are workers. Each partition commits
batch by batch into the shared DuckLake (`pipeline.extract.extract_partition`);
a worker killed mid-partition gives its task back to the broker (tasks are
acknowledged when done) and another worker extracts what the partition
still lacks; a step that fails is retried alone. The `extracted` step then
finds the documents extracted, and makes the near-duplicate pairs and
clusters across all partitions, as on one machine.

This is an op job, not a partitioned asset: the extract tables stay the
unpartitioned assets of the one lineage graph ("Materialize all" in the UI
stays one run). A partition's step reports what it wrote as an observation
of `extract/documents` with the partition's counts. The job carries its
own resource, so a worker loads it from this module alone.
"""

from dagster import (
    AssetObservation,
    Config,
    DagsterInstance,
    ExecutorDefinition,
    OpExecutionContext,
    RetryPolicy,
    execute_job,
    in_process_executor,
    job,
    op,
    reconstructable,
)

from assets.resources import WarehouseResource
from quote_warehouse.faults import crash_point
from quote_warehouse.pipeline.extract import extract_partition, partition_keys
from quote_warehouse.settings import EXTRACT_PARTITIONS, Settings

# Celery settings of the executor and the workers: a worker takes one task
# at a time and acknowledges it when done, so a worker killed mid-partition
# gives its partition back to the broker, which hands it to another worker.
CELERY_SETTINGS = {
    "worker_prefetch_multiplier": 1,
    "task_acks_late": True,
    "task_reject_on_worker_lost": True,
}


class PartitionConfig(Config):
    workers: int = 1  # extraction processes per partition step (0: one per core of the worker's machine)


def _partition_op(key: str):
    @op(name=f"extract_partition_{key}", required_resource_keys={"warehouse"},
        retry_policy=RetryPolicy(max_retries=2, delay=1),
        description=f"Extract the raw files of partition {key} that the extract tables lack.")
    def extract_one_partition(context: OpExecutionContext, config: PartitionConfig) -> None:
        s = context.resources.warehouse.settings
        counts = extract_partition(s.warehouse_path, key, EXTRACT_PARTITIONS,
                                   workers=config.workers, batch_size=s.extract_batch_size,
                                   lock_wait=s.lock_wait_seconds, timeout=s.extract_timeout_seconds,
                                   after_batch=lambda: crash_point("extract_partition", s.crash_at))
        context.log.info(f"partition {key}: {counts}")
        context.log_event(AssetObservation(asset_key=["extract", "documents"],
                                           metadata={"partition": key, **counts}))

    return extract_one_partition


def _executor() -> ExecutorDefinition:
    """Celery when the distributed profile is installed (`.[distributed]`);
    without it the job runs its steps in one process, one by one."""
    try:
        from dagster_celery import celery_executor
    except ImportError:
        return in_process_executor
    return celery_executor


PARTITION_OPS = [_partition_op(key) for key in partition_keys(EXTRACT_PARTITIONS)]


# The partitions run inside the build that holds the build lock, at the same
# time, on any machine: their warehouse resource takes no lock.
@job(executor_def=_executor(), resource_defs={"warehouse": WarehouseResource(hold_build_lock=False)},
     description="Extract every partition of the raw files into the shared warehouse, a step per partition "
                 "on any Celery worker (distributed profile: the `extracted` step of a build runs it).")
def extract_partitions():
    for partition_op in PARTITION_OPS:
        partition_op()


def executor_config(broker_url: str) -> dict:
    """The `execution: config:` block of the Celery executor, and of a worker's -y file."""
    return {"broker": broker_url, "backend": "rpc://", "config_source": dict(CELERY_SETTINGS)}


def partition_run_config(settings: Settings, log_level: str = "INFO") -> dict:
    """Run config of `extract_partitions`: the broker, and the warehouse the
    workers write, so a worker needs no environment of its own for them."""
    return {
        "loggers": {"console": {"config": {"log_level": log_level}}},
        "execution": {"config": executor_config(settings.extract_broker_url or "")},
        "resources": {"warehouse": {"config": {
            "hold_build_lock": False,  # run config replaces the resource's own fields
            "warehouse_path": str(settings.warehouse_path),
            "lake_data_path": str(settings.lake_data_path),
            "extract_batch_size": settings.extract_batch_size,
            "extract_timeout_seconds": settings.extract_timeout_seconds,
            "lock_wait_seconds": settings.lock_wait_seconds,
        }}},
    }


def listening_workers(broker_url: str, timeout: float = 2.0) -> list[str]:
    """Names of the Celery workers answering a ping on the broker."""
    from dagster_celery.make_app import make_app

    app = make_app({"broker": broker_url, "backend": "rpc://"})
    try:
        replies = app.control.ping(timeout=timeout) or []
    finally:
        app.close()
    return sorted(name for reply in replies for name in reply)


class NoWorkersError(RuntimeError):
    """No Celery worker answers on the broker: the partitions would wait forever."""


def run_on_workers(instance: DagsterInstance, settings: Settings) -> tuple[str, list[str]]:
    """Run `extract_partitions` on the workers and wait for it: (run id, the
    workers that answered). Raises when no worker answers, or when a
    partition failed after its retries (what committed stays; the next
    build extracts the rest)."""
    url = settings.extract_broker_url or ""
    workers = listening_workers(url)
    if not workers:
        raise NoWorkersError(f"no extraction worker answers on {url}: start workers (`dagster-celery worker "
                             "start`, README 'Beyond one machine') or build with --start-workers N")
    with execute_job(reconstructable(extract_partitions), instance=instance,
                     run_config=partition_run_config(settings), raise_on_error=False) as result:
        if not result.success:
            failed = [ev.step_key for ev in result.all_events if ev.event_type_value == "STEP_FAILURE"]
            raise RuntimeError(f"extraction partitions failed in run {result.run_id}: {', '.join(failed)}; "
                               "what committed stays, run the build again to extract the rest")
        return result.run_id, workers

"""Extraction spread over machines: one partition of the raw files per run.

The distributed profile (README, "Beyond one machine") extracts before the
build proper: the job `extract_partitions` cuts the raw files into
`EXTRACT_PARTITIONS` partitions by the content's SHA-256 ("00" to "15"),
one step each, which the Celery executor hands to the workers listening on
the broker, as many at once as there are worker slots. Each partition
commits batch by batch into the shared DuckLake
(`pipeline.extract.extract_partition`); a failed or killed partition is
retried alone (the step's retry policy, or "re-execute from failure" in the
UI), and extracts exactly what it lacks. The `build_warehouse` run that follows finds
the documents extracted, makes the near-duplicate pairs and clusters across
all partitions, and builds and checks the marts as on one machine.

This is an op job, not an asset: the extract tables stay the unpartitioned
assets of the one lineage graph ("Materialize all" in the UI stays one
run). A partition's run reports what it wrote as a materialization of
`extract/documents` with the partition's counts.
"""


from dagster import (
    AssetObservation,
    Config,
    ExecutorDefinition,
    JobDefinition,
    OpExecutionContext,
    RetryPolicy,
    job,
    op,
)

from assets.resources import PARTITION_WAREHOUSE, WarehouseResource
from quote_warehouse.faults import crash_point
from quote_warehouse.pipeline.extract import extract_partition, partition_keys
from quote_warehouse.settings import EXTRACT_PARTITIONS

class PartitionConfig(Config):
    workers: int = 1  # extraction processes per partition step (0: one per core of the worker's machine)


def _partition_op(key: str):
    @op(name=f"extract_partition_{key}", required_resource_keys={PARTITION_WAREHOUSE},
        retry_policy=RetryPolicy(max_retries=2, delay=1),
        description=f"Extract the raw files of partition {key} that the extract tables lack.")
    def extract_one_partition(context: OpExecutionContext, config: PartitionConfig) -> None:
        warehouse: WarehouseResource = getattr(context.resources, PARTITION_WAREHOUSE)
        s = warehouse.settings
        counts = extract_partition(s.warehouse_path, key, EXTRACT_PARTITIONS,
                                   workers=config.workers, batch_size=s.extract_batch_size,
                                   lock_wait=s.lock_wait_seconds, timeout=s.extract_timeout_seconds,
                                   after_batch=lambda: crash_point("extract_partition", s.crash_at))
        context.log.info(f"partition {key}: {counts}")
        context.log_event(AssetObservation(asset_key=["extract", "documents"],
                                           metadata={"partition": key, **counts}))

    return extract_one_partition


PARTITION_OPS = [_partition_op(key) for key in partition_keys(EXTRACT_PARTITIONS)]


def partitions_job(executor_def: ExecutorDefinition) -> JobDefinition:
    """The `extract_partitions` job on the given executor (definitions.py picks it)."""

    @job(name="extract_partitions", executor_def=executor_def,
         description="Extract every partition of the raw files into the shared warehouse, a step per "
                     "partition on any worker (distributed profile; `quote-warehouse build` runs it).")
    def extract_partitions():
        for partition_op in PARTITION_OPS:
            partition_op()

    return extract_partitions

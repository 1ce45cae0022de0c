"""The distributed profile's part of a build: extraction on Celery workers.

With WAREHOUSE_PATH a DuckLake and EXTRACT_BROKER_URL set, `quote-warehouse
build` runs three things in turn on the Dagster instance of DAGSTER_HOME
(PostgreSQL when the machines share it: orchestration/dagster-distributed.yaml):

1. the landing and raw assets of `build_warehouse` here (one writer reads
   the landing folder), which also create the extract tables before any
   partition writes;
2. the job `extract_partitions`: a step per partition, handed by the Celery
   executor to the workers on the broker, committing into the lake at the
   same time (assets/extract_partitions.py);
3. the whole `build_warehouse` job here, as on one machine: it finds the
   documents extracted, makes the near-duplicate clusters across partitions,
   builds and checks the marts, and publishes them.

Workers are `dagster-celery worker start` processes on any machine that
sees the lake's catalog and data folder and this code; `--start-workers N`
(`make warehouse-distributed`) starts N here for the build and stops them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from quote_warehouse.settings import Settings

# Celery settings of the executor and the workers: a worker takes one task
# at a time and acknowledges it when done, so a worker killed mid-partition
# gives its partition back to the broker, which hands it to another worker.
CELERY_SETTINGS = {
    "worker_prefetch_multiplier": 1,
    "task_acks_late": True,
    "task_reject_on_worker_lost": True,
}


def executor_config(broker_url: str) -> dict:
    """The `execution: config:` block of the Celery executor, and of the workers' -y file."""
    return {"broker": broker_url, "backend": "rpc://", "config_source": dict(CELERY_SETTINGS)}


def _dagster_celery() -> str:
    return str(Path(sys.executable).parent / "dagster-celery")


class LocalWorkers:
    """`count` Celery worker processes on this machine, one task at a time
    each, stopped (their whole process groups) on exit. Each runs its task in
    its own main process (`--pool solo`): a partition starts extraction
    processes of its own, which a pool's daemonic child may not."""

    def __init__(self, count: int, broker_url: str, env: dict[str, str] | None = None,
                 log_dir: Path | None = None, name: str = "qw") -> None:
        self.count, self.broker_url, self.name = count, broker_url, name
        self.env = {**os.environ, **(env or {})}
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="qw-workers-"))
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> "LocalWorkers":
        self.log_dir.mkdir(parents=True, exist_ok=True)
        config = self.log_dir / "celery.yaml"
        config.write_text(yaml.safe_dump({"execution": {"config": executor_config(self.broker_url)}}))
        # celery must be on PATH for dagster-celery, which runs `celery worker`
        env = {**self.env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{self.env.get('PATH', '')}"}
        for i in range(self.count):
            log = open(self.log_dir / f"{self.name}{i + 1}.log", "ab")
            self.processes.append(subprocess.Popen(
                [_dagster_celery(), "worker", "start", "-A", "dagster_celery.app", "-n", f"{self.name}{i + 1}@%h",
                 "-y", str(config), "--", "--pool", "solo"],
                stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True))
            log.close()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self, wait: float = 20.0) -> None:
        for p in self.processes:
            _signal_group(p, signal.SIGTERM)
        deadline = time.monotonic() + wait
        for p in self.processes:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(p, signal.SIGKILL)
                p.wait()
        self.processes = []


def _signal_group(p: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(p.pid, sig)
    except ProcessLookupError:
        pass


def listening_workers(broker_url: str, timeout: float = 2.0) -> list[str]:
    """Names of the Celery workers answering a ping on the broker."""
    from dagster_celery.make_app import make_app

    app = make_app({"broker": broker_url, "backend": "rpc://"})
    try:
        replies = app.control.ping(timeout=timeout) or []
    finally:
        app.close()
    return sorted(name for reply in replies for name in reply)


def wait_for_workers(broker_url: str, count: int, wait: float) -> list[str]:
    """Wait until `count` workers answer (at most `wait` seconds); those that do."""
    deadline = time.monotonic() + wait
    names: list[str] = []
    while time.monotonic() < deadline:
        names = listening_workers(broker_url)
        if len(names) >= count:
            break
        time.sleep(1.0)
    return names


def partition_run_config(settings: Settings, log_level: str = "ERROR") -> dict:
    """Run config of `extract_partitions`: the broker, and the warehouse the
    workers write, so a worker needs no environment of its own for them."""
    return {
        "loggers": {"console": {"config": {"log_level": log_level}}},
        "execution": {"config": executor_config(settings.extract_broker_url or "")},
        "resources": {"partition_warehouse": {"config": {
            "warehouse_path": str(settings.warehouse_path),
            "lake_data_path": str(settings.lake_data_path),
            "extract_batch_size": settings.extract_batch_size,
            "extract_timeout_seconds": settings.extract_timeout_seconds,
            "lock_wait_seconds": settings.lock_wait_seconds,
        }}},
    }


def run_partitions(settings: Settings, instance, log_level: str = "ERROR") -> tuple[bool, str, list[str]]:
    """Run `extract_partitions` on the workers: (success, run id, failed steps)."""
    from dagster import execute_job, reconstructable

    from orchestration.definitions import extract_partitions

    with execute_job(reconstructable(extract_partitions), instance=instance,
                     run_config=partition_run_config(settings, log_level), raise_on_error=False) as result:
        failed = [ev.step_key for ev in result.all_events if ev.event_type_value == "STEP_FAILURE"]
        return result.success, result.run_id, failed


def ensure_database(conninfo: str) -> None:
    """Create the PostgreSQL database a libpq `conninfo` names
    (`dbname=quote_warehouse host=127.0.0.1`) if it does not exist: the
    lake's catalog and the Dagster instance each need one."""
    import psycopg2
    from psycopg2 import sql

    params = dict(item.split("=", 1) for item in conninfo.split())
    name = params.pop("dbname")
    con = psycopg2.connect(dbname="postgres", **params)
    try:
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        con.close()


if __name__ == "__main__":  # make warehouse-distributed: python -m orchestration.distributed ensure-db CONNINFO...
    if len(sys.argv) < 3 or sys.argv[1] != "ensure-db":
        sys.exit("usage: python -m orchestration.distributed ensure-db 'dbname=... host=...' ...")
    for conninfo in sys.argv[2:]:
        ensure_database(conninfo)

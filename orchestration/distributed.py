"""The distributed profile's workers: start them here, wait for them, and
the PostgreSQL databases the profile needs.

With WAREHOUSE_PATH a DuckLake and EXTRACT_BROKER_URL set, the `extracted`
step of every build runs the extraction partitions on the Celery workers
(assets/extract_partitions.py). Workers are `dagster-celery worker start`
processes on any machine that sees the lake's catalog and data folder and
has this code installed; `quote-warehouse build --start-workers N`
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

from assets.extract_partitions import executor_config, listening_workers
from quote_warehouse.settings import environment_with

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
        self.env = environment_with(env)
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="qw-workers-"))
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> "LocalWorkers":
        self.log_dir.mkdir(parents=True, exist_ok=True)
        config = self.log_dir / "celery.yaml"
        config.write_text(yaml.safe_dump({"execution": {"config": executor_config(self.broker_url)}}))
        # celery must be on PATH for dagster-celery, which runs `celery worker`
        env = {**self.env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{self.env.get('PATH', '')}"}
        for i in range(self.count):
            name = f"{self.name}{i + 1}"  # dagster-celery appends @<host>
            log = open(self.log_dir / f"{name}.log", "ab")
            self.processes.append(subprocess.Popen(
                [_dagster_celery(), "worker", "start", "-A", "dagster_celery.app", "-n", name,
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

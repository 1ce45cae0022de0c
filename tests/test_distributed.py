"""The distributed profile on real services: a DuckLake whose catalog is in
this machine's PostgreSQL, Dagster's instance in PostgreSQL, extraction
partitions on real Celery workers over RabbitMQ (`make test-distributed`,
in .venv-distributed, whose duckdb matches the DuckLake extension wheels).

What must hold: the same files give the same marts, row for row, as the
embedded default; a worker killed in the middle of a partition leaves the
warehouse consistent and the partition, run again, completes it; and
partitions commit into the warehouse at the same time.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from mart_hashes import mart_hashes  # noqa: E402

pytestmark = pytest.mark.distributed

PG_HOST = "127.0.0.1"
BROKER = "pyamqp://guest:guest@127.0.0.1:5672//"
BBC = ROOT.parent / "shared" / "corpus" / "bbc"
QUOTE_WAREHOUSE = str(Path(sys.executable).parent / "quote-warehouse")


def _databases():
    """Create PostgreSQL databases on demand; drop them at the end."""
    import psycopg2

    made: list[str] = []

    def make() -> str:
        from orchestration.distributed import ensure_database

        name = f"qw_test_{uuid.uuid4().hex[:10]}"
        ensure_database(f"dbname={name} host={PG_HOST} user=postgres")
        made.append(name)
        return name

    yield make
    con = psycopg2.connect(dbname="postgres", host=PG_HOST, user="postgres")
    con.autocommit = True
    with con.cursor() as cur:
        for name in made:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    con.close()


databases = pytest.fixture(_databases)


@pytest.fixture
def empty_queue():
    """No task left on the broker by an earlier run reaches this test's workers."""
    from dagster_celery.defaults import task_default_queue
    from kombu import Connection

    with Connection(BROKER) as conn:
        channel = conn.channel()
        try:
            channel.queue_purge(task_default_queue)
        except Exception:  # noqa: BLE001 - no such queue yet: nothing to purge
            pass


def landing_folder(base: Path, per_category: int) -> Path:
    """seeds/ plus the first `per_category` articles of each BBC category."""
    if not BBC.is_dir():
        pytest.fail(f"the BBC corpus is not at {BBC} (../shared/corpus/bbc beside the repository)")
    landing = base / "landing"
    shutil.copytree(ROOT / "seeds", landing)
    for category in sorted(p for p in BBC.iterdir() if p.is_dir()):
        for article in sorted(category.glob("*.txt"))[:per_category]:
            shutil.copyfile(article, landing / f"bbc_{category.name}_{article.name}")
    return landing


def lake_env(base: Path, lake_db: str, dagster_db: str, landing: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "RAW_DIR": str(landing),
            "WAREHOUSE_PATH": f"ducklake:postgres:dbname={lake_db} host={PG_HOST}",
            "LAKE_DATA_PATH": str(base / "lake"), "EXTRACT_BROKER_URL": BROKER,
            "DAGSTER_HOME": str(base / "dagster_home"),
            "DAGSTER_POSTGRES_URL": f"postgresql+psycopg2://postgres@{PG_HOST}:5432/{dagster_db}",
            "LANDING_SETTLE_SECONDS": "0", **extra}


def build(env: dict[str, str], *args: str, timeout: float = 1200) -> subprocess.CompletedProcess:
    return subprocess.run([QUOTE_WAREHOUSE, "build", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def embedded_hashes(base: Path, landing: Path) -> dict:
    env = {**os.environ, "RAW_DIR": str(landing), "WAREHOUSE_PATH": str(base / "embedded.duckdb"),
           "DAGSTER_HOME": str(base / "dagster_home_embedded"), "LANDING_SETTLE_SECONDS": "0"}
    env.pop("EXTRACT_BROKER_URL", None)
    done = build(env)
    assert done.returncode == 0, done.stdout + done.stderr
    return mart_hashes(base / "embedded.duckdb")


def partition_step_processes(env: dict[str, str], monkeypatch) -> set[int]:
    """Process ids that ran the steps of the `extract_partitions` runs, from
    the Dagster instance in PostgreSQL."""
    from dagster import DagsterEventType, DagsterInstance, RunsFilter

    monkeypatch.setenv("DAGSTER_POSTGRES_URL", env["DAGSTER_POSTGRES_URL"])
    instance = DagsterInstance.from_config(env["DAGSTER_HOME"])
    pids = set()
    for run in instance.get_runs(RunsFilter(job_name="extract_partitions")):
        for record in instance.all_logs(run.run_id, of_type=DagsterEventType.STEP_SUCCESS):
            pids.add(record.dagster_event.pid)
    return pids


def test_distributed_build_gives_the_marts_of_the_embedded_default(tmp_path, databases, monkeypatch,
                                                                  empty_queue):
    """seeds/ and 300 BBC articles, extraction in 16 partitions on two Celery
    workers: every mart table has the embedded build's content hash."""
    landing = landing_folder(tmp_path, per_category=60)
    env = lake_env(tmp_path, databases(), databases(), landing)
    done = build(env, "--start-workers", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "extraction workers: 2 listening" in done.stdout
    assert "checks: 120 of 120 passed" in done.stdout
    lake = mart_hashes(env["WAREHOUSE_PATH"])
    assert lake["documents"][0] == 305
    assert lake == embedded_hashes(tmp_path, landing)
    assert len(partition_step_processes(env, monkeypatch)) >= 2, "the partitions ran in at least two worker processes"
    assert list((tmp_path / "lake").glob("*.published.duckdb")), "the checked marts were published"
    again = build(env, "--start-workers", "1")
    assert again.returncode == 0 and "nothing new" in again.stdout, again.stdout + again.stderr


def test_a_worker_killed_mid_partition_gives_it_back_and_the_build_completes(tmp_path, databases, empty_queue):
    """Worker `doomed` SIGKILLs itself (its whole process group) once the
    first batch of the first partition it takes has committed; the broker
    hands that partition to the other worker, which extracts what is missing.
    The marts equal the embedded build's."""
    from orchestration.distributed import LocalWorkers

    landing = landing_folder(tmp_path, per_category=20)
    env = lake_env(tmp_path, databases(), databases(), landing, EXTRACT_BATCH_SIZE="3")
    logs = tmp_path / "workers"
    Path(env["DAGSTER_HOME"]).mkdir()  # a worker starts on an existing instance folder
    shutil.copyfile(ROOT / "orchestration" / "dagster-distributed.yaml", Path(env["DAGSTER_HOME"]) / "dagster.yaml")
    with LocalWorkers(1, BROKER, env={**env, "QW_CRASH_AT": "extract_partition"}, log_dir=logs,
                      name="doomed") as doomed, LocalWorkers(1, BROKER, env=env, log_dir=logs, name="survivor"):
        done = build(env)
        doomed_exit = doomed.processes[0].wait(timeout=60)
    assert doomed_exit == -9, "the doomed worker was killed by its crash point"
    assert done.returncode == 0, done.stdout + done.stderr
    assert mart_hashes(env["WAREHOUSE_PATH"]) == embedded_hashes(tmp_path, landing)


# ------------------------------------------------- partitions as plain functions

def _ingested_lake(base: Path, lake_db: str, per_category: int) -> str:
    from quote_warehouse.pipeline.ingest import ingest_landing_folder
    from quote_warehouse.store.connection import connect
    from quote_warehouse.store.lake import create_lake
    from quote_warehouse.store.schema import ensure_extract_tables

    lake = f"ducklake:postgres:dbname={lake_db} host={PG_HOST}"
    create_lake(lake, base / "lake")
    ingest_landing_folder(landing_folder(base, per_category), lake, settle_seconds=0)
    with connect(lake) as con:
        ensure_extract_tables(con)
    return lake


def _commit_times(lake: str, partition: str, out, start) -> None:
    """Extract one partition in small batches; put each batch's commit time on `out`."""
    from quote_warehouse.pipeline.extract import extract_partition

    times: list[float] = []
    start.wait(120)  # both processes have imported everything: they start together
    extract_partition(lake, partition, workers=1, batch_size=2, after_batch=lambda: times.append(time.time()))
    out.put((partition, times))


def test_two_partitions_commit_into_the_lake_at_the_same_time(tmp_path, databases):
    """Two processes write two partitions batch by batch; their commits
    interleave (each commits while the other is between commits), conflicts
    on the shared tables are retried, and every raw file ends extracted once."""
    from quote_warehouse.pipeline.extract import extract_pending, partition_of
    from quote_warehouse.store.connection import connect

    lake = _ingested_lake(tmp_path, databases(), per_category=40)
    with connect(lake, read_only=True) as con:
        shas = [s for (s,) in con.execute("SELECT sha256 FROM raw.raw_files").fetchall()]
    counts = {}
    for sha in shas:
        counts[partition_of(sha)] = counts.get(partition_of(sha), 0) + 1
    first, second = sorted(counts, key=counts.get, reverse=True)[:2]
    ctx = multiprocessing.get_context("spawn")
    out, start = ctx.Queue(), ctx.Barrier(2)
    procs = [ctx.Process(target=_commit_times, args=(lake, p, out, start)) for p in (first, second)]
    for p in procs:
        p.start()
    results = dict(out.get(timeout=600) for _ in procs)
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    a, b = results[first], results[second]
    assert len(a) >= 3 and len(b) >= 3
    assert a[0] < b[-1] and b[0] < a[-1], "the two partitions' commits overlap in time"
    assert any(b[0] < t < b[-1] for t in a) or any(a[0] < t < a[-1] for t in b)
    with connect(lake, read_only=True) as con:
        written = con.execute("SELECT count(*), count(DISTINCT sha256) FROM extract.documents").fetchall()[0]
    assert written[0] == written[1] == counts[first] + counts[second]
    extract_pending(lake, workers=1)  # the other partitions, clusters across all
    with connect(lake, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM extract.documents").fetchall()[0][0] == len(shas)


def test_a_partition_killed_between_batches_leaves_whole_documents_and_a_rerun_completes_it(tmp_path, databases):
    """SIGKILL after the first committed batch: the documents written are
    whole (every one with all its rows, none half-written), the rest of the
    partition is missing, and running the partition again extracts exactly
    the rest."""
    from quote_warehouse.pipeline.extract import extract_partition, partition_of
    from quote_warehouse.store.connection import connect

    lake = _ingested_lake(tmp_path, databases(), per_category=12)
    with connect(lake, read_only=True) as con:
        shas = [s for (s,) in con.execute("SELECT sha256 FROM raw.raw_files").fetchall()]
    partition = max({partition_of(s) for s in shas}, key=lambda p: sum(partition_of(s) == p for s in shas))
    size = sum(partition_of(s) == partition for s in shas)
    script = textwrap.dedent(f"""
        from quote_warehouse.faults import crash_point
        from quote_warehouse.pipeline.extract import extract_partition
        extract_partition({lake!r}, {partition!r}, workers=1, batch_size=2,
                          after_batch=lambda: crash_point("extract_partition", "extract_partition"))
    """)
    killed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, start_new_session=True, timeout=600)
    assert killed.returncode == -9
    with connect(lake, read_only=True) as con:
        (docs,) = con.execute("SELECT count(*) FROM extract.documents").fetchall()[0]
        orphans = con.execute("""SELECT count(*) FROM extract.statements AS s
                                 WHERE s.document_id NOT IN (SELECT document_id FROM extract.documents)""").fetchall()
        noted = con.execute("SELECT count(*) FROM extract.partition_writes WHERE reason = 'new'").fetchall()
    assert docs == 2, "one batch of two documents committed before the kill"
    assert orphans[0][0] == 0 and noted[0][0] == 2, "no row without its document; both noted for the build"
    rerun = extract_partition(lake, partition, workers=1, batch_size=2)
    assert rerun["partition_files"] == size - 2 and rerun["extracted_now"] == size - 2
    with connect(lake, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM extract.documents").fetchall()[0][0] == size

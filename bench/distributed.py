"""Embedded against distributed, on the same files, with 1 and 2 workers.

    python bench/distributed.py --n 10000            # in .venv-distributed (make install-distributed)

Makes a landing folder of N files (bench/make_corpus.py, deterministic in
--n and --seed), then builds it four times through `quote-warehouse build`,
each into a new warehouse:

* embedded, EXTRACT_WORKERS=1 and =2: the default profile (a DuckDB file,
  extraction processes of the build);
* distributed, --start-workers 1 and 2: a DuckLake in this machine's
  PostgreSQL, Dagster's instance in PostgreSQL, extraction partitions on
  that many Celery workers over RabbitMQ (one extraction process each).

It prints the wall time of each build, the peak resident memory of its whole
process tree (the build, dbt, the extraction processes and the workers it
started), and whether every mart table has the same content hash as the
first build's. Figures go to docs/scaling.md by hand. Needs PostgreSQL on
127.0.0.1 (trust) and RabbitMQ (guest/guest).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
from make_corpus import make_corpus  # noqa: E402
from mart_hashes import mart_hashes  # noqa: E402
from run_bench import TreeSampler  # noqa: E402

from orchestration.distributed import ensure_database  # noqa: E402

PG_HOST = "127.0.0.1"
BROKER = "pyamqp://guest:guest@127.0.0.1:5672//"


def build(label: str, env: dict[str, str], args: list[str], log: Path) -> tuple[float, int, int]:
    """(seconds, peak KiB of the process tree, exit code) of one CLI build."""
    t0 = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen([str(Path(sys.executable).parent / "quote-warehouse"), "build", *args],
                                env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        code = proc.wait()
        sampler.stop()
    return time.perf_counter() - t0, sampler.peak_kib(), code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="files in the landing folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="work here and keep everything (default: a temp dir)")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="qw-distributed-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"corpus-{args.n}"
    if not (corpus / "landing").is_dir():
        make_corpus(args.n, corpus, seed=args.seed)
    landing = corpus / "landing"
    files = sum(1 for p in landing.iterdir() if p.is_file())
    base = {**os.environ, "RAW_DIR": str(landing), "LANDING_SETTLE_SECONDS": "0"}
    base.pop("EXTRACT_BROKER_URL", None)
    rows, reference = [], None
    for profile, workers in (("embedded", 1), ("embedded", 2), ("distributed", 1), ("distributed", 2)):
        label = f"{profile}-{workers}"
        home = work / label
        home.mkdir(exist_ok=True)
        if profile == "embedded":
            warehouse = str(home / "warehouse.duckdb")
            env = {**base, "WAREHOUSE_PATH": warehouse, "EXTRACT_WORKERS": str(workers),
                   "DAGSTER_HOME": str(home / "dagster_home")}
            extra: list[str] = []
        else:
            lake_db, dagster_db = (f"qw_bench_{uuid.uuid4().hex[:8]}" for _ in range(2))
            for db in (lake_db, dagster_db):
                ensure_database(f"dbname={db} host={PG_HOST} user=postgres")
            warehouse = f"ducklake:postgres:dbname={lake_db} host={PG_HOST}"
            env = {**base, "WAREHOUSE_PATH": warehouse, "LAKE_DATA_PATH": str(home / "lake"),
                   "EXTRACT_BROKER_URL": BROKER, "DAGSTER_HOME": str(home / "dagster_home"),
                   "DAGSTER_POSTGRES_URL": f"postgresql+psycopg2://postgres@{PG_HOST}:5432/{dagster_db}"}
            extra = ["--start-workers", str(workers)]
        seconds, peak_kib, code = build(label, env, extra, home / "build.log")
        hashes = mart_hashes(warehouse) if code == 0 else None
        reference = reference or hashes
        same = "yes" if hashes is not None and hashes == reference else "NO"
        rows.append((label, seconds, peak_kib, code, same))
        print(f"{label:<15} {seconds:7.1f} s  peak {peak_kib / 1024 / 1024:5.2f} GiB  exit {code}  "
              f"marts same as embedded-1: {same}", flush=True)
    print(f"\n{files} files, {os.cpu_count()} cores; work folder {work}")
    print("| build | wall time | peak memory (process tree) | marts identical to embedded, 1 worker |")
    print("| --- | --- | --- | --- |")
    for label, seconds, peak_kib, code, same in rows:
        print(f"| {label} | {seconds:.1f} s | {peak_kib / 1024 / 1024:.2f} GiB | {same if code == 0 else f'failed ({code})'} |")
    return 0 if all(code == 0 and same == "yes" for _, _, _, code, same in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Connections to the DuckDB warehouse and the raw-table writes of ingest.

DuckDB allows one writer at a time, so every function opens a connection,
does its work in one transaction and closes it. Readers open read-only.
The extract tables are written by `assets.extract_runner`, one transaction
per batch of documents, so a reader never sees a half-written document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

from assets.ingest import RawFile, RejectedFile
from assets.settings import RAW_SCHEMA

RAW_FILES_DDL = f"""
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.raw_files (
    sha256 VARCHAR PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    path VARCHAR,
    size_bytes BIGINT,
    source_format VARCHAR,
    encoding VARCHAR,
    raw_text VARCHAR,
    ingested_at TIMESTAMP
)"""
REJECTED_DDL = f"""
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.rejected_files (
    file_name VARCHAR NOT NULL,
    path VARCHAR,
    sha256 VARCHAR,
    size_bytes BIGINT,
    reason VARCHAR NOT NULL,
    rejected_at TIMESTAMP,
    PRIMARY KEY (file_name, reason)
)"""
# Every landing file name that was read, with the content it had: raw_files
# keeps one row per distinct content, so a byte-identical copy under another
# name is only here (and becomes a document row of its own in the marts).
LANDING_FILES_DDL = f"""
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.landing_files (
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    PRIMARY KEY (file_name, sha256)
)"""

# How long a connection waits for another process to release the file.
LOCK_WAIT_SECONDS = float(os.environ.get("WAREHOUSE_LOCK_WAIT_SECONDS", "60"))


class WarehouseLockedError(RuntimeError):
    """Another process holds the DuckDB file (one writer, or readers, at a time)."""


def _lock_holder(message: str) -> str:
    """'PID 123 (/usr/bin/duckdb ...)' from DuckDB's lock error, best effort."""
    m = re.search(r"held in (.+?) \(PID (\d+)\)", message)
    if not m:
        return "another process"
    program, pid = m.group(1), m.group(2)
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        cmd = ""
    return f"PID {pid} ({cmd[:200] or program})"


@contextlib.contextmanager
def connect(db_path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; the parent folder is made for a new warehouse."""
    if not read_only:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    con = _connect_waiting(db_path, read_only)
    try:
        yield con
    finally:
        con.close()


def _connect_waiting(db_path: Path, read_only: bool, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried while another process holds the file's lock.

    DuckDB lets one process write, or several read; a user's `duckdb` shell
    or a second build holding the file makes connect fail at once. We retry
    for WAREHOUSE_LOCK_WAIT_SECONDS, then raise WarehouseLockedError naming
    the file and the process that holds it.
    """
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseLockedError(
                    f"warehouse {db_path} is locked by {_lock_holder(str(exc))}; waited {wait:g} s. "
                    "DuckDB allows one writing process (or readers only): close that connection "
                    "(a duckdb shell, a notebook, another build) or let it finish, then run again."
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    """First value of a query, with the result fully consumed (DuckDB 2 wants that)."""
    return con.execute(sql).fetchall()[0][0]


def write_raw(db_path: Path, raw: list[RawFile], rejected: list[RejectedFile]) -> dict[str, int]:
    """Add newly seen files; rows already there are kept as they are.

    The same bytes are one row (keyed by sha256) whatever their name, and a
    rerun inserts nothing, so `ingested_at` keeps the first sighting.
    """
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    raw_df = pd.DataFrame(
        [{"sha256": r.sha256, "file_name": r.file_name, "path": r.path, "size_bytes": r.size_bytes,
          "source_format": r.source_format, "encoding": r.encoding, "raw_text": r.raw_text,
          "ingested_at": now} for r in raw],
        columns=["sha256", "file_name", "path", "size_bytes", "source_format", "encoding",
                 "raw_text", "ingested_at"],
    )
    names_df = raw_df[["file_name", "sha256"]].drop_duplicates()  # every name, copies too
    raw_df = raw_df.drop_duplicates("sha256")
    rej_df = pd.DataFrame(
        [{"file_name": r.file_name, "path": r.path, "sha256": r.sha256, "size_bytes": r.size_bytes,
          "reason": r.reason, "rejected_at": now} for r in rejected],
        columns=["file_name", "path", "sha256", "size_bytes", "reason", "rejected_at"],
    ).drop_duplicates(["file_name", "reason"])
    with connect(db_path) as con:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
        con.execute(RAW_FILES_DDL)
        con.execute(REJECTED_DDL)
        con.execute(LANDING_FILES_DDL)
        con.execute("BEGIN")
        before = scalar(con, f"SELECT count(*) FROM {RAW_SCHEMA}.raw_files")
        con.register("new_raw", raw_df)
        con.execute(f"INSERT INTO {RAW_SCHEMA}.raw_files SELECT * FROM new_raw ON CONFLICT DO NOTHING")
        con.register("new_rejected", rej_df)
        con.execute(
            f"INSERT INTO {RAW_SCHEMA}.rejected_files SELECT * FROM new_rejected ON CONFLICT DO NOTHING"
        )
        con.register("new_names", names_df)
        con.execute(f"INSERT INTO {RAW_SCHEMA}.landing_files SELECT * FROM new_names ON CONFLICT DO NOTHING")
        con.execute(  # names of rows ingested before landing_files existed
            f"INSERT INTO {RAW_SCHEMA}.landing_files SELECT file_name, sha256 FROM {RAW_SCHEMA}.raw_files "
            "ON CONFLICT DO NOTHING")
        after = scalar(con, f"SELECT count(*) FROM {RAW_SCHEMA}.raw_files")
        n_rej = scalar(con, f"SELECT count(*) FROM {RAW_SCHEMA}.rejected_files")
        con.execute("COMMIT")
    return {"raw_files": int(after), "new_raw_files": int(after - before), "rejected_files": int(n_rej)}


def table_counts(db_path: Path, schema: str, tables: tuple[str, ...]) -> dict[str, int]:
    with connect(db_path, read_only=True) as con:
        return {t: int(scalar(con, f"SELECT count(*) FROM {schema}.{t}")) for t in tables}

"""Short connections to the DuckDB warehouse, waiting while another process holds it.

DuckDB allows one writer at a time, so every function opens a connection,
does its work in one transaction and closes it. Readers open read-only.
The extract tables are written by `quote_warehouse.pipeline.extract`, one transaction
per batch of documents, so a reader never sees a half-written document.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from quote_warehouse.settings import DEFAULT_LOCK_WAIT_SECONDS, is_lake
from quote_warehouse.store.lake import LakeSetupError, connect_lake



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
            cmd = " ".join(f.read().replace(b"\0", b" ").decode("utf-8", "replace").split())
    except OSError:
        cmd = ""
    return f"PID {pid} ({cmd[:200] or program})"


def warehouse_exists(db_path: Path | str) -> bool:
    """Whether there is a warehouse to read: the file, or a DuckLake whose catalog was created."""
    if not is_lake(db_path):
        return Path(db_path).exists()
    try:
        connect_lake(str(db_path), read_only=True).close()
    except LakeSetupError:
        return False
    return True


@contextlib.contextmanager
def connect(db_path: Path, read_only: bool = False,
            lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; the parent folder is made for a new warehouse.

    `db_path` may name a DuckLake instead (`ducklake:...`, store/lake.py):
    its catalog orders concurrent writers, so there is no file lock to wait for.

    While another process holds the file, it waits up to `lock_wait` seconds
    (the WAREHOUSE_LOCK_WAIT_SECONDS setting), then raises WarehouseLockedError.
    """
    if is_lake(db_path):
        con = connect_lake(str(db_path), read_only)
    else:
        if not read_only:
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        con = _connect_waiting(db_path, read_only, lock_wait)
    try:
        yield con
    finally:
        con.close()


def _connect_waiting(db_path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried while another process holds the file's lock.

    DuckDB lets one process write, or several read; a user's `duckdb` shell
    or a second build holding the file makes connect fail at once. We retry
    for `wait` seconds, then raise WarehouseLockedError naming
    the file and the process that holds it.
    """
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


def table_counts(db_path: Path, schema: str, tables: tuple[str, ...],
                 lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> dict[str, int]:
    with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
        return {t: int(scalar(con, f"SELECT count(*) FROM {schema}.{t}")) for t in tables}


def describe_tables(db_path: Path, tables: list[tuple[str, str]],
                    lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> dict[tuple[str, str], dict]:
    """(schema, table) -> {"rows": n, "columns": [(name, type, comment)]} for
    the tables that exist: what an asset's page shows. Comments are the dbt
    descriptions dbt wrote into DuckDB (persist_docs)."""
    out: dict[tuple[str, str], dict] = {}
    with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
        for schema, table in tables:
            columns = con.execute(
                "SELECT column_name, data_type, comment FROM duckdb_columns() "
                "WHERE schema_name = ? AND table_name = ? ORDER BY column_index", [schema, table]).fetchall()
            if not columns:
                continue
            rows = scalar(con, f'SELECT count(*) FROM "{schema}"."{table}"')
            out[(schema, table)] = {"rows": int(rows), "columns": columns}
    return out

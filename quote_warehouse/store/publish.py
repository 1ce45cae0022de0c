"""Write, audit, publish: the marts readers see are a file of their own.

dbt builds the marts inside the warehouse file, where only the build looks;
the dbt tests and the GX marts suite check them there. Only when every one
of those checks passed does the build copy the marts into a new DuckDB file
beside the published one and rename it over it (`os.replace`, atomic on
POSIX). So:

* a failing check leaves the published file exactly as it was, byte for
  byte: publishing is the step that does not run;
* a reader (an analyst's `duckdb` shell, the app) never holds a lock the
  build needs, and never sees half-built marts: it reads the file of the
  last good build, and the next connection it opens reads the new one;
* the build never waits for readers of the published file: it writes a
  new inode, and readers of the old one keep reading it until they close.

The published file holds schema `marts` (every table of the warehouse's
marts, with the same columns and column comments) and `marts.publication`, one row
saying when and from what it was published.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from quote_warehouse.settings import DEFAULT_LOCK_WAIT_SECONDS, MART_TABLES, MARTS_SCHEMA
from quote_warehouse.store.connection import connect, scalar
from quote_warehouse.store.lake import sql_literal

PUBLICATION_TABLE = "publication"


@dataclass(frozen=True)
class Publication:
    path: Path
    rows: dict[str, int]
    published_at: dt.datetime


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _copy_comments(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """The dbt descriptions (persist_docs) of the table and its columns, so
    `duckdb_columns()` on the published file says what each column means."""
    comment = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE database_name = 'build' AND schema_name = ? "
        "AND table_name = ?", [MARTS_SCHEMA, table]).fetchall()
    if comment and comment[0][0]:
        con.execute(f"COMMENT ON TABLE {MARTS_SCHEMA}.{quote_ident(table)} IS {sql_literal(comment[0][0])}")
    for column, text in con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE database_name = 'build' "
            "AND schema_name = ? AND table_name = ? AND comment IS NOT NULL", [MARTS_SCHEMA, table]).fetchall():
        con.execute(f"COMMENT ON COLUMN {MARTS_SCHEMA}.{quote_ident(table)}.{quote_ident(column)} "
                    f"IS {sql_literal(text)}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_marts(warehouse_path: Path, published_path: Path,
                  lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> Publication:
    """Copy the warehouse's marts into a new file and put it in place of
    `published_path` in one rename. A crash before the rename leaves a
    hidden temporary file (removed by the next publish) and the old file."""
    warehouse_path, published_path = Path(warehouse_path), Path(published_path)
    published_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
    for stale in published_path.parent.glob(f".{published_path.name}.*.tmp*"):
        stale.unlink(missing_ok=True)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    rows: dict[str, int] = {}
    # Waiting for the warehouse like every other connection; then the new
    # file is written from a connection of its own that attaches it.
    with connect(warehouse_path, read_only=True, lock_wait=lock_wait):
        pass
    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"ATTACH {sql_literal(str(warehouse_path))} AS build (READ_ONLY)")
        con.execute("BEGIN")
        con.execute(f"CREATE SCHEMA {MARTS_SCHEMA}")
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'build' AND schema_name = ? "
            "ORDER BY table_name", [MARTS_SCHEMA]).fetchall()]
        missing = sorted(set(MART_TABLES) - set(tables))
        if missing:
            raise RuntimeError(f"cannot publish: the warehouse has no marts {', '.join(missing)}")
        for table in tables:
            con.execute(f"CREATE TABLE {MARTS_SCHEMA}.{table} AS SELECT * FROM build.{MARTS_SCHEMA}.{table}")
            _copy_comments(con, table)
            rows[table] = int(scalar(con, f"SELECT count(*) FROM {MARTS_SCHEMA}.{table}"))
        con.execute(f"CREATE TABLE {MARTS_SCHEMA}.{PUBLICATION_TABLE} (published_at TIMESTAMP, "
                    "built_from VARCHAR, tables VARCHAR)")
        con.execute(f"INSERT INTO {MARTS_SCHEMA}.{PUBLICATION_TABLE} VALUES (?, ?, ?)",
                    [now, str(warehouse_path), ", ".join(f"{t}={n}" for t, n in rows.items())])
        con.execute(f"COMMENT ON TABLE {MARTS_SCHEMA}.{PUBLICATION_TABLE} IS "
                    "'When these marts were published, and from which warehouse file: every check of "
                    "that build had passed.'")
        con.execute("COMMIT")
        con.execute("DETACH build")
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    _fsync(tmp)
    os.replace(tmp, published_path)
    _fsync(published_path.parent)
    return Publication(published_path, rows, now)


def published_at(published_path: Path) -> dt.datetime | None:
    """When the published file was last replaced by a build, or None."""
    if not Path(published_path).exists():
        return None
    con = duckdb.connect(str(published_path), read_only=True)
    try:
        return scalar(con, f"SELECT max(published_at) FROM {MARTS_SCHEMA}.{PUBLICATION_TABLE}")  # type: ignore[return-value]
    finally:
        con.close()


def compare_published(warehouse_path: Path, published_path: Path,
                      lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> list[str]:
    """What differs between the warehouse's marts and the published ones:
    a missing file or table, or a row count that is not the same. Empty
    when the published file is the build's marts."""
    if not Path(published_path).exists():
        return [f"no published file at {published_path}"]
    with connect(warehouse_path, read_only=True, lock_wait=lock_wait) as con:
        con.execute(f"ATTACH {sql_literal(str(published_path))} AS published (READ_ONLY)")
        built = dict(con.execute(
            "SELECT table_name, estimated_size FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = ?", [MARTS_SCHEMA]).fetchall())
        out = []
        for table in sorted(built):
            exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'published' "
                                 "AND schema_name = ? AND table_name = ?", [MARTS_SCHEMA, table]).fetchall()[0][0]
            if not exists:
                out.append(f"{table}: not published")
                continue
            n_built = scalar(con, f'SELECT count(*) FROM {MARTS_SCHEMA}."{table}"')
            n_published = scalar(con, f'SELECT count(*) FROM published.{MARTS_SCHEMA}."{table}"')
            if n_built != n_published:
                out.append(f"{table}: {n_published} rows published, {n_built} built")
        con.execute("DETACH published")
        return out

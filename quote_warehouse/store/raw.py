"""The writes of ingest: raw files, rejections, landing names, files already read.

Each write is one transaction on a short connection; every insert skips
rows already there, so a re-run or a run killed part-way and run again
leaves the tables as one clean run would.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from quote_warehouse.landing.files import RawFile, RejectedFile
from quote_warehouse.settings import DEFAULT_LOCK_WAIT_SECONDS, RAW_SCHEMA
from quote_warehouse.store.connection import connect, scalar
from quote_warehouse.store.schema import REJECTED_COLUMNS, RAW_FILES_COLUMNS, ensure_raw_tables


def write_raw(db_path: Path, raw: list[RawFile], rejected: list[RejectedFile],
              lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> dict[str, int]:
    """Add newly seen files; rows already there are kept as they are.

    The same bytes are one row (keyed by sha256) whatever their name, and a
    rerun inserts nothing, so `ingested_at` keeps the first sighting.
    """
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    raw_df = pd.DataFrame(
        [{"sha256": r.sha256, "file_name": r.file_name, "path": r.path, "size_bytes": r.size_bytes,
          "source_format": r.source_format, "encoding": r.encoding, "raw_text": r.raw_text,
          "ingested_at": now} for r in raw],
        columns=list(RAW_FILES_COLUMNS),
    )
    names_df = raw_df[["file_name", "sha256"]].drop_duplicates()  # every name, copies too
    raw_df = raw_df.drop_duplicates("sha256")
    rej_df = pd.DataFrame(
        [{"file_name": r.file_name, "path": r.path, "sha256": r.sha256, "size_bytes": r.size_bytes,
          "reason": r.reason, "rejected_at": now} for r in rejected],
        columns=list(REJECTED_COLUMNS),
    ).drop_duplicates(["file_name", "reason"])
    with connect(db_path, lock_wait=lock_wait) as con:
        ensure_raw_tables(con)
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
        n_names = scalar(con, f"SELECT count(*) FROM {RAW_SCHEMA}.landing_files")
        con.execute("COMMIT")
    return {"raw_files": int(after), "new_raw_files": int(after - before), "rejected_files": int(n_rej),
            "landing_files": int(n_names)}


def files_seen(db_path: Path, lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> dict[str, tuple[int, int]]:
    """file name -> (size, mtime_ns) of every landing file read before."""
    with connect(db_path, lock_wait=lock_wait) as con:
        ensure_raw_tables(con)
        return {name: (size, mtime) for name, size, mtime in
                con.execute(f"SELECT file_name, size_bytes, mtime_ns FROM {RAW_SCHEMA}.landing_seen").fetchall()}


def remember_seen(db_path: Path, rows: list[tuple[str, int, int]],
                  lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> None:
    """Record (file name, size, mtime_ns) of files read for good."""
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=["file_name", "size_bytes", "mtime_ns"])
    with connect(db_path, lock_wait=lock_wait) as con:
        con.register("seen_now", frame)
        con.execute(f"INSERT OR REPLACE INTO {RAW_SCHEMA}.landing_seen SELECT * FROM seen_now")
        con.unregister("seen_now")

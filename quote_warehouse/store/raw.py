"""The writes of ingest: raw files, what each landing name holds now, its
history, and the files already read.

`raw.raw_files` keeps one row per distinct content ever read (old versions
too). `raw.landing_files` (names that are documents) and
`raw.rejected_files` (names that are not) say what the folder holds now:
a name is in exactly one of them. When a name's content or outcome
changes, or the file is deleted or renamed, its old row moves to
`raw.landing_history` with the time it was superseded, and the documents of
both contents are marked pending (store/pending.py), so the incremental
marts drop the old version's rows and take in the new one.

Each batch is one transaction on a short connection; the last one also
records the files gone from the folder and the scan. A re-run, or a run
killed part-way and run again, leaves the tables as one clean run would:
a name whose row already says what the file holds is left as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from quote_warehouse.extract.document import document_id_for
from quote_warehouse.landing.files import RawFile, RejectedFile, Signature
from quote_warehouse.settings import DEFAULT_LOCK_WAIT_SECONDS, RAW_SCHEMA
from quote_warehouse.store import pending
from quote_warehouse.store.connection import connect, scalar
from quote_warehouse.store.schema import (
    LANDING_SEEN_COLUMNS,
    RAW_FILES_COLUMNS,
    ensure_raw_tables,
)


@dataclass(frozen=True)
class LandingRead:
    """One landing file read now: its result and the signature to remember
    (None: read it again next time, e.g. it vanished or could not be opened)."""

    result: RawFile | RejectedFile
    signature: Signature | None


@dataclass(frozen=True)
class LandingState:
    seen: dict[str, Signature]  # name -> signature when it was last read


def landing_state(db_path: Path, lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> LandingState:
    with connect(db_path, lock_wait=lock_wait) as con:
        ensure_raw_tables(con)
        rows = con.execute(f"SELECT {', '.join(LANDING_SEEN_COLUMNS)} FROM {RAW_SCHEMA}.landing_seen").fetchall()
    return LandingState({name: (size, mtime, inode, ctime) for name, size, mtime, inode, ctime in rows})


def files_seen(db_path: Path, lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> dict[str, Signature]:
    """file name -> (size, mtime_ns, inode, ctime_ns) of every landing file read before."""
    return landing_state(db_path, lock_wait).seen


def write_raw(db_path: Path, reads: Sequence[LandingRead], now: dt.datetime,
              listed: Sequence[str] | None = None,
              lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> dict[str, int]:
    """Record a batch of files read now, in one transaction.

    With `listed` (every name in the folder, given with the last batch),
    names gone from the folder are recorded as deleted or renamed and the
    scan time is stored, in the same transaction.
    """
    raw = [r.result for r in reads if isinstance(r.result, RawFile)]
    raw_df = pd.DataFrame(
        [{"sha256": r.sha256, "file_name": r.file_name, "path": r.path, "size_bytes": r.size_bytes,
          "source_format": r.source_format, "encoding": r.encoding, "raw_text": r.raw_text,
          "ingested_at": now.replace(microsecond=0)} for r in raw],
        columns=list(RAW_FILES_COLUMNS),
    ).drop_duplicates("sha256")
    read_df = pd.DataFrame(
        [{"file_name": r.result.file_name, "path": r.result.path, "sha256": r.result.sha256,
          "size_bytes": r.result.size_bytes,
          "reason": r.result.reason if isinstance(r.result, RejectedFile) else None}
         for r in reads],
        columns=["file_name", "path", "sha256", "size_bytes", "reason"],
    ).drop_duplicates("file_name", keep="last")
    seen_df = pd.DataFrame(
        [(r.result.file_name, *r.signature) for r in reads if r.signature is not None],
        columns=list(LANDING_SEEN_COLUMNS),
    ).drop_duplicates("file_name", keep="last")
    read_names = read_df[["file_name"]]
    with connect(db_path, lock_wait=lock_wait) as con:
        ensure_raw_tables(con)
        con.execute("BEGIN")
        before = scalar(con, f"SELECT count(*) FROM {RAW_SCHEMA}.raw_files")
        con.register("new_raw", raw_df)
        con.execute(f"""INSERT INTO {RAW_SCHEMA}.raw_files
                        SELECT * FROM new_raw AS n
                        WHERE NOT EXISTS (SELECT 1 FROM {RAW_SCHEMA}.raw_files AS o WHERE o.sha256 = n.sha256)
                        QUALIFY row_number() OVER (PARTITION BY n.sha256) = 1""")
        con.register("reads", read_df)
        # reads that found what the name already held (a touched file, a
        # symlink loop rejected again) change nothing downstream
        unchanged = scalar(con, f"""SELECT count(*) FROM reads AS r WHERE
            (r.reason IS NULL AND EXISTS (SELECT 1 FROM {RAW_SCHEMA}.landing_files AS l
                                          WHERE l.file_name = r.file_name AND l.sha256 = r.sha256))
            OR (r.reason IS NOT NULL AND EXISTS (SELECT 1 FROM {RAW_SCHEMA}.rejected_files AS j
                                                 WHERE j.file_name = r.file_name AND j.reason = r.reason
                                                   AND j.sha256 IS NOT DISTINCT FROM r.sha256))""")
        # the rows of names whose content or outcome changed
        changed_docs = f"""SELECT l.file_name, l.sha256, l.first_seen_at FROM {RAW_SCHEMA}.landing_files AS l
                           JOIN reads AS r USING (file_name)
                           WHERE r.reason IS NOT NULL OR r.sha256 IS DISTINCT FROM l.sha256"""
        changed_rej = f"""SELECT j.file_name, j.sha256, j.reason, j.rejected_at FROM {RAW_SCHEMA}.rejected_files AS j
                          JOIN reads AS r USING (file_name)
                          WHERE r.reason IS NULL OR r.reason IS DISTINCT FROM j.reason
                             OR r.sha256 IS DISTINCT FROM j.sha256"""
        old_shas = [s for (s,) in con.execute(f"SELECT sha256 FROM ({changed_docs})").fetchall()]
        con.execute(f"""INSERT INTO {RAW_SCHEMA}.landing_history
                        SELECT file_name, sha256, NULL, first_seen_at, ?, 'changed', NULL FROM ({changed_docs})
                        UNION ALL
                        SELECT file_name, sha256, reason, rejected_at, ?, 'changed', NULL FROM ({changed_rej})""",
                    [now, now])
        con.execute(f"""DELETE FROM {RAW_SCHEMA}.landing_files
                        WHERE file_name IN (SELECT file_name FROM ({changed_docs}))""")
        con.execute(f"""DELETE FROM {RAW_SCHEMA}.rejected_files
                        WHERE file_name IN (SELECT file_name FROM ({changed_rej}))""")
        # new rows (a name whose row already says this is skipped)
        new_shas = [s for (s,) in con.execute(f"""
            SELECT r.sha256 FROM reads AS r LEFT JOIN {RAW_SCHEMA}.landing_files AS l USING (file_name)
            WHERE r.reason IS NULL AND l.file_name IS NULL""").fetchall()]
        con.execute(f"""INSERT INTO {RAW_SCHEMA}.landing_files
                        SELECT file_name, sha256, ? FROM reads AS r WHERE reason IS NULL
                          AND NOT EXISTS (SELECT 1 FROM {RAW_SCHEMA}.landing_files AS l
                                          WHERE l.file_name = r.file_name)""",
                    [now])
        con.execute(f"""INSERT INTO {RAW_SCHEMA}.rejected_files
                        SELECT file_name, path, sha256, size_bytes, reason, ? FROM reads
                        AS r WHERE reason IS NOT NULL
                          AND NOT EXISTS (SELECT 1 FROM {RAW_SCHEMA}.rejected_files AS j
                                          WHERE j.file_name = r.file_name AND j.reason = r.reason)""",
                    [now.replace(microsecond=0)])
        # signatures: a file read for good is not read again until it changes
        con.register("read_names", read_names)
        con.execute(f"DELETE FROM {RAW_SCHEMA}.landing_seen WHERE file_name IN (SELECT file_name FROM read_names)")
        con.register("seen_now", seen_df)
        con.execute(f"INSERT INTO {RAW_SCHEMA}.landing_seen SELECT * FROM seen_now")
        for name in ("new_raw", "reads", "read_names", "seen_now"):
            con.unregister(name)
        gone, rejections_gone = _record_gone(con, listed, now) if listed is not None else ([], 0)
        pending.mark_landed(con, (document_id_for(s) for s in [*old_shas, *new_shas, *gone]))
        after = scalar(con, f"SELECT count(*) FROM {RAW_SCHEMA}.raw_files")
        n_rej = scalar(con, f"SELECT count(*) FROM {RAW_SCHEMA}.rejected_files")
        n_names = scalar(con, f"SELECT count(*) FROM {RAW_SCHEMA}.landing_files")
        con.execute("COMMIT")
    return {"raw_files": int(after), "new_raw_files": int(after - before), "rejected_files": int(n_rej),
            "landing_files": int(n_names), "files_gone": len(gone) + rejections_gone,
            "files_changed": len(read_df) - int(unchanged)}


def _record_gone(con, listed: Sequence[str], now: dt.datetime) -> tuple[list[str], int]:
    """Names known to the warehouse but no longer in the folder: their rows
    move to the history, as `renamed` when a name that appeared since the
    last scan carries the same bytes, else as `deleted`. Returns the
    contents of the documents gone (pending for the marts) and how many
    rejected names went."""
    con.register("listed", pd.DataFrame({"file_name": list(listed)}, dtype=object))
    last_scan = scalar(con, f"SELECT max(scanned_at) FROM {RAW_SCHEMA}.landing_scan")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE gone_docs AS
        SELECT g.file_name, g.sha256, g.first_seen_at,
               (SELECT min(n.file_name) FROM {RAW_SCHEMA}.landing_files AS n
                WHERE n.sha256 = g.sha256 AND n.file_name <> g.file_name
                  AND n.file_name IN (SELECT file_name FROM listed)
                  AND (CAST(? AS TIMESTAMP) IS NULL OR n.first_seen_at > CAST(? AS TIMESTAMP))) AS renamed_to
        FROM {RAW_SCHEMA}.landing_files AS g
        WHERE g.file_name NOT IN (SELECT file_name FROM listed)""", [last_scan, last_scan])
    con.execute(f"""INSERT INTO {RAW_SCHEMA}.landing_history
                    SELECT file_name, sha256, NULL, first_seen_at, ?,
                           CASE WHEN renamed_to IS NULL THEN 'deleted' ELSE 'renamed' END, renamed_to
                    FROM gone_docs
                    UNION ALL
                    SELECT file_name, sha256, reason, rejected_at, ?, 'deleted', NULL
                    FROM {RAW_SCHEMA}.rejected_files
                    WHERE file_name NOT IN (SELECT file_name FROM listed)""", [now, now])
    gone = [s for (s,) in con.execute("SELECT sha256 FROM gone_docs").fetchall()]
    rejections_gone = int(scalar(con, f"SELECT count(*) FROM {RAW_SCHEMA}.rejected_files "
                                      "WHERE file_name NOT IN (SELECT file_name FROM listed)"))
    con.execute(f"DELETE FROM {RAW_SCHEMA}.landing_files WHERE file_name IN (SELECT file_name FROM gone_docs)")
    con.execute(f"DELETE FROM {RAW_SCHEMA}.rejected_files WHERE file_name NOT IN (SELECT file_name FROM listed)")
    con.execute(f"DELETE FROM {RAW_SCHEMA}.landing_seen WHERE file_name NOT IN (SELECT file_name FROM listed)")
    con.execute(f"DELETE FROM {RAW_SCHEMA}.landing_scan")
    con.execute(f"INSERT INTO {RAW_SCHEMA}.landing_scan VALUES (?)", [now])
    con.execute("DROP TABLE gone_docs")
    con.unregister("listed")
    return gone, rejections_gone


def remember_seen(db_path: Path, rows: list[tuple], lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> None:
    """Record (file name, size, mtime_ns, inode, ctime_ns) of files read for good."""
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=list(LANDING_SEEN_COLUMNS))
    with connect(db_path, lock_wait=lock_wait) as con:
        ensure_raw_tables(con)
        con.register("seen_now", frame)
        con.execute("BEGIN")
        con.execute(f"DELETE FROM {RAW_SCHEMA}.landing_seen WHERE file_name IN (SELECT file_name FROM seen_now)")
        con.execute(f"INSERT INTO {RAW_SCHEMA}.landing_seen SELECT * FROM seen_now")
        con.execute("COMMIT")
        con.unregister("seen_now")

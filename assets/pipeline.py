"""The two Python stages as plain functions: ingest the landing folder, extract.

The Dagster assets call these; tests call them directly too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from assets import dedup
from assets.extract.document import document_id_for
from assets.extract_runner import extract_pending
from assets.ingest import RawFile, RejectedFile, list_landing_files, read_article_file
from assets.settings import EXTRACT_SCHEMA, MAX_FILE_BYTES, RAW_SCHEMA
from assets.warehouse import connect, table_counts, write_raw


# Rejections that may not hold next time (the file was being written, moved or
# had its permissions fixed): such files are read again on the next run.
TRANSIENT_REJECTIONS = ("vanished", "unreadable", "internal_error")
SEEN_DDL = f"""
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.landing_seen (
    file_name VARCHAR PRIMARY KEY,
    size_bytes BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL
)"""
INGEST_BATCH = int(os.environ.get("INGEST_BATCH_SIZE", 2000))


def _landing_signature(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def ingest_landing_folder(raw_dir: Path, db_path: Path, max_bytes: int = MAX_FILE_BYTES) -> dict:
    """Read new or changed landing files into raw.raw_files or raw.rejected_files.

    A file already read with the same size and modification time is not
    read again (raw.landing_seen remembers them), so a run over a folder of
    100,000 files that gained ten reads ten. Files are read and written in
    batches: memory holds one batch, and a run killed part-way keeps what
    it wrote (writes are idempotent).
    """
    raw_dir = Path(raw_dir)
    paths = list_landing_files(raw_dir)
    with connect(db_path) as con:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
        con.execute(SEEN_DDL)
        seen = {name: (size, mtime) for name, size, mtime in
                con.execute(f"SELECT file_name, size_bytes, mtime_ns FROM {RAW_SCHEMA}.landing_seen").fetchall()}
    todo: list[tuple[Path, tuple[int, int] | None]] = []
    for path in paths:
        sig = _landing_signature(path)
        name = os.path.relpath(path, raw_dir)
        if sig is None or seen.get(name) != sig:
            todo.append((path, sig))
    counts = {"raw_files": 0, "new_raw_files": 0, "rejected_files": 0}
    read = rejected_now = 0
    for i in range(0, len(todo), INGEST_BATCH):
        batch = todo[i : i + INGEST_BATCH]
        results = [read_article_file(path, raw_dir, max_bytes) for path, _ in batch]
        raw = [r for r in results if isinstance(r, RawFile)]
        rejected = [r for r in results if isinstance(r, RejectedFile)]
        written = write_raw(db_path, raw, rejected)
        _mark_pending(db_path, raw)
        counts["new_raw_files"] += written["new_raw_files"]
        counts["raw_files"], counts["rejected_files"] = written["raw_files"], written["rejected_files"]
        settled = [
            (os.path.relpath(path, raw_dir), sig[0], sig[1])
            for (path, sig), result in zip(batch, results)
            if sig is not None and not (isinstance(result, RejectedFile)
                                        and result.reason.startswith(TRANSIENT_REJECTIONS))
        ]
        _remember_seen(db_path, settled)
        read += len(batch)
        rejected_now += len(rejected)
    if not todo:
        counts.update(table_counts(db_path, RAW_SCHEMA, ("raw_files", "rejected_files")))
    counts.update(files_seen=len(paths), files_read=read, rejected_this_run=rejected_now)
    return counts


def _mark_pending(db_path: Path, raw: list[RawFile]) -> None:
    """A landing file read now may be a byte copy of a document the marts
    hold already: its document's rows (and copies) are rebuilt."""
    if not raw:
        return
    frame = pd.DataFrame({"document_id": sorted({document_id_for(r.sha256) for r in raw})})
    with connect(db_path) as con:
        dedup.ensure_tables(con)
        con.register("landed", frame)
        con.execute(f"""INSERT INTO {EXTRACT_SCHEMA}.pending_documents
                        SELECT document_id, 'landing' FROM landed ON CONFLICT DO NOTHING""")
        con.unregister("landed")


def _remember_seen(db_path: Path, rows: list[tuple[str, int, int]]) -> None:
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=["file_name", "size_bytes", "mtime_ns"])
    with connect(db_path) as con:
        con.register("seen_now", frame)
        con.execute(f"INSERT OR REPLACE INTO {RAW_SCHEMA}.landing_seen SELECT * FROM seen_now")
        con.unregister("seen_now")


def extract_all(db_path: Path, workers: int | None = None) -> dict[str, int]:
    """Extract the raw files the extract tables lack and update the clusters.

    Incremental: documents already extracted by this extractor version are
    not read again (see `assets.extract_runner`).
    """
    return extract_pending(db_path, workers=workers)

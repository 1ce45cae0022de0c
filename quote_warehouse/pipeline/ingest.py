"""The ingest stage: new or changed landing files into the raw tables.

The Dagster asset calls this; tests call it directly too.
"""

from __future__ import annotations

import os
from pathlib import Path

from quote_warehouse.extract.document import document_id_for
from quote_warehouse.landing.files import RawFile, RejectedFile, list_landing_files, read_article_file
from quote_warehouse.settings import (
    DEFAULT_INGEST_BATCH_SIZE,
    DEFAULT_LOCK_WAIT_SECONDS,
    DEFAULT_MAX_FILE_BYTES,
    RAW_SCHEMA,
)
from quote_warehouse.store import pending
from quote_warehouse.store.connection import connect, table_counts
from quote_warehouse.store.raw import files_seen, remember_seen, write_raw

# Rejections that may not hold next time (the file was being written, moved or
# had its permissions fixed): such files are read again on the next run.
TRANSIENT_REJECTIONS = ("vanished", "unreadable", "internal_error")


def _landing_signature(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def ingest_landing_folder(raw_dir: Path, db_path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES,
                          batch_size: int = DEFAULT_INGEST_BATCH_SIZE,
                          lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> dict:
    """Read new or changed landing files into raw.raw_files or raw.rejected_files.

    A file already read with the same size and modification time is not
    read again (raw.landing_seen remembers them), so a run over a folder of
    100,000 files that gained ten reads ten. Files are read and written in
    batches: memory holds one batch, and a run killed part-way keeps what
    it wrote (writes are idempotent).
    """
    raw_dir = Path(raw_dir)
    paths = list_landing_files(raw_dir)
    seen = files_seen(db_path, lock_wait)
    todo: list[tuple[Path, tuple[int, int] | None]] = []
    for path in paths:
        sig = _landing_signature(path)
        name = os.path.relpath(path, raw_dir)
        if sig is None or seen.get(name) != sig:
            todo.append((path, sig))
    counts = {"raw_files": 0, "new_raw_files": 0, "rejected_files": 0, "landing_files": 0}
    read = rejected_now = 0
    for i in range(0, len(todo), batch_size):
        batch = todo[i : i + batch_size]
        results = [read_article_file(path, raw_dir, max_bytes) for path, _ in batch]
        raw = [r for r in results if isinstance(r, RawFile)]
        rejected = [r for r in results if isinstance(r, RejectedFile)]
        written = write_raw(db_path, raw, rejected, lock_wait)
        _mark_pending(db_path, raw, lock_wait)
        counts["new_raw_files"] += written["new_raw_files"]
        for table in ("raw_files", "rejected_files", "landing_files"):
            counts[table] = written[table]
        settled = [
            (os.path.relpath(path, raw_dir), sig[0], sig[1])
            for (path, sig), result in zip(batch, results)
            if sig is not None and not (isinstance(result, RejectedFile)
                                        and result.reason.startswith(TRANSIENT_REJECTIONS))
        ]
        remember_seen(db_path, settled, lock_wait)
        read += len(batch)
        rejected_now += len(rejected)
    if not todo:
        counts.update(table_counts(db_path, RAW_SCHEMA, ("raw_files", "rejected_files", "landing_files"), lock_wait))
    counts.update(files_seen=len(paths), files_read=read, rejected_this_run=rejected_now)
    return counts


def _mark_pending(db_path: Path, raw: list[RawFile], lock_wait: float) -> None:
    """A landing file read now may be a byte copy of a document the marts
    hold already: its document's rows (and copies) are rebuilt."""
    if not raw:
        return
    with connect(db_path, lock_wait=lock_wait) as con:
        pending.mark_landed(con, (document_id_for(r.sha256) for r in raw))

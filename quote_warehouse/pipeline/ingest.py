"""The ingest stage: new or changed landing files into the raw tables.

The Dagster asset calls this; tests call it directly too.

Nothing sticks: every file ends as a document (raw.landing_files), a
rejection with a reason that names it (raw.rejected_files; a name that is
not valid UTF-8 is stored in its printable form, landing.files.display_name),
or, when it is still being written, waiting for a later build (neither, and
counted as `files_waiting`). Files change, and the warehouse follows: a file
whose signature (size, mtime, inode, ctime) differs from the one recorded is
read again, and what its name held before moves to raw.landing_history
(store/raw.py); names gone from the folder are recorded as deleted or renamed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from pathlib import Path

from quote_warehouse.landing.files import (
    RejectedFile,
    display_name,
    landing_signature,
    list_landing_files,
    read_article_file,
    settled_files,
)
from quote_warehouse.settings import (
    DEFAULT_INGEST_BATCH_SIZE,
    DEFAULT_LANDING_SETTLE_SECONDS,
    DEFAULT_LOCK_WAIT_SECONDS,
    DEFAULT_MAX_FILE_BYTES,
    RAW_SCHEMA,
)
from quote_warehouse.store.connection import table_counts
from quote_warehouse.store.raw import LandingRead, files_seen, write_raw

log = logging.getLogger(__name__)

# Rejections that may not hold next time (the file was being written, moved or
# had its permissions fixed): such files are read again on the next run.
TRANSIENT_REJECTIONS = ("vanished", "unreadable", "internal_error")


def ingest_landing_folder(raw_dir: Path, db_path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES,
                          batch_size: int = DEFAULT_INGEST_BATCH_SIZE,
                          lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
                          settle_seconds: float = DEFAULT_LANDING_SETTLE_SECONDS) -> dict:
    """Read new or changed landing files into raw.raw_files or raw.rejected_files.

    A file already read with the same signature (size, mtime, inode, ctime)
    is not read again (raw.landing_seen remembers them), so a run over a
    folder of 100,000 files that gained ten reads ten. A file written to in
    the last `settle_seconds` is read only if it does not change while we
    wait that long, and only if it does not change while it is read;
    otherwise it waits for the next build. Files are read and written in
    batches: memory holds one batch, and a run killed part-way keeps what it
    wrote (writes are idempotent); the last batch also records the files
    gone from the folder.
    """
    raw_dir = Path(raw_dir)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    paths = list_landing_files(raw_dir)
    names = {path: display_name(os.path.relpath(path, raw_dir)) for path in paths}
    seen = files_seen(db_path, lock_wait)
    sigs = {path: landing_signature(path) for path in paths}
    changed = {path: sig for path, sig in sigs.items() if sig is None or seen.get(names[path]) != sig}
    ready, waiting = settled_files(changed, settle_seconds, time.time_ns())
    todo = [path for path in paths if path in ready]
    counts = {"raw_files": 0, "new_raw_files": 0, "rejected_files": 0, "landing_files": 0, "files_gone": 0,
              "files_changed": 0}
    read = rejected_now = 0
    batches = [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)] or [[]]
    for i, batch in enumerate(batches):
        reads = []
        for path in batch:
            before = ready[path]
            result = read_article_file(path, raw_dir, max_bytes)
            after = landing_signature(path)
            if before is not None and after is not None and after != before:
                waiting.append(path)  # written to while we read it: the next build reads it whole
                continue
            transient = isinstance(result, RejectedFile) and result.reason.startswith(TRANSIENT_REJECTIONS)
            reads.append(LandingRead(result, None if transient else after))
        last = i == len(batches) - 1
        written = write_raw(db_path, reads, now, listed=list(names.values()) if last else None,
                            lock_wait=lock_wait)
        counts["new_raw_files"] += written["new_raw_files"]
        counts["files_gone"] += written["files_gone"]
        counts["files_changed"] += written["files_changed"]
        for table in ("raw_files", "rejected_files", "landing_files"):
            counts[table] = written[table]
        read += len(reads)
        rejected_now += sum(isinstance(r.result, RejectedFile) for r in reads)
    if waiting:
        shown = ", ".join(names[p] for p in sorted(waiting)[:5])
        log.warning("%d landing file(s) still being written, left for the next build: %s%s",
                    len(waiting), shown, " ..." if len(waiting) > 5 else "")
    counts.update(table_counts(db_path, RAW_SCHEMA, ("raw_files", "rejected_files", "landing_files"), lock_wait))
    # files_changed: reads that found a new content or outcome, plus names
    # gone (a deletion or rename changes the marts as a new file does); a
    # build where it is 0 has nothing new to take in.
    counts.update(files_seen=len(paths), files_read=read, rejected_this_run=rejected_now,
                  files_waiting=len(waiting), files_changed=counts["files_changed"] + counts["files_gone"])
    return counts

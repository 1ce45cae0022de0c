"""Reads and writes of the extract tables: what to extract, and a batch's rows.

A batch is written in one transaction after the rows of its documents from
any earlier attempt are deleted, so a reader never sees a half-written
document and a rerun of a killed batch leaves what one clean run would.

The contents of a batch that could not be extracted (over the time budget,
`extract_timeout`; worker died, `extract_failed`) are recorded in the same
transaction in `extract.rejected_documents`; they are not extracted again
(`not_extracted` leaves them out) until their bytes change, which makes a
new content, or, for a timeout, until the budget is raised
(`timed_out_under`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from quote_warehouse.extract.document import EXTRACTOR_VERSION, document_id_for
from quote_warehouse.settings import EXTRACT_SCHEMA, RAW_SCHEMA
from quote_warehouse.store import dedup, pending
from quote_warehouse.store.schema import BANDS_COLUMNS, EXTRACT_COLUMNS


@dataclass(frozen=True)
class Todo:
    sha256: str
    file_name: str
    source_format: str


@dataclass(frozen=True)
class ContentRejection:
    """A raw content the extract stage could not turn into a document, and why
    ("<code>: <message>", as landing rejections)."""

    sha256: str
    reason: str


def not_extracted(con: duckdb.DuckDBPyConnection) -> list[Todo]:
    """Raw files without rows from this extractor version, in a stable order;
    contents rejected by an earlier extraction are left out."""
    rows = con.execute(f"""
        SELECT r.sha256, r.file_name, r.source_format
        FROM {RAW_SCHEMA}.raw_files AS r
        LEFT JOIN {EXTRACT_SCHEMA}.documents AS d
          ON d.sha256 = r.sha256 AND d.extractor_version = ?
        WHERE d.document_id IS NULL
          AND r.sha256 NOT IN (SELECT sha256 FROM {EXTRACT_SCHEMA}.rejected_documents)
        ORDER BY r.sha256
    """, [EXTRACTOR_VERSION]).fetchall()
    return [Todo(*r) for r in rows]


_BUDGET = re.compile(r"over ([0-9.]+) s")


def timed_out_under(con: duckdb.DuckDBPyConnection, timeout: float) -> list[Todo]:
    """Contents rejected `extract_timeout` under a smaller budget than `timeout`:
    worth another try now that the budget was raised."""
    rows = con.execute(f"""
        SELECT r.sha256, r.file_name, r.source_format, x.reason
        FROM {EXTRACT_SCHEMA}.rejected_documents AS x
        JOIN {RAW_SCHEMA}.raw_files AS r USING (sha256)
        WHERE split_part(x.reason, ':', 1) = 'extract_timeout'
        ORDER BY r.sha256
    """).fetchall()
    retry = []
    for sha, name, fmt, reason in rows:
        found = _BUDGET.search(reason)
        if found is not None and float(found.group(1)) < timeout:
            retry.append(Todo(sha, name, fmt))
    return retry


def forget_pending_rejected(con: duckdb.DuckDBPyConnection) -> None:
    """Rejected contents never extracted have no rows for the marts to take
    in (the rejected_files mart is rebuilt whole): ingest's `landing` mark of
    their names is dropped, so every pending document stays an extracted one."""
    con.execute(f"""
        DELETE FROM {EXTRACT_SCHEMA}.pending_documents
        WHERE document_id IN (SELECT document_id FROM {EXTRACT_SCHEMA}.rejected_documents)
          AND document_id NOT IN (SELECT document_id FROM {EXTRACT_SCHEMA}.documents)
    """)


def stale_undated(con: duckdb.DuckDBPyConnection, reference_year: int | None) -> list[Todo]:
    """Undated articles extracted against another reference year."""
    rows = con.execute(f"""
        SELECT d.sha256, d.file_name, d.source_format
        FROM {EXTRACT_SCHEMA}.documents AS d
        WHERE d.published_date IS NULL AND d.reference_year IS DISTINCT FROM ?
        ORDER BY d.sha256
    """, [reference_year]).fetchall()
    return [Todo(*r) for r in rows]


def corpus_reference_year(con: duckdb.DuckDBPyConnection) -> int | None:
    """The median publication year of the extracted articles (lower median)."""
    years = [y for (y,) in con.execute(
        f"SELECT year(published_date) FROM {EXTRACT_SCHEMA}.documents WHERE published_date IS NOT NULL"
    ).fetchall()]
    return int(statistics.median_low(years)) if years else None


def raw_texts(con: duckdb.DuckDBPyConnection, batch: Sequence[Todo]) -> dict[str, str]:
    """sha256 -> raw text of a batch's files."""
    con.register("batch_shas", pd.DataFrame({"sha256": [t.sha256 for t in batch]}))
    rows = con.execute(f"""SELECT sha256, raw_text FROM {RAW_SCHEMA}.raw_files
                           WHERE sha256 IN (SELECT sha256 FROM batch_shas)""").fetchall()
    con.unregister("batch_shas")
    return dict(rows)


def _typed_frame(name: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(EXTRACT_COLUMNS[name]))


def write_batch(con: duckdb.DuckDBPyConnection, results: list[dict[str, list[dict]]],
                rejected: Sequence[ContentRejection] = (), partition: bool = False) -> None:
    """Replace the rows of the batch's documents, bands included, and record
    the batch's rejected contents, in one transaction.

    A rejected content loses any rows an earlier extraction left (it is a
    rejection now, not a document) and is recorded in
    `extract.rejected_documents`; an extracted one loses any earlier
    rejection (a timeout retried under a larger budget).

    `partition` (a partition of the distributed profile, written while
    others are): the batch only appends. Its documents go to
    `partition_writes`, not pending_documents, and its similar pairs are left
    to the build's extract step (`extract_pending`), since partitions
    committing at the same time do not see each other's bands. Old rows are
    deleted only when the batch's documents have some: concurrent deletes
    from a shared DuckLake table conflict at commit."""
    tables = {name: [row for r in results for row in r[name]] for name in EXTRACT_COLUMNS}
    ids = [d["document_id"] for d in tables["documents"]]
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    rejections = pd.DataFrame(
        [{"document_id": document_id_for(r.sha256), "sha256": r.sha256, "reason": r.reason, "rejected_at": now}
         for r in rejected], columns=["document_id", "sha256", "reason", "rejected_at"])
    gone = [*ids, *rejections["document_id"]]
    con.execute("BEGIN")
    try:
        pending.mark_extracted(con, ids, partition=partition)
        con.register("batch_ids", pd.DataFrame({"document_id": gone}))
        had_rows = con.execute(f"""
            SELECT EXISTS (SELECT 1 FROM {EXTRACT_SCHEMA}.documents WHERE document_id IN (SELECT document_id FROM batch_ids))
                OR EXISTS (SELECT 1 FROM {EXTRACT_SCHEMA}.rejected_documents
                           WHERE document_id IN (SELECT document_id FROM batch_ids))""").fetchall()[0][0]
        if had_rows:  # rows of a document exist only beside its documents (or rejection) row
            for name in EXTRACT_COLUMNS:
                con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.{name} WHERE document_id IN (SELECT document_id FROM batch_ids)")
            con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.rejected_documents WHERE document_id IN (SELECT document_id FROM batch_ids)")
            dedup.forget_documents(con, gone)
        con.unregister("batch_ids")
        if not rejections.empty:
            con.register("rejections", rejections)
            con.execute(f"INSERT INTO {EXTRACT_SCHEMA}.rejected_documents "
                        "SELECT document_id, sha256, reason, rejected_at FROM rejections")
            con.unregister("rejections")
        for name, columns in EXTRACT_COLUMNS.items():
            frame = _typed_frame(name, tables[name])
            if frame.empty:
                continue
            con.register("frame", frame)
            select = ", ".join(f'CAST("{c}" AS {t})' for c, t in columns.items())
            con.execute(f"INSERT INTO {EXTRACT_SCHEMA}.{name} SELECT {select} FROM frame")
            con.unregister("frame")
        bands = pd.DataFrame([row for d in tables["documents"]
                              for row in dedup.band_rows(d["document_id"], d["signature"])],
                             columns=list(BANDS_COLUMNS))
        if not bands.empty:
            con.register("bands", bands)
            con.execute(f"INSERT INTO {EXTRACT_SCHEMA}.document_bands SELECT * FROM bands")
            con.unregister("bands")
        if not partition:
            dedup.add_similar_pairs(con, ids)
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.TransactionException):
            con.execute("ROLLBACK")  # a COMMIT that failed (a conflict on a lake) has ended it already
        raise


def carried_documents(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Documents written by an extraction that has not made its clusters yet:
    a killed build's batches, or the partitions of a distributed build."""
    return [d for (d,) in con.execute(
        f"SELECT document_id FROM {EXTRACT_SCHEMA}.pending_documents "
        "WHERE reason IN ('new', 'reextracted') ORDER BY document_id").fetchall()]


def clusters_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the clusters were made after the last extraction: every document
    has one, and no document written by an earlier (maybe killed) run waits."""
    same = con.execute(f"""
        SELECT (SELECT count(*) FROM {EXTRACT_SCHEMA}.document_clusters)
                 = (SELECT count(*) FROM {EXTRACT_SCHEMA}.documents)
    """).fetchall()[0][0]
    return bool(same) and not pending.extraction_waiting(con)


def extract_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of each extract table."""
    return {name: int(con.execute(f"SELECT count(*) FROM {EXTRACT_SCHEMA}.{name}").fetchall()[0][0])
            for name in (*EXTRACT_COLUMNS, "document_clusters", "pending_documents")}

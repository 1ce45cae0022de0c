"""Which documents the incremental marts still have to take in: the one owner
of `extract.pending_documents`.

Ingest records the contents of every landing name whose state changed
(`landing`): a name that now carries a content (maybe a byte copy of a
document the marts hold already), and the old content of a name that
changed, was deleted or renamed, so the marts drop that version's rows
unless another current name still carries its bytes. The extract stage every
document it wrote (`new`, `reextracted`), and near-duplicate detection every
document whose cluster changed (`cluster`). The dbt marts are incremental
models that rebuild only the rows of those documents (and the statements
and speakers they mention; macro `only_pending_documents`); once the marts
step succeeds the list is emptied. A run that fails or is killed leaves it
in place, so the next run takes the same documents in again: the marts end
as a full rebuild would leave them.

A re-extracted document may have lost statements that other rows still
count, so any `reextracted` entry, or marts not built yet, means a full
refresh instead.

`extract.marts_build` records which build of the project (a fingerprint of
the dbt project, the suites and the extractor) made the marts, so a run
with no new file, nothing pending and the same project can skip the dbt
and check steps (`pipeline.status.marts_current`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import datetime as dt

import duckdb
import pandas as pd

from quote_warehouse.settings import DEFAULT_LOCK_WAIT_SECONDS, EXTRACT_SCHEMA, MARTS_SCHEMA
from quote_warehouse.store.connection import connect, scalar
from quote_warehouse.store.schema import ensure_dedup_tables

INCREMENTAL_MARTS = ("documents", "statements", "statement_sources", "speakers", "events")
# SQL for "the documents of this run", to scope a check to them.
PENDING_IDS_SQL = f"(SELECT document_id FROM {EXTRACT_SCHEMA}.pending_documents)"


def mark_landed(con: duckdb.DuckDBPyConnection, document_ids: Iterable[str]) -> None:
    """Documents of landing files read now; an existing entry keeps its reason."""
    frame = pd.DataFrame({"document_id": sorted(set(document_ids))})
    if frame.empty:
        return
    ensure_dedup_tables(con)
    con.register("landed", frame)
    con.execute(f"""INSERT INTO {EXTRACT_SCHEMA}.pending_documents
                    SELECT document_id, 'landing' FROM landed AS n
                    WHERE NOT EXISTS (SELECT 1 FROM {EXTRACT_SCHEMA}.pending_documents AS p
                                      WHERE p.document_id = n.document_id)""")
    con.unregister("landed")


def mark_extracted(con: duckdb.DuckDBPyConnection, document_ids: Iterable[str], partition: bool = False) -> None:
    """Documents of a batch about to be written: `reextracted` when the
    extract tables hold them already (the marts then rebuild in full), `new`
    otherwise. Run before the batch's old rows are deleted.

    `partition`: a partition of the distributed profile appends them to
    `partition_writes` instead (`fold_partition_writes` moves them here)."""
    con.register("extracted_ids", pd.DataFrame({"document_id": list(document_ids)}))
    reasons = f"""
        SELECT DISTINCT b.document_id,
               CASE WHEN d.document_id IS NULL THEN 'new' ELSE 'reextracted' END
        FROM extracted_ids AS b LEFT JOIN {EXTRACT_SCHEMA}.documents AS d USING (document_id)"""
    if partition:
        con.execute(f"INSERT INTO {EXTRACT_SCHEMA}.partition_writes {reasons}")
    else:
        con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.pending_documents "
                    "WHERE document_id IN (SELECT document_id FROM extracted_ids)")
        con.execute(f"INSERT INTO {EXTRACT_SCHEMA}.pending_documents {reasons}")
    con.unregister("extracted_ids")


def fold_partition_writes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Move the documents extraction partitions wrote into pending_documents
    (a `reextracted` from any partition wins); returns their ids."""
    rows = con.execute(f"""SELECT document_id, max(reason) FROM {EXTRACT_SCHEMA}.partition_writes
                           GROUP BY document_id ORDER BY document_id""").fetchall()
    if not rows:
        return []
    con.register("written", pd.DataFrame(rows, columns=["document_id", "reason"]))
    con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.pending_documents "
                "WHERE document_id IN (SELECT document_id FROM written)")
    con.execute(f"INSERT INTO {EXTRACT_SCHEMA}.pending_documents SELECT document_id, reason FROM written")
    con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.partition_writes")
    con.unregister("written")
    return [d for d, _ in rows]


def mark_cluster_changes(con: duckdb.DuckDBPyConnection, clusters: pd.DataFrame) -> None:
    """Documents whose row in `clusters` (document_id, canonical_document_id,
    duplicate_of, max_similarity) differs from the stored one."""
    con.register("cluster_rows", clusters)
    con.execute(f"""
        INSERT INTO {EXTRACT_SCHEMA}.pending_documents
        SELECT n.document_id, 'cluster' FROM cluster_rows AS n
        LEFT JOIN {EXTRACT_SCHEMA}.document_clusters AS o USING (document_id)
        WHERE (o.document_id IS NULL
               OR o.canonical_document_id IS DISTINCT FROM n.canonical_document_id
               OR o.duplicate_of IS DISTINCT FROM n.duplicate_of
               OR o.max_similarity IS DISTINCT FROM CAST(n.max_similarity AS DOUBLE))
          AND NOT EXISTS (SELECT 1 FROM {EXTRACT_SCHEMA}.pending_documents AS p
                          WHERE p.document_id = n.document_id)
    """)
    con.unregister("cluster_rows")


def extraction_waiting(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether documents written by an extraction (maybe a killed one), or
    whose landing names changed (a content came or went: near-duplicate
    clusters are made among current contents only), wait for their clusters
    and marts."""
    return bool(scalar(con, f"SELECT count(*) FROM {EXTRACT_SCHEMA}.pending_documents "
                            "WHERE reason IN ('new', 'reextracted', 'landing')"))


def marts_need_full_refresh(db_path: Path, lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> bool:
    with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
        have = {t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [MARTS_SCHEMA]
        ).fetchall()}
        if not set(INCREMENTAL_MARTS) <= have:
            return True
        pending = {t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            [EXTRACT_SCHEMA, "pending_documents"]).fetchall()}
        if not pending:
            return True
        return bool(scalar(con, f"SELECT count(*) FROM {EXTRACT_SCHEMA}.pending_documents WHERE reason = 'reextracted'"))


def incremental_run(db_path: Path, lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> bool:
    """An incremental run with documents to take in. With nothing pending (a
    re-run, a rebuild of the dbt steps alone) or a full refresh, checks read
    whole tables: rows changed behind the pipeline's back are caught."""
    if marts_need_full_refresh(db_path, lock_wait):
        return False
    with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
        return bool(scalar(con, f"SELECT count(*) FROM {EXTRACT_SCHEMA}.pending_documents"))


def clear_pending_documents(db_path: Path, lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> None:
    """Every mart has taken the pending documents in."""
    with connect(db_path, lock_wait=lock_wait) as con:
        con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.pending_documents")


def record_marts_build(db_path: Path, project_fingerprint: str,
                       lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> None:
    """The marts were built, from every pending document, by this project."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    with connect(db_path, lock_wait=lock_wait) as con:
        ensure_dedup_tables(con)
        con.execute("BEGIN")
        con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.marts_build")
        con.execute(f"INSERT INTO {EXTRACT_SCHEMA}.marts_build VALUES (?, ?)", [project_fingerprint, now])
        con.execute("COMMIT")


def marts_build_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of the project that last built the marts, if any."""
    rows = con.execute(f"SELECT project_fingerprint FROM {EXTRACT_SCHEMA}.marts_build").fetchall()
    return rows[0][0] if len(rows) == 1 else None


def forget_marts_build(db_path: Path, lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> None:
    """The marts are being rebuilt: until they are checked and published
    (`record_marts_build`), no run may take them as current, so a build
    whose checks failed is built, and fails, again instead of 'nothing new'."""
    with connect(db_path, lock_wait=lock_wait) as con:
        ensure_dedup_tables(con)
        con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.marts_build")

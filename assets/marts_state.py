"""Which documents the incremental marts still have to take in.

The extract stage records every document it wrote (`new`, `reextracted`) and
every document whose near-duplicate cluster changed (`cluster`) in
`extract.pending_documents`. The dbt marts are incremental models that
rebuild only the rows of those documents (and the statements and speakers
they mention); once the marts step succeeds the list is emptied. A run that
fails or is killed leaves it in place, so the next run takes the same
documents in again: the marts end as a full rebuild would leave them.

A re-extracted document may have lost statements that other rows still
count, so any `reextracted` entry, or marts not built yet, means a full
refresh instead.
"""

from __future__ import annotations

from pathlib import Path

from assets.settings import EXTRACT_SCHEMA, MARTS_SCHEMA
from assets.warehouse import connect, scalar

INCREMENTAL_MARTS = ("documents", "statements", "statement_sources", "speakers", "events")


def marts_need_full_refresh(db_path: Path) -> bool:
    with connect(db_path, read_only=True) as con:
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


def clear_pending_documents(db_path: Path) -> None:
    with connect(db_path) as con:
        con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.pending_documents")

"""Every table the Python side writes: its schema, columns and DDL, in one place.

`raw` is written by ingest, `extract` by extraction and near-duplicate
detection; dbt reads both as sources (dbt_project/models/staging/_sources.yml)
and writes `staging` and `marts`. Tables are created on first use
(`ensure_raw_tables`, `ensure_extract_tables`), so a new warehouse file needs
no set-up step. The key constraints hold in a DuckDB file; a DuckLake has
none (store/lake.py), so the writes never rely on them to drop a row.
"""

from __future__ import annotations

import duckdb

from quote_warehouse.settings import EXTRACT_SCHEMA, RAW_SCHEMA
from quote_warehouse.store.lake import is_lake_connection, table_ddl

# ---------------------------------------------------------------- raw

RAW_FILES_DDL = f"""
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.raw_files (
    sha256 VARCHAR PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    path VARCHAR,
    size_bytes BIGINT,
    source_format VARCHAR,
    encoding VARCHAR,
    raw_text VARCHAR,
    ingested_at TIMESTAMP
)"""
RAW_FILES_COLUMNS = ("sha256", "file_name", "path", "size_bytes", "source_format", "encoding",
                     "raw_text", "ingested_at")
REJECTED_DDL = f"""
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.rejected_files (
    file_name VARCHAR NOT NULL,
    path VARCHAR,
    sha256 VARCHAR,
    size_bytes BIGINT,
    reason VARCHAR NOT NULL,
    rejected_at TIMESTAMP,
    PRIMARY KEY (file_name, reason)
)"""
REJECTED_COLUMNS = ("file_name", "path", "sha256", "size_bytes", "reason", "rejected_at")
# The landing folder as the warehouse knows it now: one row per file name
# that is a document, with the content it has (raw_files keeps one row per
# distinct content, old versions included, so a byte-identical copy under
# another name is only here and becomes a document row of its own in the
# marts). A name is in exactly one of landing_files and rejected_files;
# a file that changed, was deleted or renamed leaves its old row in
# landing_history.
LANDING_FILES_DDL = f"""
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.landing_files (
    file_name VARCHAR PRIMARY KEY,
    sha256 VARCHAR NOT NULL,
    first_seen_at TIMESTAMP NOT NULL
)"""
# Landing files already read, by size, modification time, inode and change
# time (ctime cannot be set back by users): a re-run reads only new or
# changed files. Keyed by the printable name (landing.files.display_name).
LANDING_SEEN_DDL = f"""
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.landing_seen (
    file_name VARCHAR PRIMARY KEY,
    size_bytes BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    inode BIGINT,
    ctime_ns BIGINT
)"""
LANDING_SEEN_COLUMNS = ("file_name", "size_bytes", "mtime_ns", "inode", "ctime_ns")
# Past versions of landing files: the row a name had (document: sha256 and
# no reason; rejection: its reason) until the file changed, was deleted or
# was renamed (renamed_to: the new name, carrying the same bytes).
LANDING_HISTORY_DDL = f"""
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.landing_history (
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR,
    reason VARCHAR,
    first_seen_at TIMESTAMP,
    superseded_at TIMESTAMP NOT NULL,
    change_kind VARCHAR NOT NULL,
    renamed_to VARCHAR
)"""
# When ingest last finished a scan of the folder (one row): a name first
# seen after it appeared since, so a name gone since with the same bytes
# was renamed to it.
LANDING_SCAN_DDL = f"""
CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.landing_scan (
    scanned_at TIMESTAMP NOT NULL
)"""

# ---------------------------------------------------------------- extract

# Column types of the rows `extract_document` returns: an empty batch still
# makes typed tables.
EXTRACT_COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "document_id": "VARCHAR", "sha256": "VARCHAR", "file_name": "VARCHAR",
        "source_format": "VARCHAR", "title": "VARCHAR", "outlet": "VARCHAR", "url": "VARCHAR",
        "published_date": "DATE", "published_raw": "VARCHAR", "clean_text": "VARCHAR",
        "body_start": "INTEGER", "removed_noise": "VARCHAR[]", "signature": "BIGINT[]",
        "word_count": "INTEGER", "extractor_version": "VARCHAR", "reference_year": "INTEGER",
    },
    "statements": {
        "statement_mention_id": "VARCHAR", "document_id": "VARCHAR", "speaker_mention_id": "VARCHAR",
        "event_mention_id": "VARCHAR", "text": "VARCHAR", "quote_type": "VARCHAR", "cue": "VARCHAR",
        "char_start": "INTEGER", "char_end": "INTEGER",
    },
    "statement_parts": {
        "statement_mention_id": "VARCHAR", "document_id": "VARCHAR", "part_index": "INTEGER",
        "char_start": "INTEGER", "char_end": "INTEGER",
    },
    "speakers": {
        "speaker_mention_id": "VARCHAR", "document_id": "VARCHAR", "name": "VARCHAR", "kind": "VARCHAR",
        "role": "VARCHAR", "organization": "VARCHAR", "country": "VARCHAR", "forms": "VARCHAR[]",
        "is_description": "BOOLEAN", "scope_key": "VARCHAR",
    },
    "events": {
        "event_mention_id": "VARCHAR", "document_id": "VARCHAR", "event_type": "VARCHAR",
        "event_date": "DATE", "date_precision": "VARCHAR", "outlet": "VARCHAR", "location": "VARCHAR",
        "char_start": "INTEGER", "char_end": "INTEGER",
    },
    "event_participants": {"event_mention_id": "VARCHAR", "speaker_mention_id": "VARCHAR",
                           "document_id": "VARCHAR"},
}
# The extract tables holding rows of a document other than the document itself.
ROW_TABLES = tuple(t for t in EXTRACT_COLUMNS if t != "documents")

# Near-duplicate detection (store/dedup.py): LSH band hashes of each
# document's MinHash signature, the similar pairs found through them, and
# the clusters made from the pairs.
BANDS_DDL = f"""
CREATE TABLE IF NOT EXISTS {EXTRACT_SCHEMA}.document_bands (
    document_id VARCHAR NOT NULL,
    band SMALLINT NOT NULL,
    band_hash BIGINT NOT NULL
)"""
BANDS_COLUMNS = ("document_id", "band", "band_hash")
PAIRS_DDL = f"""
CREATE TABLE IF NOT EXISTS {EXTRACT_SCHEMA}.similar_pairs (
    doc_a VARCHAR NOT NULL,
    doc_b VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL,
    PRIMARY KEY (doc_a, doc_b)
)"""
CLUSTERS_DDL = f"""
CREATE TABLE IF NOT EXISTS {EXTRACT_SCHEMA}.document_clusters (
    document_id VARCHAR PRIMARY KEY,
    canonical_document_id VARCHAR NOT NULL,
    duplicate_of VARCHAR,
    max_similarity DOUBLE
)"""
# Documents whose rows the marts have not taken in yet, and which build of
# the project (dbt models, suites, extractor) made the marts (store/pending.py).
PENDING_DDL = f"""
CREATE TABLE IF NOT EXISTS {EXTRACT_SCHEMA}.pending_documents (
    document_id VARCHAR PRIMARY KEY,
    reason VARCHAR NOT NULL
)"""
# Contents rejected after ingest, by a stage that read them (e.g. an
# extraction over its time budget, `extract_timeout: ...`): every landing
# name carrying the content is then a rejection in the marts, not a
# document. (Documents whose clean text has no words are rejected the same
# way by dbt, int_rejected_contents, from extract.documents.word_count.)
REJECTED_DOCUMENTS_DDL = f"""
CREATE TABLE IF NOT EXISTS {EXTRACT_SCHEMA}.rejected_documents (
    document_id VARCHAR PRIMARY KEY,
    sha256 VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    rejected_at TIMESTAMP
)"""
# Documents written by extraction partitions (the distributed profile), not
# yet taken into pending_documents: partitions only append here, so
# partitions committing at the same time never delete from a shared table;
# the build's extract step folds these rows into pending_documents.
PARTITION_WRITES_DDL = f"""
CREATE TABLE IF NOT EXISTS {EXTRACT_SCHEMA}.partition_writes (
    document_id VARCHAR NOT NULL,
    reason VARCHAR NOT NULL
)"""
MARTS_BUILD_DDL = f"""
CREATE TABLE IF NOT EXISTS {EXTRACT_SCHEMA}.marts_build (
    project_fingerprint VARCHAR NOT NULL,
    built_at TIMESTAMP NOT NULL
)"""


def ensure_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
    _upgrade_landing_tables(con)
    lake = is_lake_connection(con)
    for ddl in (RAW_FILES_DDL, REJECTED_DDL, LANDING_FILES_DDL, LANDING_SEEN_DDL, LANDING_HISTORY_DDL,
                LANDING_SCAN_DDL):
        con.execute(table_ddl(ddl, lake))


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    return [c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
        "ORDER BY ordinal_position", [schema, table]).fetchall()]


def _upgrade_landing_tables(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse from before landing files could change: landing_files kept
    every (name, content) ever read, landing_seen only size and mtime. The
    names are kept (one content each) and landing_seen is emptied, so the
    next ingest reads every file once and records what each name holds now."""
    have = _columns(con, RAW_SCHEMA, "landing_files")
    if have and "first_seen_at" not in have:
        con.execute("BEGIN")
        con.execute(f"ALTER TABLE {RAW_SCHEMA}.landing_files RENAME TO landing_files_old")
        con.execute(table_ddl(LANDING_FILES_DDL, is_lake_connection(con)))
        con.execute(f"""INSERT INTO {RAW_SCHEMA}.landing_files
                        SELECT file_name, min(sha256), TIMESTAMP '1970-01-01'
                        FROM {RAW_SCHEMA}.landing_files_old GROUP BY file_name""")
        con.execute(f"DROP TABLE {RAW_SCHEMA}.landing_files_old")
        con.execute(f"DROP TABLE IF EXISTS {RAW_SCHEMA}.landing_seen")
        con.execute("COMMIT")
    if "inode" not in (_columns(con, RAW_SCHEMA, "landing_seen") or ["inode"]):
        con.execute(f"DROP TABLE {RAW_SCHEMA}.landing_seen")  # re-read once, then by full signature


def ensure_dedup_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The near-duplicate and pending-documents tables (ingest marks pending
    documents before any extraction has run)."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {EXTRACT_SCHEMA}")
    lake = is_lake_connection(con)
    for ddl in (BANDS_DDL, PAIRS_DDL, CLUSTERS_DDL, PENDING_DDL, REJECTED_DOCUMENTS_DDL, PARTITION_WRITES_DDL,
                MARTS_BUILD_DDL):
        con.execute(table_ddl(ddl, lake))


def ensure_extract_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the extract tables; a table of an older layout is dropped and
    made again (its rows are derived, and the extractor version that changed
    the layout re-extracts every document anyway)."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {EXTRACT_SCHEMA}")
    for name, columns in EXTRACT_COLUMNS.items():
        have = [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
            "ORDER BY ordinal_position", [EXTRACT_SCHEMA, name]).fetchall()]
        if have and have != list(columns):
            con.execute(f"DROP TABLE {EXTRACT_SCHEMA}.{name}")
        cols = ", ".join(f'"{c}" {t}' for c, t in columns.items())
        con.execute(f"CREATE TABLE IF NOT EXISTS {EXTRACT_SCHEMA}.{name} ({cols})")
    ensure_dedup_tables(con)

"""Incremental, parallel extraction into the extract tables.

Only raw files without rows from the current extractor are extracted; the
rest of the warehouse is not read. Work is cut into batches: each batch is
extracted by a pool of worker processes (one per core) and written in one
transaction, after the rows of its documents from any earlier attempt are
deleted. So memory holds one batch, both cores work, a run killed between
batches loses only the batch in flight, and a rerun extracts exactly what is
missing: the tables end as a single clean run would leave them.

Articles without a publication date resolve weekday phrases against the
corpus's median publication year. That year is recorded with each row; when
the corpus's median moves, the undated articles extracted with another year
are extracted again (dated articles do not depend on it).
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from assets import dedup
from assets.extract.document import EXTRACTOR_VERSION, clean_raw, extract_document
from assets.settings import EXTRACT_SCHEMA, RAW_SCHEMA
from assets.warehouse import connect

BATCH_SIZE = int(os.environ.get("EXTRACT_BATCH_SIZE", 1000))

# Column types of the extract tables: an empty batch still makes typed tables.
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
ROW_TABLES = tuple(t for t in EXTRACT_COLUMNS if t != "documents")


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
    dedup.ensure_tables(con)


@dataclass(frozen=True)
class Todo:
    sha256: str
    file_name: str
    source_format: str


def pending(con: duckdb.DuckDBPyConnection) -> list[Todo]:
    """Raw files without rows from this extractor version, in a stable order."""
    rows = con.execute(f"""
        SELECT r.sha256, r.file_name, r.source_format
        FROM {RAW_SCHEMA}.raw_files AS r
        LEFT JOIN {EXTRACT_SCHEMA}.documents AS d
          ON d.sha256 = r.sha256 AND d.extractor_version = ?
        WHERE d.document_id IS NULL
        ORDER BY r.sha256
    """, [EXTRACTOR_VERSION]).fetchall()
    return [Todo(*r) for r in rows]


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


def _extract_one(args: tuple[str, str, str, str, int | None]) -> dict[str, list[dict]]:
    """Worker: one raw article -> rows of every extract table."""
    sha256, file_name, source_format, raw_text, reference_year = args
    clean = clean_raw(raw_text, source_format)
    year = None if clean.published_date else reference_year
    rows = extract_document(sha256, file_name, raw_text, source_format, reference_year=year, clean=clean)
    rows.document["reference_year"] = year
    out = {"documents": [rows.document]}
    for name in ROW_TABLES:
        out[name] = list(getattr(rows, name))
    return out


def _batches(items: Sequence[Todo], size: int) -> Iterator[Sequence[Todo]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _raw_texts(con: duckdb.DuckDBPyConnection, batch: Sequence[Todo]) -> dict[str, str]:
    con.register("batch_shas", pd.DataFrame({"sha256": [t.sha256 for t in batch]}))
    rows = con.execute(f"""SELECT sha256, raw_text FROM {RAW_SCHEMA}.raw_files
                           WHERE sha256 IN (SELECT sha256 FROM batch_shas)""").fetchall()
    con.unregister("batch_shas")
    return dict(rows)


def _typed_frame(name: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(EXTRACT_COLUMNS[name]))


def write_batch(con: duckdb.DuckDBPyConnection, results: list[dict[str, list[dict]]]) -> None:
    """Replace the rows of the batch's documents, bands included, in one transaction."""
    tables = {name: [row for r in results for row in r[name]] for name in EXTRACT_COLUMNS}
    ids = [d["document_id"] for d in tables["documents"]]
    con.execute("BEGIN")
    try:
        con.register("batch_ids", pd.DataFrame({"document_id": ids}))
        # a document extracted before is re-extracted: the marts rebuild in full
        con.execute(f"""
            INSERT OR REPLACE INTO {EXTRACT_SCHEMA}.pending_documents
            SELECT b.document_id,
                   CASE WHEN d.document_id IS NULL THEN 'new' ELSE 'reextracted' END
            FROM batch_ids AS b LEFT JOIN {EXTRACT_SCHEMA}.documents AS d USING (document_id)
        """)
        for name in EXTRACT_COLUMNS:
            con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.{name} WHERE document_id IN (SELECT document_id FROM batch_ids)")
        con.unregister("batch_ids")
        dedup.forget_documents(con, ids)
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
                             columns=["document_id", "band", "band_hash"])
        if not bands.empty:
            con.register("bands", bands)
            con.execute(f"INSERT INTO {EXTRACT_SCHEMA}.document_bands SELECT * FROM bands")
            con.unregister("bands")
        dedup.add_similar_pairs(con, ids)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def run_extraction(
    db_path: Path, todo: Sequence[Todo], reference_year: int | None,
    executor: Executor | None, batch_size: int = BATCH_SIZE, follow_corpus: bool = False,
) -> int:
    """Extract and write `todo` batch by batch; returns the documents written.

    A connection is held only to read a batch's texts and to write its rows,
    so readers are not locked out for the length of a large run. With
    `follow_corpus`, each batch uses the median year of what is extracted so
    far, so on a first build only the undated articles of the first batch
    are likely to need a second pass.
    """
    done = 0
    for batch in _batches(todo, batch_size):
        with connect(db_path, read_only=True) as con:
            texts = _raw_texts(con, batch)
            if follow_corpus:
                reference_year = corpus_reference_year(con) or reference_year
        args = [(t.sha256, t.file_name, t.source_format, texts[t.sha256], reference_year) for t in batch]
        if executor is None:
            results = [_extract_one(a) for a in args]
        else:
            results = list(executor.map(_extract_one, args, chunksize=max(1, len(args) // 32)))
        with connect(db_path) as con:
            write_batch(con, results)
        done += len(results)
    return done


def extract_pending(db_path: Path, workers: int | None = None, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Extract every raw file the extract tables lack, then update the clusters."""
    with connect(db_path) as con:
        ensure_extract_tables(con)
        todo = pending(con)
        reference_year = corpus_reference_year(con)
    executor = make_executor(workers) if len(todo) > batch_size // 4 else None
    try:
        extracted = run_extraction(db_path, todo, reference_year, executor, batch_size, follow_corpus=True)
        with connect(db_path, read_only=True) as con:
            final_year = corpus_reference_year(con)
            stale = stale_undated(con, final_year)
        reextracted = run_extraction(db_path, stale, final_year, executor, batch_size) if stale else 0
    finally:
        if executor is not None:
            executor.shutdown()
    with connect(db_path) as con:
        if extracted or reextracted or not _clusters_current(con):
            con.execute("BEGIN")
            clusters = dedup.rebuild_clusters(con)
            con.execute("COMMIT")
        else:  # nothing new since the clusters were made: a re-run reads nothing
            clusters = dedup.cluster_counts(con)
        counts = {name: int(con.execute(f"SELECT count(*) FROM {EXTRACT_SCHEMA}.{name}").fetchall()[0][0])
                  for name in EXTRACT_COLUMNS}
    counts.update(document_clusters=clusters["documents"], extracted_now=extracted,
                  reextracted_undated=reextracted, duplicates=clusters["duplicates"],
                  similar_pairs=clusters["similar_pairs"])
    return counts


def _clusters_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the clusters were made after the last extraction: every document
    has one, and no document written by an earlier (maybe killed) run waits."""
    return bool(con.execute(f"""
        SELECT (SELECT count(*) FROM {EXTRACT_SCHEMA}.document_clusters)
                 = (SELECT count(*) FROM {EXTRACT_SCHEMA}.documents)
           AND NOT EXISTS (SELECT 1 FROM {EXTRACT_SCHEMA}.pending_documents
                           WHERE reason IN ('new', 'reextracted'))
    """).fetchall()[0][0])


def make_executor(workers: int | None = None) -> ProcessPoolExecutor | None:
    """A process pool with one worker per core, or None (in-process) for one core."""
    workers = workers or int(os.environ.get("EXTRACT_WORKERS", 0)) or (os.cpu_count() or 1)
    return ProcessPoolExecutor(max_workers=workers) if workers > 1 else None

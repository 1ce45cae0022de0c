"""The two Python stages as plain functions: ingest the landing folder, extract.

The Dagster assets call these; tests call them directly too.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from assets.clean import CleanDocument
from assets.extract.document import clean_raw, extract_document
from assets.ingest import read_landing_folder
from assets.settings import MAX_FILE_BYTES
from assets.warehouse import read_raw_files, replace_extract_tables, write_raw


def ingest_landing_folder(raw_dir: Path, db_path: Path, max_bytes: int = MAX_FILE_BYTES) -> dict:
    """Read every landing file into raw.raw_files or raw.rejected_files."""
    raw, rejected = read_landing_folder(raw_dir, max_bytes)
    counts = write_raw(db_path, raw, rejected)
    counts["files_seen"] = len(raw) + len(rejected)
    counts["rejected_this_run"] = len(rejected)
    return counts


def _reference_year(cleaned: list[CleanDocument]) -> int | None:
    """The median publication year of the batch: anchors weekday+date phrases
    of articles that carry no date of their own."""
    years = [c.published_date.year for c in cleaned if c.published_date]
    return int(statistics.median_low(years)) if years else None


def extract_all(db_path: Path) -> dict[str, int]:
    """Clean and extract every raw file; replace the extract tables."""
    raw = read_raw_files(db_path)
    records = list(raw.itertuples(index=False))
    cleaned = [clean_raw(r.raw_text, r.source_format) for r in records]
    year = _reference_year(cleaned)
    docs = [
        extract_document(r.sha256, r.file_name, r.raw_text, r.source_format,
                         reference_year=year, clean=c)
        for r, c in zip(records, cleaned)
    ]
    tables: dict[str, list[dict]] = {k: [] for k in
        ("documents", "statements", "statement_parts", "speakers", "events", "event_participants")}
    for d in docs:
        tables["documents"].append(d.document)
        for k in tables:
            if k != "documents":
                tables[k].extend(getattr(d, k))
    return replace_extract_tables(db_path, tables)

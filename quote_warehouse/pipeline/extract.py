"""The extract stage: incremental, parallel extraction into the extract tables.

Only raw files without rows from the current extractor are extracted; the
rest of the warehouse is not read. Work is cut into batches: each batch is
extracted by a pool of worker processes (one per core by default) and
written in one transaction (`store.extract.write_batch`). So memory holds one
batch, both cores work, a run killed between batches loses only the batch
in flight, and a rerun extracts exactly what is missing: the tables end as
a single clean run would leave them.

Articles without a publication date resolve weekday phrases against the
corpus's median publication year. That year is recorded with each row; when
the corpus's median moves, the undated articles extracted with another year
are extracted again (dated articles do not depend on it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

from quote_warehouse.extract.document import clean_raw, extract_document
from quote_warehouse.settings import (
    DEFAULT_EXTRACT_BATCH_SIZE,
    DEFAULT_EXTRACT_WORKERS,
    DEFAULT_LOCK_WAIT_SECONDS,
)
from quote_warehouse.store import dedup
from quote_warehouse.store.connection import connect
from quote_warehouse.store.extract import (
    Todo,
    clusters_current,
    corpus_reference_year,
    extract_counts,
    not_extracted,
    raw_texts,
    stale_undated,
    write_batch,
)
from quote_warehouse.store.schema import ROW_TABLES, ensure_extract_tables


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


def run_extraction(
    db_path: Path, todo: Sequence[Todo], reference_year: int | None,
    executor: Executor | None, batch_size: int = DEFAULT_EXTRACT_BATCH_SIZE, follow_corpus: bool = False,
    lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
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
        with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
            texts = raw_texts(con, batch)
            if follow_corpus:
                reference_year = corpus_reference_year(con) or reference_year
        args = [(t.sha256, t.file_name, t.source_format, texts[t.sha256], reference_year) for t in batch]
        if executor is None:
            results = [_extract_one(a) for a in args]
        else:
            results = list(executor.map(_extract_one, args, chunksize=max(1, len(args) // 32)))
        with connect(db_path, lock_wait=lock_wait) as con:
            write_batch(con, results)
        done += len(results)
    return done


def extract_pending(db_path: Path, workers: int = DEFAULT_EXTRACT_WORKERS,
                    batch_size: int = DEFAULT_EXTRACT_BATCH_SIZE,
                    lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> dict[str, int]:
    """Extract every raw file the extract tables lack, then update the clusters."""
    with connect(db_path, lock_wait=lock_wait) as con:
        ensure_extract_tables(con)
        todo = not_extracted(con)
        reference_year = corpus_reference_year(con)
    executor = make_executor(workers) if len(todo) > batch_size // 4 else None
    try:
        extracted = run_extraction(db_path, todo, reference_year, executor, batch_size,
                                   follow_corpus=True, lock_wait=lock_wait)
        with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
            final_year = corpus_reference_year(con)
            stale = stale_undated(con, final_year)
        reextracted = run_extraction(db_path, stale, final_year, executor, batch_size,
                                     lock_wait=lock_wait) if stale else 0
    finally:
        if executor is not None:
            executor.shutdown()
    with connect(db_path, lock_wait=lock_wait) as con:
        if extracted or reextracted or not clusters_current(con):
            con.execute("BEGIN")
            clusters = dedup.rebuild_clusters(con)
            con.execute("COMMIT")
        else:  # nothing new since the clusters were made: a re-run reads nothing
            clusters = dedup.cluster_counts(con)
        counts = extract_counts(con)
    counts.update(document_clusters=clusters["documents"], extracted_now=extracted,
                  reextracted_undated=reextracted, duplicates=clusters["duplicates"],
                  similar_pairs=clusters["similar_pairs"])
    return counts


def make_executor(workers: int = DEFAULT_EXTRACT_WORKERS) -> ProcessPoolExecutor | None:
    """A process pool of `workers` processes (0: one per core), or None
    (in-process) for one."""
    workers = workers or (os.cpu_count() or 1)
    return ProcessPoolExecutor(max_workers=workers) if workers > 1 else None

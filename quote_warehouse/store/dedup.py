"""Near-duplicate clusters kept up to date without re-reading the corpus.

The same story arrives many times: syndicated, re-scraped with other junk
around it, pulled out of a PDF, with a new headline. Every document carries a
MinHash signature of its word 5-shingles (`extract.document.text_signature`).
Here the signature is cut into LSH bands (32 bands of 4 values): two
documents that share a band are candidates, and a candidate pair is similar
when the share of equal signature values (the Jaccard estimate) reaches the
threshold. Clusters are the connected components of similar pairs; each
cluster's canonical document is the one with the richest header (date, title,
outlet), then the longest, then the first by file name.

Incremental by construction: band hashes and similar pairs are stored in the
warehouse, a run compares only the new documents' bands with the stored
ones (one indexed join in DuckDB, no signature of an old document is read
unless it shares a band), and the components are recomputed from the stored
pairs with a union-find in memory, which takes well under a second for
100,000 documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import duckdb
import numpy as np
import pandas as pd

from quote_warehouse.settings import EXTRACT_SCHEMA, RAW_SCHEMA
from quote_warehouse.store import pending

BANDS = 32
ROWS_PER_BAND = 4
SIMILARITY_THRESHOLD = 0.7
_BAND_BASE = np.uint64(0x100000001B3)  # FNV prime: spreads the four values of a band


def band_hashes(signature: Sequence[int]) -> list[int]:
    """One signed 64-bit hash per band of a MinHash signature.

    Bands are hashed with their index so equal values in different bands
    never collide; the hash is computed with numpy, the same on every
    machine and in every process (unlike Python's `hash`).
    """
    values = np.asarray(signature, dtype=np.uint64)
    if len(values) != BANDS * ROWS_PER_BAND:
        raise ValueError(f"signature has {len(values)} values, expected {BANDS * ROWS_PER_BAND}")
    rows = values.reshape(BANDS, ROWS_PER_BAND)
    h = np.arange(1, BANDS + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(ROWS_PER_BAND):
            h = (h * _BAND_BASE) ^ rows[:, j]
    return [int(x) for x in h.view(np.int64)]


def band_rows(document_id: str, signature: Sequence[int]) -> list[dict]:
    return [{"document_id": document_id, "band": b, "band_hash": h}
            for b, h in enumerate(band_hashes(signature))]


def forget_documents(con: duckdb.DuckDBPyConnection, document_ids: Iterable[str]) -> None:
    """Drop the bands and pairs of documents about to be extracted again."""
    ids = pd.DataFrame({"document_id": list(document_ids)})
    if ids.empty:
        return
    con.register("forget_ids", ids)
    con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.document_bands WHERE document_id IN (SELECT document_id FROM forget_ids)")
    con.execute(f"""DELETE FROM {EXTRACT_SCHEMA}.similar_pairs
                    WHERE doc_a IN (SELECT document_id FROM forget_ids)
                       OR doc_b IN (SELECT document_id FROM forget_ids)""")
    con.unregister("forget_ids")


def add_similar_pairs(con: duckdb.DuckDBPyConnection, new_ids: Sequence[str],
                      threshold: float = SIMILARITY_THRESHOLD) -> int:
    """Store the similar pairs that involve a new document; returns how many.

    The new documents' bands must already be in `document_bands`. Candidates
    are the documents sharing at least one band with a new one; their
    similarity is the share of equal values of the two signatures.
    """
    if not new_ids:
        return 0
    con.register("new_ids", pd.DataFrame({"document_id": list(new_ids)}))
    before = con.execute(f"SELECT count(*) FROM {EXTRACT_SCHEMA}.similar_pairs").fetchall()[0][0]
    con.execute(f"""
        INSERT INTO {EXTRACT_SCHEMA}.similar_pairs
        WITH new_bands AS (
            SELECT b.* FROM {EXTRACT_SCHEMA}.document_bands AS b
            JOIN new_ids USING (document_id)
        ),
        candidates AS (
            SELECT DISTINCT least(n.document_id, o.document_id) AS doc_a,
                            greatest(n.document_id, o.document_id) AS doc_b
            FROM new_bands AS n
            JOIN {EXTRACT_SCHEMA}.document_bands AS o
              ON o.band = n.band AND o.band_hash = n.band_hash AND o.document_id <> n.document_id
        ),
        scored AS (
            SELECT c.doc_a, c.doc_b,
                   len(list_filter(list_zip(a.signature, b.signature), lambda x: x[1] = x[2]))
                     / len(a.signature)::DOUBLE AS similarity
            FROM candidates AS c
            JOIN {EXTRACT_SCHEMA}.documents AS a ON a.document_id = c.doc_a
            JOIN {EXTRACT_SCHEMA}.documents AS b ON b.document_id = c.doc_b
        )
        SELECT s.doc_a, s.doc_b, s.similarity FROM scored AS s
        WHERE s.similarity >= ?
          AND NOT EXISTS (SELECT 1 FROM {EXTRACT_SCHEMA}.similar_pairs AS p
                          WHERE p.doc_a = s.doc_a AND p.doc_b = s.doc_b)
    """, [threshold])
    con.unregister("new_ids")
    after = con.execute(f"SELECT count(*) FROM {EXTRACT_SCHEMA}.similar_pairs").fetchall()[0][0]
    return int(after - before)


def connected_components(ids: Sequence[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """document id -> a representative of its component (union-find)."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        if a not in parent or b not in parent:
            continue
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in ids}


def canonical_order(documents: pd.DataFrame) -> pd.Series:
    """Rank of each document as its cluster's canonical (0 = best)."""
    ordered = documents.assign(
        _no_date=documents["published_date"].isna(),
        _no_title=documents["title"].isna(),
        _no_outlet=documents["outlet"].isna(),
        _minus_words=-documents["word_count"].fillna(0),
    ).sort_values(["_no_date", "_no_title", "_no_outlet", "_minus_words", "file_name", "document_id"])
    return pd.Series(range(len(ordered)), index=ordered["document_id"].to_numpy())


def cluster_table(documents: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """document_id, canonical_document_id, duplicate_of, max_similarity."""
    ids = documents["document_id"].tolist()
    roots = connected_components(ids, zip(pairs["doc_a"], pairs["doc_b"]))
    rank = canonical_order(documents)
    best: dict[str, str] = {}
    for doc in ids:
        root = roots[doc]
        if root not in best or rank[doc] < rank[best[root]]:
            best[root] = doc
    max_sim = pd.concat([
        pairs[["doc_a", "similarity"]].rename(columns={"doc_a": "document_id"}),
        pairs[["doc_b", "similarity"]].rename(columns={"doc_b": "document_id"}),
    ]).groupby("document_id")["similarity"].max()
    canonical = [best[roots[d]] for d in ids]
    return pd.DataFrame({
        "document_id": ids,
        "canonical_document_id": canonical,
        "duplicate_of": [None if c == d else c for d, c in zip(ids, canonical)],
        "max_similarity": [max_sim.get(d) for d in ids],
    })


def _current_documents_sql(con: duckdb.DuckDBPyConnection) -> str:
    """The documents with the flag `current`: a landing file carries their
    bytes now and their clean text has words. Only current documents are
    clustered with each other; an old version of a changed file, a deleted
    one or one rejected for having no words is a cluster of its own, so it
    is never the canonical copy of a document the marts publish. The file
    name used to rank canonicals is the first current name of the content,
    so a full rebuild and an incremental history rank alike."""
    has_landing = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = 'landing_files'",
        [RAW_SCHEMA]).fetchall()[0][0]
    if not has_landing:
        return f"""SELECT document_id, file_name, published_date, title, outlet, word_count,
                          TRUE AS current
                   FROM {EXTRACT_SCHEMA}.documents"""
    return f"""
        SELECT d.document_id, coalesce(l.file_name, d.file_name) AS file_name, d.published_date, d.title,
               d.outlet, d.word_count, l.file_name IS NOT NULL AND coalesce(d.word_count, 0) > 0 AS current
        FROM {EXTRACT_SCHEMA}.documents AS d
        LEFT JOIN (SELECT sha256, min(file_name) AS file_name FROM {RAW_SCHEMA}.landing_files GROUP BY sha256)
            AS l USING (sha256)"""


def rebuild_clusters(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Recompute every cluster from the stored pairs and swap the table in.

    Documents whose cluster row changed (a new copy became the canonical
    one, a similarity moved) are recorded as pending (`store.pending`), so the
    incremental marts refresh their rows.
    """
    documents = con.execute(_current_documents_sql(con)).df()
    current = set(documents.loc[documents["current"].astype(bool), "document_id"])
    pairs = con.execute(f"SELECT doc_a, doc_b, similarity FROM {EXTRACT_SCHEMA}.similar_pairs").df()
    live = pairs[pairs["doc_a"].isin(current) & pairs["doc_b"].isin(current)]
    table = cluster_table(documents.drop(columns="current"), live)
    pending.mark_cluster_changes(con, table)
    con.register("new_clusters", table)
    con.execute(f"DELETE FROM {EXTRACT_SCHEMA}.document_clusters")
    con.execute(f"""INSERT INTO {EXTRACT_SCHEMA}.document_clusters
                    SELECT document_id, canonical_document_id, duplicate_of,
                           CAST(max_similarity AS DOUBLE) FROM new_clusters""")
    con.unregister("new_clusters")
    return {"documents": len(table), "duplicates": int(table["duplicate_of"].notna().sum()),
            "similar_pairs": len(pairs)}


def cluster_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The figures `rebuild_clusters` reports, read from the stored tables."""
    documents, duplicates = con.execute(
        f"SELECT count(*), count(duplicate_of) FROM {EXTRACT_SCHEMA}.document_clusters").fetchall()[0]
    pairs = con.execute(f"SELECT count(*) FROM {EXTRACT_SCHEMA}.similar_pairs").fetchall()[0][0]
    return {"documents": int(documents), "duplicates": int(duplicates), "similar_pairs": int(pairs)}

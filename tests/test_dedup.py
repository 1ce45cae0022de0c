"""Near-duplicate clustering: bands, pairs against a stored index, components."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from quote_warehouse.store.dedup import (
    BANDS,
    add_similar_pairs,
    band_hashes,
    band_rows,
    cluster_table,
    connected_components,
    forget_documents,
    rebuild_clusters,
)
from quote_warehouse.extract.document import text_signature
from quote_warehouse.store.schema import ensure_dedup_tables

STORY = (
    "The expansion of NATO further eastwards is a red line for Moscow, and Ukraine's "
    "possible accession to the US-led bloc is simply unacceptable, the Russian foreign "
    "ministry said on Friday. In a statement, spokeswoman Maria Zakharova warned of "
    "serious negative consequences if the situation on the border deteriorates further. "
    "Since the end of the Cold War, Russia has been repeatedly assured that the alliance "
    "would not move an inch eastwards, she said, adding that these promises were broken."
)
OTHER = (
    "The central bank raised interest rates by a quarter point on Wednesday, its third "
    "increase this year, citing stubborn inflation in services and a tight labour market. "
    "Markets had expected the move; the currency barely reacted and bond yields were flat."
)


def test_band_hashes_are_stable_and_per_band():
    sig = text_signature(STORY)
    assert band_hashes(sig) == band_hashes(list(sig))
    assert len(band_hashes(sig)) == BANDS
    # equal values in two different bands do not give equal hashes
    flat = [7] * (BANDS * 4)
    assert len(set(band_hashes(flat))) == BANDS


def test_band_hashes_reject_a_wrong_signature_length():
    with pytest.raises(ValueError):
        band_hashes([1, 2, 3])


def test_connected_components_join_chains():
    roots = connected_components(["a", "b", "c", "d"], [("a", "b"), ("b", "c")])
    assert roots["a"] == roots["b"] == roots["c"]
    assert roots["d"] == "d"


def test_canonical_is_the_richest_header_then_the_longest():
    documents = pd.DataFrame({
        "document_id": ["pdf", "web", "feed"],
        "file_name": ["001.txt", "000.txt", "002.txt"],
        "published_date": [None, pd.Timestamp("2021-12-03"), pd.Timestamp("2021-12-03")],
        "title": [None, "Russia explains its red lines", "Russia explains its red lines"],
        "outlet": [None, None, "RT"],
        "word_count": [900, 800, 300],
    })
    pairs = pd.DataFrame({"doc_a": ["pdf", "feed"], "doc_b": ["web", "web"], "similarity": [0.9, 0.75]})
    table = cluster_table(documents, pairs).set_index("document_id")
    assert set(table["canonical_document_id"]) == {"feed"}
    assert pd.isna(table.loc["feed", "duplicate_of"])
    assert table.loc["pdf", "duplicate_of"] == "feed"
    assert table.loc["web", "max_similarity"] == pytest.approx(0.9)


def _add(con, doc_id, text, file_name=None):
    sig = text_signature(text)
    con.execute(
        "INSERT INTO extract.documents VALUES (?, ?, NULL, NULL, NULL, ?, ?)",
        [doc_id, file_name or f"{doc_id}.txt", len(text.split()), sig],
    )
    con.register("b", pd.DataFrame(band_rows(doc_id, sig)))
    con.execute("INSERT INTO extract.document_bands SELECT * FROM b")
    con.unregister("b")


def test_incremental_pairs_match_a_full_recompute(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE SCHEMA extract")
    con.execute("""CREATE TABLE extract.documents (document_id VARCHAR, file_name VARCHAR,
                   published_date DATE, title VARCHAR, outlet VARCHAR, word_count INTEGER,
                   signature BIGINT[])""")
    ensure_dedup_tables(con)
    _add(con, "orig", STORY)
    _add(con, "other", OTHER)
    assert add_similar_pairs(con, ["orig", "other"]) == 0
    # a re-scrape with junk around it arrives later: compared with the stored bands only
    _add(con, "copy", "Home | World | Share this\n" + STORY.replace("Friday", "Friday,") + "\nRead more")
    assert add_similar_pairs(con, ["copy"]) == 1
    counts = rebuild_clusters(con)
    assert counts == {"documents": 3, "duplicates": 1, "similar_pairs": 1}
    clusters = con.execute("SELECT document_id, duplicate_of FROM extract.document_clusters ORDER BY 1").fetchall()
    assert dict(clusters)["other"] is None
    assert {dict(clusters)["orig"], dict(clusters)["copy"]} == {None, "orig"} or \
        {dict(clusters)["orig"], dict(clusters)["copy"]} == {None, "copy"}
    # forgetting a document removes its pairs; re-adding restores them
    forget_documents(con, ["copy"])
    assert con.execute("SELECT count(*) FROM extract.similar_pairs").fetchall()[0][0] == 0
    con.close()

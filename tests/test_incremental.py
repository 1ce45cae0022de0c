"""Incremental runs: adding files to a built warehouse reads and extracts only
them, and the marts end exactly as a full build from all the files gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from quote_warehouse.settings import MART_TABLES, MARTS_SCHEMA
from tests.conftest import SEEDS, materialize_all

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc" / "politics"


def _mart_rows(db_path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        out = {}
        for table in MART_TABLES:
            cols = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                "ORDER BY ordinal_position", [MARTS_SCHEMA, table]).fetchall()]
            order = ", ".join(f'"{c}"' for c in cols)
            out[table] = con.execute(f"SELECT * FROM {MARTS_SCHEMA}.{table} ORDER BY {order}").fetchall()
        return out
    finally:
        con.close()


def _counts(db_path: Path, sql: str) -> int:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


def test_adding_files_gives_the_marts_of_a_full_build(tmp_path):
    seeds = sorted(SEEDS.iterdir())
    landing = tmp_path / "landing"
    landing.mkdir()
    # first build: the web original (000) and two other stories
    for f in seeds[:1] + seeds[2:4]:
        shutil.copy(f, landing / f.name)
    inc_db = tmp_path / "incremental.duckdb"
    assert materialize_all(landing, inc_db).success
    # then its PDF copy (001, which changes 000's cluster), another story,
    # and a byte-identical copy of 002 under another name
    for f in (seeds[1], seeds[4]):
        shutil.copy(f, landing / f.name)
    shutil.copy(seeds[2], landing / ("copy_of_" + seeds[2].name))
    assert materialize_all(landing, inc_db).success
    # the second run read only the new files and left nothing pending
    assert _counts(inc_db, "SELECT count(*) FROM extract.pending_documents") == 0

    full_db = tmp_path / "full.duckdb"
    assert materialize_all(landing, full_db).success
    inc, full = _mart_rows(inc_db), _mart_rows(full_db)
    for table in MART_TABLES:
        assert inc[table] == full[table], f"marts.{table} differs after an incremental run"
    assert len(full["documents"]) == 6


def test_a_rerun_with_nothing_new_reads_nothing(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(SEEDS, landing)
    db = tmp_path / "w.duckdb"
    assert materialize_all(landing, db).success
    before = _mart_rows(db)
    from quote_warehouse.pipeline.ingest import ingest_landing_folder
    from quote_warehouse.pipeline.extract import extract_pending

    counts = ingest_landing_folder(landing, db)
    assert counts["files_read"] == 0 and counts["files_seen"] == 5
    assert extract_pending(db)["extracted_now"] == 0
    assert materialize_all(landing, db).success
    assert _mart_rows(db) == before

"""The distributed profile's settings and DDL, without any service: a
DuckLake location is kept as written, its files beside it go to
LAKE_DATA_PATH, and its tables are created without key constraints."""

from __future__ import annotations

from pathlib import Path

import duckdb

from quote_warehouse.settings import Settings, is_lake
from quote_warehouse.store.lake import table_ddl
from quote_warehouse.store.schema import PAIRS_DDL, RAW_FILES_DDL

LAKE = "ducklake:postgres:dbname=qw host=127.0.0.1"


def test_a_ducklake_location_is_not_taken_for_a_file(tmp_path):
    s = Settings.from_env({"WAREHOUSE_PATH": LAKE, "LAKE_DATA_PATH": str(tmp_path / "lake")})
    assert s.warehouse_path == LAKE and is_lake(s.warehouse_path)
    assert s.local_path == tmp_path / "lake" / "postgres_dbname_qw_host_127_0_0_1.ducklake"
    assert s.publish_path == tmp_path / "lake" / "postgres_dbname_qw_host_127_0_0_1.published.duckdb"
    assert s.with_overrides(warehouse_path=LAKE).warehouse_path == LAKE
    file = Settings.from_env({"WAREHOUSE_PATH": "data/w.duckdb"})
    assert not is_lake(file.warehouse_path) and file.local_path == Path("data/w.duckdb").resolve()


def test_tables_lose_their_keys_on_a_lake_only():
    assert "PRIMARY KEY" in table_ddl(RAW_FILES_DDL, lake=False)
    for ddl in (RAW_FILES_DDL, PAIRS_DDL):
        stripped = table_ddl(ddl, lake=True)
        assert "PRIMARY KEY" not in stripped
        con = duckdb.connect()
        con.execute("CREATE SCHEMA raw; CREATE SCHEMA extract")
        con.execute(stripped)  # still valid DDL, with every column
        table = "raw.raw_files" if ddl is RAW_FILES_DDL else "extract.similar_pairs"
        assert con.execute(f"SELECT count(*) FROM (DESCRIBE {table})").fetchall()[0][0] == \
            (8 if ddl is RAW_FILES_DDL else 3)

"""Nothing lost, nothing corrupted: bad input, re-runs, locks, failing checks.

Every test runs the real stack: files on disk, Dagster `materialize`, dbt
build, Great Expectations, a DuckDB file in a temp dir. The shared build of
the hostile landing folder (tests/landing.py, fixture `hostile_build`) is
made once per session. Crash tests are in tests/test_crash.py.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, materialize_all, read_table
from tests.landing import (
    HOSTILE_TEXT,
    SQL_NAME,
    VANISH_VICTIM,
    arm_vanish,
    copy_warehouse,
    marts_csv_bytes,
    marts_rows,
    warehouse_rows,
)

REASON = re.compile(r"^[a-z_]+: .{10,}")


# --------------------------------------------------------------- bad files


def test_every_landing_file_is_a_document_or_a_rejection(hostile_build):
    """files in == rows out: documents + rejected_files, each file once, lost = 0."""
    b = hostile_build
    assert b.result.success
    docs = read_table(b.db_path, "select file_name from marts.documents")
    rejected = read_table(b.db_path, "select file_name, reason_code, reason from marts.rejected_files")
    out = sorted([*docs.file_name, *rejected.file_name])
    assert out == b.files_in  # nothing lost, nothing counted twice
    assert len(b.files_in) == len(b.expected) >= 30
    outcome = {**{n: "document" for n in docs.file_name},
               **dict(zip(rejected.file_name, rejected.reason_code))}
    assert outcome == b.expected
    for r in rejected.itertuples():
        assert REASON.match(r.reason), r.reason  # "<code>: <what a human can act on>"
    reasons = dict(zip(rejected.file_name, rejected.reason))
    assert reasons["huge_200mb.txt"] == f"too_large: {200 * 1024 * 1024} bytes > limit {20 * 1024 * 1024}"
    assert reasons[VANISH_VICTIM] == "vanished: file disappeared before it could be read"
    assert "PNG" in reasons["image.png"] and "ZIP" in reasons["archive.txt"]
    assert "not followed" in reasons["sub/loop"]
    assert "Too many levels of symbolic links" in reasons["self_loop"]


def test_read_files_keep_their_encoding_and_copies_point_to_the_original(hostile_build):
    docs = read_table(hostile_build.db_path, """
        select file_name, document_id, duplicate_of, encoding, source_format, sha256
        from marts.documents""").set_index("file_name")
    assert docs.loc["utf16_no_bom.txt", "encoding"] == "utf-16-le"
    assert docs.loc["latin1.txt", "encoding"] == "cp1252"
    assert docs.loc["truncated_utf8.txt", "encoding"] == "utf-8 (truncated tail dropped)"
    assert docs.loc["good.pdf", "source_format"] == "pdf"
    original = docs.loc["000_2ed485fcecc47115.txt"]
    copy = docs.loc["copy of 000.txt"]
    assert copy.sha256 == original.sha256 and copy.document_id != original.document_id
    assert copy.duplicate_of == original.document_id
    # the copy is not extracted twice: its statements are the original's
    n = read_table(hostile_build.db_path, f"""
        select count(*) as n from marts.statement_sources where document_id = '{copy.document_id}'""")
    assert n.n[0] == 0


def test_accounting_totals_for_the_docs(hostile_build):
    """The totals quoted in docs/reliability.md, recomputed from the warehouse."""
    totals = read_table(hostile_build.db_path, """
        select (select count(*) from marts.documents) as documents,
               (select count(*) from marts.rejected_files) as rejected,
               (select count(*) from raw.raw_files) as raw_rows""").iloc[0]
    files_in = len(hostile_build.files_in)
    assert totals.documents + totals.rejected == files_in
    print(f"files in {files_in}, documents {totals.documents}, rejected {totals.rejected}, "
          f"distinct contents {totals.raw_rows}, lost 0")


@pytest.mark.slow
def test_a_real_200_mb_file_is_rejected_without_loading_it(tmp_path):
    """Not sparse: 200 MB of text on disk. Rejected by size before it is read."""
    import resource

    raw_dir = tmp_path / "landing"
    raw_dir.mkdir()
    (raw_dir / "article.txt").write_text(
        "Lavrov said that NATO expansion is a red line for Moscow.\n", encoding="utf-8")
    line = b"The minister said that the talks would go on, and they did go on and on.\n"
    with open(raw_dir / "dump_200mb.txt", "wb") as f:
        block = line * (1024 * 1024 // len(line) + 1)
        for _ in range(200):
            f.write(block[: 1024 * 1024])
    assert (raw_dir / "dump_200mb.txt").stat().st_size == 200 * 1024 * 1024
    db = tmp_path / "w.duckdb"
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert materialize_all(raw_dir, db).success
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert rss_growth_mb < 150  # the 200 MB were never loaded
    rejected = read_table(db, "select file_name, reason from marts.rejected_files")
    assert list(rejected.file_name) == ["dump_200mb.txt"]
    assert rejected.reason[0].startswith("too_large: 209715200 bytes > limit")
    assert list(read_table(db, "select file_name from marts.documents").file_name) == ["article.txt"]


# --------------------------------------------------------------- hostile text, SQL


def test_hostile_names_and_text_are_stored_verbatim(hostile_build):
    db = hostile_build.db_path
    tables = read_table(db, "select table_schema || '.' || table_name as t from information_schema.tables")
    assert {"marts.documents", "marts.statements", "raw.raw_files"} <= set(tables.t)
    raw = read_table(db, "select file_name, raw_text from raw.raw_files").set_index("file_name")
    assert raw.loc[SQL_NAME, "raw_text"] == HOSTILE_TEXT
    names = set(read_table(db, "select file_name from marts.documents").file_name)
    assert {SQL_NAME, 'quote"double.txt', "quote'single.txt", "semi;colon; DROP TABLE x;.txt",
            "new\nline.txt"} <= names
    statements = read_table(db, "select text from marts.statements").text
    assert any("DROP TABLE marts.documents; --" in t for t in statements)


# Values in SQL text: only names from settings / fixed lists may be formatted
# into a query; data (file names, article text) goes in as parameters or
# registered frames.
_ALLOWED_IN_SQL = {"RAW_SCHEMA", "EXTRACT_SCHEMA", "STAGING_SCHEMA", "MARTS_SCHEMA", "schema", "t",
                   "name", "select", "table", "cols", "_quote_table", "_projection",
                   # identifiers and their escaping (store/publish.py)
                   "PUBLICATION_TABLE", "quote_ident",
                   # the name every connection attaches a DuckLake under (store/lake.py)
                   "LAKE_ALIAS",
                   # COMMENT ON takes no parameter: the dbt descriptions, escaped as a literal
                   "sql_literal",
                   # SQL fragments built from the names above (store/raw.py, analysis/queries.py:
                   # their values go in as parameters), a column list, a number
                   "changed_docs", "changed_rej", "where", "reasons", "', '.join", "int"}


def _formatted_names(node: ast.JoinedStr) -> set[str]:
    names = set()
    for value in node.values:
        if isinstance(value, ast.FormattedValue):
            expr = value.value
            while isinstance(expr, ast.Call):
                expr = expr.func
            names.add(ast.unparse(expr))
    return names


def test_no_query_is_built_by_pasting_data():
    """Every f-string that reaches DuckDB formats only identifiers from settings."""
    offenders = []
    for path in [*ROOT.joinpath("quote_warehouse").rglob("*.py"), *ROOT.joinpath("assets").rglob("*.py"),
                 *ROOT.joinpath("orchestration").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        sql_strings = {}
        for node in ast.walk(tree):  # module constants like RAW_FILES_DDL = f"..."
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.JoinedStr):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        sql_strings[target.id] = node.value
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("execute", "sql", "query", "executemany") and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Name) and arg.id in sql_strings:
                arg = sql_strings[arg.id]
            if isinstance(arg, ast.JoinedStr):
                bad = _formatted_names(arg) - _ALLOWED_IN_SQL
                if bad:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} formats {sorted(bad)}")
    assert offenders == []


# --------------------------------------------------------------- re-runs


def test_rebuilds_are_byte_identical(hostile_build, tmp_path):
    """Same input, another warehouse file, and the same file again: the marts
    export to the same bytes (ids come from content, no wall-clock column)."""
    b = hostile_build
    first = marts_csv_bytes(b.db_path, tmp_path / "first")
    other_db = tmp_path / "other.duckdb"
    arm_vanish(b.raw_dir)
    assert materialize_all(b.raw_dir, other_db).success
    assert marts_csv_bytes(other_db, tmp_path / "other") == first
    assert warehouse_rows(other_db) == b.rows

    # and once more into the first file, while another process reads it
    same_db = tmp_path / "same.duckdb"
    copy_warehouse(b.db_path, same_db)
    with _reader_holding(same_db, seconds=3):
        arm_vanish(b.raw_dir)
        assert materialize_all(b.raw_dir, same_db).success  # waited for the reader
    assert marts_csv_bytes(same_db, tmp_path / "same") == first
    assert warehouse_rows(same_db) == b.rows
    assert marts_rows(same_db) == marts_rows(b.db_path)
    columns = read_table(same_db, """
        select table_name, column_name from information_schema.columns
        where table_schema = 'marts' and data_type like 'TIMESTAMP%'""")
    assert columns.empty  # no run time in the marts


# --------------------------------------------------------------- locks


class _reader_holding:
    """Another process (like a user's `duckdb` shell) holding the file open."""

    def __init__(self, db: Path, seconds: float, read_only: bool = True):
        self.db, self.seconds, self.read_only = db, seconds, read_only

    def __enter__(self):
        code = textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(self.db)!r}, read_only={self.read_only})
            con.execute("select count(*) from information_schema.tables").fetchall()
            print("holding", flush=True)
            time.sleep({self.seconds})
            con.close()
        """)
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "holding"
        return self.proc

    def __exit__(self, *exc):
        try:
            self.proc.wait(timeout=60)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def test_a_held_lock_fails_the_run_with_a_message_naming_the_holder(hostile_build, tmp_path, monkeypatch):
    """A writer that never lets go: the run waits a bounded time, then says who holds the file."""
    import quote_warehouse.store.connection as warehouse

    db = tmp_path / "w.duckdb"
    copy_warehouse(hostile_build.db_path, db)
    monkeypatch.setenv("WAREHOUSE_LOCK_WAIT_SECONDS", "1")  # read when the run starts
    with _reader_holding(db, seconds=20, read_only=False) as holder:
        try:
            with pytest.raises(warehouse.WarehouseLockedError) as err:
                with warehouse.connect(db, read_only=True, lock_wait=1.0):
                    pass
            message = str(err.value)
            assert str(db) in message and f"PID {holder.pid}" in message
            assert "python" in message  # what the holder is: its command line
            assert "waited 1 s" in message

            result = materialize_all(hostile_build.raw_dir, db)
            assert not result.success
            failures = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
            assert [e.step_key for e in failures] == ["raw_files"]
            text = failures[0].event_specific_data.error.to_string()
            assert "WarehouseLockedError" in text and f"PID {holder.pid}" in text and str(db) in text
        finally:
            holder.kill()
    assert warehouse_rows(db) == hostile_build.rows  # nothing was written


def test_runs_are_serialised_by_the_instance_config(tmp_path):
    """dagster.yaml (copied into DAGSTER_HOME by `make ui`) queues runs one at a time,
    so the schedule and the sensor firing together never write the file at once."""
    import shutil

    from dagster import DagsterInstance
    from dagster._core.run_coordinator import QueuedRunCoordinator

    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    with DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance.run_coordinator, QueuedRunCoordinator)
        assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1
        assert instance.run_monitoring_enabled


# --------------------------------------------------------------- failing checks


def _rebuild_dbt_on_bad_extract(hostile_build, tmp_path, *sql: str):
    """Copy the clean warehouse, damage the extract tables as a buggy extractor
    would, then run dbt and every check on it (the Python assets would rewrite
    the extract tables, so they are left out of the selection)."""
    import duckdb
    from dagster import AssetSelection

    db = tmp_path / "w.duckdb"
    copy_warehouse(hostile_build.db_path, db)
    before = marts_rows(db)
    con = duckdb.connect(str(db))
    victim = con.execute("select statement_mention_id from extract.statements order by 1 limit 1").fetchall()[0][0]
    for statement in sql:
        con.execute(statement, [victim] if "?" in statement else [])
    con.close()
    result = materialize_all(hostile_build.raw_dir, db, selection=AssetSelection.groups("staging", "marts"))
    assert not result.success
    assert marts_rows(db) == before  # the marts were not replaced by bad rows
    materialized = {e.event_specific_data.materialization.asset_key.to_user_string()
                    for e in result.get_asset_materialization_events()}
    assert not any(k.startswith("marts/") for k in materialized)
    assert "staging/stg_statements" in materialized
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    assert not any(k.startswith("marts/") for k, _ in evaluations)  # mart checks never ran
    return victim, evaluations


def test_a_failing_gx_check_keeps_the_previous_marts(hostile_build, tmp_path):
    """A statement whose span ends where it starts passes dbt's tests (keys,
    relationships, accepted values) but fails the blocking GX staging suite's
    row-level condition: the marts step never runs, the marts keep their rows,
    and the check names the expectation and shows the offending values."""
    import duckdb

    con = duckdb.connect(str(hostile_build.db_path), read_only=True)
    start = con.execute("select char_start from extract.statements order by statement_mention_id limit 1"
                        ).fetchall()[0][0]
    con.close()
    victim, evaluations = _rebuild_dbt_on_bad_extract(
        hostile_build, tmp_path, "update extract.statements set char_end = char_start where statement_mention_id = ?")
    gx = evaluations[("staging/stg_statements", "gx_staging_suite")]
    assert not gx.passed
    results = gx.metadata["results"].value
    assert re.search(r"FAIL expect_column_pair_values_a_to_be_greater_than_b\(char_end,char_start\) unexpected=1 "
                     rf".*'char_end': {start}, 'char_start': {start}", results), results
    assert "PASS expect_column_values_to_not_be_null(text)" in results


def test_a_failing_dbt_test_keeps_the_previous_marts(hostile_build, tmp_path):
    """A duplicated mention id fails dbt's unique test: dbt stops, the marts keep their rows."""
    victim, evaluations = _rebuild_dbt_on_bad_extract(
        hostile_build, tmp_path,
        "insert into extract.statements select * from extract.statements where statement_mention_id = ?")
    name = "unique_stg_statements_statement_mention_id"
    dbt_check = evaluations[("staging/stg_statements", name)]
    assert not dbt_check.passed
    print({k: v.value for k, v in dbt_check.metadata.items()})
    assert dbt_check.metadata["dagster_dbt/failed_row_count"].value == 1

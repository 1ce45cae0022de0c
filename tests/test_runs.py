"""Runs as users start them: nothing new means nothing done, the CLI records
its runs in DAGSTER_HOME, prints a line per stage and a one-line cause on
failure, and table assets carry their row counts and column schemas."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import duckdb

from quote_warehouse.settings import MART_TABLES
from tests.conftest import ROOT, materialize_all
from tests.landing import copy_warehouse, marts_rows

CLI = [sys.executable, "-m", "orchestration.cli"]


def _cli(env_over: dict, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}  # no history unless given
    env.update(GX_ANALYTICS_ENABLED="False", DO_NOT_TRACK="1", **env_over)
    return subprocess.run([*CLI, "build", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def _events(result, kind: str):
    return [e for e in result.all_events if e.event_type_value == kind]


def test_a_run_with_nothing_new_does_no_dbt_work_and_no_checks(seeds_build, tmp_path):
    db = tmp_path / "w.duckdb"
    copy_warehouse(seeds_build.db_path, db)
    before = marts_rows(db)
    result = materialize_all(seeds_build.raw_dir, db)
    assert result.success
    assert [e.asset_key.to_user_string() for e in _events(result, "ASSET_MATERIALIZATION")] == [
        "landing/landing_folder"]  # the scan, and nothing after it
    assert _events(result, "ASSET_CHECK_EVALUATION") == []
    skipped = {e.step_key for e in _events(result, "STEP_SKIPPED")}
    assert {"extracted", "warehouse_dbt_staging", "warehouse_dbt_marts", "gx_marts_checks"} <= skipped
    assert marts_rows(db) == before


def test_a_new_file_or_a_changed_project_is_built(seeds_build, tmp_path):
    """Not skipped when a file lands, nor when the project that built the
    marts changed (here: the record of which project built them)."""
    db = tmp_path / "w.duckdb"
    copy_warehouse(seeds_build.db_path, db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE extract.marts_build SET project_fingerprint = 'an older project'")
    con.close()
    result = materialize_all(seeds_build.raw_dir, db)
    assert result.success
    built = {e.asset_key.to_user_string() for e in _events(result, "ASSET_MATERIALIZATION")}
    assert "marts/statements" in built and "raw/raw_files" in built
    assert _events(result, "ASSET_CHECK_EVALUATION")


def test_table_assets_carry_row_counts_and_column_schemas(seeds_build):
    mats = {e.asset_key.to_user_string(): e.event_specific_data.materialization
            for e in _events(seeds_build.result, "ASSET_MATERIALIZATION")}
    for key, mat in mats.items():
        if key == "published/marts":  # a file of the marts: rows per table
            assert {f"rows/{t}" for t in MART_TABLES} <= set(mat.metadata), key
        elif key != "landing/landing_folder":
            assert "dagster/row_count" in mat.metadata, key
    statements = mats["marts/statements"].metadata
    con = duckdb.connect(str(seeds_build.db_path), read_only=True)
    n = con.execute("select count(*) from marts.statements").fetchall()[0][0]
    con.close()
    assert statements["dagster/row_count"].value == n
    columns = {c.name: c for c in statements["dagster/column_schema"].value.columns}
    assert set(columns) == {"statement_id", "speaker_id", "event_id", "text", "quote_type", "cue"}
    assert columns["quote_type"].type == "VARCHAR"
    assert all(c.description for c in columns.values())  # the dbt descriptions, via DuckDB comments


def test_the_cli_records_its_run_in_dagster_home_and_says_nothing_new(seeds_build, tmp_path):
    from dagster import DagsterInstance

    db = tmp_path / "w.duckdb"
    copy_warehouse(seeds_build.db_path, db)
    home = tmp_path / "dagster_home"
    t0 = time.monotonic()
    proc = _cli({"RAW_DIR": str(seeds_build.raw_dir), "WAREHOUSE_PATH": str(db), "DAGSTER_HOME": str(home)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "nothing new" in proc.stdout
    assert "\x1b[" not in proc.stdout  # no colour codes when not on a terminal
    assert "Running dbt command" not in proc.stdout  # dbt's output is folded away
    assert time.monotonic() - t0 < 120
    runs = DagsterInstance.from_config(str(home)).get_runs()
    assert [(r.job_name, r.is_success) for r in runs] == [("build_warehouse", True)]


def test_a_missing_landing_folder_fails_in_one_line(tmp_path):
    proc = _cli({"RAW_DIR": str(tmp_path / "no_such_folder"), "WAREHOUSE_PATH": str(tmp_path / "w.duckdb")})
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
    assert failed == [f"FAILED at scan landing folder: landing folder {tmp_path / 'no_such_folder'} "
                      "does not exist: set RAW_DIR to the folder where articles are dropped"]
    assert "checks: 0 of 0" not in proc.stdout


def test_a_locked_warehouse_fails_in_one_line_naming_the_holder(seeds_build, tmp_path):
    db = tmp_path / "w.duckdb"
    copy_warehouse(seeds_build.db_path, db)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"c = duckdb.connect({str(db)!r}); print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        proc = _cli({"RAW_DIR": str(seeds_build.raw_dir), "WAREHOUSE_PATH": str(db),
                     "WAREHOUSE_LOCK_WAIT_SECONDS": "1"})
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and failed[0].startswith(f"FAILED at ingest: warehouse {db} is locked by PID {holder.pid}")

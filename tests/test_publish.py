"""Write, audit, publish, and one lock discipline, on real builds.

Readers see the published file; a build replaces it in one rename only
after every check passed. A failing GX expectation or dbt test leaves it
byte for byte as it was. Builds queue behind each other, and a reader that
opens the warehouse file during a build does not fail it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from bench.mart_hashes import mart_hashes
from quote_warehouse.settings import EXPECTATIONS_DIR, MART_TABLES, published_path_for
from quote_warehouse.store.connection import connect
from quote_warehouse.store.pending import mark_extracted
from quote_warehouse.store.publish import publish_marts
from tests.conftest import ROOT, SEEDS, materialize_all
from tests.landing import start_reader

CLI = Path(sys.executable).parent / "quote-warehouse"


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _run_job(raw_dir: Path, db_path: Path, **fields):
    """The build_warehouse job in process; files copied just now are read at once."""
    return materialize_all(raw_dir, db_path, landing_settle_seconds=0, **fields)


def _check_results(result) -> list:
    return [ev.event_specific_data for ev in result.all_events if ev.event_type_value == "ASSET_CHECK_EVALUATION"]


@pytest.fixture()
def built(tmp_path):
    raw_dir = tmp_path / "landing"
    shutil.copytree(SEEDS, raw_dir)
    db_path = tmp_path / "warehouse.duckdb"
    result = _run_job(raw_dir, db_path)
    assert result.success
    return raw_dir, db_path


def test_a_build_publishes_exactly_its_marts(built):
    raw_dir, db_path = built
    published = published_path_for(db_path)
    assert published.exists()
    built_hashes, published_hashes = mart_hashes(db_path), mart_hashes(published)
    assert {t: published_hashes[t] for t in MART_TABLES} == {t: built_hashes[t] for t in MART_TABLES}
    assert built_hashes["documents"][0] == len(list(SEEDS.iterdir()))
    con = duckdb.connect(str(published), read_only=True)
    try:
        (when, source), = con.execute("SELECT published_at, built_from FROM marts.publication").fetchall()
        comments = con.execute("SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'marts' "
                               "AND table_name = 'statements' AND comment IS NOT NULL").fetchall()[0][0]
    finally:
        con.close()
    assert source == str(db_path) and when is not None
    assert comments > 0, "analysts see the dbt column descriptions in the published file too"
    assert not list(published.parent.glob(".*.tmp")), "no temporary file is left behind"


def test_a_failing_marts_expectation_leaves_the_published_file_byte_identical(built, tmp_path):
    raw_dir, db_path = built
    published = published_path_for(db_path)
    before = _sha256(published)
    strict = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, strict)
    suite = json.loads((strict / "marts.json").read_text())
    suite["tables"]["marts.documents"]["expectations"].append({
        "type": "expect_column_values_to_match_regex",
        "kwargs": {"column": "file_name", "regex": "^00[0-3]_"},
        "meta": {"why": "test: only files 000-003 may be published"}})
    (strict / "marts.json").write_text(json.dumps(suite))

    result = _run_job(raw_dir, db_path, expectations_dir=str(strict))

    assert not result.success
    failed = [c for c in _check_results(result) if not c.passed]
    assert [(c.asset_key.to_user_string(), c.check_name) for c in failed] == [("marts/documents", "gx_marts_suite")]
    report = failed[0].metadata["results"].value
    assert "expect_column_values_to_match_regex(file_name)" in report
    assert "004_" in report, "the failure names the file at fault"
    assert _sha256(published) == before
    materialized = {ev.asset_key.to_user_string() for ev in result.all_events
                    if ev.event_type_value == "ASSET_MATERIALIZATION"}
    assert "published/marts" not in materialized

    again = _run_job(raw_dir, db_path, expectations_dir=str(strict))
    assert not again.success, "a failed build is not taken for current: it fails again, it is not 'nothing new'"
    assert _sha256(published) == before
    fixed = _run_job(raw_dir, db_path)
    assert fixed.success and _sha256(published) != before


def test_a_failing_dbt_test_leaves_the_published_file_byte_identical(built):
    raw_dir, db_path = built
    published = published_path_for(db_path)
    before = _sha256(published)
    with connect(db_path) as con:  # a row dbt's accepted_values test on quote_type rejects
        doc = con.execute("SELECT document_id FROM extract.statements LIMIT 1").fetchall()[0][0]
        con.execute("UPDATE extract.statements SET quote_type = 'sung' WHERE document_id = ?", [doc])
        mark_extracted(con, [doc])

    result = _run_job(raw_dir, db_path)

    assert not result.success
    failed = [c for c in _check_results(result) if not c.passed]
    assert any("accepted_values" in c.check_name and "quote_type" in c.check_name for c in failed)
    assert _sha256(published) == before


def test_publishing_replaces_the_file_in_one_rename_while_a_reader_holds_the_old_one(built, tmp_path):
    raw_dir, db_path = built
    published = published_path_for(db_path)
    reader = duckdb.connect(str(published), read_only=True)
    try:
        before = reader.execute("SELECT count(*) FROM marts.statements").fetchall()[0][0]
        with connect(db_path) as con:
            con.execute("DELETE FROM marts.statements WHERE statement_id IN "
                        "(SELECT statement_id FROM marts.statements LIMIT 3)")
        publish_marts(db_path, published)
        # the open reader keeps its snapshot; a new one sees the new file
        assert reader.execute("SELECT count(*) FROM marts.statements").fetchall()[0][0] == before
    finally:
        reader.close()
    fresh = duckdb.connect(str(published), read_only=True)
    try:
        assert fresh.execute("SELECT count(*) FROM marts.statements").fetchall()[0][0] == before - 3
    finally:
        fresh.close()


def test_a_reader_opening_the_warehouse_during_a_build_does_not_fail_it(tmp_path):
    """An analyst's read-only connection that comes and goes during a build:
    every connection of the build (ours, dbt's, GX's) waits for it."""
    raw_dir = tmp_path / "landing"
    shutil.copytree(SEEDS, raw_dir)
    db_path = tmp_path / "warehouse.duckdb"
    with connect(db_path):
        pass  # the file exists before the reader starts
    stop = tmp_path / "stop"
    reader = start_reader(db_path, stop)
    try:
        result = _run_job(raw_dir, db_path)
    finally:
        stop.touch()
        out, _ = reader.communicate(timeout=60)
    opened, _refused = map(int, out.split())
    assert result.success
    assert opened > 0, "the reader did get in during the build"
    assert mart_hashes(published_path_for(db_path))["documents"][0] == len(list(SEEDS.iterdir()))


def test_two_builds_started_together_queue_and_both_succeed(tmp_path):
    raw_dir = tmp_path / "landing"
    shutil.copytree(SEEDS, raw_dir)
    db_path = tmp_path / "warehouse.duckdb"
    env = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": str(db_path), "DAGSTER_HOME": "",
           "LANDING_SETTLE_SECONDS": "0", "PYTHONPATH": str(ROOT)}
    first = subprocess.Popen([str(CLI), "build", "--force"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    lock = db_path.with_name(f".{db_path.name}.build-lock")
    deadline = time.monotonic() + 120
    while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.2)
    second = subprocess.run([str(CLI), "build", "--force"], env=env, capture_output=True, text=True,
                            cwd=ROOT, timeout=900)
    first_out, _ = first.communicate(timeout=900)
    assert first.returncode == 0, first_out
    assert second.returncode == 0, second.stdout + second.stderr
    assert "waiting for the build running now" in second.stdout
    published = mart_hashes(published_path_for(db_path))
    assert {t: published[t] for t in MART_TABLES} == {t: h for t, h in mart_hashes(db_path).items() if t in MART_TABLES}
    assert published["documents"][0] == len(list(SEEDS.iterdir()))

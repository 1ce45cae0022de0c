"""Crashes: a build killed (SIGKILL) at each stage, then run again, ends with
exactly the warehouse a clean build gives, and no reader ever sees a
half-written table.

The kill is real: the build runs as its own process group
(`python -m tests.landing build`, the CLI build) with QW_CRASH_AT set, and
quote_warehouse/faults.py SIGKILLs the group (the build and its dbt child) at that
stage. The previous warehouse is the seeds build; the crashed run and the
re-run read the hostile landing folder, whose clean build is the reference.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import ROOT, materialize_all
from tests.landing import arm_vanish, copy_warehouse, marts_rows, warehouse_rows

STAGES = ["ingest", "extract", "dbt", "checks:marts"]


def _crashed_build(raw_dir, db, stage: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": str(db), "QW_CRASH_AT": stage,
           "GX_ANALYTICS_ENABLED": "False", "DO_NOT_TRACK": "1"}
    arm_vanish(raw_dir)
    return subprocess.run([sys.executable, "-m", "tests.landing", "build"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, start_new_session=True)


def test_builds_killed_at_each_stage_then_rerun_equal_a_clean_build(seeds_build, hostile_build, tmp_path):
    """One warehouse, four kills in a row (each killed run is also the re-run
    of the one killed before it), then a run to the end: the clean warehouse."""
    db = tmp_path / "w.duckdb"
    copy_warehouse(seeds_build.db_path, db)
    before = marts_rows(db)
    clean = {k.split(".", 1)[1]: v for k, v in hostile_build.rows.items() if k.startswith("marts.")}
    assert before != clean

    for stage in STAGES:
        proc = _crashed_build(hostile_build.raw_dir, db, stage)
        assert proc.returncode == -signal.SIGKILL, (stage, proc.stdout[-2000:] + proc.stderr[-2000:])
        after_crash = marts_rows(db)  # the file opens; every table is whole
        if stage in ("ingest", "extract"):
            assert after_crash == before, stage  # marts untouched until the staging checks pass
        elif stage == "checks:marts":
            assert after_crash == clean  # dbt finished; killed while checking the marts
        else:  # killed inside the marts dbt step: each table is the old or the new one, never half
            states = {t: "old" if rows == before[t] else "new" if rows == clean[t] else "HALF"
                      for t, rows in after_crash.items()}
            assert "HALF" not in states.values(), states
            assert "old" in states.values() and "new" in states.values(), states  # killed mid-dbt

    arm_vanish(hostile_build.raw_dir)
    assert materialize_all(hostile_build.raw_dir, db).success
    assert warehouse_rows(db) == hostile_build.rows


@pytest.mark.slow
def test_a_hundred_kills_inside_the_ingest_and_extract_writes(seeds_build, hostile_build, tmp_path):
    """Kill the ingest + extract writes at every Python line of their DuckDB
    transactions and at random moments, 100 times and more: after each kill the
    file opens, raw and extract tables are each all-old or all-new, and
    finishing the run gives the clean tables."""
    db = tmp_path / "w.duckdb"
    copy_warehouse(seeds_build.db_path, db)
    proc = subprocess.run(
        [sys.executable, "-m", "tests.crash_sweep", str(hostile_build.raw_dir), str(db)],
        # 335 kill points at about 2.7 s each (2026-12-05): a quarter of an hour
        cwd=ROOT, capture_output=True, text=True, timeout=2400,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["kills"] >= 100
    assert report["line_points"] >= 20
    assert report["bad_states"] == []
    assert report["final_equals_clean"]
    assert set(report["states_seen"]) >= {"old/old", "new/old", "new/new"}
    expected = {k: v for k, v in hostile_build.rows.items() if k.startswith(("extract.", "raw."))}
    got = {k: v for k, v in warehouse_rows(db).items() if k.startswith(("extract.", "raw."))}
    assert got == expected

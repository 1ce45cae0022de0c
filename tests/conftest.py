"""Shared fixtures: a warehouse built from seeds/ by the real Dagster materialisation."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the shared corpus (BBC, PolNeAR) sits beside the repository unless SHARED_CORPUS says otherwise
SHARED_CORPUS = Path(os.environ.get("SHARED_CORPUS", ROOT.parent / "shared" / "corpus"))
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "gold" / "seeds_gold.json"


@dataclass
class Build:
    raw_dir: Path
    db_path: Path
    result: object


def materialize_all(raw_dir: Path, db_path: Path, selection=None, **fields):
    """Run the code location's `build_warehouse` job in-process, as the CLI
    does, on `raw_dir` and `db_path` (every asset and check, or `selection`),
    given as run config of the `warehouse` resource as the UI's launchpad would,
    with any other resource `fields` (e.g. expectations_dir)."""
    from orchestration.definitions import defs

    job = defs.resolve_job_def("build_warehouse")
    keys = selection.resolve(job.asset_layer.asset_graph) if selection is not None else None
    config = {"raw_dir": str(raw_dir), "warehouse_path": str(db_path), **fields}
    return job.execute_in_process(
        run_config={"resources": {"warehouse": {"config": config}}},
        asset_selection=sorted(keys) if keys is not None else None, raise_on_error=False)


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> Build:
    base = tmp_path_factory.mktemp("seeds_build")
    raw_dir = base / "landing"
    shutil.copytree(SEEDS, raw_dir)
    db_path = base / "warehouse.duckdb"
    result = materialize_all(raw_dir, db_path)
    return Build(raw_dir, db_path, result)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright, one per test module (tests/test_ui.py, tests/test_app.py)."""
    from tests.webserver import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent (Debian's chromium package; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


def read_table(db_path: Path, sql: str):
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


@dataclass
class HostileBuild:
    raw_dir: Path
    db_path: Path
    result: object
    expected: dict  # file name -> "document" or the reason code
    files_in: list  # what ingest lists (file names), taken before the build
    rows: dict  # warehouse_rows() right after the clean build


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory) -> HostileBuild:
    """A clean build of a landing folder with every bad-file kind (tests/landing.py)."""
    from tests.landing import (
        arm_vanish,
        build_landing,
        install_vanish_hook,
        landing_names,
        warehouse_rows,
    )

    base = tmp_path_factory.mktemp("hostile_build")
    raw_dir = base / "landing"
    expected = build_landing(raw_dir)
    install_vanish_hook()
    arm_vanish(raw_dir)
    files_in = landing_names(raw_dir)
    db_path = base / "warehouse.duckdb"
    result = materialize_all(raw_dir, db_path)
    return HostileBuild(raw_dir, db_path, result, expected, files_in, warehouse_rows(db_path))

"""Shared fixtures: a warehouse built from seeds/ by the real Dagster materialisation."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "gold" / "seeds_gold.json"


@dataclass
class Build:
    raw_dir: Path
    db_path: Path
    result: object


def materialize_all(raw_dir: Path, db_path: Path):
    """Materialise every asset and check in-process, as the job does."""
    from dagster import materialize

    from assets.settings import Settings
    from orchestration.definitions import all_assets, gx_checks
    from orchestration.resources import build_resources

    resources = build_resources(Settings(raw_dir=raw_dir, warehouse_path=db_path))
    return materialize([*all_assets, *gx_checks], resources=resources, raise_on_error=False)


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> Build:
    base = tmp_path_factory.mktemp("seeds_build")
    raw_dir = base / "landing"
    shutil.copytree(SEEDS, raw_dir)
    db_path = base / "warehouse.duckdb"
    result = materialize_all(raw_dir, db_path)
    return Build(raw_dir, db_path, result)


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
    from tests.landing import arm_vanish, build_landing, install_vanish_hook, landing_names, warehouse_rows

    base = tmp_path_factory.mktemp("hostile_build")
    raw_dir = base / "landing"
    expected = build_landing(raw_dir)
    install_vanish_hook()
    arm_vanish(raw_dir)
    files_in = landing_names(raw_dir)
    db_path = base / "warehouse.duckdb"
    result = materialize_all(raw_dir, db_path)
    return HostileBuild(raw_dir, db_path, result, expected, files_in, warehouse_rows(db_path))

"""Whether a run has anything to do: the marts are current when nothing new
landed, nothing waits to be extracted or taken in, and the project that
built them (dbt models, suites, extractor) is the one running now.

A scheduled tick on an unchanged folder then costs a folder scan instead of
a dbt build and every suite.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from quote_warehouse.extract.document import EXTRACTOR_VERSION
from quote_warehouse.settings import (
    DBT_PROJECT_DIR,
    DEFAULT_LOCK_WAIT_SECONDS,
    EXPECTATIONS_DIR,
    EXTRACT_SCHEMA,
    MART_TABLES,
    MARTS_SCHEMA,
)
from quote_warehouse.store.connection import connect, scalar, warehouse_exists
from quote_warehouse.store.extract import clusters_current, not_extracted
from quote_warehouse.store.pending import marts_build_fingerprint

_DBT_SOURCES = ("dbt_project.yml", "models", "macros", "seeds", "tests")


def project_fingerprint(dbt_project_dir: Path = DBT_PROJECT_DIR,
                        expectations_dir: Path = EXPECTATIONS_DIR) -> str:
    """A hash of everything that decides what the marts and their checks are:
    the dbt project's sources, the GX suites and the extractor version."""
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    files: list[tuple[Path, Path]] = []
    for name in _DBT_SOURCES:
        path = dbt_project_dir / name
        found = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        files.extend((dbt_project_dir, p) for p in found)
    files.extend((expectations_dir, p) for p in sorted(expectations_dir.glob("*.json")))
    for base, path in files:
        h.update(path.relative_to(base).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def marts_current(db_path: Path, fingerprint: str, lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
                  published_path: Path | None = None) -> bool:
    """Whether the marts already hold everything the raw tables do: every
    raw file extracted by this extractor, the clusters made after it, no
    document pending, every mart built, and built by this project; and,
    given `published_path`, published there (a build whose checks failed,
    or a deleted published file, is built again)."""
    if not warehouse_exists(db_path):
        return False
    if published_path is not None and not Path(published_path).exists():
        return False
    with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
        tables = {t for (t,) in con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables").fetchall()}
        needed = {f"{MARTS_SCHEMA}.{t}" for t in MART_TABLES} | {
            f"{EXTRACT_SCHEMA}.{t}" for t in ("documents", "pending_documents", "marts_build")}
        if not needed <= tables:
            return False
        if marts_build_fingerprint(con) != fingerprint:
            return False
        if scalar(con, f"SELECT count(*) FROM {EXTRACT_SCHEMA}.pending_documents"):
            return False
        return not not_extracted(con) and clusters_current(con)

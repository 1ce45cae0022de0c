"""The expectation suite files: ``expectations/<stage>.json``.

One file per pipeline stage, one suite per table (format in
``expectations/README.md``). Each expectation entry is a Great Expectations
``ExpectationConfiguration`` as GX serialises it (``type``, ``kwargs``,
``meta``) plus a ``severity`` of ``error`` (default) or ``warn``, and must
say why it exists in ``meta.why``.

Reading and checking a file needs no GX import: the Dagster definitions
read the files at import time to declare one asset check per table.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from quote_warehouse.settings import EXPECTATIONS_DIR

__all__ = ["STAGES", "SEVERITIES", "load_stage", "table_spec", "tables_of_stage"]

STAGES = ("raw", "staging", "marts")
SEVERITIES = ("error", "warn")


def _check_stage_doc(stage: str, doc: Any, path: Path) -> None:
    where = str(path)
    if not isinstance(doc, dict):
        raise ValueError(f"{where}: top level must be an object")
    if doc.get("stage") != stage:
        raise ValueError(f"{where}: 'stage' is {doc.get('stage')!r}, expected {stage!r}")
    tables = doc.get("tables")
    if not isinstance(tables, dict) or not tables:
        raise ValueError(f"{where}: 'tables' must be a non-empty object")
    for table, spec in tables.items():
        if not isinstance(spec, dict):
            raise ValueError(f"{where}: {table}: must be an object")
        if not isinstance(spec.get("blocking", True), bool):
            raise ValueError(f"{where}: {table}: 'blocking' must be true or false")
        exps = spec.get("expectations")
        if not isinstance(exps, list):
            raise ValueError(f"{where}: {table}: 'expectations' must be a list")
        for i, exp in enumerate(exps):
            label = f"{where}: {table}: expectation #{i}"
            if not isinstance(exp, dict) or not isinstance(exp.get("type"), str):
                raise ValueError(f"{label}: needs a string 'type'")
            if not isinstance(exp.get("kwargs", {}), dict):
                raise ValueError(f"{label} ({exp['type']}): 'kwargs' must be an object")
            sev = exp.get("severity", "error")
            if sev not in SEVERITIES:
                raise ValueError(
                    f"{label} ({exp['type']}): severity {sev!r} not in {SEVERITIES}"
                )
            why = (exp.get("meta") or {}).get("why")
            if not isinstance(why, str) or not why.strip():
                raise ValueError(f"{label} ({exp['type']}): meta.why is required")


def load_stage(stage: str, expectations_dir: Path | None = None) -> dict:
    """Parse and check ``expectations/<stage>.json``.

    Returns the document as written (``{"stage", "tables": {table: {"blocking",
    "expectations": [...]}}}``). Raises ``FileNotFoundError`` for a missing file
    and ``ValueError`` for a malformed one. Whether each ``type`` and its
    ``kwargs`` make a valid GX expectation is checked when the suite is built
    (:func:`quote_warehouse.quality.runner.build_suite`).
    """
    if not re.fullmatch(r"[A-Za-z0-9_]+", stage):
        raise ValueError(f"invalid stage name {stage!r}")
    path = Path(expectations_dir or EXPECTATIONS_DIR) / f"{stage}.json"
    with path.open(encoding="utf-8") as fh:
        doc = json.load(fh)
    _check_stage_doc(stage, doc, path)
    return doc


def tables_of_stage(stage: str, expectations_dir: Path | None = None) -> list[str]:
    """The tables (``schema.table``) that have a suite in the stage file, in file order."""
    return list(load_stage(stage, expectations_dir)["tables"])


def table_spec(stage: str, table: str, spec: dict | None = None) -> dict:
    """The ``{"blocking", "expectations"}`` spec of one table.

    ``spec`` may be a whole stage document (as from :func:`load_stage`), one
    table's spec, or None (read the stage file).
    """
    if spec is None:
        spec = load_stage(stage)
    if "tables" in spec:
        try:
            return spec["tables"][table]
        except KeyError:
            raise KeyError(
                f"no suite for table {table!r} in stage {stage!r}; "
                f"known: {sorted(spec['tables'])}"
            ) from None
    if "expectations" in spec:
        return spec
    raise ValueError("spec must be a stage document or a table spec")

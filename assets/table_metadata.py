"""Row counts and column schemas for the table assets' pages in the UI.

Both come from the warehouse itself, on one short read-only connection,
after the step's writes (for dbt, after dbt has exited: DuckDB lets no other
process read while it writes). Column descriptions are the dbt docs: DuckDB
comments for dbt models (persist_docs), the source yml for the tables the
Python assets write.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from dagster import AssetKey, TableColumn, TableSchema

from assets.resources import DBT_PROJECT
from quote_warehouse.store.connection import describe_tables


@functools.cache
def _source_column_docs() -> dict[tuple[str, str], dict[str, str]]:
    """(source, table) -> column -> description, from dbt's manifest."""
    manifest = json.loads(Path(DBT_PROJECT.manifest_path).read_text(encoding="utf-8"))
    return {(s["source_name"], s["name"]): {c: v.get("description") or "" for c, v in s["columns"].items()}
            for s in manifest["sources"].values()}


def table_metadata(db_path: Path, keys: list[AssetKey], lock_wait: float) -> dict[AssetKey, dict]:
    """asset key [schema, table] -> {"dagster/row_count", "dagster/column_schema"}."""
    tables = describe_tables(db_path, [tuple(k.path) for k in keys if len(k.path) == 2], lock_wait)
    docs = _source_column_docs()
    out = {}
    for key in keys:
        table = tables.get(tuple(key.path))
        if table is None:
            continue
        source_docs = docs.get(tuple(key.path), {})
        schema = TableSchema(columns=[
            TableColumn(name, str(kind), description=comment or source_docs.get(name) or None)
            for name, kind, comment in table["columns"]])
        out[key] = {"dagster/row_count": table["rows"], "dagster/column_schema": schema}
    return out

"""Content hashes of every mart table, to prove a change left the marts alone.

    python bench/mart_hashes.py WAREHOUSE.duckdb            # print the hashes
    python bench/mart_hashes.py BEFORE.duckdb AFTER.duckdb  # compare two builds
    python bench/mart_hashes.py data/warehouse.duckdb 'ducklake:postgres:dbname=qw host=127.0.0.1'

A table's hash is the SHA-256 of its rows, each rendered column by column in
a fixed column order and sorted, so it does not depend on row order or on
DuckDB's storage. Two warehouses built from the same files are the same row
for row exactly when every table's hash is equal. Exit 1 when they differ.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from quote_warehouse.store.connection import connect  # noqa: E402 - a file or a DuckLake

SCHEMA = "marts"


def mart_hashes(db_path: Path | str) -> dict[str, tuple[int, str]]:
    """table -> (row count, content hash) for every table of the marts schema."""
    with connect(db_path, read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
            "AND table_catalog = current_database() ORDER BY 1",
            [SCHEMA]).fetchall()]
        out = {}
        for table in tables:
            rows = sorted(repr(r) for r in con.execute(f'SELECT * FROM {SCHEMA}."{table}"').fetchall())
            digest = hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()
            out[table] = (len(rows), digest)
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouses", nargs="+", metavar="WAREHOUSE", help="a DuckDB file or a ducklake: location")
    args = parser.parse_args(argv)
    if len(args.warehouses) > 2:
        parser.error("one warehouse to print, or two to compare")
    first = mart_hashes(args.warehouses[0])
    if len(args.warehouses) == 1:
        for table, (n, digest) in first.items():
            print(f"{table:<20} {n:>8} rows  {digest}")
        return 0
    second = mart_hashes(args.warehouses[1])
    differ = 0
    for table in sorted(set(first) | set(second)):
        a, b = first.get(table), second.get(table)
        same = a == b
        differ += not same
        print(f"{'same' if same else 'DIFF'}  {table:<20} {a[0] if a else '-':>8} / {b[0] if b else '-':>8} rows"
              f"  {(a or ('', '-'))[1][:16]}")
    print(f"{len(set(first) | set(second)) - differ} of {len(set(first) | set(second))} mart tables identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

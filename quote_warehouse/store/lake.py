"""The warehouse as a DuckLake: a catalog in PostgreSQL, data files in a shared folder.

The distributed profile (docs/scaling.md, "Beyond one machine") sets
WAREHOUSE_PATH to a DuckLake location instead of a file, for example
`ducklake:postgres:dbname=quote_warehouse host=127.0.0.1`, and LAKE_DATA_PATH
to the folder every machine sees. Every connection attaches it under one name
and makes it the default database, so the project's SQL, which names
schemas but no database, runs on it unchanged, and many processes on many
machines may write at once: the catalog database orders their commits.

The DuckLake and PostgreSQL extensions come from the registry's extension
wheels (`pip install .[distributed]`, built for duckdb 1.5.5 exactly), not
from DuckDB's download site, which this machine cannot reach: they are
installed once from the wheel's file into DuckDB's own extension folder,
where DuckDB autoloads them from (`INSTALL '<file>'`, offline).

What DuckLake does not have: PRIMARY KEY and UNIQUE constraints. The tables
are created without them on a lake (`table_ddl`), the writes that relied on
them skip existing keys with an anti-join instead of ON CONFLICT (the same
SQL on both profiles), and the GX suites check key uniqueness on both.
"""

from __future__ import annotations

import functools
import importlib.util
import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

# The extension wheels the lake needs, by the extension each one carries.
_EXTENSION_WHEELS = {"ducklake": "duckdb_extension_ducklake",
                     "postgres_scanner": "duckdb_extension_postgres_scanner"}


class LakeSetupError(RuntimeError):
    """The lake cannot be opened: a missing extension wheel, or no lake yet."""


@functools.cache
def ensure_lake_extensions() -> None:
    """Install the lake's extensions from their wheels into DuckDB's extension
    folder (once per process; a no-op when they are there already)."""
    version = duckdb.__version__
    con = duckdb.connect()
    try:
        installed = {name for (name,) in con.execute(
            "SELECT extension_name FROM duckdb_extensions() WHERE installed").fetchall()}
        for extension, package in _EXTENSION_WHEELS.items():
            if extension in installed:
                continue
            spec = importlib.util.find_spec(package)
            files = sorted(Path(next(iter(spec.submodule_search_locations))).glob(
                f"extensions/v{version}/*.duckdb_extension")) if spec and spec.submodule_search_locations else []
            if not files:
                raise LakeSetupError(
                    f"the DuckLake profile needs the wheel {package.replace('_', '-')} built for duckdb "
                    f"{version} (found {'none' if spec is None else 'another duckdb version'}): "
                    "install the project with `pip install -e '.[distributed]'`, which pins duckdb to "
                    "the extensions' version (see the README, 'Beyond one machine')")
            con.execute(f"INSTALL {sql_literal(str(files[0]))}")
    finally:
        con.close()


def create_lake(location: str, data_path: Path) -> None:
    """Create the lake if its catalog is new (DuckLake stores DATA_PATH in the
    catalog, so every later connection finds the data files on its own)."""
    ensure_lake_extensions()
    data_path = Path(data_path)
    data_path.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {sql_literal(location)} AS lake (DATA_PATH {sql_literal(str(data_path) + '/')})")
    except duckdb.Error as exc:
        raise LakeSetupError(f"cannot open the DuckLake {location} with data files in {data_path}: {exc}") from exc
    finally:
        con.close()


# The name the lake is attached under, by the Python side and by dbt
# (profiles.yml, target `lake`): DuckLake stores a view's SQL with the
# catalog name of the connection that made it, so every connection must use
# the same one.
LAKE_ALIAS = "warehouse"


def connect_lake(location: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection whose default database is the lake (unqualified `raw.x`,
    `marts.y` resolve in it, as in a warehouse file)."""
    ensure_lake_extensions()
    con = duckdb.connect()
    try:
        if read_only:
            con.execute(f"ATTACH {sql_literal(location)} AS {LAKE_ALIAS} (READ_ONLY)")
        else:
            con.execute(f"ATTACH {sql_literal(location)} AS {LAKE_ALIAS}")
        con.execute(f"USE {LAKE_ALIAS}")
    except duckdb.InvalidInputException as exc:
        con.close()
        if "data_path is not set" in str(exc):
            raise LakeSetupError(
                f"the DuckLake {location} does not exist yet: a build creates it with its data files in "
                "LAKE_DATA_PATH") from exc
        raise
    except BaseException:
        con.close()
        raise
    return con


def is_lake_connection(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection's main database is a DuckLake."""
    row = con.execute("SELECT type FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return bool(row) and row[0] == "ducklake"


_INLINE_KEY = re.compile(r"\s+PRIMARY KEY\b(?!\s*\()")
_TABLE_KEY = re.compile(r",\s*PRIMARY KEY\s*\([^)]*\)")


def table_ddl(ddl: str, lake: bool) -> str:
    """A CREATE TABLE statement as the warehouse takes it: unchanged for a
    DuckDB file, without its key constraints on a lake."""
    return _TABLE_KEY.sub("", _INLINE_KEY.sub("", ddl)) if lake else ddl


T = TypeVar("T")


def retry_conflicts(write: Callable[[], T], attempts: int = 20, first_wait: float = 0.05) -> T:
    """Run a write transaction again when another writer's commit conflicts
    with it. On a DuckLake, two partitions that both delete rows of a shared
    table (their documents' old rows, their pending entries) may conflict at
    commit; the loser's transaction was rolled back, so running it again is
    safe. A DuckDB file has one writer and never raises this."""
    for attempt in range(attempts):
        try:
            return write()
        except duckdb.TransactionException as exc:
            if "conflict" not in str(exc).lower() or attempt == attempts - 1:
                raise
            time.sleep(first_wait * 2 ** min(attempt, 6) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def sql_literal(text: str) -> str:
    """A string as an SQL literal, for statements that take no parameters
    (INSTALL, and ATTACH on duckdb 1.5, the distributed profile's engine)."""
    return "'" + text.replace("'", "''") + "'"

"""The one home of every setting, with its default, and of the fixed names.

Settings are read from the environment by `Settings.from_env()` when a run
starts (the Dagster resource calls it at run time, the CLI once per command),
never at import time, and nothing here writes to the environment. Every
other module takes what it needs as a parameter, with the defaults below.
`SETTINGS` describes each one for the README table and `--help`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"

# Schemas of the warehouse. `raw` and `extract` are written by the Python
# side (store/schema.py), `staging` and `marts` by dbt.
RAW_SCHEMA = "raw"
EXTRACT_SCHEMA = "extract"
STAGING_SCHEMA = "staging"
MARTS_SCHEMA = "marts"

# Tables the Python assets own, by schema. dbt declares them as sources with
# the same names (dbt_project/models/staging/_sources.yml).
RAW_TABLES = ("raw_files", "rejected_files", "landing_files", "landing_history")
EXTRACT_TABLES = (
    "documents",
    "statements",
    "statement_parts",
    "speakers",
    "events",
    "event_participants",
    "document_clusters",
)
MART_TABLES = (
    "documents",
    "speakers",
    "statements",
    "statement_sources",
    "events",
    "event_participants",
    "rejected_files",
)

# Defaults, used by the library functions' keyword arguments too.
DEFAULT_RAW_DIR = PROJECT_ROOT / "seeds"
DEFAULT_WAREHOUSE_PATH = PROJECT_ROOT / "data" / "warehouse.duckdb"
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024  # no news article is 20 MB of text
DEFAULT_LOCK_WAIT_SECONDS = 60.0
DEFAULT_BUILD_WAIT_SECONDS = 3600.0
DEFAULT_EXTRACT_WORKERS = 0  # 0: one worker process per core
DEFAULT_EXTRACT_BATCH_SIZE = 1000
# Wall-clock seconds one document may take to extract before its worker is
# killed and the file rejected (extract_timeout); a news article takes well
# under a second (pipeline/extract.py).
DEFAULT_EXTRACT_TIMEOUT_SECONDS = 30.0
DEFAULT_INGEST_BATCH_SIZE = 2000
# The distributed profile extracts in this many partitions (by SHA-256 of
# the content), each one step on any worker (pipeline/extract.py).
EXTRACT_PARTITIONS = 16
DEFAULT_APP_PORT = 8501  # make app: the analysts' page on http://127.0.0.1:8501
# A landing file is read once it has not changed for this long (mtime and
# ctime at least this old, and the same size, inode and times across the wait).
DEFAULT_LANDING_SETTLE_SECONDS = 2.0


# A warehouse location naming a DuckLake instead of a file (the distributed
# profile, store/lake.py): WAREHOUSE_PATH=ducklake:postgres:dbname=... host=...
LAKE_PREFIX = "ducklake:"
DEFAULT_LAKE_DATA_PATH = PROJECT_ROOT / "data" / "lake"


def is_lake(location: object) -> bool:
    """Whether a warehouse location names a DuckLake rather than a DuckDB file."""
    return str(location).startswith(LAKE_PREFIX)


def environment_with(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment plus `extra`: for the processes a build
    starts with settings of their own (the distributed profile's workers)."""
    return {**os.environ, **(extra or {})}


def published_path_for(warehouse_path: Path) -> Path:
    """The published file beside a warehouse: data/warehouse.duckdb -> data/warehouse.published.duckdb."""
    warehouse_path = Path(warehouse_path)
    return warehouse_path.with_name(f"{warehouse_path.stem}.published.duckdb")


@dataclass(frozen=True)
class Setting:
    """One setting as a user sees it: the variable, its default, what it does."""

    field: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("raw_dir", "RAW_DIR", "seeds/", "landing folder the raw article files are read from"),
    Setting("warehouse_path", "WAREHOUSE_PATH", "data/warehouse.duckdb",
            "the DuckDB warehouse file, or a DuckLake shared by many machines: "
            "`ducklake:postgres:dbname=<db> host=<host>` (the distributed profile, `.[distributed]`)"),
    Setting("lake_data_path", "LAKE_DATA_PATH", "data/lake/",
            "with a DuckLake WAREHOUSE_PATH: the folder of its data files, which every machine must see "
            "(read from the catalog once the lake exists); the build lock and the published file go here"),
    Setting("extract_broker_url", "EXTRACT_BROKER_URL", "(unset: extract on this machine)",
            "with a DuckLake WAREHOUSE_PATH: the Celery broker (RabbitMQ, amqp://guest:guest@127.0.0.1:5672//) "
            "whose workers extract the partitions of a build"),
    Setting("published_path", "PUBLISHED_PATH", "beside WAREHOUSE_PATH: <name>.published.duckdb",
            "the checked marts analysts and the app read: replaced in one step after every check passed"),
    Setting("app_port", "APP_PORT", str(DEFAULT_APP_PORT),
            "port of the analysts' app (`make app`, on 127.0.0.1)"),
    Setting("max_file_bytes", "MAX_FILE_BYTES", str(DEFAULT_MAX_FILE_BYTES),
            "larger landing files are rejected (too_large)"),
    Setting("lock_wait_seconds", "WAREHOUSE_LOCK_WAIT_SECONDS", f"{DEFAULT_LOCK_WAIT_SECONDS:g}",
            "how long a connection waits for another process to release the warehouse"),
    Setting("build_wait_seconds", "BUILD_WAIT_SECONDS", f"{DEFAULT_BUILD_WAIT_SECONDS:g}",
            "how long a build waits for another build of the same warehouse to finish (builds queue)"),
    Setting("extract_workers", "EXTRACT_WORKERS", str(DEFAULT_EXTRACT_WORKERS),
            "extraction worker processes (0: one per core)"),
    Setting("extract_timeout_seconds", "EXTRACT_TIMEOUT_SECONDS", f"{DEFAULT_EXTRACT_TIMEOUT_SECONDS:g}",
            "a document whose extraction takes longer is stopped and its file rejected (extract_timeout); "
            "0: no limit"),
    Setting("extract_batch_size", "EXTRACT_BATCH_SIZE", str(DEFAULT_EXTRACT_BATCH_SIZE),
            "documents extracted and written per transaction"),
    Setting("ingest_batch_size", "INGEST_BATCH_SIZE", str(DEFAULT_INGEST_BATCH_SIZE),
            "landing files read and written per transaction"),
    Setting("landing_settle_seconds", "LANDING_SETTLE_SECONDS", f"{DEFAULT_LANDING_SETTLE_SECONDS:g}",
            "a landing file changed more recently than this is read only if it stays unchanged that long; "
            "one still changing waits for the next build"),
    Setting("expectations_dir", "EXPECTATIONS_DIR", "expectations/",
            "folder of the GX suites (raw.json, staging.json, marts.json): a team's own, stricter copy"),
    Setting("dagster_home", "DAGSTER_HOME", "(unset; make sets .dagster_home/)",
            "Dagster instance folder: `quote-warehouse build` records its runs there, where `make ui` shows them"),
    Setting("crash_at", "QW_CRASH_AT", "(unset)",
            "tests only: SIGKILL the build at this stage (quote_warehouse/faults.py)"),
)


@dataclass(frozen=True)
class Settings:
    raw_dir: Path = DEFAULT_RAW_DIR
    warehouse_path: Path | str = DEFAULT_WAREHOUSE_PATH  # str: a DuckLake location
    lake_data_path: Path = DEFAULT_LAKE_DATA_PATH
    extract_broker_url: str | None = None
    published_path: Path | None = None
    app_port: int = DEFAULT_APP_PORT
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS
    build_wait_seconds: float = DEFAULT_BUILD_WAIT_SECONDS
    extract_workers: int = DEFAULT_EXTRACT_WORKERS
    extract_timeout_seconds: float = DEFAULT_EXTRACT_TIMEOUT_SECONDS
    extract_batch_size: int = DEFAULT_EXTRACT_BATCH_SIZE
    ingest_batch_size: int = DEFAULT_INGEST_BATCH_SIZE
    landing_settle_seconds: float = DEFAULT_LANDING_SETTLE_SECONDS
    expectations_dir: Path = EXPECTATIONS_DIR
    dagster_home: Path | None = None
    crash_at: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """The settings in force: each variable of `SETTINGS` that is set
        (and not empty) replaces its default."""
        environ = os.environ if environ is None else environ
        types = {f.name: f.type for f in fields(cls)}
        values: dict[str, object] = {}
        for s in SETTINGS:
            raw = environ.get(s.env, "").strip()
            if not raw:
                continue
            kind = types[s.field]
            try:
                if s.field == "warehouse_path" and is_lake(raw):
                    values[s.field] = raw
                elif kind in ("Path", "Path | None", "Path | str"):
                    values[s.field] = Path(raw).resolve()
                elif kind == "int":
                    values[s.field] = int(raw)
                elif kind == "float":
                    values[s.field] = float(raw)
                else:
                    values[s.field] = raw
            except ValueError as exc:
                raise ValueError(f"{s.env}={raw!r} is not a valid {kind}: {exc}") from None
        return cls(**values)

    @property
    def publish_path(self) -> Path:
        """Where the published marts live: PUBLISHED_PATH, or beside the warehouse."""
        return self.published_path or published_path_for(self.local_path)

    @property
    def local_path(self) -> Path:
        """A local path standing for the warehouse, for the files kept beside
        it (build lock, published marts): the file itself, or for a DuckLake
        `<LAKE_DATA_PATH>/<catalog as a file name>.ducklake`."""
        if not is_lake(self.warehouse_path):
            return Path(self.warehouse_path)
        slug = "".join(c if c.isalnum() else "_" for c in str(self.warehouse_path)[len(LAKE_PREFIX):])
        return self.lake_data_path / f"{'_'.join(filter(None, slug.split('_'))) or 'lake'}.ducklake"

    def with_overrides(self, **overrides: object) -> "Settings":
        """These settings with the given fields replaced (None keeps a field)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        for key in ("raw_dir", "warehouse_path", "lake_data_path", "published_path", "expectations_dir",
                    "dagster_home"):
            if key in given and not (key == "warehouse_path" and is_lake(given[key])):
                given[key] = Path(given[key]).resolve()
        return replace(self, **given)

"""The published marts file as a reader sees it: there or not, which version,
and a read-only connection to that version.

The build replaces the published file with `os.replace` (a new inode) after
every check passed, so a reader never blocks the build and never sees a half
build. A version is the file's (inode, mtime_ns, size): when it changes the
reader opens the new file; the connection to the old one stays usable for
queries already running and is closed at the next change after that.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from quote_warehouse.settings import MART_TABLES, MARTS_SCHEMA


@dataclass(frozen=True)
class Version:
    """Which file a reader reads: a new build gives a new version."""

    inode: int
    mtime_ns: int
    size: int

    @property
    def token(self) -> str:
        return f"{self.inode}-{self.mtime_ns}-{self.size}"


class NotPublished(RuntimeError):
    """No usable published file: the message says what to run."""


def version_of(path: Path) -> Version | None:
    """The file's version, or None while there is no file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return Version(st.st_ino, st.st_mtime_ns, st.st_size)


def what_to_run(path: Path, why: str) -> str:
    return (f"{why}\n\nThe app reads the published warehouse at `{path}`. Build it with "
            "`make warehouse` (articles from `RAW_DIR`, default `seeds/`); the file is published "
            "when every check passed, and this page reloads by itself when it appears.")


class PublishedReader:
    """Read-only connections to the current version of the published file.

    Thread-safe: each caller gets its own cursor (DuckDB connections are not
    shared across threads); the database is opened once per version.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._version: Version | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._old: duckdb.DuckDBPyConnection | None = None

    def version(self) -> Version | None:
        return version_of(self.path)

    def cursor(self) -> tuple[Version, duckdb.DuckDBPyConnection]:
        """(version, a new cursor on it); NotPublished when there is nothing to read."""
        version = self.version()
        if version is None:
            raise NotPublished(what_to_run(self.path, "There is no published warehouse yet."))
        with self._lock:
            if version != self._version or self._con is None:
                try:
                    con = duckdb.connect(str(self.path), read_only=True)
                    missing = [t for t in MART_TABLES if not con.execute(
                        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
                        [MARTS_SCHEMA, t]).fetchone()[0]]
                except (duckdb.Error, OSError) as exc:
                    raise NotPublished(what_to_run(self.path, f"The published file cannot be read: {exc}")) from None
                if missing:
                    con.close()
                    raise NotPublished(what_to_run(
                        self.path, f"The published file has no table {', '.join(missing)}."))
                if self._old is not None:
                    self._old.close()
                self._old, self._con, self._version = self._con, con, version
            return version, self._con.cursor()

    def close(self) -> None:
        with self._lock:
            for con in (self._old, self._con):
                if con is not None:
                    con.close()
            self._old = self._con = self._version = None

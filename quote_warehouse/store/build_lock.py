"""One build at a time per warehouse: builds queue behind each other.

DuckDB's own lock covers one connection; a build opens many in turn (ingest,
each extraction batch, dbt, every suite, publishing), and between two of
them another build could slip in. A build therefore holds an exclusive
`flock` on a file beside the warehouse for the whole run. A second build
(the CLI, the schedule, the sensor, a run launched from the UI) waits for it
up to BUILD_WAIT_SECONDS, then fails with a message naming the build that
holds it. The kernel drops the lock when its process dies, so a build
killed with SIGKILL never leaves a stale lock behind.

Readers take no part in this: they read the published file
(`quote_warehouse.store.publish`), which the build replaces by a rename.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from quote_warehouse.store.connection import WarehouseLockedError


def build_lock_path(warehouse_path: Path) -> Path:
    warehouse_path = Path(warehouse_path)
    return warehouse_path.with_name(f".{warehouse_path.name}.build-lock")


class BuildLock:
    """An exclusive lock on a warehouse for one build; `release()` is idempotent."""

    def __init__(self, warehouse_path: Path, wait_seconds: float, poll_seconds: float = 0.5,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.path = build_lock_path(warehouse_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if on_wait is not None:
                    on_wait(f"waiting for another build of {warehouse_path} to finish ({self._holder()})")
                    on_wait = None
                if time.monotonic() >= deadline:
                    holder = self._holder()
                    self.release()
                    raise WarehouseLockedError(
                        f"another build of {warehouse_path} is running ({holder}); waited {wait_seconds:g} s "
                        "(BUILD_WAIT_SECONDS). Let it finish, then run again.") from None
                time.sleep(poll_seconds)
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"PID {os.getpid()}, started {dt.datetime.now().isoformat(timespec='seconds')}\n"
                  .encode(), 0)

    def _holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip() or "a process"
        except OSError:
            return "a process"

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


def running_build(warehouse_path: Path) -> str | None:
    """Who holds the warehouse's build lock now ('PID 12, started ...'), or
    None when no build runs: for a console that says why it waits."""
    path = build_lock_path(warehouse_path)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return None
    except BlockingIOError:
        return path.read_text(encoding="utf-8").strip() or "a process"
    finally:
        os.close(fd)

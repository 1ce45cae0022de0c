"""A sensor on the landing folder: a run when files arrive or change.

The cursor remembers every file seen (path -> size and modification time),
not just the last tick's newest time, so a file copied in with an old mtime,
or two files landing within one tick, are never missed, and an unchanged
folder never starts a run.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from assets.resources import WarehouseResource
from orchestration.jobs import build_warehouse_job
from quote_warehouse.landing.files import list_landing_files


def landing_state(raw_dir: Path) -> dict[str, str]:
    """path (relative) -> "size:mtime_ns" for every landing file."""
    state: dict[str, str] = {}
    for path in list_landing_files(raw_dir):
        try:
            st = path.stat()
        except OSError:
            continue  # vanished between listing and stat: seen next tick if back
        state[str(path.relative_to(raw_dir))] = f"{st.st_size}:{st.st_mtime_ns}"
    return state


def new_or_changed(previous: dict[str, str], current: dict[str, str]) -> list[str]:
    return sorted(p for p, sig in current.items() if previous.get(p) != sig)


@sensor(
    job=build_warehouse_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.STOPPED,
    description="Starts a warehouse build when files land in RAW_DIR.",
)
def landing_folder_sensor(context: SensorEvaluationContext, warehouse: WarehouseResource):
    previous = json.loads(context.cursor) if context.cursor else {}
    raw_dir = warehouse.settings.raw_dir
    current = landing_state(raw_dir)
    changed = new_or_changed(previous, current)
    if not changed:
        return SkipReason(f"no new files in {raw_dir} ({len(current)} seen)")
    context.update_cursor(json.dumps(current, sort_keys=True))
    run_key = hashlib.sha256("\n".join(f"{p}={current[p]}" for p in changed).encode()).hexdigest()[:24]
    return RunRequest(run_key=run_key, tags={"landing_files": str(len(changed))})

"""Run the warehouse build once, the way `quote-warehouse build` does, and record timings.

Why not just call `quote-warehouse build`: it prints totals only. The
benchmark needs each Dagster step's wall time (from the run's event log
timestamps), the per-model times dbt reports, every asset-check result, the
time to import the code location, and the sensor tick that starts an
incremental run. run_bench.py starts this script in a subprocess (so its
memory is measured as a process tree) with the same environment the CLI
reads: RAW_DIR, WAREHOUSE_PATH, DAGSTER_HOME.

    python bench/build_runner.py --out result.json [--cursor-file cursor.json]

With ``--cursor-file`` the `landing_folder_sensor` is evaluated first with
the stored cursor (as the daemon would on its tick), the new cursor is saved,
and the job runs only if the sensor asks for a run, with the sensor's tags.
Times are epoch seconds (``time.time()``), the clock of the parent too.
"""

from __future__ import annotations

import time

T_PROCESS = time.time()  # before any heavy import: start-up is part of the figure

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DO_NOT_TRACK", "1")


def _metadata_seconds(metadata: dict[str, Any]) -> float | None:
    """dagster-dbt's "Execution Duration" of a model or test, if present."""
    for key, value in metadata.items():
        if "duration" in key.lower():
            raw = getattr(value, "value", value)
            try:
                return float(raw)
            except (TypeError, ValueError):
                return None
    return None


def run(out: Path, cursor_file: Path | None) -> int:
    from dagster import DagsterInstance, build_sensor_context

    from orchestration.definitions import defs
    from assets.resources import build_resources
    from orchestration.sensors import landing_folder_sensor

    t_loaded = time.time()
    report: dict[str, Any] = {"t_process": T_PROCESS, "t_loaded": t_loaded, "pid": os.getpid()}
    instance = DagsterInstance.ephemeral()
    tags: dict[str, str] = {}
    if cursor_file is not None:
        previous = cursor_file.read_text() if cursor_file.exists() else None
        t0 = time.time()
        resources = build_resources()
        ctx = build_sensor_context(cursor=previous, resources={"warehouse": resources["warehouse"]},
                                   instance=instance)
        result = landing_folder_sensor(ctx)
        t1 = time.time()
        requested = type(result).__name__ == "RunRequest"
        report["sensor"] = {"t_start": t0, "t_end": t1, "run_requested": requested,
                            "result": str(getattr(result, "skip_message", "") or getattr(result, "tags", ""))}
        if ctx.cursor:
            cursor_file.write_text(ctx.cursor)
        if not requested:
            report["success"] = True
            report["t_end"] = time.time()
            out.write_text(json.dumps(report, indent=2, default=str))
            return 0
        tags = dict(getattr(result, "tags", {}) or {})

    job = defs.resolve_job_def("build_warehouse")
    t_run = time.time()
    result = job.execute_in_process(
        raise_on_error=False, instance=instance, tags=tags,
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
    )
    t_done = time.time()
    steps: dict[str, dict[str, Any]] = {}
    models: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    for entry in instance.all_logs(result.run_id):
        ev = entry.dagster_event
        if ev is None:
            continue
        kind = ev.event_type_value
        step = ev.step_key
        if kind == "STEP_START" and step:
            steps.setdefault(step, {})["t_start"] = entry.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and step:
            steps.setdefault(step, {}).update(t_end=entry.timestamp, status=kind)
        elif kind == "ASSET_MATERIALIZATION":
            mat = ev.event_specific_data.materialization
            models.append({"asset": mat.asset_key.to_user_string(), "step": step,
                           "seconds": _metadata_seconds(dict(mat.metadata)), "t": entry.timestamp})
        elif kind == "ASSET_CHECK_EVALUATION":
            data = ev.event_specific_data
            checks.append({"asset": data.asset_key.to_user_string(), "check": data.check_name,
                           "passed": bool(data.passed), "step": step, "t": entry.timestamp,
                           "seconds": _metadata_seconds(dict(data.metadata or {}))})
    report.update(t_run=t_run, t_done=t_done, t_end=time.time(), success=bool(result.success),
                  steps=steps, materializations=models, checks=checks, run_tags=tags)
    out.write_text(json.dumps(report, indent=2, default=str))
    return 0 if result.success else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON report of this run")
    parser.add_argument("--cursor-file", type=Path, help="sensor cursor: evaluate the sensor first")
    args = parser.parse_args(argv)
    return run(args.out, args.cursor_file)


if __name__ == "__main__":
    sys.exit(main())

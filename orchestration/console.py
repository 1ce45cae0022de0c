"""What `quote-warehouse build` prints: a line per stage as it ends, and on
failure one line with the cause, the stage and the file or check at fault.

The job runs in this process; a thread follows its events in the Dagster
instance and prints them. dbt's and Dagster's own output go to a log file
(`--verbose` shows them instead), and rich writes colour only to a terminal.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from dagster import DagsterEventType, DagsterInstance
from rich.console import Console

# Step keys of the build_warehouse job, as people call the stages.
STAGE_NAMES = {
    "landing__landing_folder": "scan landing folder",
    "landing__landing_folder_every_file_accounted_for": "check landing",
    "raw_files": "ingest",
    "gx_raw_checks": "check raw (GX)",
    "extracted": "extract",
    "extract_audits": "check extract",
    "warehouse_dbt_staging": "dbt staging + tests",
    "gx_staging_checks": "check staging (GX)",
    "warehouse_dbt_marts": "dbt marts + tests",
    "gx_marts_checks": "check marts (GX)",
    "published__marts": "publish",
    "published__marts_published_matches_build": "check published",
}
# Failures whose message says all a user needs: no traceback for them.
EXPECTED_ERRORS = ("LandingFolderError", "WarehouseLockedError", "DagsterDbtCliRuntimeError",
                   "DagsterAssetCheckFailedError")


def stage_name(step_key: str) -> str:
    return STAGE_NAMES.get(step_key, step_key)


@dataclass
class StepState:
    started: float | None = None
    checks: list[tuple[str, bool, str]] = field(default_factory=list)  # (asset/check, passed, description)
    materialized: int = 0


class RunFollower(threading.Thread):
    """Prints a line per step of a run as the step ends, from the instance's
    event log, until `stop()`."""

    def __init__(self, instance: DagsterInstance, run_id: str, console: Console, poll_seconds: float = 0.25):
        super().__init__(daemon=True)
        self.instance, self.run_id, self.console, self.poll = instance, run_id, console, poll_seconds
        self.steps: dict[str, StepState] = {}
        self._done = threading.Event()
        self._seen = 0

    def run(self) -> None:
        while not self._done.is_set():
            self.drain()
            self._done.wait(self.poll)
        self.drain()

    def stop(self) -> None:
        self._done.set()
        self.join(timeout=10)

    def drain(self) -> None:
        for entry in self._new_records():
            ev = entry.dagster_event
            if ev is None or not ev.step_key:
                continue
            step = self.steps.setdefault(ev.step_key, StepState())
            kind = ev.event_type
            if kind == DagsterEventType.STEP_START:
                step.started = entry.timestamp
            elif kind == DagsterEventType.ASSET_MATERIALIZATION:
                step.materialized += 1
            elif kind == DagsterEventType.ASSET_CHECK_EVALUATION:
                data = ev.event_specific_data
                step.checks.append((f"{data.asset_key.to_user_string()} {data.check_name}", bool(data.passed),
                                    data.description or ""))
            elif kind in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
                took = entry.timestamp - (step.started or entry.timestamp)
                self._print_step(ev.step_key, step, kind == DagsterEventType.STEP_SUCCESS, took)

    def _new_records(self) -> list:
        logs = self.instance.all_logs(self.run_id)
        new, self._seen = logs[self._seen:], len(logs)
        return new

    def _print_step(self, step_key: str, step: StepState, ok: bool, took: float) -> None:
        detail = ""
        if step.checks:
            passed = sum(p for _, p, _ in step.checks)
            detail = f"{passed} of {len(step.checks)} checks passed"
        elif step.materialized:
            detail = f"{step.materialized} assets"
        mark = "[green]ok[/]    " if ok else "[bold red]FAILED[/]"
        self.console.print(f"  {mark} {stage_name(step_key):<22} {detail:<28} {took:6.1f} s", highlight=False)


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), text.strip())


def dbt_cause(message: str, max_lines: int = 4) -> str:
    """What dbt said went wrong (the failing tests or the compilation
    error), not dagster-dbt's 'The dbt CLI process with command ...'."""
    _, _, parsed = message.partition("Errors parsed from dbt logs:")
    lines = [line.strip() for line in parsed.splitlines() if line.strip()]
    if not lines:
        return "dbt failed: " + next((line.strip() for line in message.splitlines()
                                      if "exit code" in line), first_line(message))
    more = f" (+{len(lines) - max_lines} more lines in the build log)" if len(lines) > max_lines else ""
    return "dbt: " + " / ".join(lines[:max_lines]) + more


def failure_cause(error) -> tuple[str, bool]:
    """(one-line cause, expected?) of a step's SerializableErrorInfo: the
    innermost error raised by our code, not Dagster's wrapper."""
    chain = []
    while error is not None:
        chain.append(error)
        error = error.cause or getattr(error, "context", None)
    for err in reversed(chain):
        if err.cls_name == "DagsterDbtCliRuntimeError":
            return dbt_cause(err.message), True
        if err.cls_name == "DagsterAssetCheckFailedError":  # the header, then one line per check
            text = " ".join(line.strip() for line in err.message.splitlines() if line.strip())
            return text.split(f"{err.cls_name}: ", 1)[-1], True
        if err.cls_name in EXPECTED_ERRORS:
            return first_line(err.message.split(": ", 1)[1] if ": " in err.message else err.message), True
    inner = chain[-1]
    return f"{inner.cls_name}: {first_line(inner.message)}", False


def elapsed(t0: float) -> str:
    return f"{time.perf_counter() - t0:.1f} s"

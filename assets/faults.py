"""Fault injection for the crash tests: kill the build at a named stage.

`QW_CRASH_AT=<stage>` (ingest, extract, dbt, checks:raw|staging|marts) makes the build SIGKILL
its own process group when it reaches that stage, so a test can prove that a
run killed there, then run again, leaves exactly the warehouse a clean run
gives. Unset (always, outside tests) it does nothing. The test starts the
build in a new session, so the kill takes the build and its dbt child only.
"""

from __future__ import annotations

import os
import signal

CRASH_ENV = "QW_CRASH_AT"
STAGES = ("ingest", "extract", "dbt", "checks:raw", "checks:staging", "checks:marts")


def crash_point(stage: str) -> None:
    """SIGKILL this process group if QW_CRASH_AT names `stage`."""
    if os.environ.get(CRASH_ENV) == stage:
        os.killpg(os.getpgrp(), signal.SIGKILL)

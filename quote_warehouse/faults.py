"""Fault injection for the crash tests: kill the build at a named stage.

With the setting `crash_at` (QW_CRASH_AT=<stage>: ingest, extract, dbt,
checks:raw|staging|marts) the build SIGKILLs its own process group when it
reaches that stage, so a test can prove that a run killed there, then run
again, leaves exactly the warehouse a clean run gives. Unset (always, outside
tests) it does nothing. The test starts the build in a new session, so the
kill takes the build and its dbt child only.
"""

from __future__ import annotations

import os
import signal

# extract_partition: a partition's worker (distributed profile), once its first batch committed
STAGES = ("ingest", "extract", "dbt", "checks:raw", "checks:staging", "checks:marts", "extract_partition")


def crash_point(stage: str, crash_at: str | None) -> None:
    """SIGKILL this process group if `crash_at` names `stage`."""
    if crash_at == stage:
        os.killpg(os.getpgrp(), signal.SIGKILL)

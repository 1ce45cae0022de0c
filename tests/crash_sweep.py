"""Crash sweep over the Python writes: `python -m tests.crash_sweep RAW_DIR DB`.

Run by tests/test_crash.py in a fresh (single-threaded) process, which forks
one child per kill. A child runs ingest + extract (quote_warehouse.pipeline.ingest, the code
the Dagster assets call) and is SIGKILLed either at the k-th Python line
executed inside the write functions of ingest and extract (TRACED: every
statement of the write transactions, in turn) or after a random delay. After each kill the parent
opens the file and classifies the raw and extract tables as the old state,
the new state, or anything else (a bad state). Finally it runs ingest +
extract to completion. Prints one JSON line with the counts.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sys
import time
from pathlib import Path

import duckdb

from quote_warehouse.pipeline.extract import extract_pending
from quote_warehouse.pipeline.ingest import ingest_landing_folder
from tests.landing import arm_vanish, install_vanish_hook

_LIB = Path(__file__).resolve().parent.parent / "quote_warehouse"
# The functions whose lines a kill may land on: every write of ingest and extract.
TRACED = {
    str(_LIB / "store" / "connection.py"): ("connect",),
    str(_LIB / "store" / "raw.py"): ("write_raw", "_record_gone", "remember_seen"),
    str(_LIB / "store" / "pending.py"): ("mark_landed", "mark_extracted", "mark_cluster_changes"),
    str(_LIB / "pipeline" / "ingest.py"): ("_mark_pending",),
    str(_LIB / "pipeline" / "extract.py"): ("extract_pending",),
    str(_LIB / "store" / "extract.py"): ("write_batch",),
    str(_LIB / "store" / "dedup.py"): ("add_similar_pairs", "rebuild_clusters", "forget_documents"),
}
RAW_Q = "select sha256, file_name, raw_text from raw.raw_files order by all"
EXTRACT_Q = {t: f"select * from extract.{t} order by all" for t in
             ("documents", "statements", "statement_parts", "speakers", "events", "event_participants")}


def snapshot(db: str) -> tuple:
    con = duckdb.connect(db, read_only=True)
    try:
        raw = con.execute(RAW_Q).fetchall()
        names = con.execute(
            "select file_name, sha256 from raw.landing_files order by all").fetchall() if con.execute(
            "select count(*) from information_schema.tables where table_name = 'landing_files'"
        ).fetchall()[0][0] else []
        extract = tuple(tuple(con.execute(q).fetchall()) for q in EXTRACT_Q.values())
        return (tuple(raw), tuple(names)), extract
    finally:
        con.close()


def run_stages(raw_dir: Path, db: Path) -> None:
    ingest_landing_folder(raw_dir, db)
    extract_pending(db)


def child(raw_dir: Path, db: Path, kill_at_line: int | None) -> None:
    if kill_at_line is not None:
        count = [0]

        def local(frame, event, arg):
            if event == "line":
                count[0] += 1
                if count[0] == kill_at_line:
                    os.kill(os.getpid(), signal.SIGKILL)
            return local

        def tracer(frame, event, arg):
            if frame.f_code.co_name in TRACED.get(frame.f_code.co_filename, ()):
                return local(frame, event, arg)
            return None

        sys.settrace(tracer)
    run_stages(raw_dir, db)
    sys.settrace(None)


def main(raw_dir: Path, db: Path) -> dict:
    old_copy = db.with_name("old.duckdb")
    shutil.copyfile(db, old_copy)
    install_vanish_hook()
    arm_vanish(raw_dir)
    old = snapshot(str(db))
    # the new state, computed on a copy
    probe = db.with_name("probe.duckdb")
    restore(probe, db)
    run_stages(raw_dir, probe)
    new = snapshot(str(probe))
    # how many traced lines a full run executes
    counted = [0]

    def count_local(frame, event, arg):
        if event == "line":
            counted[0] += 1
        return count_local

    def count_tracer(frame, event, arg):
        if frame.f_code.co_name in TRACED.get(frame.f_code.co_filename, ()):
            return count_local(frame, event, arg)
        return None

    restore(probe, db)
    arm_vanish(raw_dir)
    sys.settrace(count_tracer)
    run_stages(raw_dir, probe)
    sys.settrace(None)
    line_points = counted[0]

    rng = random.Random(5)
    plans: list[int | float] = list(range(1, line_points + 1))  # every line
    # timing of a full run, for the random kills
    restore(probe, db)
    arm_vanish(raw_dir)
    t0 = time.perf_counter()
    run_stages(raw_dir, probe)
    full = time.perf_counter() - t0
    plans += [rng.uniform(0, full * 1.2) for _ in range(max(0, 110 - len(plans)))]

    kills, bad, seen = 0, [], set()
    for plan in plans:
        arm_vanish(raw_dir)
        pid = os.fork()
        if pid == 0:
            try:
                child(raw_dir, db, plan if isinstance(plan, int) else None)
            finally:
                os._exit(0)
        if isinstance(plan, float):
            time.sleep(plan)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            kills += 1
        raw_state, extract_state = snapshot(str(db))
        r = "old" if raw_state == old[0] else "new" if raw_state == new[0] else "BAD"
        e = "old" if extract_state == old[1] else "new" if extract_state == new[1] else "BAD"
        seen.add(f"{r}/{e}")
        if "BAD" in (r, e) or (r, e) == ("old", "new"):
            bad.append({"plan": plan, "raw": r, "extract": e})
        restore(db, old_copy)  # back to the old state for the next kill
    arm_vanish(raw_dir)
    run_stages(raw_dir, db)
    final_ok = snapshot(str(db)) == new
    return {"kills": kills, "line_points": line_points, "plans": len(plans), "bad_states": bad,
            "states_seen": sorted(seen), "final_equals_clean": final_ok, "full_run_s": round(full, 3)}


def restore(db: Path, source: Path) -> None:
    wal = Path(str(db) + ".wal")
    if wal.exists():
        wal.unlink()
    shutil.copyfile(source, db)


if __name__ == "__main__":
    raw, db = Path(sys.argv[1]), Path(sys.argv[2])
    print(json.dumps(main(raw, db)))

"""Benchmark the warehouse build end to end on generated landing folders.

For each N: generate a corpus (make_corpus.py), build it through the real
pipeline (Dagster job, dbt build, GX checks) in a subprocess, then add 10
files and build again (the path a sensor tick takes). For each build it
prints per stage and in total: wall seconds, files per second, peak
resident memory of the process tree; then the warehouse size on disk, rows
per mart and the near-duplicate clustering precision/recall.

Why a subprocess per build: peak memory must be the build's own (including
the dbt subprocess and its children), and a fresh interpreter pays the
import cost a real run pays. Memory is measured two ways: the sum of RSS
over the process tree, polled from /proc every 0.2 s (what the machine
must hold), and ru_maxrss of the build process from wait4 (the largest
single process, exact but blind to concurrent children).

    python bench/run_bench.py --n 1000 [--n 10000 ...] [--seed 0] [--keep DIR]
                              [--seeds] [--throughput] [--write-docs]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import dedup_quality  # noqa: E402
import make_corpus  # noqa: E402

# Everything after this line in docs/performance.md is hand-written analysis: kept on rewrite.
NOTES_MARKER = "<!-- notes below are hand-written; run_bench.py --write-docs keeps them -->"
MART_TABLES = ("documents", "speakers", "statements", "statement_sources", "events",
               "event_participants", "rejected_files")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"


# --------------------------------------------------------------------------
# Memory of a process tree, from /proc
# --------------------------------------------------------------------------


def _tree_rss_kib(root: int) -> int:
    """Sum of resident memory of ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total = 0
    pending = [root]
    while pending:
        pid = pending.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * PAGE_KIB
        except (OSError, IndexError, ValueError):
            pass
        pending.extend(children.get(pid, ()))
    return total


class TreeSampler(threading.Thread):
    """Polls the RSS of a process tree every ``interval`` seconds until stopped."""

    def __init__(self, root: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.samples: list[tuple[float, int]] = []  # (epoch seconds, KiB)
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append((time.time(), _tree_rss_kib(self.root)))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def peak_kib(self, start: float | None = None, end: float | None = None) -> int:
        """Peak in [start, end]; a window shorter than the interval takes the samples around it."""
        if not self.samples:
            return 0
        start = self.samples[0][0] if start is None else start
        end = self.samples[-1][0] if end is None else end
        inside = [kib for t, kib in self.samples if start <= t <= end]
        if inside:
            return max(inside)
        before = [kib for t, kib in self.samples if t < start][-1:]
        after = [kib for t, kib in self.samples if t > end][:1]
        return max(before + after, default=0)


# --------------------------------------------------------------------------
# One build
# --------------------------------------------------------------------------


@dataclass
class Stage:
    name: str
    seconds: float
    peak_kib: int


@dataclass
class BuildFigures:
    label: str
    files: int  # files in the landing folder
    new_files: int  # files this run had to take in (all of them for a full build)
    wall_s: float
    returncode: int
    peak_tree_kib: int
    maxrss_kib: int  # largest single process (wait4)
    stages: list[Stage]
    tick_to_marts_s: float | None
    warehouse_bytes: int
    mart_rows: dict[str, int]
    checks_passed: int
    checks_total: int
    failed_checks: list[str]
    dbt_top: list[tuple[str, float]]  # slowest dbt nodes
    dbt_nodes_s: float
    dedup: dedup_quality.DedupScores | None
    log: Path
    report: dict[str, Any] = field(repr=False, default_factory=dict)


def _warehouse_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + ".wal")) if p.exists())


def _mart_rows(path: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in MART_TABLES:
            try:
                out[table] = int(con.execute(f"select count(*) from marts.{table}").fetchone()[0])
            except duckdb.Error:
                out[table] = -1  # not built (failed run)
        return out
    finally:
        con.close()


_STEP_NAMES = {
    "raw_files": "ingest (raw_files)",
    "extracted": "extract (python)",
    "warehouse_dbt_assets": "dbt build (models + tests)",
}


def _is_dbt_step(step: str | None) -> bool:
    """dbt steps by name: one `warehouse_dbt_assets` today, maybe several (staging, marts) later."""
    return bool(step) and "dbt" in step


def _stages(report: dict[str, Any], t_spawn: float, t_exit: float, sampler: TreeSampler) -> list[Stage]:
    """Wall time per stage: start-up, sensor tick, each Dagster step, overheads."""
    stages = [Stage("start-up (python, imports, definitions)", report["t_loaded"] - t_spawn,
                    sampler.peak_kib(t_spawn, report["t_loaded"]))]
    sensor = report.get("sensor")
    if sensor:
        stages.append(Stage("sensor tick (list + stat landing folder)", sensor["t_end"] - sensor["t_start"],
                            sampler.peak_kib(sensor["t_start"], sensor["t_end"])))
    steps = sorted(((k, v) for k, v in report.get("steps", {}).items() if "t_start" in v and "t_end" in v),
                   key=lambda kv: kv[1]["t_start"])
    covered = 0.0
    last_end = report.get("t_run", 0.0)
    for key, v in steps:
        name = _STEP_NAMES.get(key, f"GX {key}" if key.startswith("gx_") else
                               f"dbt build: {key}" if _is_dbt_step(key) else key)
        if v.get("status") == "STEP_FAILURE":
            name += " FAILED"
        stages.append(Stage(name, v["t_end"] - v["t_start"], sampler.peak_kib(v["t_start"], v["t_end"])))
        covered += max(0.0, v["t_end"] - max(v["t_start"], last_end))
        last_end = max(last_end, v["t_end"])
    if "t_done" in report:
        stages.append(Stage("dagster run overhead (plan, events, between steps)",
                            max(0.0, report["t_done"] - report["t_run"] - covered),
                            sampler.peak_kib(report["t_run"], report["t_done"])))
    end_of_work = report.get("t_done", report.get("t_end", t_exit))
    stages.append(Stage("report + exit", max(0.0, t_exit - end_of_work), sampler.peak_kib(end_of_work, t_exit)))
    return stages


def run_build(label: str, landing: Path, warehouse: Path, work: Path, files: int, new_files: int,
              manifest: Path | None) -> BuildFigures:
    """Build ``landing`` into ``warehouse`` in a subprocess and measure it."""
    dagster_home = work / "dagster_home"
    dagster_home.mkdir(parents=True, exist_ok=True)
    report_path = work / f"{label}.json"
    log = work / f"{label}.log"
    env = dict(os.environ, RAW_DIR=str(landing), WAREHOUSE_PATH=str(warehouse), DAGSTER_HOME=str(dagster_home),
               GX_ANALYTICS_ENABLED="False", DO_NOT_TRACK="1")
    python = str(VENV_PYTHON if VENV_PYTHON.exists() else sys.executable)
    cmd = [python, str(BENCH / "build_runner.py"), "--out", str(report_path),
           "--cursor-file", str(work / "sensor_cursor.json")]
    with log.open("w") as out:
        t_spawn = time.time()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        t_exit = time.time()
        sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    if not report:
        raise RuntimeError(f"build {label} wrote no report (exit {proc.returncode}); see {log}")
    checks = report.get("checks", [])
    dbt_nodes = [(m["asset"], m["seconds"]) for m in report.get("materializations", [])
                 if _is_dbt_step(m["step"]) and m["seconds"] is not None]
    dbt_nodes += [(f"test {c['check']}", c["seconds"]) for c in checks
                  if _is_dbt_step(c["step"]) and c["seconds"] is not None]
    sensor = report.get("sensor")
    dedup = None
    if manifest is not None and warehouse.exists() and proc.returncode == 0:
        try:
            dedup = dedup_quality.evaluate(warehouse, manifest)
        except Exception as err:  # noqa: BLE001 - a half-built warehouse must not hide the figures
            print(f"dedup not scored: {err}", file=sys.stderr)
    return BuildFigures(
        label=label, files=files, new_files=new_files, wall_s=t_exit - t_spawn, returncode=proc.returncode,
        peak_tree_kib=sampler.peak_kib(), maxrss_kib=int(usage.ru_maxrss),
        stages=_stages(report, t_spawn, t_exit, sampler),
        tick_to_marts_s=(report["t_done"] - sensor["t_start"]) if sensor and "t_done" in report else None,
        warehouse_bytes=_warehouse_bytes(warehouse),
        mart_rows=_mart_rows(warehouse) if warehouse.exists() else {},
        checks_passed=sum(c["passed"] for c in checks), checks_total=len(checks),
        failed_checks=[f"{c['asset']} {c['check']}" for c in checks if not c["passed"]],
        dbt_top=sorted(dbt_nodes, key=lambda x: -x[1])[:6], dbt_nodes_s=sum(s for _, s in dbt_nodes),
        dedup=dedup, log=log, report=report,
    )


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f}"


def stage_table(b: BuildFigures, markdown: bool = False) -> str:
    rows = [(s.name, f"{s.seconds:,.1f}", f"{b.new_files / s.seconds:,.0f}" if s.seconds > 0.05 else "-",
             _mib(s.peak_kib)) for s in b.stages]
    rows.append(("**total**" if markdown else "TOTAL", f"{b.wall_s:,.1f}", f"{b.new_files / b.wall_s:,.1f}",
                 _mib(b.peak_tree_kib)))
    head = ("stage", "wall s", "files/s", "peak RSS MiB")
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "| --- | ---: | ---: | ---: |"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    width = max(len(r[0]) for r in rows) + 2
    lines = [f"{head[0]:<{width}}{head[1]:>10}{head[2]:>10}{head[3]:>14}"]
    lines += [f"{r[0]:<{width}}{r[1]:>10}{r[2]:>10}{r[3]:>14}" for r in rows]
    return "\n".join(lines)


def summary_lines(b: BuildFigures) -> list[str]:
    lines = [
        f"{b.label}: {'ok' if b.returncode == 0 else f'FAILED (exit {b.returncode}, log {b.log})'}; "
        f"{b.files:,} files in the landing folder, {b.new_files:,} new",
        f"peak RSS: process tree {_mib(b.peak_tree_kib)} MiB (sum, polled), largest process "
        f"{_mib(b.maxrss_kib)} MiB (ru_maxrss)",
        f"warehouse on disk: {b.warehouse_bytes / 2**20:,.1f} MiB",
        "rows: " + ", ".join(f"{t} {n:,}" for t, n in b.mart_rows.items()),
        f"checks: {b.checks_passed} of {b.checks_total} passed"
        + (f"; failed: {', '.join(b.failed_checks[:8])}" if b.failed_checks else ""),
        f"dbt nodes (models + tests) {b.dbt_nodes_s:,.1f} s summed; slowest: "
        + ", ".join(f"{name} {s:.1f}s" for name, s in b.dbt_top),
    ]
    if b.tick_to_marts_s is not None:
        lines.append(f"sensor tick -> fresh marts: {b.tick_to_marts_s:,.1f} s in the run process "
                     f"(+ {b.stages[0].seconds:.1f} s start-up if the run gets a new process)")
    if b.dedup:
        lines.append(b.dedup.line())
        lines.append("copy found with its original, by kind: " + ", ".join(
            f"{k} {v:.3f}" for k, v in b.dedup.copy_recall_by_kind.items()))
    return lines


def print_build(b: BuildFigures) -> None:
    print()
    print(stage_table(b))
    for line in summary_lines(b):
        print(line)
    sys.stdout.flush()


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    corpus: make_corpus.CorpusInfo | None
    builds: list[BuildFigures]


def bench_n(n: int, seed: int, work: Path) -> Scenario:
    base = work / f"n{n}"
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    print(f"\n=== N = {n:,}: generating corpus in {base / 'corpus'}")
    info = make_corpus.make_corpus(n, base / "corpus", seed, verbose=True)
    warehouse = base / "warehouse.duckdb"
    full = run_build("full", info.landing, warehouse, base, info.files, info.files, info.manifest)
    print_build(full)
    if full.returncode != 0:
        print(f"full build failed: no incremental run (log {full.log})")
        return Scenario(f"N = {n:,}", info, [full])
    added = make_corpus.add_files(base / "corpus", 10)
    inc = run_build("incremental", info.landing, warehouse, base, info.files + len(added), len(added),
                    info.manifest)
    print_build(inc)
    return Scenario(f"N = {n:,}", info, [full, inc])


def bench_seeds(work: Path) -> Scenario:
    base = work / "seeds"
    if base.exists():
        shutil.rmtree(base)
    landing = base / "landing"
    shutil.copytree(ROOT / "seeds", landing)
    files = sum(1 for p in landing.iterdir() if p.is_file())
    print(f"\n=== seeds/ ({files} files)")
    b = run_build("seeds", landing, base / "warehouse.duckdb", base, files, files, None)
    print_build(b)
    return Scenario("seeds/", None, [b])


def run_throughput() -> str:
    python = str(VENV_PYTHON if VENV_PYTHON.exists() else sys.executable)
    out = subprocess.run([python, str(BENCH / "extract_throughput.py")], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    print("\n=== extraction throughput (BBC, one process)\n" + out.stdout + out.stderr)
    return out.stdout.strip()


def _meminfo_gib() -> float:
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    return float("nan")


def _versions() -> str:
    code = ("import importlib.metadata as m\n"
            "print(', '.join(f'{p} {m.version(p)}' for p in ('duckdb','dagster','dagster-dbt','dbt-core',"
            "'dbt-duckdb','great-expectations')))")
    python = str(VENV_PYTHON if VENV_PYTHON.exists() else sys.executable)
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    return out.stdout.strip() or out.stderr.strip()


def _git_head() -> str:
    """HEAD, and whether pipeline code differs from it (figures then describe the working tree)."""
    out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "quote_warehouse", "assets", "dbt_project/models",
                            "dbt_project/macros", "orchestration", "expectations"], capture_output=True, text=True)
    return out.stdout.strip() + (" (plus uncommitted pipeline changes)" if dirty.stdout.strip() else "")


def write_docs(path: Path, scenarios: list[Scenario], throughput: str | None, argv: list[str]) -> None:
    lines = [
        "# Performance",
        "",
        "Figures from `bench/run_bench.py --write-docs`, which rewrites this file down to the notes",
        "marker and keeps the hand-written notes after it.",
        "",
        "## Machine and command",
        "",
        f"- cores: {os.cpu_count()}, RAM: {_meminfo_gib():.1f} GiB, {platform.platform()}",
        f"- Python {platform.python_version()}; {_versions()}",
        f"- commit: {_git_head()}; date: {dt.date.today().isoformat()}",
        f"- command: `{shlex.join(['python', 'bench/run_bench.py', *argv])}`",
        "",
        "Each build runs in its own process (`bench/build_runner.py`: the `build_warehouse` job in process,",
        "as `quote-warehouse build` does), after a `landing_folder_sensor` evaluation with the previous",
        "cursor. *files/s* is the files the run took in (all of them for a full build, the 10 new ones",
        "for the incremental run) over the stage's wall time. *peak RSS* is the sum over the process tree",
        "(Python, the dbt subprocess), polled every 0.2 s. The incremental run is whatever the pipeline",
        "does when 10 files land in a built warehouse.",
        "",
    ]
    if throughput:
        lines += ["## Extraction alone (BBC corpus, one process)", "", "```", throughput, "```", ""]
    for sc in scenarios:
        lines += [f"## {sc.name}", ""]
        if sc.corpus:
            c = sc.corpus
            d = c.distinctness
            lines += [
                f"Corpus: {c.files:,} files ({c.originals:,} originals, {c.copies:,} copies; kinds "
                + ", ".join(f"{k} {v:,}" for k, v in sorted(c.by_kind.items())) + "; formats "
                + ", ".join(f"{k} {v:,}" for k, v in sorted(c.by_format.items()))
                + f"), generated in {c.seconds:.1f} s.",
            ]
            if d:
                lines += [f"Distinct originals: on a sample of {int(d['documents']):,} originals, max Jaccard "
                          f"of 5-shingle sets {d['max']:.3f} ({int(d['at_or_above_0.3'])} pairs >= 0.3).", ""]
        for b in sc.builds:
            lines += [f"### {b.label}", "", stage_table(b, markdown=True), ""]
            lines += [f"- {line}" for line in summary_lines(b)]
            if b.dedup and (b.dedup.missed or b.dedup.false_merges):
                lines.append("- missed copies (examples): "
                             + "; ".join(f"{k} {f}" for f, _, k in b.dedup.missed[:5]))
            lines.append("")
    notes = ""
    if path.exists() and NOTES_MARKER in (old := path.read_text()):
        notes = old[old.index(NOTES_MARKER) + len(NOTES_MARKER):].strip()
    lines += [NOTES_MARKER, "", notes]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines).rstrip() + "\n")
    print(f"\nwrote {path}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, action="append", default=[], help="corpus size (repeatable)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="work here and keep corpora and warehouses (default: temp dir)")
    parser.add_argument("--seeds", action="store_true", help="also build seeds/ and show where its seconds go")
    parser.add_argument("--throughput", action="store_true", help="also run extract_throughput.py")
    parser.add_argument("--write-docs", action="store_true", help="write docs/performance.md")
    args = parser.parse_args(argv)
    if not args.n and not args.seeds and not args.throughput:
        parser.error("nothing to do: give --n, --seeds or --throughput")
    work = args.keep or Path(tempfile.mkdtemp(prefix="quote_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work dir: {work} ({os.cpu_count()} cores)")
    scenarios: list[Scenario] = []
    throughput = run_throughput() if args.throughput else None
    try:
        if args.seeds:
            scenarios.append(bench_seeds(work))
        for n in args.n:
            scenarios.append(bench_n(n, args.seed, work))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.write_docs:
        write_docs(ROOT / "docs" / "performance.md", scenarios, throughput, argv)
    return 0 if all(b.returncode == 0 for sc in scenarios for b in sc.builds) else 1


if __name__ == "__main__":
    sys.exit(main())

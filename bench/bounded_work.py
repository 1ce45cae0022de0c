"""Hostile files among normal ones: when do the normal files reach the warehouse?

    .venv/bin/python bench/bounded_work.py                       # this tree
    .venv/bin/python bench/bounded_work.py --before DIR          # also a copy of an older
                                                                 # quote_warehouse/ (e.g. from
                                                                 # `git archive HEAD quote_warehouse`)

One landing folder: the five seeds and 15 variants of them (20 normal
files, distinct bytes), plus the three files of issue 14: a 15 MB single
line, 50,000 nested <div>s and a million <p> tags. Each scenario runs ingest
and extraction (pipeline.ingest, pipeline.extract: the Python stages; dbt
takes the same time whatever the hostile files do) into a fresh DuckDB file,
in its own process with a hard limit, and prints:

* normal_in_s: seconds from the start of ingest until the last normal file's
  extracted rows are committed (`store.extract.write_batch` is wrapped to
  note when each batch is written);
* total_s: ingest plus extraction;
* what became of each hostile file.

Scenarios: `before` (the given older code), `after` (this tree with its
defaults: size and markup bounds at ingest, 30 s budget at extract), and
`after_budget_only` (this tree with the ingest bounds lifted, so the
extraction budget alone has to stop the hostile files).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "Zakharova said the expansion of NATO is a red line for Moscow, and the ministry agreed. "
HOSTILE = ("one_line_15mb.txt", "nested_divs.html", "million_p.html")


def make_landing(folder: Path) -> None:
    folder.mkdir(parents=True)
    seeds = sorted((ROOT / "seeds").iterdir())
    for seed in seeds:
        shutil.copy(seed, folder / seed.name)
    for i in range(15):
        seed = seeds[i % len(seeds)]
        (folder / f"variant_{i:02d}_{seed.name}").write_text(seed.read_text() + f"\nCopy {i}.\n")
    (folder / "one_line_15mb.txt").write_text((SENTENCE * (15_000_000 // len(SENTENCE) + 1))[:15_000_000])
    (folder / "nested_divs.html").write_text(
        "<!doctype html><html><head><title>Deep</title></head><body>" + "<div>" * 50_000
        + "Peskov said it was fine." + "</div>" * 50_000 + "</body></html>")
    (folder / "million_p.html").write_text(
        "<!doctype html><html><head><title>Many</title></head><body>" + "<p>word " * 1_000_000 + "</body></html>")


def run_scenario(code_dir: Path, landing: Path, db_path: Path, budget_only: bool) -> dict:
    """In this process: ingest and extract with `code_dir`'s quote_warehouse."""
    sys.path.insert(0, str(code_dir))
    import duckdb

    import quote_warehouse.pipeline.extract as pipeline_extract
    from quote_warehouse.pipeline.ingest import ingest_landing_folder

    assert Path(pipeline_extract.__file__).is_relative_to(code_dir), pipeline_extract.__file__
    if budget_only:
        import quote_warehouse.landing.files as files
        import quote_warehouse.landing.html as html

        files.MAX_TEXT_CHARS = 10**9
        html.MAX_HTML_ELEMENTS = html.MAX_HTML_DEPTH = 10**9
    start = time.monotonic()
    written: dict[str, float] = {}
    original = pipeline_extract.write_batch

    def noting_write_batch(con, results, *rest, **kw):
        original(con, results, *rest, **kw)
        for r in results:
            written[r["documents"][0]["file_name"]] = time.monotonic() - start

    pipeline_extract.write_batch = noting_write_batch
    ingest_landing_folder(landing, db_path)
    ingested = time.monotonic() - start
    pipeline_extract.extract_pending(db_path)
    total = time.monotonic() - start
    con = duckdb.connect(str(db_path), read_only=True)
    fate = {name: "rejected at ingest: " + reason for name, reason in con.execute(
        "SELECT file_name, reason FROM raw.rejected_files").fetchall() if name in HOSTILE}
    tables = {t for (t,) in con.execute("SELECT table_schema || '.' || table_name FROM information_schema.tables").fetchall()}
    if "extract.rejected_documents" in tables:
        fate |= {name: "rejected at extract: " + reason for name, reason in con.execute(
            "SELECT r.file_name, x.reason FROM extract.rejected_documents AS x JOIN raw.raw_files AS r USING (sha256)"
        ).fetchall() if name in HOSTILE}
    fate |= {name: "document" for (name,) in con.execute("SELECT file_name FROM extract.documents").fetchall()
             if name in HOSTILE}
    normal = {n: t for n, t in written.items() if n not in HOSTILE}
    return {"ingest_s": round(ingested, 1), "normal_files_written": len(normal),
            "normal_in_s": round(max(normal.values()), 1) if normal else None,
            "total_s": round(total, 1), "hostile": fate}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="folder holding an older quote_warehouse/ package")
    parser.add_argument("--limit", type=float, default=900, help="seconds a scenario may run")
    parser.add_argument("--run", nargs=4, metavar=("CODE", "LANDING", "DB", "BUDGET_ONLY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        code, landing, db, budget_only = args.run
        print(json.dumps(run_scenario(Path(code), Path(landing), Path(db), budget_only == "1")))
        return
    work = Path(tempfile.mkdtemp(prefix="bounded_work_"))
    landing = work / "landing"
    make_landing(landing)
    scenarios = [("after", ROOT, "0"), ("after_budget_only", ROOT, "1")]
    if args.before:
        scenarios.insert(0, ("before", args.before.resolve(), "0"))
    for name, code, budget_only in scenarios:
        db = work / f"{name}.duckdb"
        cmd = [sys.executable, __file__, "--run", str(code), str(landing), str(db), budget_only]
        started = time.monotonic()
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.limit, cwd=work)
            out = done.stdout.strip().splitlines()[-1] if done.returncode == 0 else done.stderr[-2000:]
        except subprocess.TimeoutExpired:
            out = f"still running after {args.limit:g} s: stopped"
        print(f"{name} ({time.monotonic() - started:.1f} s): {out}", flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

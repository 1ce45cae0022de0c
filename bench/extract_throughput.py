"""Extraction throughput on the BBC corpus, single process: the "300 articles/s per core" figure.

Measures the per-article Python work alone, without Dagster, dbt or DuckDB,
so the number says what one core can do and the build's extract stage can
be compared with it (stage time minus this is orchestration and I/O).
Files are read the way the ingester reads them (`quote_warehouse.landing.files.read_article_file`:
decoding, format detection), then timed separately:

* `clean_article` alone (the cleaner);
* `text_signature` alone (MinHash of 5-shingles; its own line because it is
  a fixed cost per article that does not depend on the rules);
* `extract_document` (clean + statements + speakers + events + signature).

    python bench/extract_throughput.py [--corpus ../shared/corpus/bbc] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BBC = ROOT.parent / "shared" / "corpus" / "bbc"


def _timed(label: str, items: Sequence, fn: Callable, repeat: int) -> dict[str, float]:
    """Best of `repeat` passes over `items`: wall and CPU seconds, articles per second."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        for item in items:
            fn(item)
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    n = len(items)
    return {"stage": label, "articles": n, "wall_s": best_wall, "cpu_s": best_cpu,
            "per_s": n / best_wall, "per_cpu_s": n / best_cpu}


def measure(corpus: Path = DEFAULT_BBC, repeat: int = 1) -> dict:
    from quote_warehouse.text.clean import clean_article
    from quote_warehouse.extract.document import extract_document, text_signature
    from quote_warehouse.extract.learned import using_model
    from quote_warehouse.landing.files import RawFile, read_article_file
    from quote_warehouse.settings import DEFAULT_MAX_FILE_BYTES

    paths = sorted(corpus.glob("*/*.txt"))
    t0 = time.perf_counter()
    raw = [r for r in (read_article_file(p, corpus, DEFAULT_MAX_FILE_BYTES) for p in paths) if isinstance(r, RawFile)]
    read_s = time.perf_counter() - t0
    cleaned = [clean_article(r.raw_text, r.source_format) for r in raw]  # warm-up, and input of the signature
    rows = [
        {"stage": "read (ingest.read_article_file)", "articles": len(raw), "wall_s": read_s, "cpu_s": float("nan"),
         "per_s": len(raw) / read_s, "per_cpu_s": float("nan")},
        _timed("clean_article", raw, lambda r: clean_article(r.raw_text, r.source_format), repeat),
        _timed("text_signature (MinHash)", cleaned, lambda c: text_signature(c.text[c.body_start:]), repeat),
        _timed("extract_document", raw,
               lambda r: extract_document(r.sha256, r.file_name, r.raw_text, r.source_format), repeat),
    ]
    with using_model(None):
        rows.append(_timed("extract_document, rules alone", raw,
                           lambda r: extract_document(r.sha256, r.file_name, r.raw_text, r.source_format), repeat))
    per_cpu = {r["stage"]: r["per_cpu_s"] for r in rows}
    # issue 15's speed budget, a ratio taken in one run (the machine's own speed varies)
    rows.append({"stage": "ratio extract_document / clean_article", "ratio": per_cpu["extract_document"]
                 / per_cpu["clean_article"], "rules_ratio": per_cpu["extract_document, rules alone"]
                 / per_cpu["clean_article"]})
    return {"corpus": str(corpus), "files": len(paths), "read": len(raw), "cores": os.cpu_count(), "rows": rows}


def format_result(result: dict) -> str:
    lines = [f"{result['read']} of {result['files']} articles from {result['corpus']}, one process "
             f"(machine has {result['cores']} cores)",
             f"{'stage':<34} {'wall s':>8} {'cpu s':>8} {'articles/s':>11} {'per cpu s':>10}"]
    for r in result["rows"]:
        if "ratio" in r:
            lines.append(f"{r['stage']} (articles per CPU second): {r['ratio']:.3f} "
                         f"(rules alone: {r['rules_ratio']:.3f}; budget >= 0.14)")
            continue
        lines.append(f"{r['stage']:<34} {r['wall_s']:>8.2f} {r['cpu_s']:>8.2f} {r['per_s']:>11.0f} "
                     f"{r['per_cpu_s']:>10.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_BBC)
    parser.add_argument("--repeat", type=int, default=1, help="passes per stage; the best is reported")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    result = measure(args.corpus, args.repeat)
    print(format_result(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

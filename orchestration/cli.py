"""`quote-warehouse build`: materialise every asset and check in-process.

In-process execution avoids a process per step (the CLI's multiprocess
executor spends most of a small build starting Python).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from quote_warehouse.settings import MART_TABLES, MARTS_SCHEMA, RAW_SCHEMA, SETTINGS, Settings


def build(settings: Settings) -> int:
    """Run the `build_warehouse` job of the code location in this process;
    its resources read the same settings from the environment."""
    from orchestration.definitions import defs
    from quote_warehouse.store.connection import table_counts

    t0 = time.perf_counter()
    result = defs.resolve_job_def("build_warehouse").execute_in_process(
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
    )
    checks = [ev.event_specific_data for ev in result.all_events
              if ev.event_type_value == "ASSET_CHECK_EVALUATION"]
    failed_checks = [c for c in checks if not c.passed]
    print(f"landing folder: {settings.raw_dir}")
    print(f"warehouse:      {settings.warehouse_path}")
    if Path(settings.warehouse_path).exists():
        counts = table_counts(settings.warehouse_path, MARTS_SCHEMA, MART_TABLES, settings.lock_wait_seconds)
        raw = table_counts(settings.warehouse_path, RAW_SCHEMA, ("raw_files", "rejected_files"),
                           settings.lock_wait_seconds)
        print(f"raw: {raw['raw_files']} files, {raw['rejected_files']} rejected")
        for table, n in counts.items():
            print(f"  {MARTS_SCHEMA}.{table:<20} {n:>7} rows")
    print(f"checks: {len(checks) - len(failed_checks)} of {len(checks)} passed")
    for c in failed_checks:
        print(f"check failed: {c.asset_key.to_user_string()} {c.check_name}")
    print(f"{'ok' if result.success else 'FAILED'} in {time.perf_counter() - t0:.1f} s")
    return 0 if result.success else 1


def evaluate(settings: Settings, args: argparse.Namespace) -> int:
    """Score the warehouse at WAREHOUSE_PATH: the seeds gold by default, or a
    PolNeAR split (``--polnear .../polnear/dev``)."""
    if not Path(settings.warehouse_path).exists():
        print(f"no warehouse at {settings.warehouse_path}: build it first (quote-warehouse build)",
              file=sys.stderr)
        return 2
    if args.polnear:
        from quote_warehouse.evaluation.polnear_warehouse import (
            evaluate_polnear_warehouse,
            format_polnear_warehouse_report,
        )

        try:
            ev = evaluate_polnear_warehouse(settings.warehouse_path, args.polnear,
                                            overlaps=args.overlap or (0.5, 0.8))
        except (FileNotFoundError, ValueError) as exc:
            print(f"cannot score against PolNeAR: {exc}", file=sys.stderr)
            return 2
        print(format_polnear_warehouse_report(ev, max_errors=args.max_listed))
        return 0
    from quote_warehouse.evaluation.seeds_gold import format_seeds_report, load_gold, load_marts, score_seeds

    score = score_seeds(load_marts(settings.warehouse_path), load_gold(args.gold))
    print(format_seeds_report(score))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="quote-warehouse", formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="settings (environment variables, default in brackets):\n" + "\n".join(
            f"  {s.env:<28} {s.help} [{s.default}]" for s in SETTINGS))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="build the warehouse from RAW_DIR into WAREHOUSE_PATH")
    ev = sub.add_parser(
        "evaluate",
        help="score the built warehouse against the seeds gold file, or a PolNeAR split",
    )
    ev.add_argument("--gold", default=str(Path(__file__).resolve().parent.parent / "tests" / "gold" / "seeds_gold.json"),
                    help="seeds gold file (default tests/gold/seeds_gold.json)")
    ev.add_argument("--polnear", metavar="SPLIT_DIR",
                    help="score against PolNeAR brat gold instead: a split folder holding text/ "
                         "and attributions/ (e.g. ../shared/corpus/polnear/dev); the warehouse "
                         "should be built from SPLIT_DIR/text")
    ev.add_argument("--overlap", type=float, action="append", metavar="X",
                    help="PolNeAR content token overlap threshold; repeat for several "
                         "(default 0.5 and 0.8)")
    ev.add_argument("--max-listed", type=int, default=10, metavar="N",
                    help="PolNeAR: how many misses, false positives and wrong speakers to list "
                         "(default 10)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.command == "build":
        return build(settings)
    return evaluate(settings, args)


if __name__ == "__main__":
    sys.exit(main())

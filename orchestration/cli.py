"""`quote-warehouse build`: materialise every asset and check in-process.

In-process execution avoids a process per step (the CLI's multiprocess
executor spends most of a small build starting Python).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from assets.settings import MART_TABLES, MARTS_SCHEMA, RAW_SCHEMA, Settings


def build(settings: Settings) -> int:
    from dagster import Definitions

    from orchestration.definitions import all_assets, build_warehouse_job, gx_checks
    from orchestration.resources import build_resources
    from assets.warehouse import table_counts

    t0 = time.perf_counter()
    defs = Definitions(assets=all_assets, asset_checks=gx_checks, jobs=[build_warehouse_job],
                       resources=build_resources(settings))
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
        counts = table_counts(settings.warehouse_path, MARTS_SCHEMA, MART_TABLES)
        raw = table_counts(settings.warehouse_path, RAW_SCHEMA, ("raw_files", "rejected_files"))
        print(f"raw: {raw['raw_files']} files, {raw['rejected_files']} rejected")
        for table, n in counts.items():
            print(f"  {MARTS_SCHEMA}.{table:<20} {n:>7} rows")
    print(f"checks: {len(checks) - len(failed_checks)} of {len(checks)} passed")
    for c in failed_checks:
        print(f"check failed: {c.asset_key.to_user_string()} {c.check_name}")
    print(f"{'ok' if result.success else 'FAILED'} in {time.perf_counter() - t0:.1f} s")
    return 0 if result.success else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quote-warehouse")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="build the warehouse from RAW_DIR into WAREHOUSE_PATH")
    ev = sub.add_parser("evaluate", help="score the built warehouse against the seeds gold file")
    ev.add_argument("--gold", default=str(Path(__file__).resolve().parent.parent / "tests" / "gold" / "seeds_gold.json"))
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.command == "build":
        return build(settings)
    from assets.evaluation.seeds_gold import format_seeds_report, load_gold, load_marts, score_seeds

    score = score_seeds(load_marts(settings.warehouse_path), load_gold(args.gold))
    print(format_seeds_report(score))
    return 0


if __name__ == "__main__":
    sys.exit(main())

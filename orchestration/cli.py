"""`quote-warehouse`: build the warehouse, score it.

`build` runs the code location's `build_warehouse` job in this process (its
executor is in-process), records it in the Dagster instance at DAGSTER_HOME
when set (the history `make ui` shows), and prints a line per stage.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from quote_warehouse.settings import MART_TABLES, MARTS_SCHEMA, RAW_SCHEMA, SETTINGS, Settings

INSTANCE_CONFIG = Path(__file__).resolve().parent / "dagster.yaml"
DISTRIBUTED_INSTANCE_CONFIG = Path(__file__).resolve().parent / "dagster-distributed.yaml"


def _instance(settings: Settings):
    """The Dagster instance at DAGSTER_HOME (made, with the project's
    instance config, when missing), or a throwaway one when it is unset."""
    from dagster import DagsterInstance

    if settings.dagster_home is None:
        return DagsterInstance.ephemeral()
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    config = settings.dagster_home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(DISTRIBUTED_INSTANCE_CONFIG if settings.extract_broker_url else INSTANCE_CONFIG, config)
    return DagsterInstance.from_config(str(settings.dagster_home))


def _print_summary(console, settings: Settings) -> None:
    """Where things are and how many rows each mart has, for the tables that exist."""
    from quote_warehouse.store.connection import describe_tables, warehouse_exists

    console.print(f"landing folder: {settings.raw_dir}", highlight=False)
    console.print(f"warehouse:      {settings.warehouse_path}", highlight=False)
    if not warehouse_exists(settings.warehouse_path):
        return
    tables = describe_tables(settings.warehouse_path,
                             [(RAW_SCHEMA, "raw_files"), (RAW_SCHEMA, "rejected_files"),
                              *[(MARTS_SCHEMA, t) for t in MART_TABLES]], settings.lock_wait_seconds)
    raw, rejected = tables.get((RAW_SCHEMA, "raw_files")), tables.get((RAW_SCHEMA, "rejected_files"))
    if raw or rejected:
        console.print(f"raw: {raw['rows'] if raw else 0} files, {rejected['rows'] if rejected else 0} rejected")
    for t in MART_TABLES:
        if (MARTS_SCHEMA, t) in tables:
            console.print(f"  {MARTS_SCHEMA}.{t:<20} {tables[(MARTS_SCHEMA, t)]['rows']:>7} rows", highlight=False)


def _print_publication(console, settings: Settings, published: bool, raw_built: bool) -> None:
    """Where readers find the checked marts, and whether this run replaced them."""
    from quote_warehouse.store.publish import published_at

    try:
        when = published_at(settings.publish_path)
    except Exception as exc:  # noqa: BLE001 - a summary line, never a traceback
        console.print(f"published:      {settings.publish_path} (unreadable: {exc})", highlight=False)
        return
    if published:
        console.print(f"published:      {settings.publish_path} (readers see this build)", highlight=False)
    elif when is None:
        console.print(f"published:      nothing yet ({settings.publish_path} is made when every check passes)",
                      highlight=False)
    elif raw_built:
        console.print(f"[bold]not published[/]: readers still see the marts of {when:%Y-%m-%d %H:%M:%S} UTC "
                      f"in {settings.publish_path}", highlight=False)
    else:
        console.print(f"published:      {settings.publish_path} (as of {when:%Y-%m-%d %H:%M:%S} UTC)",
                      highlight=False)


def _with_workers(settings: Settings, start_workers: int, run: Callable[[], int]) -> int:
    """The distributed profile (EXTRACT_BROKER_URL, orchestration/distributed.py):
    `run` the build once the extraction workers answer on the broker,
    `start_workers` of them started here for the build and stopped after."""
    from orchestration import distributed
    from quote_warehouse.settings import is_lake

    url = settings.extract_broker_url or ""
    if not is_lake(settings.warehouse_path):
        print("EXTRACT_BROKER_URL needs a DuckLake WAREHOUSE_PATH (ducklake:postgres:...): workers on "
              "other machines cannot write a local DuckDB file", file=sys.stderr)
        return 2
    if settings.dagster_home is None:
        print("EXTRACT_BROKER_URL needs DAGSTER_HOME: the workers record the steps they run in its "
              "instance (PostgreSQL, to share it between machines)", file=sys.stderr)
        return 2
    _instance(settings)  # its folder and config exist before a worker starts on it
    t = time.perf_counter()
    logs = settings.local_path.parent / "logs" / "workers"
    with (distributed.LocalWorkers(start_workers, url, log_dir=logs) if start_workers
          else contextlib.nullcontext()):
        names = distributed.wait_for_workers(url, max(start_workers, 1), wait=120.0 if start_workers else 5.0)
        if not names:
            print(f"no extraction worker answers on {url}: start workers (`dagster-celery worker start`, "
                  "README 'Beyond one machine') or pass --start-workers N"
                  + (f"; the workers started here log to {logs}" if start_workers else ""), file=sys.stderr)
            return 1
        print(f"extraction workers: {len(names)} listening ({', '.join(names)}), {time.perf_counter() - t:.1f} s")
        return run()


def build(settings: Settings, verbose: bool = False, force: bool = False, start_workers: int = 0) -> int:
    """Run the `build_warehouse` job; 0 when it succeeded, 1 when it failed.

    With EXTRACT_BROKER_URL (the distributed profile), its extract step runs
    the partitions on the Celery workers (`start_workers` of them started
    here for the build)."""
    if settings.extract_broker_url:
        return _with_workers(settings, start_workers, lambda: _build(settings, verbose, force))
    if start_workers:
        print("--start-workers needs EXTRACT_BROKER_URL (the distributed profile)", file=sys.stderr)
        return 2
    return _build(settings, verbose, force)


def _build(settings: Settings, verbose: bool, force: bool) -> int:
    from rich.console import Console

    from orchestration.console import RunFollower, failure_cause, stage_name
    from quote_warehouse.store.connection import WarehouseLockedError

    console = Console(file=sys.stdout, highlight=False, soft_wrap=True)
    t0 = time.perf_counter()
    console.print(f"building {settings.warehouse_path} from {settings.raw_dir}")
    from orchestration.definitions import defs  # ~5 s: Dagster, dbt's manifest

    from quote_warehouse.store.build_lock import running_build

    holder = running_build(settings.local_path)
    if holder:
        console.print(f"waiting for the build running now ({holder}); builds queue, "
                      f"for up to {settings.build_wait_seconds:g} s (BUILD_WAIT_SECONDS)", highlight=False)
    instance = _instance(settings)
    run_id = str(uuid.uuid4())
    run_config: dict = {"loggers": {"console": {"config": {"log_level": "INFO" if verbose else "ERROR"}}}}
    if force:
        run_config["ops"] = {"raw_files": {"config": {"force": True}}}
    follower = RunFollower(instance, run_id, console)
    log_path = settings.local_path.parent / "logs" / "build.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    follower.start()
    with open(log_path, "w", encoding="utf-8") as log, \
            (contextlib.nullcontext() if verbose else contextlib.redirect_stdout(log)), \
            (contextlib.nullcontext() if verbose else contextlib.redirect_stderr(log)):
        result = defs.resolve_job_def("build_warehouse").execute_in_process(
            raise_on_error=False, instance=instance, run_id=run_id, run_config=run_config)
    follower.stop()

    events = result.all_events
    checks = [ev.event_specific_data for ev in events if ev.event_type_value == "ASSET_CHECK_EVALUATION"]
    failed_checks = [c for c in checks if not c.passed]
    raw_built = any(ev.event_type_value == "ASSET_MATERIALIZATION" and ev.asset_key
                    and ev.asset_key.path[0] == RAW_SCHEMA for ev in events)
    try:
        _print_summary(console, settings)
    except WarehouseLockedError:
        console.print("(no row counts: the warehouse is locked by another process)")
    except Exception as exc:  # noqa: BLE001 - the summary must never hide the run's own result
        console.print(f"(no row counts: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})",
                      highlight=False)
    published = any(ev.event_type_value == "ASSET_MATERIALIZATION" and ev.asset_key
                    and ev.asset_key.path == ["published", "marts"] for ev in events)
    _print_publication(console, settings, published, raw_built)
    if result.success and not raw_built:
        console.print("nothing new: no file landed or changed, and the marts are current "
                      "(quote-warehouse build --force rebuilds)")
    elif checks:
        console.print(f"checks: {len(checks) - len(failed_checks)} of {len(checks)} passed")
    for c in failed_checks:
        console.print(f"[red]check failed[/]: {c.asset_key.to_user_string()} {c.check_name}: "
                      f"{c.description or ''}", highlight=False)
    if result.success:
        console.print(f"[green]ok[/] in {time.perf_counter() - t0:.1f} s"
                      + (f" (run {run_id[:8]} in {settings.dagster_home})" if settings.dagster_home else ""))
        return 0
    for ev in events:
        if ev.event_type_value == "STEP_FAILURE":
            cause, expected = failure_cause(ev.event_specific_data.error)
            console.print(f"[bold red]FAILED[/] at {stage_name(ev.step_key)}: {cause}", highlight=False)
            if not expected and not verbose:
                console.print(f"  details: {log_path} (or run with --verbose)")
    return 1


def train_model(args: argparse.Namespace) -> int:
    """Train the reported-speech model and print its figures before anything is replaced."""
    try:
        from quote_warehouse.learn.train import train
    except ImportError as exc:
        print(f"training needs scikit-learn: pip install -e '.[train]' ({exc})", file=sys.stderr)
        return 2
    from quote_warehouse.extract.learned import MODEL_PATH

    for folder in filter(None, (args.train, args.dev)):
        if not Path(folder).is_dir():
            print(f"not a folder: {folder}", file=sys.stderr)
            return 2
    try:
        model, report = train(args.train, args.dev)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(report.text())
    targets = [Path(args.out)] if args.out else []
    if args.replace:
        targets.append(MODEL_PATH)
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(model.to_json(), encoding="utf-8")
        print(f"model written: {target}")
    if not targets:
        print("nothing written (use --out FILE to keep it, --replace to install it)")
    return 0


def evaluate(settings: Settings, args: argparse.Namespace) -> int:
    """Score the warehouse at WAREHOUSE_PATH: the seeds gold by default, or a
    PolNeAR split (``--polnear .../polnear/dev``)."""
    from quote_warehouse.store.connection import warehouse_exists

    if not warehouse_exists(settings.warehouse_path):
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
    b = sub.add_parser("build", help="build the warehouse from RAW_DIR into WAREHOUSE_PATH")
    b.add_argument("--force", action="store_true",
                   help="build even when nothing is new and the marts are current")
    b.add_argument("--verbose", "-v", action="store_true",
                   help="show Dagster's and dbt's own output instead of one line per stage")
    b.add_argument("--start-workers", type=int, default=0, metavar="N",
                   help="distributed profile (EXTRACT_BROKER_URL): start N extraction workers on this "
                        "machine for the build, and stop them after")
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
    ev.add_argument("--max-listed", type=int, default=0, metavar="N",
                    help="PolNeAR: how many misses, false positives and wrong speakers to list "
                         "(default 0, the figures alone: a dev split is for choosing between "
                         "models, and reading its misses would tune the rules to it)")
    tr = sub.add_parser(
        "train",
        help="train the extractor's reported-speech model on a brat-annotated folder and report "
             "its figures; --replace installs it",
    )
    tr.add_argument("--train", required=True, metavar="DIR",
                    help="annotated articles: <doc>.txt beside <doc>.ann (brat), or PolNeAR's "
                         "text/ and attributions/")
    tr.add_argument("--dev", metavar="DIR", help="annotated articles to score the new model on (same layouts)")
    tr.add_argument("--out", metavar="FILE", help="where to write the model (default: printed only, "
                    "unless --replace)")
    tr.add_argument("--replace", action="store_true",
                    help="after the report, replace the extractor's model "
                         "(quote_warehouse/extract/models/reported_speech.json); the next build "
                         "re-extracts every document")
    args = parser.parse_args(argv)
    if args.command == "train":
        return train_model(args)
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        print(f"bad setting: {exc}", file=sys.stderr)
        return 2
    if args.command == "build":
        return build(settings, verbose=args.verbose, force=args.force, start_workers=args.start_workers)
    return evaluate(settings, args)


if __name__ == "__main__":
    sys.exit(main())

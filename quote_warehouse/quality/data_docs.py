"""Great Expectations Data Docs of a built warehouse, and the docs index page.

:func:`build_data_docs` validates every table suite of every stage
(``expectations/*.json``) against a DuckDB warehouse and has GX render its
own Data Docs (an HTML page per suite and per validation result, and GX's
index) into ``<out_dir>/gx/``; then it writes ``<out_dir>/index.html``,
which links GX's site, the dbt docs site (``<out_dir>/dbt/index.html``,
written by ``make docs`` with ``dbt docs generate --static``) and each
suite's result.

GX side, all offline: an ephemeral context configured in code (in-memory
stores, analytics off) with one ``data_docs_sites`` entry, a filesystem
``SiteBuilder`` whose ``base_directory`` is ``<out_dir>/gx``; per table a
pandas dataframe asset, the suite (``context.suites.add``) and a
``ValidationDefinition`` whose ``run`` stores its result in the context's
validation results store; then ``context.build_data_docs()`` renders the
site from the stores. The frames, the suites and the result format are the
runner's (:mod:`quote_warehouse.quality.runner`), so the Data Docs show what
the asset checks see.

Building needs no network. Viewing: GX's pages load Bootstrap and Font
Awesome from CDNs; offline they are plain but complete (the pass / fail
icons are drawn as text by :data:`OFFLINE_STYLES`), except GX's own index
page, whose lists are drawn by CDN scripts: ``index.html`` links every
suite and validation page directly.

``python -m quote_warehouse.quality.data_docs OUT_DIR [--warehouse PATH]``
(the warehouse defaults to ``WAREHOUSE_PATH``) is what ``make docs`` runs.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import html
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from quote_warehouse.quality.outcomes import SuiteOutcome
from quote_warehouse.quality.report import result_label
from quote_warehouse.quality.suite_files import STAGES, load_stage
from quote_warehouse.settings import DEFAULT_LOCK_WAIT_SECONDS

__all__ = ["SITE_NAME", "GX_DIR", "DBT_DIR", "SuiteDocs", "DataDocsBuild", "build_data_docs", "write_index", "main"]

SITE_NAME = "quote_warehouse"
GX_DIR = "gx"  # GX's Data Docs site, under out_dir
DBT_DIR = "dbt"  # the dbt docs site (make docs copies static_index.html to dbt/index.html)


@dataclass(frozen=True)
class SuiteDocs:
    """One table's suite in the built docs: its outcome and its pages
    (paths relative to ``out_dir``; ``None`` when the table was missing and
    so never validated)."""

    outcome: SuiteOutcome
    suite_page: str | None
    validation_page: str | None


@dataclass
class DataDocsBuild:
    """What :func:`build_data_docs` wrote: GX's index, the docs index, and
    every suite (in stage and suite-file order)."""

    out_dir: Path
    db_path: Path
    gx_index: Path
    index: Path
    suites: list[SuiteDocs] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return all(s.outcome.success for s in self.suites)


def _docs_suite_name(stage: str, table: str) -> str:
    """The suite's name in the Data Docs, and so its page's file name: the
    table (``marts.statements``), prefixed with the stage when the table's
    schema is not the stage's (no ``:`` in file names)."""
    return table if table.split(".", 1)[0] == stage else f"{stage}.{table}"


def _site_config(gx_dir: Path) -> dict:
    return {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(gx_dir),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }


# GX's pages take Bootstrap and Font Awesome from CDNs. Offline, the pass /
# fail icons would be blank: these rules (inlined into every page through
# GX's custom styles, ``plugins/custom_data_docs/styles``) draw them as text.
# ``:where`` gives them no specificity, so the CDN styles win when they load.
OFFLINE_STYLES = """
:where(.fa-check-circle)::before { content: "\\2714"; }
:where(.fa-times)::before { content: "\\2718"; }
:where(.fa-comment)::before { content: "\\270E"; }
:where(.text-success) { color: #1a7f37; }
:where(.text-danger) { color: #b42318; }
:where(.text-warning) { color: #9a6700; }
:where(table) { border-collapse: collapse; }
:where(td, th) { padding: 0.2rem 0.5rem; vertical-align: top; }
"""


def _write_plugins(plugins_dir: Path) -> Path:
    """A GX plugins folder whose only content is the Data Docs custom styles."""
    styles = plugins_dir / "custom_data_docs" / "styles"
    styles.mkdir(parents=True, exist_ok=True)
    (styles / "data_docs_custom_styles.css").write_text(OFFLINE_STYLES, encoding="utf-8")
    return plugins_dir


def _docs_context(gx_dir: Path, plugins_dir: Path):
    """An ephemeral GX context (in-memory stores, no analytics, no progress
    bars) with one filesystem Data Docs site in ``gx_dir`` and the custom
    styles of ``plugins_dir``."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        data_docs_sites={SITE_NAME: _site_config(gx_dir)},
        plugins_directory=str(_write_plugins(plugins_dir)),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _clear_old_site(gx_dir: Path) -> None:
    """Remove a previous build of the GX site (the stores are in memory, so
    each build is complete; old pages would linger in the folder). Refuses a
    folder that does not look like a GX site."""
    if not gx_dir.exists():
        return
    entries = {p.name for p in gx_dir.iterdir()}
    if entries and not (entries <= {"index.html", "expectations", "validations", "static"}):
        raise FileExistsError(f"{gx_dir} exists and is not a Great Expectations Data Docs site: not replacing it")
    shutil.rmtree(gx_dir)


def _relative_page(context, identifier, out_dir: Path) -> str | None:
    """The page of a suite or validation result in the site, relative to out_dir."""
    for site in context.get_docs_sites_urls(resource_identifier=identifier, site_name=SITE_NAME):
        url = site.get("site_url")
        if url and url.startswith("file://"):
            path = Path(unquote(urlparse(url).path))
            if path.exists():
                return path.relative_to(out_dir).as_posix()
    return None


def _validate_and_render(context, db_path: Path, out_dir: Path, stages: tuple[str, ...], lock_wait: float) -> list[SuiteDocs]:
    """Validate each table suite with a ValidationDefinition (results go to
    the context's store), render the site, return each suite's pages."""
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.core.validation_definition import ValidationDefinition
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    from quote_warehouse.quality import runner

    datasource = context.data_sources.add_pandas("warehouse")
    # one run for all suites, named after the warehouse file (a folder name in the site)
    run_name = "".join(c if c.isalnum() or c in "-_" else "_" for c in db_path.stem) or "warehouse"
    run_id = RunIdentifier(run_name=run_name, run_time=_dt.datetime.now(_dt.timezone.utc))
    plan = [(stage, table, tspec) for stage in stages for table, tspec in load_stage(stage)["tables"].items()]
    validated: list[tuple[SuiteOutcome, str | None]] = []  # outcome, suite name (None: table missing)
    for stage, table, tspec in plan:
        frame = runner.read_duckdb_table(stage, table, db_path, tspec, lock_wait=lock_wait)
        if isinstance(frame, SuiteOutcome):
            validated.append((frame, None))
            continue
        frame = runner.prepare_frame(frame)
        name = _docs_suite_name(stage, table)
        batch_definition = datasource.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole_table")
        suite = context.suites.add(runner.build_suite(stage, table, tspec.get("expectations", []), name=name))
        definition = context.validation_definitions.add(
            ValidationDefinition(name=name, data=batch_definition, suite=suite)
        )
        result = definition.run(batch_parameters={"dataframe": frame}, result_format=runner.RESULT_FORMAT, run_id=run_id)
        validated.append((runner.suite_outcome(stage, table, tspec, result, frame), name))

    context.build_data_docs(site_names=[SITE_NAME])

    # each ValidationDefinition.run filed its result in the context's results store
    result_ids = {key.expectation_suite_identifier.name: key for key in context.validation_results_store.list_keys()}
    suites = [
        SuiteDocs(
            outcome,
            _relative_page(context, ExpectationSuiteIdentifier(name=name), out_dir) if name else None,
            _relative_page(context, result_ids[name], out_dir) if name in result_ids else None,
        )
        for outcome, name in validated
    ]
    return suites


def build_data_docs(
    db_path: Path,
    out_dir: Path,
    stages: tuple[str, ...] = STAGES,
    lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
) -> DataDocsBuild:
    """Validate every table suite of ``stages`` against the warehouse at
    ``db_path`` (whole tables, read-only) and write GX's Data Docs to
    ``<out_dir>/gx/`` and the docs index to ``<out_dir>/index.html``.

    A table missing from the warehouse is listed in the index as failed (no
    GX page). Raises ``FileNotFoundError`` when ``db_path`` does not exist.
    Returns where everything went and each suite's outcome.
    """
    db_path, out_dir = Path(db_path).resolve(), Path(out_dir).resolve()
    if not db_path.is_file():
        raise FileNotFoundError(f"no warehouse at {db_path}: build it first (make warehouse)")
    out_dir.mkdir(parents=True, exist_ok=True)
    gx_dir = out_dir / GX_DIR
    _clear_old_site(gx_dir)

    with tempfile.TemporaryDirectory(prefix="gx_plugins_") as plugins_dir:
        context = _docs_context(gx_dir, Path(plugins_dir))
        suites = _validate_and_render(context, db_path, out_dir, stages, lock_wait)
    build = DataDocsBuild(out_dir=out_dir, db_path=db_path, gx_index=gx_dir / "index.html",
                          index=out_dir / "index.html", suites=suites)
    write_index(build)
    return build


# --------------------------------------------------------------------------
# index.html
# --------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #ccc; padding: .35rem .6rem; text-align: left; }
th { background: #f3f3f3; } .PASS { color: #1a7f37; } .FAIL { color: #b42318; font-weight: bold; } .WARN { color: #9a6700; }
.muted { color: #666; } code { background: #f3f3f3; padding: 0 .2rem; }
"""


def _suite_status(docs: SuiteDocs) -> tuple[str, str]:
    """(css class, text) of one suite's row."""
    outcome = docs.outcome
    if docs.validation_page is None and [o.expectation for o in outcome.outcomes] == ["table_exists"]:
        return "FAIL", "MISSING: the table is not in the warehouse"
    labels = [result_label(o) for o in outcome.outcomes]
    n = len(labels)
    fails, warns = labels.count("FAIL"), labels.count("WARN")
    if not outcome.success:
        return "FAIL", f"FAILED: {fails} of {n} failed" + (f", {warns} warned" if warns else "")
    if warns:
        return "WARN", f"passed: {n - warns} of {n}, {warns} warned"
    return "PASS", f"passed: all {n}"


def _link(href: str | None, text: str) -> str:
    if not href:
        return f'<span class="muted">{html.escape(text)}: none</span>'
    return f'<a href="{html.escape(quote(href), quote=True)}">{html.escape(text)}</a>'


def write_index(build: DataDocsBuild) -> Path:
    """``<out_dir>/index.html``: links to the dbt docs and GX Data Docs
    sites and one row per suite (result, suite page, validation page)."""
    out_dir = build.out_dir
    dbt_index = out_dir / DBT_DIR / "index.html"
    rows = []
    for docs in build.suites:
        css, text = _suite_status(docs)
        rows.append(
            "<tr>"
            f"<td>{html.escape(docs.outcome.stage)}</td>"
            f"<td><code>{html.escape(docs.outcome.table)}</code></td>"
            f'<td class="{css}">{html.escape(text)}</td>'
            + (
                f"<td>{_link(docs.validation_page, 'validation result')} &middot; {_link(docs.suite_page, 'expectations')}</td>"
                if docs.suite_page or docs.validation_page
                else '<td class="muted">not validated</td>'
            )
            + "</tr>"
        )
    built = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    dbt_item = (
        f'<li>{_link(f"{DBT_DIR}/index.html", "dbt docs")}: every model, source, seed and test, '
        "with descriptions, columns and the lineage graph (one self-contained page).</li>"
        if dbt_index.exists()
        else '<li class="muted">dbt docs: not built here (<code>make docs</code> builds them '
        f"into <code>{DBT_DIR}/</code>).</li>"
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Quote warehouse: documentation</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>Quote warehouse: documentation</h1>
<p class="muted">Built {html.escape(built)} from <code>{html.escape(str(build.db_path))}</code>.</p>
<ul>
{dbt_item}
<li>{_link(f"{GX_DIR}/index.html", "Great Expectations Data Docs")}: each table's expectation suite
(with each expectation's reason) and its validation result on this warehouse, with failing values.
<span class="muted">GX's index page draws its lists with scripts from CDNs; offline, use the links below.</span></li>
</ul>
<h2>Great Expectations suites on this warehouse</h2>
<table>
<thead><tr><th>stage</th><th>table</th><th>result (expectations)</th><th>pages</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""
    build.index.write_text(page, encoding="utf-8")
    return build.index


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m quote_warehouse.quality.data_docs",
        description="Validate every GX suite against a built warehouse and write GX Data Docs "
        "to OUT_DIR/gx/ and a docs index to OUT_DIR/index.html.",
    )
    parser.add_argument("out_dir", type=Path, help="docs folder (e.g. docs/site)")
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help="the DuckDB warehouse (default: WAREHOUSE_PATH, else data/warehouse.duckdb)",
    )
    args = parser.parse_args(argv)
    from quote_warehouse.settings import Settings

    settings = Settings.from_env()
    db_path = args.warehouse or settings.warehouse_path
    try:
        build = build_data_docs(db_path, args.out_dir, lock_wait=settings.lock_wait_seconds)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    for docs in build.suites:
        print(f"{_suite_status(docs)[1]:<28} {docs.outcome.stage} {docs.outcome.table}")
    print(f"GX Data Docs: {build.gx_index}")
    print(f"index: {build.index}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The Dagster UI as users meet it: a real `dagster-webserver` on the code
location, asked over its GraphQL API, and looked at in a real browser.

One module-scoped fixture copies seeds/ into a temp landing folder, starts
`quote-warehouse build` (which records its run in a temp DAGSTER_HOME, as
`make warehouse` does for `make ui`) and, at the same time, the webserver on
that DAGSTER_HOME. The structural GraphQL tests run while the build goes on
(the UI open during a build is the usual case); the tests of what a build
shows wait for it. The browser tests drive Debian's /usr/bin/chromium
through Playwright (no browser download) and save screenshots into
docs/screenshots/ (or UI_SCREENSHOT_DIR), the pictures of docs/ui.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.webserver import (
    ROOT,
    Webserver,
    prepare_home,
    start_build,
    stop_process_group,
    tail,
    ui_environment,
)

SEEDS = ROOT / "seeds"
STAGES = ["landing", "raw", "extract", "staging", "marts", "published"]
LANDING_FOLDER = "landing/landing_folder"
PUBLISHED = "published/marts"  # the published file: the marts, row counts per table
SPEAKER_REGISTRY = "staging/speaker_registry"  # dbt seed: reference data, a root by nature
JOB, SCHEDULE, SENSOR = "build_warehouse", "daily_warehouse_build", "landing_folder_sensor"
# What the code location defines today; the tests compare the UI with the
# Python definitions too, these only catch a graph that shrank unnoticed.
MIN_ASSETS, MIN_CHECKS = 36, 105

BUILD_TIMEOUT_S = 900
READY_TIMEOUT_S = 300
PAGE_TIMEOUT_MS = 90_000
SCREENSHOTS = Path(os.environ.get("UI_SCREENSHOT_DIR") or ROOT / "docs" / "screenshots")
MART = ["marts", "statements"]
GX_MART_CHECK = "gx_marts_suite"


@dataclass
class UI:
    server: Webserver
    build: subprocess.Popen  # `quote-warehouse build`
    build_log: Path
    raw_dir: Path
    warehouse: Path
    home: Path
    _built: bool = field(default=False)

    def wait_built(self) -> None:
        """Until the recorded build has finished; fails (with its output) unless it succeeded."""
        if self._built:
            return
        try:
            rc = self.build.wait(timeout=BUILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            stop_process_group(self.build)
            pytest.fail(f"quote-warehouse build did not finish in {BUILD_TIMEOUT_S} s:\n{tail(self.build_log)}")
        assert rc == 0, f"quote-warehouse build exited {rc}:\n{tail(self.build_log)}"
        self._built = True

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        return self.server.graphql(query, variables)


@pytest.fixture(scope="module")
def ui(tmp_path_factory):
    base = tmp_path_factory.mktemp("ui")
    raw_dir = base / "landing"
    shutil.copytree(SEEDS, raw_dir)
    warehouse = base / "warehouse" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    home = base / "dagster_home"
    prepare_home(home)
    env = ui_environment(raw_dir, warehouse, home)
    build_log = base / "build.out"
    build = start_build(env, build_log)
    server = Webserver(env, base / "webserver.log")
    try:
        server.start()
        server.wait_ready(timeout=READY_TIMEOUT_S)
        yield UI(server, build, build_log, raw_dir, warehouse, home)
    finally:
        stop_process_group(build)
        server.stop()


def key(path: list[str]) -> str:
    return "/".join(path)


def python_definitions():
    """Asset keys and check names per asset, as the code location defines them in Python."""
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    checks: dict[str, set[str]] = defaultdict(set)
    for check in graph.asset_check_keys:
        checks[check.asset_key.to_user_string()].add(check.name)
    return {k.to_user_string() for k in graph.get_all_asset_keys()}, checks


ASSET_GRAPH = """
{
  assetNodes {
    assetKey { path }
    groupName
    hasAssetChecks
    dependencyKeys { path }
    dependedByKeys { path }
    assetChecksOrError {
      __typename
      ... on AssetChecks { checks { name } }
      ... on AssetCheckNeedsMigrationError { message }
      ... on AssetCheckNeedsUserCodeUpgrade { message }
      ... on AssetCheckNeedsAgentUpgradeError { message }
    }
  }
}
"""

REPOSITORY = """
{
  workspaceOrError {
    __typename
    ... on Workspace {
      locationEntries {
        name
        locationOrLoadError {
          __typename
          ... on RepositoryLocation {
            repositories {
              name
              jobs { name }
              schedules { name cronSchedule pipelineName executionTimezone scheduleState { status } }
              sensors { name targets { pipelineName } minIntervalSeconds sensorState { status } }
              assetGroups { groupName assetKeys { path } }
            }
          }
        }
      }
    }
  }
}
"""

BUILD_RESULTS = """
{
  runsOrError(filter: {pipelineName: "build_warehouse"}) {
    __typename
    ... on Runs { results { runId status pipelineName } }
  }
  assetNodes(loadMaterializations: true) {
    assetKey { path }
    metadataEntries { label __typename }
    assetMaterializations(limit: 1) {
      runId
      metadataEntries {
        label
        __typename
        ... on IntMetadataEntry { intValue }
      }
    }
    assetChecksOrError {
      __typename
      ... on AssetChecks {
        checks { name executionForLatestMaterialization { status runId evaluation { success } } }
      }
    }
  }
}
"""

MART_DETAIL = """
query Mart($key: AssetKeyInput!) {
  assetNodeOrError(assetKey: $key) {
    __typename
    ... on AssetNode {
      assetChecksOrError { ... on AssetChecks { checks { name } } }
      metadataEntries {
        label
        ... on TableSchemaMetadataEntry { schema { columns { name } } }
      }
      assetMaterializations(limit: 1) {
        metadataEntries { label ... on IntMetadataEntry { intValue } }
      }
    }
  }
}
"""


def repository(ui: UI) -> dict:
    entries = ui.graphql(REPOSITORY)["workspaceOrError"]["locationEntries"]
    assert [e["name"] for e in entries] == ["orchestration.definitions"], entries
    repos = entries[0]["locationOrLoadError"]["repositories"]
    assert len(repos) == 1, [r["name"] for r in repos]
    return repos[0]


# --- the webserver's GraphQL API ------------------------------------------------------------


def test_asset_graph_is_one_connected_lineage(ui):
    nodes = ui.graphql(ASSET_GRAPH)["assetNodes"]
    keys = {key(n["assetKey"]["path"]) for n in nodes}
    python_keys, _ = python_definitions()
    assert keys == python_keys, f"UI and Python differ: {sorted(keys ^ python_keys)}"
    assert len(keys) >= MIN_ASSETS, len(keys)

    upstream = {key(n["assetKey"]["path"]): {key(d["path"]) for d in n["dependencyKeys"]} for n in nodes}
    downstream = {key(n["assetKey"]["path"]): {key(d["path"]) for d in n["dependedByKeys"]} for n in nodes}
    stubs = set().union(*upstream.values(), *downstream.values()) - keys
    assert not stubs, f"edges to assets the code location does not define: {sorted(stubs)}"
    for k in keys:  # each edge is seen from both ends
        for u in upstream[k]:
            assert k in downstream[u], f"{u} -> {k} is missing from {u}'s dependedByKeys"

    neighbours = {k: upstream[k] | downstream[k] for k in keys}
    seen, todo = {LANDING_FOLDER}, [LANDING_FOLDER]
    while todo:
        for n in neighbours[todo.pop()] - seen:
            seen.add(n)
            todo.append(n)
    assert seen == keys, f"not connected to the landing folder: {sorted(keys - seen)}"

    roots = sorted(k for k in keys if not upstream[k])
    assert roots == sorted([LANDING_FOLDER, SPEAKER_REGISTRY]), roots
    # Every mart is downstream of the landing folder (not only linked to it).
    marts = {k for k in keys if k.startswith("marts/")}
    assert marts and marts <= _descendants(downstream, LANDING_FOLDER), sorted(marts)


def _descendants(downstream: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for n in downstream[todo.pop()] - seen:
            seen.add(n)
            todo.append(n)
    return seen


def test_every_asset_has_checks(ui):
    nodes = ui.graphql(ASSET_GRAPH)["assetNodes"]
    _, python_checks = python_definitions()
    unchecked, total = [], 0
    for n in nodes:
        k = key(n["assetKey"]["path"])
        result = n["assetChecksOrError"]
        assert result["__typename"] == "AssetChecks", f"{k}: {result}"
        names = {c["name"] for c in result["checks"]}
        total += len(names)
        if not names or not n["hasAssetChecks"]:
            unchecked.append(k)
        assert names == python_checks.get(k, set()), f"{k}: UI shows {sorted(names)}"
    assert not unchecked, f"assets without a check in the UI: {unchecked}"
    assert total == sum(len(v) for v in python_checks.values())
    assert total >= MIN_CHECKS, total


def test_job_schedule_and_sensor_are_there(ui):
    repo = repository(ui)
    assert JOB in {j["name"] for j in repo["jobs"]}, repo["jobs"]
    schedules = {s["name"]: s for s in repo["schedules"]}
    assert SCHEDULE in schedules, list(schedules)
    assert schedules[SCHEDULE]["pipelineName"] == JOB
    assert schedules[SCHEDULE]["cronSchedule"] == "0 5 * * *"
    sensors = {s["name"]: s for s in repo["sensors"]}
    assert SENSOR in sensors, list(sensors)
    assert [t["pipelineName"] for t in sensors[SENSOR]["targets"]] == [JOB]
    # Off until a user switches them on (README: "off by default").
    assert schedules[SCHEDULE]["scheduleState"]["status"] == "STOPPED"
    assert sensors[SENSOR]["sensorState"]["status"] == "STOPPED"


def test_groups_are_the_stages(ui):
    repo = repository(ui)
    groups = {g["groupName"]: {key(k["path"]) for k in g["assetKeys"]} for g in repo["assetGroups"]}
    assert sorted(groups) == sorted(STAGES), sorted(groups)
    nodes = ui.graphql(ASSET_GRAPH)["assetNodes"]
    group_of = {key(n["assetKey"]["path"]): n["groupName"] for n in nodes}
    for stage, members in groups.items():
        assert members and all(group_of[m] == stage for m in members), (stage, members)
    assert set(group_of) == set().union(*groups.values())
    assert group_of[LANDING_FOLDER] == "landing"
    # Lineage runs forward through the stages: no edge from a later stage back.
    order = {s: i for i, s in enumerate(STAGES)}
    backwards = [f"{key(d['path'])} -> {key(n['assetKey']['path'])}" for n in nodes for d in n["dependencyKeys"]
                 if order[group_of[key(d["path"])]] > order[n["groupName"]]]
    assert not backwards, backwards


def test_recorded_build_shows_in_the_ui(ui):
    """The CLI's run, its materialisations and every check result are in the
    instance the webserver reads: the history `make warehouse` shares with `make ui`."""
    ui.wait_built()
    data = ui.graphql(BUILD_RESULTS)
    runs = data["runsOrError"]["results"]
    assert [r["status"] for r in runs] == ["SUCCESS"], runs
    run_id = runs[0]["runId"]
    not_materialised, not_passed = [], []
    for n in data["assetNodes"]:
        k = key(n["assetKey"]["path"])
        if [m["runId"] for m in n["assetMaterializations"]] != [run_id]:
            not_materialised.append(k)
        for c in n["assetChecksOrError"]["checks"]:
            execution = c["executionForLatestMaterialization"]
            if not execution or execution["status"] != "SUCCEEDED" or execution["runId"] != run_id:
                not_passed.append(f"{k} {c['name']}: {execution}")
    assert not not_materialised, f"no materialisation by the build run: {not_materialised}"
    assert not not_passed, "checks without a passed result of the build run:\n" + "\n".join(not_passed)


def test_table_assets_show_row_count_and_column_schema(ui):
    """Every table in the warehouse (all assets but the landing folder and
    the published file, a file of the marts with its rows per table in
    `rows/<mart>`) shows its row count and its columns in the UI."""
    ui.wait_built()
    missing = []
    for n in ui.graphql(BUILD_RESULTS)["assetNodes"]:
        k = key(n["assetKey"]["path"])
        if k in (LANDING_FOLDER, PUBLISHED):
            continue
        latest = n["assetMaterializations"][0]["metadataEntries"] if n["assetMaterializations"] else []
        row_counts = [e for e in latest if e["label"] == "dagster/row_count"]
        if not row_counts or row_counts[0]["__typename"] != "IntMetadataEntry":
            missing.append(f"{k}: no dagster/row_count in its latest materialisation")
        labels = {e["label"] for e in latest} | {e["label"] for e in n["metadataEntries"]}
        if "dagster/column_schema" not in labels:
            missing.append(f"{k}: no dagster/column_schema (definition or materialisation)")
    assert not missing, "\n".join(missing)


# --- in a browser ---------------------------------------------------------------------------


class UIPage:
    """A page of the UI in a fresh browser context (the community pop-up
    marked as seen, as after a first visit's "Skip")."""

    def __init__(self, browser, ui: UI, width: int = 1600, height: int = 1000, storage: dict | None = None):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.set_default_timeout(PAGE_TIMEOUT_MS)
        items = {"communityNux": "1", **(storage or {})}
        self.context.add_init_script("".join(
            f"window.localStorage.setItem({k!r}, {v!r});" for k, v in items.items()))
        self.page = self.context.new_page()
        self.base = ui.server.url

    def __enter__(self):
        return self.page

    def __exit__(self, *exc):
        self.context.close()

    def goto(self, path: str):
        self.page.goto(self.base + path, wait_until="networkidle", timeout=PAGE_TIMEOUT_MS)
        skip = self.page.get_by_role("button", name="Skip")
        if skip.count():
            skip.click()
        return self.page


def screenshot(page, name: str, clip: dict | None = None) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), clip=clip)
    assert path.stat().st_size > 10_000, f"{path} is suspiciously small"
    return path


def _matches(label: str, name: str) -> bool:
    """A node label is the asset name, or the name cut in the middle with '…'."""
    if "…" not in label:
        return label == name
    head, _, tail_ = label.partition("…")
    return name.startswith(head) and name.endswith(tail_) and len(name) > len(head) + len(tail_)


def test_lineage_in_browser(browser, ui):
    """The global asset lineage, every group expanded: all assets drawn, all
    materialised (green) by the recorded build."""
    from playwright.sync_api import expect

    ui.wait_built()
    nodes = ui.graphql(ASSET_GRAPH)["assetNodes"]
    names = sorted(n["assetKey"]["path"][-1] for n in nodes)
    # Groups expand through the URL (?expanded=<group ids>); the vertical
    # layout fits the whole graph on one screen.
    expanded = ",".join(f"global@global:{g}" for g in STAGES)
    holder = UIPage(browser, ui, width=2400, height=1300,
                  storage={"asset-graph-direction": '"vertical"'})
    with holder as page:
        holder.goto("/asset-groups?" + urllib.parse.urlencode({"expanded": expanded}))
        expect(page.get_by_text("Global asset lineage")).to_be_visible()
        expect(page.get_by_text("landing_folder", exact=True)).to_be_visible()
        # The asset tree beside the graph ("Hide sidebar", the button after
        # "Jump to…") takes room the graph can use.
        jump_to = page.get_by_placeholder("Jump to…")
        jump_to.locator("xpath=following::button[1]").click()
        expect(jump_to).to_be_hidden()
        # At this zoom Dagster draws "minimal" asset nodes (CSS module class
        # names of the pinned dagster-webserver); their colour is the status,
        # grey while it loads, green once materialised.
        boxes = "[class*='minimalAssetNodeBox']"
        try:
            page.wait_for_function(
                """([sel, n]) => { const b = [...document.querySelectorAll(sel)];
                   return b.length === n && b.every(e => (e.getAttribute('style') || '')
                       .includes('--color-background-green')); }""",
                arg=[boxes, len(names)], timeout=PAGE_TIMEOUT_MS)
        except Exception:
            states = page.eval_on_selector_all(
                boxes, "bs => bs.map(e => e.innerText + ' ' + (e.getAttribute('style') || ''))")
            pytest.fail(f"expected {len(names)} green asset nodes, the graph shows {len(states)}:\n"
                        + "\n".join(states))
        page.wait_for_load_state("networkidle")
        labels = page.eval_on_selector_all(boxes, "bs => bs.map(e => e.innerText.trim())")
        unmatched = list(labels)
        for name in names:
            hit = next((label for label in unmatched if _matches(label, name)), None)
            assert hit is not None, f"asset {name} is not drawn in the lineage (labels: {labels})"
            unmatched.remove(hit)
        assert not unmatched, unmatched
        viewport = page.viewport_size
        for box in page.locator(boxes).all():
            b = box.bounding_box()
            assert b and b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["width"] <= viewport["width"] \
                and b["y"] + b["height"] <= viewport["height"], f"{box.inner_text()} is off screen: {b}"
        for stage in STAGES:
            expect(page.get_by_text(stage, exact=True).first).to_be_visible()
        # The picture: the graph itself, without the empty canvas around it.
        drawn = [b for b in (el.bounding_box() for el in page.locator(
            f"{boxes}, [class*='groupOutlineBox']").all()) if b]
        left, top = min(b["x"] for b in drawn) - 24, min(b["y"] for b in drawn) - 24
        right = max(b["x"] + b["width"] for b in drawn) + 24
        bottom = max(b["y"] + b["height"] for b in drawn) + 24
        screenshot(page, "lineage.png", clip={
            "x": max(left, 0), "y": max(top, 0),
            "width": min(right, viewport["width"]) - max(left, 0),
            "height": min(bottom, viewport["height"]) - max(top, 0)})


def test_mart_checks_in_browser(browser, ui):
    """A mart's checks tab: every check of marts.statements listed as Succeeded;
    the GX suite's result Passed, with its markdown report."""
    from playwright.sync_api import expect

    ui.wait_built()
    node = ui.graphql(MART_DETAIL, {"key": {"path": MART}})["assetNodeOrError"]
    checks = sorted(c["name"] for c in node["assetChecksOrError"]["checks"])
    assert GX_MART_CHECK in checks, checks
    holder = UIPage(browser, ui)
    with holder as page:
        holder.goto(f"/assets/{key(MART)}?view=checks&checkDetail={GX_MART_CHECK}")
        expect(page.get_by_text(f"Checks ({len(checks)})", exact=True)).to_be_visible()
        for name in checks:
            # Long names are cut in the middle; the full name is the title.
            item = page.locator(f"[title='{name}']")
            expect(item).to_be_visible()
            expect(item.locator("xpath=following-sibling::span[1]")).to_have_text("Succeeded")
        expect(page.get_by_text("Succeeded", exact=True)).to_have_count(len(checks))
        expect(page.get_by_text(GX_MART_CHECK, exact=True).last).to_be_visible()
        expect(page.get_by_text("Passed", exact=True)).to_be_visible()
        expect(page.get_by_text("[Show Markdown]", exact=True)).to_be_visible()
        page.wait_for_load_state("networkidle")
        screenshot(page, "mart_checks.png")

        page.get_by_text("[Show Markdown]", exact=True).click()
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        table = dialog.locator("table")
        expect(table).to_have_count(1)
        expect(table.locator("th").first).to_have_text("expectation")
        rows = table.locator("tbody tr")
        expect(rows.first).to_be_visible()
        assert rows.count() >= 1
        for i in range(rows.count()):
            expect(rows.nth(i)).to_contain_text("PASS")
        expect(dialog).to_contain_text(f"{'.'.join(MART)}")
        screenshot(page, "gx_check_report.png")


def test_mart_overview_in_browser(browser, ui):
    """A mart's overview: its row count, its columns, and the job, sensor and
    schedule that build it."""
    from playwright.sync_api import expect

    ui.wait_built()
    node = ui.graphql(MART_DETAIL, {"key": {"path": MART}})["assetNodeOrError"]
    latest = node["assetMaterializations"][0]["metadataEntries"]
    row_count = next(e["intValue"] for e in latest if e["label"] == "dagster/row_count")
    schema = next(e["schema"] for e in node["metadataEntries"] if e["label"] == "dagster/column_schema")
    columns = [c["name"] for c in schema["columns"]]
    assert columns
    holder = UIPage(browser, ui)
    with holder as page:
        holder.goto(f"/assets/{key(MART)}")
        expect(page.get_by_text("Row count", exact=True)).to_be_visible()
        expect(page.get_by_text("Row count", exact=True).locator("xpath=..")).to_contain_text(str(row_count))
        expect(page.get_by_text("Columns", exact=True)).to_be_visible()
        for column in columns:
            expect(page.get_by_text(column, exact=True).first).to_be_attached()
        expect(page.get_by_text(columns[0], exact=True).first).to_be_visible()
        for name in (JOB, SENSOR):
            expect(page.get_by_text(name, exact=True).first).to_be_visible()
        expect(page.get_by_text("At 05:00 AM UTC", exact=True)).to_be_visible()
        page.wait_for_load_state("networkidle")
        screenshot(page, "mart_overview.png")


def test_run_history_in_browser(browser, ui):
    """The Runs page lists the CLI's build: the history shared with `make warehouse`."""
    from playwright.sync_api import expect

    ui.wait_built()
    run_id = ui.graphql(BUILD_RESULTS)["runsOrError"]["results"][0]["runId"]
    holder = UIPage(browser, ui)
    with holder as page:
        holder.goto("/runs")
        # The runs list is a grid of divs, not a table: find the run by its link.
        run_link = page.get_by_role("link", name=f"run {run_id[:8]}", exact=True)
        expect(run_link).to_be_visible()
        expect(run_link).to_have_attribute("href", f"/runs/{run_id}")
        expect(page.get_by_role("link", name=JOB, exact=True)).to_be_visible()
        expect(page.get_by_text("Success", exact=True)).to_be_visible()
        page.wait_for_load_state("networkidle")
        screenshot(page, "runs.png")

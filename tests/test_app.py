"""The analysts' app (issue 13): its questions answered on a warehouse built
from seeds/ by the real pipeline, and the page itself in a real browser.

The query functions (`quote_warehouse.analysis.queries`) are tested directly
on the published file of the seeds build, because they are where the answers
are; the browser tests then start the app with `make app` itself
(`python -m quote_warehouse.analysis.serve`: a real Streamlit server) and
drive Debian's /usr/bin/chromium through Playwright, as tests/test_ui.py
does, saving the pictures of docs/app.md into docs/screenshots/app-*.png.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from quote_warehouse.analysis import queries as q
from quote_warehouse.analysis.published import NotPublished, PublishedReader
from quote_warehouse.settings import published_path_for
from quote_warehouse.store.publish import publish_marts
from tests.webserver import ROOT, free_port, stop_process_group, tail

SCREENSHOTS = ROOT / "docs" / "screenshots"
START_TIMEOUT_S = 120
UI_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def published(seeds_build, tmp_path_factory) -> Path:
    """The published marts of the seeds build: the build's own file when it
    published one, else published from its warehouse by the same step."""
    path = published_path_for(seeds_build.db_path)
    if not path.exists():
        path = tmp_path_factory.mktemp("published") / "warehouse.published.duckdb"
        publish_marts(seeds_build.db_path, path)
    return path


@pytest.fixture(scope="module")
def con(published):
    reader = PublishedReader(published)
    try:
        yield reader.cursor()[1]
    finally:
        reader.close()


def test_search_red_line_finds_the_kremlin_and_peskov(con):
    """The issue's first question: who keeps saying "red line"."""
    result = q.search_statements(con, q.SearchQuery(text="red line"))
    speakers = set(result.hits.speaker)
    assert {"Kremlin", "Dmitry Peskov"} <= speakers
    assert result.total == len(result.hits) >= 2
    assert all("red line" in t.lower() for t in result.hits.text)
    # each hit carries what the page shows: speaker, cue, event, date, its documents
    assert result.hits.cue.notna().all() and (result.hits.documents >= 1).all()


def test_search_filters_by_alias_type_and_date(con):
    """A speaker is found by any alias; quote type and a date range narrow the
    hits, and a date range leaves undated statements out rather than guessing."""
    by_alias = q.search_statements(con, q.SearchQuery(speaker="Putin's spokesman"))
    assert set(by_alias.hits.speaker) == {"Dmitry Peskov"} and by_alias.total > 0
    everything = q.search_statements(con, q.SearchQuery(), limit=10_000)
    direct = q.search_statements(con, q.SearchQuery(quote_types=("direct",)), limit=10_000)
    assert 0 < direct.total < everything.total and set(direct.hits.quote_type) == {"direct"}
    dated = everything.hits[everything.hits["when"].notna()]
    lo, hi = dated["when"].min().date(), dated["when"].max().date()
    in_range = q.search_statements(con, q.SearchQuery(date_from=lo, date_to=hi), limit=10_000)
    assert in_range.total == len(dated) < everything.total
    one_day = q.search_statements(con, q.SearchQuery(date_from=lo, date_to=lo), limit=10_000)
    assert 0 < one_day.total < in_range.total and (one_day.hits["when"].dt.date == lo).all()


def test_every_span_highlighted_is_the_statements_part(con):
    """The highlighted text of every source equals the clean-text slice of
    statement_sources, and a statement's parts are its text (a split quote
    has its parts in order)."""
    ids = [r[0] for r in con.execute("SELECT statement_id FROM marts.statements").fetchall()]
    assert ids
    for sid in ids:
        stmt = q.statement(con, sid)
        assert stmt is not None and stmt.sources
        for src in stmt.sources:
            for shown in (q.highlight_html(src.clean_text, src.spans), q.excerpt_html(src.clean_text, src.spans)):
                marks = re.findall(r'<mark class="qw-span">(.*?)</mark>', shown, re.S)
                assert [html.unescape(m) for m in marks] == src.parts
            assert all(part.strip() and part.strip() in src.clean_text for part in src.parts)


def test_copies_list_every_document_carrying_a_statement(con):
    """A statement in several documents shows each of them, a copy naming its original."""
    sid, n = con.execute("""SELECT statement_id, count(DISTINCT document_id) FROM marts.statement_sources
                            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""").fetchone()
    assert n >= 2, "seeds/ has copies of articles: some statement must be in two documents"
    copies = q.statement(con, sid).copies()
    assert len(copies) == n
    assert copies["copy of"].notna().any()
    assert set(copies.document_id) == {r[0] for r in con.execute(
        "SELECT document_id FROM marts.statement_sources WHERE statement_id = ?", [sid]).fetchall()}


def test_speaker_page_has_aliases_role_statements_and_events(con):
    found = q.find_speakers(con, "peskov")
    assert found.name.iloc[0] == "Dmitry Peskov"
    page = q.speaker_page(con, found.speaker_id.iloc[0])
    assert page.profile["role"] and page.profile["organization"] == "Kremlin"
    assert "Peskov" in page.profile["aliases"]
    assert page.statements.total == found.statements.iloc[0] > 0
    assert len(page.events) >= 1
    assert q.speaker_page(con, "no such speaker") is None


def test_chart_frames_count_dated_statements_and_keep_unknown_dates_apart(con):
    """Weekly counts plus the undated ones add up to every statement of the
    charted speakers; undated events have no start, dated ones a span
    matching their precision; outlet counts are distinct statements."""
    weekly = q.weekly_statements(con, top=100)
    total = con.execute("SELECT count(*) FROM marts.statements WHERE speaker_id IS NOT NULL").fetchone()[0]
    all_undated = q.undated_statements(con)
    assert 0 < weekly.statements.sum() <= total and weekly.statements.sum() + all_undated >= total
    assert (weekly.week.dt.dayofweek == 0).all()  # Mondays
    timeline = q.event_timeline(con)
    n_events = con.execute("SELECT count(*) FROM marts.events").fetchone()[0]
    assert len(timeline) == n_events
    undated = timeline[timeline.start.isna()]
    assert (undated.precision == "unknown").all() and len(undated) == con.execute(
        "SELECT count(*) FROM marts.events WHERE event_date IS NULL").fetchone()[0]
    assert q.event_counts(con) == (n_events - len(undated), len(undated))
    month = timeline[timeline.precision == "month"]
    assert ((month.end - month.start).dt.days.between(28, 31)).all()
    outlets = q.statements_per_outlet(con)
    assert outlets.statements.max() <= con.execute("SELECT count(*) FROM marts.statements").fetchone()[0]
    assert "RT" in set(outlets.outlet)


def test_reader_says_what_to_run_and_follows_a_new_publication(seeds_build, tmp_path):
    """No file: NotPublished naming `make warehouse`, not a DuckDB error. A
    publication (os.replace of a new file) is a new version, read at once."""
    path = tmp_path / "p.duckdb"
    reader = PublishedReader(path)
    with pytest.raises(NotPublished, match="make warehouse"):
        reader.cursor()
    publish_marts(seeds_build.db_path, path)
    v1, c1 = reader.cursor()
    n = c1.execute("SELECT count(*) FROM marts.statements").fetchone()[0]
    time.sleep(0.01)
    publish_marts(seeds_build.db_path, path)
    v2, c2 = reader.cursor()
    assert v2 != v1 and c2.execute("SELECT count(*) FROM marts.statements").fetchone()[0] == n
    reader.close()


# ---- the page in a real browser -------------------------------------------------


class App:
    """`make app` itself, on a free port (APP_PORT) and the given published file."""

    def __init__(self, published: Path, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = {k: v for k, v in os.environ.items() if k != "QW_CRASH_AT"}
        env.update({"PUBLISHED_PATH": str(published), "APP_PORT": str(self.port), "PYTHONUNBUFFERED": "1"})
        with open(log, "w", encoding="utf-8") as out:
            self.proc = subprocess.Popen(["make", "--no-print-directory", "app"], cwd=ROOT,
                                         env=env, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the app exited {self.proc.returncode}:\n{tail(log)}"
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        stop_process_group(self.proc)
        raise AssertionError(f"the app did not answer in {START_TIMEOUT_S} s:\n{tail(log)}")

    def stop(self) -> None:
        stop_process_group(self.proc)


def settled(page) -> None:
    """Until Streamlit has finished running the page (its 'running' widget is gone)."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                           timeout=UI_TIMEOUT_MS)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


# Data marks Vega drew into each chart's SVG (axes and legends are other roles),
# those with a real size: a chart rendered, not just its container. A chart
# with many rows Streamlit draws on a canvas instead: its painted pixels.
CHART_MARKS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')].map(c => {
  const svg = c.querySelector('svg.marks'), canvas = c.querySelector('canvas.marks');
  if (svg) return [...svg.querySelectorAll('g.role-mark > path, g.role-mark > line')]
    .filter(m => { const b = m.getBoundingClientRect(); return b.width > 0 || b.height > 0; }).length;
  if (!canvas || !canvas.width) return 0;
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++;
  return ink; })"""


def charts_drawn(page, n: int = 3) -> None:
    """Until the Charts page's `n` first charts (the sidebar's not counted) have data drawn; each is scrolled
    into view, as Streamlit draws a chart only once it is near the viewport."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Statements per outlet")).to_be_visible(timeout=UI_TIMEOUT_MS)
    for i in range(n):
        page.wait_for_function(f"""() => {{
            const c = document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')[{i}];
            if (!c) return false;
            c.scrollIntoView({{block: 'center'}});
            return ({CHART_MARKS})()[{i}] > 0; }}""", timeout=UI_TIMEOUT_MS)
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")


def test_browser_search_open_highlight_chart(published, con, browser, tmp_path):
    """The issue's acceptance path: search "red line", see the Kremlin and
    Peskov, open a hit and see its span highlighted exactly, then see charts
    drawn (pixels on their canvases, not just a container)."""
    from playwright.sync_api import expect

    app = App(published, tmp_path / "app.log")
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    try:
        page.goto(app.url)
        page.get_by_label("Text").wait_for(timeout=UI_TIMEOUT_MS)
        settled(page)
        page.get_by_label("Text").fill("red line")
        page.get_by_role("button", name="Search").click()
        expected = q.search_statements(con, q.SearchQuery(text="red line"))
        expect(page.get_by_text(f"{expected.total} statements", exact=True)).to_be_visible(timeout=UI_TIMEOUT_MS)
        settled(page)
        for who in ("Kremlin", "Dmitry Peskov"):
            expect(page.get_by_text(who, exact=True).first).to_be_visible()
        screenshot(page, "app-search.png")

        peskov = expected.hits[expected.hits.speaker == "Dmitry Peskov"].index[0]
        page.get_by_role("button", name="Open statement", exact=True).nth(int(peskov)).click()
        mark = page.locator("mark.qw-span").first
        mark.wait_for(timeout=UI_TIMEOUT_MS)
        settled(page)
        stmt = q.statement(con, expected.hits.statement_id.iloc[peskov])
        assert mark.inner_text() == stmt.sources[0].parts[0]
        assert page.locator("mark.qw-span").count() == sum(len(s.spans) for s in stmt.sources)
        screenshot(page, "app-statement.png")

        page.get_by_text("Charts", exact=True).click()
        charts_drawn(page)
        marks = page.evaluate(CHART_MARKS)
        outlets = q.statements_per_outlet(con)
        assert len(marks) >= 3 and all(n > 0 for n in marks)
        assert len(outlets) in marks  # one bar per outlet
        screenshot(page, "app-charts.png")

        page.get_by_text("Speaker", exact=True).click()
        page.get_by_label("Find a speaker (name or alias)").fill("Peskov")
        page.get_by_label("Find a speaker (name or alias)").press("Enter")
        page.get_by_role("button", name=re.compile(r"^Dmitry Peskov \(")).click()
        expect(page.get_by_role("heading", name="Dmitry Peskov")).to_be_visible(timeout=UI_TIMEOUT_MS)
        settled(page)
        expect(page.get_by_text("Putin's spokesman", exact=False).first).to_be_visible()
        screenshot(page, "app-speaker.png")
        assert "Traceback" not in page.content()
    finally:
        page.close()
        app.stop()


def test_browser_missing_warehouse_says_what_to_run_then_reloads(seeds_build, browser, tmp_path):
    """With no published file the page says to run `make warehouse`, no stack
    trace; when a build publishes, the open page reloads by itself."""
    from playwright.sync_api import expect

    path = tmp_path / "later.published.duckdb"
    app = App(path, tmp_path / "app.log")
    page = browser.new_page(viewport={"width": 1400, "height": 700})
    try:
        page.goto(app.url)
        expect(page.get_by_text("make warehouse").first).to_be_visible(timeout=UI_TIMEOUT_MS)
        settled(page)
        assert "Traceback" not in page.content()
        screenshot(page, "app-missing.png")
        publish_marts(seeds_build.db_path, path)
        expect(page.get_by_label("Text")).to_be_visible(timeout=UI_TIMEOUT_MS)
        assert page.get_by_text("make warehouse").count() == 0
    finally:
        page.close()
        app.stop()

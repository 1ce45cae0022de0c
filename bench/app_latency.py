"""How long the analysts' app takes to answer each interaction (issue 13: < 1 s at 100,000 documents).

Two measures on a published marts file:

* library: each query function of `quote_warehouse.analysis.queries` as a
  page interaction calls it, on a fresh `PublishedReader` (first call: cold
  DuckDB buffers, the OS page cache warm) and then the median of `--repeat`
  further calls (what a second analyst asking the same thing costs, before
  Streamlit's own cache);
* browser: the app started as `make app` does, driven in Chromium
  (Playwright over /usr/bin/chromium): from the click or Enter to the answer
  on screen (the hit count, the highlighted span, the charts' marks, the
  speaker's heading), each the first time it is asked (nothing cached).

    python bench/app_latency.py --published /tmp/bench100k/warehouse.published.duckdb [--browser]
    python bench/app_latency.py --warehouse W.duckdb   # publishes W's marts beside it first
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quote_warehouse.analysis import queries as q  # noqa: E402
from quote_warehouse.analysis.published import PublishedReader  # noqa: E402


def pick(con) -> dict:
    """The things to ask about: the most carried statement, the most quoted speaker, a year of dates."""
    sid = con.execute("""SELECT statement_id FROM marts.statement_sources GROUP BY 1
                         ORDER BY count(DISTINCT document_id) DESC, 1 LIMIT 1""").fetchone()[0]
    speaker_id, name = con.execute("""SELECT st.speaker_id, sp.name FROM marts.statements st
        JOIN marts.speakers sp USING (speaker_id) GROUP BY ALL ORDER BY count(*) DESC LIMIT 1""").fetchone()
    lo = con.execute("SELECT min(event_date) FROM marts.events WHERE date_precision = 'day'").fetchone()[0]
    return {"statement_id": sid, "speaker_id": speaker_id, "speaker": name, "date_from": lo,
            "date_to": lo.replace(year=lo.year + 1) if lo else None}


def interactions(p: dict) -> list[tuple[str, str, tuple]]:
    """(label, query function, arguments after the connection): what each page interaction runs."""
    return [
        ("search text 'red line'", "search_statements", (q.SearchQuery(text="red line"),)),
        ("search speaker (name or alias)", "search_statements", (q.SearchQuery(speaker=p["speaker"]),)),
        ("search text + date range + type", "search_statements",
         (q.SearchQuery(text="said", date_from=p["date_from"], date_to=p["date_to"], quote_types=("direct",)),)),
        ("search, no filter (all statements)", "search_statements", (q.SearchQuery(),)),
        ("open statement (sources, copies, spans)", "statement", (p["statement_id"],)),
        ("speaker page", "speaker_page", (p["speaker_id"],)),
        ("find speaker by name", "find_speakers", (p["speaker"].split()[-1],)),
        ("chart: statements per week, top speakers", "weekly_statements", (None,)),
        ("chart: undated statements count", "undated_statements", ()),
        ("chart: statements per outlet", "statements_per_outlet", ()),
        ("chart: event timeline", "event_timeline", ()),
        ("chart: dated / undated event counts", "event_counts", ()),
        ("sidebar counts", "counts", ()),
    ]


def library(published: Path, repeat: int) -> None:
    reader = PublishedReader(published)
    t0 = time.perf_counter()
    _, con = reader.cursor()
    print(f"open published file (read-only, check tables): {time.perf_counter() - t0:.3f} s")
    p = pick(con)
    print(f"{'interaction (library call)':44s} {'first s':>8s} {'median s':>9s} {'max s':>7s}")
    for label, name, args in interactions(p):
        times = []
        for _ in range(repeat + 1):
            _, cur = reader.cursor()
            t = time.perf_counter()
            getattr(q, name)(cur, *args)
            times.append(time.perf_counter() - t)
        print(f"{label:44s} {times[0]:8.3f} {statistics.median(times[1:]):9.3f} {max(times):7.3f}")
    reader.close()


def browser(published: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    from tests.test_app import App, charts_drawn, settled
    from tests.test_ui import CHROMIUM, CHROMIUM_ARGS

    reader = PublishedReader(published)
    p = pick(reader.cursor()[1])

    def shown(query: q.SearchQuery) -> str:
        """The hit count line the page shows for `query` (waited for exactly: the old one is on screen)."""
        total = q.search_statements(reader.cursor()[1], query).total
        return f"{total:,} statements" + (f" (1 to {min(total, q.SEARCH_LIMIT):,})" if total > q.SEARCH_LIMIT else "")
    log = Path("/tmp/app_latency_app.log")
    t0 = time.perf_counter()
    app = App(published, log)
    print(f"app start (make app's command to /_stcore/health): {time.perf_counter() - t0:.2f} s")
    rows = []
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = b.new_page(viewport={"width": 1400, "height": 1000})  # a laptop screen
        try:
            t = time.perf_counter()
            page.goto(app.url)
            page.get_by_label("Text").wait_for(timeout=120_000)
            settled(page)
            rows.append(("first page load (search form, counts)", time.perf_counter() - t))

            def timed(label, act, done):
                t = time.perf_counter()
                act()
                done()
                rows.append((label, time.perf_counter() - t))
                settled(page)

            red_line, by_speaker = shown(q.SearchQuery(text="red line")), shown(q.SearchQuery(speaker=p["speaker"]))
            by_words = {w: shown(q.SearchQuery(text=w)) for w in ("security", "minister", "economy")}
            timed("search text 'red line'", lambda: (page.get_by_label("Text").fill("red line"),
                                                     page.get_by_role("button", name="Search").click()),
                  lambda: expect(page.get_by_text(red_line, exact=True)).to_be_visible(timeout=60_000))
            timed("search speaker", lambda: (page.get_by_label("Text").fill(""),
                                             page.get_by_label("Speaker (name or alias)").fill(p["speaker"]),
                                             page.get_by_role("button", name="Search").click()),
                  lambda: expect(page.get_by_text(by_speaker, exact=True)).to_be_visible(timeout=60_000))
            timed("open statement", lambda: page.get_by_role("button", name="Open statement", exact=True).first.click(),
                  lambda: page.locator("mark.qw-span").first.wait_for(timeout=60_000))
            button = page.get_by_role("button", name="Speaker page:", exact=False).first
            who = button.inner_text().split(": ", 1)[1].strip()
            timed("speaker page", button.click,
                  lambda: expect(page.get_by_role("heading", name=who, exact=True)).to_be_visible(timeout=60_000))
            timed("charts page: first chart drawn", lambda: page.get_by_text("Charts", exact=True).click(),
                  lambda: charts_drawn(page, 1))
            page.get_by_text("Search", exact=True).click()
            settled(page)
            timed("charts page again: all 3 drawn, scrolled to each", lambda: page.get_by_text("Charts", exact=True).click(),
                  lambda: charts_drawn(page))
            timed("back to search (its answer cached)", lambda: page.get_by_text("Search", exact=True).click(),
                  lambda: expect(page.get_by_role("button", name="Open statement", exact=True).first).to_be_visible(timeout=60_000))
            for words in ("security", "minister", "economy"):
                timed(f"search text '{words}'", lambda: (page.get_by_label("Speaker (name or alias)").fill(""),
                                                          page.get_by_label("Text").fill(words),
                                                          page.get_by_role("button", name="Search").click()),
                      lambda: expect(page.get_by_text(by_words[words], exact=True)).to_be_visible(timeout=60_000))
                timed("next page of hits", lambda: page.get_by_role("button", name="Next", exact=True).click(),
                      lambda: expect(page.get_by_text(re.compile(r"\(21 to "))).to_be_visible(timeout=60_000))
        finally:
            b.close()
            app.stop()
            reader.close()
    print(f"{'interaction (browser, click to answer on screen)':52s} {'s':>6s}")
    for label, s in rows:
        print(f"{label:52s} {s:6.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--published", type=Path)
    ap.add_argument("--warehouse", type=Path, help="publish this warehouse's marts beside it first")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--browser", action="store_true", help="also time the page in Chromium")
    args = ap.parse_args()
    published = args.published
    if args.warehouse:
        from quote_warehouse.settings import published_path_for
        from quote_warehouse.store.publish import publish_marts

        published = published_path_for(args.warehouse)
        t = time.perf_counter()
        publish_marts(args.warehouse, published)
        print(f"published {published} in {time.perf_counter() - t:.1f} s")
    if published is None:
        ap.error("--published or --warehouse")
    reader = PublishedReader(published)
    print(f"{published}: {q.counts(reader.cursor()[1])}")
    reader.close()
    library(published, args.repeat)
    if args.browser:
        browser(published)


if __name__ == "__main__":
    main()

"""The analysts' page: search statements, open one with its sources, charts, speakers.

Run by `make app` (serve.py) as `streamlit run app.py -- --published PATH`.
Thin on purpose: every question is a function of `queries`, cached per
version of the published file, so a new build shows on the next rerun, and
a fragment polls the file every 2 s to rerun the page when a build publishes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import threading

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx

from quote_warehouse.analysis import queries as q
from quote_warehouse.analysis.published import NotPublished, PublishedReader

VIEWS = ("Search", "Statement", "Speaker", "Charts")
CSS = """<style>
.qw-doc { white-space: pre-wrap; font-family: Georgia, serif; line-height: 1.5; max-height: 28rem;
          overflow-y: auto; padding: .75rem; border: 1px solid #ddd; border-radius: .4rem; }
mark.qw-span { background: #ffe066; padding: 0 .1rem; }
</style>"""


def published_path() -> str:
    parser = argparse.ArgumentParser()
    parser.add_argument("--published", required=True)
    return parser.parse_known_args()[0].published


@st.cache_resource
def reader(path: str) -> PublishedReader:
    return PublishedReader(path)


def con_for(token: str):
    version, con = reader(published_path()).cursor()
    return con


@st.cache_data(max_entries=200, show_spinner=False)
def cached(token: str, name: str, *args):
    """`queries.<name>(con, *args)` on the file version `token` (the cache key)."""
    return getattr(q, name)(con_for(token), *args)


CHART_FRAMES = (("weekly_statements", (None,)), ("undated_statements", ()), ("statements_per_outlet", ()),
                ("event_timeline", ()), ("event_counts", ()))


@st.cache_resource(max_entries=4)
def prewarm(token: str) -> threading.Thread:
    """Once per published version, compute the charts' frames in the background
    (they read every statement: the slowest questions), so the Charts page is a cache hit."""
    def work() -> None:
        for name, args in CHART_FRAMES:
            try:
                cached(token, name, *args)
            except NotPublished:
                return
    thread = threading.Thread(target=work, name=f"prewarm-{token}", daemon=True)
    add_script_run_ctx(thread)
    thread.start()
    return thread


def go(view: str, **params: str) -> None:
    st.session_state.view = view
    st.session_state.update(params)
    st.query_params.clear()
    st.query_params.update({"view": view, **params})


@st.fragment(run_every=2.0)
def watch(token: str | None) -> None:
    """Reruns the whole page when the published file changes (a build finished)."""
    v = reader(published_path()).version()
    if (v.token if v else None) != token:
        st.rerun(scope="app")


def search_view(token: str) -> None:
    with st.form("search"):
        c1, c2 = st.columns(2)
        text = c1.text_input("Text", key="q_text", placeholder='e.g. red line')
        speaker = c2.text_input("Speaker (name or alias)", key="q_speaker")
        c3, c4, c5 = st.columns(3)
        lo, hi = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
        date_from = c3.date_input("From", value=None, min_value=lo, max_value=hi, key="q_from")
        date_to = c4.date_input("To", value=None, min_value=lo, max_value=hi, key="q_to")
        types = c5.multiselect("Quote type", ["direct", "indirect"], key="q_types")
        st.form_submit_button("Search")
    query = q.SearchQuery(text=text, speaker=speaker, date_from=date_from, date_to=date_to,
                          quote_types=tuple(types))
    if st.session_state.get("paged") != query:
        st.session_state.paged, st.session_state.page_no = query, 0
    page_no = st.session_state.page_no
    result: q.SearchResult = cached(token, "search_statements", query, q.SEARCH_LIMIT, page_no * q.SEARCH_LIMIT)
    first = page_no * q.SEARCH_LIMIT
    st.markdown(f"**{result.total:,} statements**" + (
        f" ({first + 1:,} to {first + len(result.hits):,})" if result.total > len(result.hits) else ""))
    for row in result.hits.itertuples():
        with st.container(border=True):
            st.markdown(f"“{row.text}”")
            when = q.describe_date(row.event_date, row.date_precision, row.first_reported)
            st.caption(f"**{row.speaker or 'unknown speaker'}** · {row.cue or '—'} · "
                       f"{row.event_type or 'no event'} · {when} · {row.quote_type} · "
                       f"{row.documents} document{'s' if row.documents != 1 else ''}")
            c1, c2 = st.columns([1, 5])
            c1.button("Open statement", key=f"open-{row.statement_id}", on_click=go, args=("Statement",),
                      kwargs={"statement": row.statement_id})
            if row.speaker_id:
                c2.button(f"Speaker: {row.speaker}", key=f"sp-{row.statement_id}", on_click=go,
                          args=("Speaker",), kwargs={"speaker": row.speaker_id})
    c1, c2, _ = st.columns([1, 1, 4])
    if page_no > 0:
        c1.button("Previous", on_click=lambda: st.session_state.update(page_no=page_no - 1))
    if first + len(result.hits) < result.total:
        c2.button("Next", on_click=lambda: st.session_state.update(page_no=page_no + 1))


def statement_view(token: str) -> None:
    sid = st.session_state.get("statement")
    stmt: q.Statement | None = cached(token, "statement", sid) if sid else None
    if stmt is None:
        st.info("Open a statement from the search results.")
        return
    r = stmt.row
    st.subheader(f"“{r['text']}”")
    st.markdown(f"**{r['speaker'] or 'unknown speaker'}** · cue *{r['cue'] or '—'}* · {r['quote_type']} · "
                f"event: {r['event_type'] or 'none'}"
                f"{' (' + r['event_outlet'] + ')' if isinstance(r['event_outlet'], str) else ''} · "
                f"{q.describe_date(r['event_date'], r['date_precision'], r['first_reported'])}")
    if r["speaker_id"]:
        st.button(f"Speaker page: {r['speaker']}", on_click=go, args=("Speaker",), kwargs={"speaker": r["speaker_id"]})
    st.markdown(f"#### Copies: {len(stmt.sources)} document{'s carry' if len(stmt.sources) != 1 else ' carries'} it")
    st.table(stmt.copies().set_index("document_id"))
    for i, src in enumerate(stmt.sources):
        label = f"{src.outlet or '(no outlet)'} · {src.title or src.file_name} · {src.published_date or 'undated'}"
        with st.expander(label + (f" · copy of {src.duplicate_of}" if src.duplicate_of else ""), expanded=i == 0):
            whole = st.toggle("whole text", key=f"whole-{src.document_id}")
            body = (q.highlight_html(src.clean_text, src.spans) if whole
                    else q.excerpt_html(src.clean_text, src.spans))
            st.html(f'<div class="qw-doc" data-document="{src.document_id}">{body}</div>')


def speaker_view(token: str) -> None:
    name = st.text_input("Find a speaker (name or alias)", key="speaker_query")
    if name.strip():
        found: pd.DataFrame = cached(token, "find_speakers", name)
        if found.empty:
            st.warning("No speaker by that name.")
        for row in found.itertuples():
            st.button(f"{row.name} ({row.statements} statements)", key=f"find-{row.speaker_id}",
                      on_click=go, args=("Speaker",), kwargs={"speaker": row.speaker_id})
    sid = st.session_state.get("speaker")
    page: q.SpeakerPage | None = cached(token, "speaker_page", sid) if sid else None
    if page is None:
        return
    p = page.profile
    st.header(p["name"])
    st.markdown(f"{p['kind'] or ''} · role: {p['role'] or '—'} · organisation: {p['organization'] or '—'}"
                f" · country: {p['country'] or '—'}"
                + (f" · Wikidata [{p['wikidata_id']}](https://www.wikidata.org/wiki/{p['wikidata_id']})"
                   if isinstance(p["wikidata_id"], str) else ""))
    st.markdown("**Also called:** " + (", ".join(p["aliases"]) or "—"))
    st.markdown(f"#### {page.statements.total:,} statements")
    if not page.weekly.empty:
        st.altair_chart(weekly_chart(page.weekly), width="stretch")
    hits = page.statements.hits
    table = pd.DataFrame({"date": [q.describe_date(*x) for x in zip(hits.event_date, hits.date_precision, hits.first_reported)],
                          "statement": hits.text, "cue": hits.cue, "type": hits.quote_type,
                          "event": hits.event_type, "documents": hits.documents})
    st.dataframe(table, hide_index=True, width="stretch")
    st.markdown("#### Events")
    timeline(page.events, page.event_counts)


def weekly_chart(frame: pd.DataFrame) -> alt.Chart:
    """Bars a week wide (Monday to Sunday), speakers stacked (stacked here: Vega-Lite
    does not stack bars that have both ends on the x axis)."""
    frame = frame.sort_values(["week", "speaker"]).assign(week_end=lambda f: pd.to_datetime(f.week) + pd.Timedelta(days=6))
    frame["top"] = frame.groupby("week").statements.cumsum()
    frame["bottom"] = frame.top - frame.statements
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("week:T", title="week (Monday to Sunday)"), x2="week_end:T",
        y=alt.Y("bottom:Q", title="statements"), y2="top:Q",
        color="speaker:N", tooltip=["week:T", "speaker:N", "statements:Q"]).properties(height=280)


def timeline(events: pd.DataFrame, counts: tuple[int, int]) -> None:
    """Dated events on a time axis (the latest ones when there are many), undated ones listed apart."""
    dated, undated = events[events.start.notna()], events[events.start.isna()]
    if not dated.empty:
        base = alt.Chart(dated).encode(y=alt.Y("event_type:N", title=None),
                                       color=alt.Color("precision:N", title="date known to the"))
        spans = base.mark_rule(strokeWidth=6, opacity=.5).encode(x=alt.X("start:T", title="event date"), x2="end:T")
        points = base.mark_point(filled=True, size=60).encode(
            x="start:T", tooltip=["event_type", "start:T", "precision", "outlet", "location", "statements"])
        st.altair_chart((spans + points).properties(height=220), width="stretch")
    shown = f" (the latest {len(dated):,} drawn)" if len(dated) < counts[0] else ""
    st.caption(f"{counts[0]:,} dated events{shown}; a month- or year-precise date is drawn as its whole "
               f"month or year. {counts[1]:,} events have no date in the text and are not placed on the axis"
               + (f"; the first {min(len(undated), 100):,} are listed:" if min(len(undated), 100) < counts[1] else ":"))
    if not undated.empty:
        st.dataframe(undated[["event_type", "outlet", "location", "statements"]].head(100), hide_index=True,
                     width="stretch", height=min(300, 38 + 35 * len(undated)))


def charts_view(token: str) -> None:
    st.markdown("#### Statements per week, most quoted speakers")
    weekly = cached(token, "weekly_statements", None)
    if not weekly.empty:
        st.altair_chart(weekly_chart(weekly), width="stretch")
    st.caption(f"Dated by the event when the text gives its day, else by the first document that reported it; "
               f"{cached(token, 'undated_statements'):,} statements have neither and are left out.")
    st.markdown("#### Statements per outlet")
    outlets = cached(token, "statements_per_outlet")
    st.altair_chart(alt.Chart(outlets).mark_bar().encode(
        x=alt.X("statements:Q"), y=alt.Y("outlet:N", sort="-x", title=None),
        tooltip=["outlet", "statements", "documents"]), width="stretch")
    st.markdown("#### Event timeline")
    timeline(cached(token, "event_timeline"), cached(token, "event_counts"))


def main() -> None:
    st.set_page_config(page_title="Quote warehouse", layout="wide")
    st.html(CSS)
    rd = reader(published_path())
    version = rd.version()
    token = version.token if version else None
    for key in ("view", "statement", "speaker"):
        if key not in st.session_state and key in st.query_params:
            st.session_state[key] = st.query_params[key]
    st.session_state.setdefault("view", "Search")
    st.title("Who said what, when and where")
    watch(token)
    try:
        rd.cursor()
        info = cached(token, "counts")
        prewarm(token)
    except NotPublished as exc:
        st.error(str(exc))
        return
    if info["statements"] == 0:
        st.warning(f"The published warehouse `{rd.path}` has no statements ({info['documents']} documents). "
                   "Put article files in `RAW_DIR` and run `make warehouse`.")
        return
    with st.sidebar:
        st.radio("Page", VIEWS, key="view")
        # also loads the browser's chart code with the page, not on the first chart asked for
        years = cached(token, "events_per_year")
        if not years.empty:
            st.altair_chart(alt.Chart(years).mark_bar().encode(
                x=alt.X("year:O", title="dated events per year"), y=alt.Y("events:Q", title=None),
                tooltip=["year", "events"]).properties(height=110), width="stretch")
        st.caption(f"{info['statements']:,} statements, {info['speakers']:,} speakers, "
                   f"{info['documents']:,} documents, {info['events']:,} events · published "
                   f"{info['published_at'] or '?'} · `{rd.path}`")
    {"Search": search_view, "Statement": statement_view, "Speaker": speaker_view,
     "Charts": charts_view}[st.session_state.view](token)


main()

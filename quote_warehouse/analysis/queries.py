"""The app's questions as SQL over the published marts, one function each.

Every function takes a DuckDB connection (a cursor of `PublishedReader`) and
returns plain values or pandas frames, so tests and the benchmark call them
directly. A statement's date (`when`) is its event's date when the text
gives it to the day, else the earliest publication date of a document that
carries it (`when_basis` says which); a statement with neither is undated
and is counted apart, never guessed.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

import duckdb
import pandas as pd

SEARCH_LIMIT = 20  # hits per page: each is a few page elements, and Streamlit's rerun pays for each

# One row per statement with its speaker, event and date; `{where}` filters
# the statements before the sources are aggregated (only theirs are read).
_STATEMENTS = """
WITH s AS (
    SELECT st.statement_id, st.text, st.quote_type, st.cue, st.speaker_id, st.event_id,
           sp.name AS speaker, e.event_type, e.event_date, e.date_precision,
           e.outlet AS event_outlet, e.location AS event_location
    FROM marts.statements st
    LEFT JOIN marts.speakers sp ON sp.speaker_id = st.speaker_id
    LEFT JOIN marts.events e ON e.event_id = st.event_id
    WHERE {where}
), src AS (
    SELECT ss.statement_id, count(DISTINCT ss.document_id) AS documents,
           min(d.published_date) AS first_reported
    FROM marts.statement_sources ss
    JOIN s ON s.statement_id = ss.statement_id
    JOIN marts.documents d ON d.document_id = ss.document_id
    GROUP BY ss.statement_id
), dated AS (
    SELECT s.*, coalesce(src.documents, 0) AS documents, src.first_reported,
           CASE WHEN s.date_precision = 'day' THEN s.event_date ELSE src.first_reported END AS "when",
           CASE WHEN s.date_precision = 'day' THEN 'event'
                WHEN src.first_reported IS NOT NULL THEN 'first reported' END AS when_basis
    FROM s LEFT JOIN src ON src.statement_id = s.statement_id
)
"""


@dataclass(frozen=True)
class SearchQuery:
    """What the search form asks: each part optional, all must hold."""

    text: str = ""  # words in the statement, case-insensitive substring
    speaker: str = ""  # part of the speaker's name or of one of their aliases
    speaker_id: str | None = None  # exactly this speaker (the speaker page)
    date_from: dt.date | None = None  # on the statement's date (`when`), inclusive
    date_to: dt.date | None = None
    quote_types: tuple[str, ...] = ()  # direct / indirect; empty: both


@dataclass
class SearchResult:
    total: int
    hits: pd.DataFrame  # first `limit` statements, oldest first, undated last


def _like(value: str) -> str:
    escaped = value.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(q: SearchQuery) -> tuple[str, list]:
    conds, params = ["TRUE"], []
    if q.text.strip():
        conds.append("st.text ILIKE ? ESCAPE '\\'")
        params.append(_like(q.text))
    if q.speaker.strip():
        conds.append("(sp.name ILIKE ? ESCAPE '\\' OR array_to_string(sp.aliases, ' | ') ILIKE ? ESCAPE '\\')")
        params += [_like(q.speaker)] * 2
    if q.speaker_id:
        conds.append("st.speaker_id = ?")
        params.append(q.speaker_id)
    if q.quote_types:
        conds.append("st.quote_type IN (" + ", ".join("?" * len(q.quote_types)) + ")")
        params += list(q.quote_types)
    return " AND ".join(conds), params


def search_statements(con: duckdb.DuckDBPyConnection, q: SearchQuery,
                      limit: int = SEARCH_LIMIT, offset: int = 0) -> SearchResult:
    """Statements matching `q`, oldest first (undated last), with the total count."""
    where, params = _where(q)
    dates, dparams = ["TRUE"], []
    if q.date_from:
        dates.append('"when" >= ?')
        dparams.append(q.date_from)
    if q.date_to:
        dates.append('"when" <= ?')
        dparams.append(q.date_to)
    sql = _STATEMENTS.format(where=where) + f"""
        SELECT *, count(*) OVER () AS total FROM dated WHERE {' AND '.join(dates)}
        ORDER BY "when" NULLS LAST, statement_id LIMIT {int(limit)} OFFSET {int(offset)}"""
    hits = con.execute(sql, params + dparams).df()
    total = int(hits["total"].iloc[0]) if len(hits) else 0
    return SearchResult(total, hits.drop(columns="total"))


def describe_date(event_date, precision, first_reported=None) -> str:
    """'2021-11-08', '2021-10 (month)', '2021 (year)', 'reported 2021-12-03' or 'date unknown'."""
    if event_date is not None and not pd.isna(event_date):
        d = pd.Timestamp(event_date).date()
        if precision == "month":
            return f"{d:%Y-%m} (month)"
        if precision == "year":
            return f"{d:%Y} (year)"
        return d.isoformat()
    if first_reported is not None and not pd.isna(first_reported):
        return f"reported {pd.Timestamp(first_reported).date().isoformat()}"
    return "date unknown"


@dataclass
class Source:
    """A document carrying a statement, with where in its clean text."""

    document_id: str
    file_name: str
    outlet: str | None
    title: str | None
    url: str | None
    published_date: dt.date | None
    duplicate_of: str | None
    clean_text: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def parts(self) -> list[str]:
        return [self.clean_text[a:b] for a, b in self.spans]


@dataclass
class Statement:
    row: dict  # the statement's columns as in `search_statements`
    sources: list[Source]

    def copies(self) -> pd.DataFrame:
        """Every document that carries the statement, one row each."""
        return pd.DataFrame([{
            "document_id": s.document_id, "outlet": s.outlet, "title": s.title,
            "published": s.published_date, "copy of": s.duplicate_of, "parts": len(s.spans),
            "file": s.file_name, "url": s.url} for s in self.sources])


def statement(con: duckdb.DuckDBPyConnection, statement_id: str) -> Statement | None:
    """One statement with every document that carries it (originals first)."""
    rows = con.execute(_STATEMENTS.format(where="st.statement_id = ?") + "SELECT * FROM dated",
                       [statement_id]).df()
    if rows.empty:
        return None
    parts = con.execute("""
        SELECT d.document_id, d.file_name, d.outlet, d.title, d.url, d.published_date,
               d.duplicate_of, d.clean_text, ss.part_index, ss.char_start, ss.char_end
        FROM marts.statement_sources ss JOIN marts.documents d ON d.document_id = ss.document_id
        WHERE ss.statement_id = ?
        ORDER BY d.duplicate_of IS NOT NULL, d.published_date NULLS LAST, d.document_id, ss.part_index
    """, [statement_id]).fetchall()
    sources: dict[str, Source] = {}
    for doc_id, file_name, outlet, title, url, published, dup, text, _i, a, b in parts:
        src = sources.setdefault(doc_id, Source(doc_id, file_name, outlet, title, url, published, dup, text or ""))
        src.spans.append((int(a), int(b)))
    return Statement(rows.iloc[0].to_dict(), list(sources.values()))


def highlight_html(text: str, spans: list[tuple[int, int]], mark_class: str = "qw-span") -> str:
    """`text` HTML-escaped, each span (clean-text offsets) in a <mark>; overlaps merged."""
    merged: list[list[int]] = []
    for a, b in sorted((max(0, a), min(len(text), b)) for a, b in spans):
        if a >= b:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out.append(html.escape(text[pos:a]))
        out.append(f'<mark class="{mark_class}">{html.escape(text[a:b])}</mark>')
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)



def excerpt_html(text: str, spans: list[tuple[int, int]], context: int = 300) -> str:
    """The highlighted spans with `context` characters either side (cut at a
    word), windows that touch merged, gaps shown as ' … '."""
    windows: list[list[int]] = []
    for a, b in sorted(spans):
        lo, hi = max(0, a - context), min(len(text), b + context)
        if lo > 0 and " " in text[lo:a]:
            lo = text.index(" ", lo) + 1
        if hi < len(text) and " " in text[b:hi]:
            hi = text.rindex(" ", b, hi)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    out = []
    for lo, hi in windows:
        inner = [(max(a, lo) - lo, min(b, hi) - lo) for a, b in spans if a < hi and b > lo]
        out.append(("… " if lo > 0 else "") + highlight_html(text[lo:hi], inner) + (" …" if hi < len(text) else ""))
    return "\n\n".join(out)

def find_speakers(con: duckdb.DuckDBPyConnection, name: str, limit: int = 25) -> pd.DataFrame:
    """Speakers whose name or an alias contains `name`, most quoted first."""
    return con.execute("""
        SELECT sp.speaker_id, sp.name, sp.kind, sp.role, sp.organization,
               (SELECT count(*) FROM marts.statements st WHERE st.speaker_id = sp.speaker_id) AS statements
        FROM marts.speakers sp
        WHERE sp.name ILIKE ? ESCAPE '\\' OR array_to_string(sp.aliases, ' | ') ILIKE ? ESCAPE '\\'
        ORDER BY statements DESC, sp.name LIMIT ?""", [_like(name), _like(name), limit]).df()


@dataclass
class SpeakerPage:
    profile: dict  # name, kind, role, organization, country, aliases, wikidata_id, document_count
    statements: SearchResult
    events: pd.DataFrame  # their events, dated first (see `event_timeline`)
    event_counts: tuple[int, int]  # (dated, undated) events of theirs
    weekly: pd.DataFrame  # their statements per week


def speaker_page(con: duckdb.DuckDBPyConnection, speaker_id: str, limit: int = 200) -> SpeakerPage | None:
    prof = con.execute("SELECT * FROM marts.speakers WHERE speaker_id = ?", [speaker_id]).df()
    if prof.empty:
        return None
    profile = prof.iloc[0].to_dict()
    profile["aliases"] = list(profile.get("aliases") if profile.get("aliases") is not None else [])
    return SpeakerPage(profile, search_statements(con, SearchQuery(speaker_id=speaker_id), limit=limit),
                       event_timeline(con, speaker_id=speaker_id), event_counts(con, speaker_id),
                       weekly_statements(con, speaker_ids=[speaker_id]))


def weekly_statements(con: duckdb.DuckDBPyConnection, speaker_ids: list[str] | None = None,
                      top: int = 6) -> pd.DataFrame:
    """Statements per week (Monday) and speaker: the given speakers, or the `top` most quoted.
    Undated statements are left out (see `undated_statements`)."""
    if speaker_ids:
        where = "st.speaker_id IN (" + ", ".join("?" * len(speaker_ids)) + ")"
        params: list = list(speaker_ids)
    else:
        where = ("st.speaker_id IN (SELECT speaker_id FROM marts.statements WHERE speaker_id IS NOT NULL "
                 f"GROUP BY 1 ORDER BY count(*) DESC, speaker_id LIMIT {int(top)})")
        params = []
    return con.execute(_STATEMENTS.format(where=where) + """
        SELECT date_trunc('week', "when")::DATE AS week, speaker, count(*) AS statements
        FROM dated WHERE "when" IS NOT NULL GROUP BY ALL ORDER BY week, speaker""", params).df()


def undated_statements(con: duckdb.DuckDBPyConnection) -> int:
    """Statements with neither a day-precise event date nor a dated document."""
    return int(con.execute("""
        SELECT count(*) FROM marts.statements st LEFT JOIN marts.events e ON e.event_id = st.event_id
        WHERE e.date_precision IS DISTINCT FROM 'day' AND st.statement_id NOT IN (
            SELECT ss.statement_id FROM marts.statement_sources ss
            JOIN marts.documents d ON d.document_id = ss.document_id WHERE d.published_date IS NOT NULL)
    """).fetchone()[0])


def statements_per_outlet(con: duckdb.DuckDBPyConnection, top: int = 20) -> pd.DataFrame:
    """Distinct statements carried by each outlet's documents (copies count for their outlet)."""
    return con.execute("""
        SELECT coalesce(d.outlet, '(no outlet)') AS outlet, count(DISTINCT ss.statement_id) AS statements,
               count(DISTINCT d.document_id) AS documents
        FROM marts.statement_sources ss JOIN marts.documents d ON d.document_id = ss.document_id
        GROUP BY 1 ORDER BY statements DESC, outlet LIMIT ?""", [top]).df()


def event_counts(con: duckdb.DuckDBPyConnection, speaker_id: str | None = None) -> tuple[int, int]:
    """(dated, undated) events, of a speaker or all: what `event_timeline` shows a part of."""
    where, params = "TRUE", []
    if speaker_id:
        where = ("event_id IN (SELECT event_id FROM marts.event_participants WHERE speaker_id = ? "
                 "UNION SELECT event_id FROM marts.statements WHERE speaker_id = ?)")
        params = [speaker_id, speaker_id]
    dated, undated = con.execute(f"SELECT count(event_date), count(*) - count(event_date) FROM marts.events "
                                 f"WHERE {where}", params).fetchone()
    return int(dated), int(undated)


def event_timeline(con: duckdb.DuckDBPyConnection, speaker_id: str | None = None,
                   limit: int = 500) -> pd.DataFrame:
    """Events with `start`/`end` covering what the date says (a day, a month, a year);
    the latest `limit` dated ones, then the undated ones (start NULL), never guessed."""
    where, params = "TRUE", []
    if speaker_id:
        where = ("e.event_id IN (SELECT event_id FROM marts.event_participants WHERE speaker_id = ? "
                 "UNION SELECT event_id FROM marts.statements WHERE speaker_id = ?)")
        params = [speaker_id, speaker_id]
    return con.execute(f"""
        WITH e AS (
            SELECT e.event_id, e.event_type, e.event_date, e.date_precision, e.outlet, e.location
            FROM marts.events e WHERE {where}
        ), shown AS (
            (SELECT * FROM e WHERE event_date IS NOT NULL ORDER BY event_date DESC, event_id LIMIT {int(limit)})
            UNION ALL
            (SELECT * FROM e WHERE event_date IS NULL ORDER BY event_id LIMIT {int(limit)})
        ), n AS (
            SELECT st.event_id, count(*) AS statements FROM marts.statements st
            WHERE st.event_id IN (SELECT event_id FROM shown) GROUP BY 1
        )
        SELECT s.event_id, s.event_type, s.event_date AS start,
               CASE s.date_precision WHEN 'year' THEN s.event_date + INTERVAL 1 YEAR
                    WHEN 'month' THEN s.event_date + INTERVAL 1 MONTH
                    WHEN 'day' THEN s.event_date + INTERVAL 1 DAY END AS "end",
               coalesce(s.date_precision, 'unknown') AS precision, s.outlet, s.location,
               coalesce(n.statements, 0) AS statements
        FROM shown s LEFT JOIN n ON n.event_id = s.event_id
        ORDER BY start NULLS LAST, s.event_id""", params).df()


def events_per_year(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Dated events per year (the sidebar's overview): year, events."""
    return con.execute("""SELECT year(event_date) AS year, count(*) AS events FROM marts.events
                          WHERE event_date IS NOT NULL GROUP BY 1 ORDER BY 1""").df()


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of each mart the app shows, and when the file was published (if it says)."""
    out: dict[str, object] = {t: int(con.execute(f"SELECT count(*) FROM marts.{t}").fetchone()[0])
                              for t in ("documents", "speakers", "statements", "events")}
    try:
        out["published_at"] = con.execute("SELECT max(published_at) FROM marts.publication").fetchone()[0]
    except duckdb.Error:
        out["published_at"] = None
    return out

"""Score a built warehouse against the hand annotation of ``seeds/``.

The gold answer is ``tests/gold/seeds_gold.json``; the matching rules are in
``tests/gold/README.md``. This module holds only the rules, never gold
strings: everything specific to the seed files is read from the JSON.

Rules as implemented (README wording first, then the choices made here):

Text normalisation
    Unicode NFKC, curly quotes and apostrophes folded to straight ones, case
    folded, runs of white space collapsed to one space, ends stripped
    (:func:`normalize_text`).

Files and duplicates
    A gold file such as ``000_<hash>.txt`` and a gold statement's
    ``file`` (``000``) are both reduced to their key, the leading digits of the
    base name (``000``); a ``documents`` row belongs to the gold file whose key
    its ``file_name`` has. Documents linked by ``duplicate_of`` (either
    direction, transitively) form a duplicate cluster. A statement's source
    document counts for gold file F when it lies in the same cluster as a
    document of F.

Statements
    A row matches gold statement S when S's ``contains`` (and
    ``also_contains``) occurs in the normalised row text, the row speaker's
    name or one of its aliases equals one of S's ``speaker`` names (or an
    ``accept_names`` entry of the gold speaker of that name), and one of the
    row's source documents counts for S's file. Rows are assigned to gold
    statements one-to-one by a maximum bipartite matching, first over the
    required statements, then over the optional ones with the rows left.
    A row is then

    - *matched*: assigned to a required statement (a true positive);
    - *optional*: assigned to an optional statement, or matching only
      optional statements that are taken already: left out of precision;
    - *duplicate*: matching a required statement that another row took:
      counts against precision, and the statement is reported as counted
      twice;
    - *false positive*: matching no gold statement.

    Precision = matched / (matched + duplicate + false positive); recall =
    matched required statements / required statements; F1 their harmonic
    mean. ``type_accuracy`` is the share of matched required statements
    whose ``quote_type`` equals the gold ``type``.

Speakers
    A speakers row matches a gold speaker when its name or an alias equals the
    gold name or one of its ``accept_names``. A required (non-optional)
    person with no matching row is missing; one whose matching rows are none
    of kind ``person`` is reported as of the wrong kind. Any row matching a
    ``not_speakers`` name is an error. Every gold speaker that appears in more
    than one file must be exactly one row (an optional one: at most one row);
    the others are reported in ``split_speakers`` with their row count.

Events
    A row matches gold event E when ``event_type`` is equal, ``event_date`` is
    equal exactly (a null gold date needs a null ``event_date``; a gold date
    ``YYYY-MM`` means the first of the month, and where the gold gives
    ``date_precision`` the row's ``date_precision`` must equal it), and a
    speaker of E is linked to the row through ``event_participants`` or
    through the ``event_id`` of one of that speaker's statements. Rows are
    assigned to gold events one-to-one (maximum matching, required events
    first): one row cannot stand for two gold events.

Documents
    For every gold document: its row exists; ``duplicate_of`` points to a
    document of the gold ``duplicate_of`` file (and is null where the gold
    one is null); ``outlet``, ``title``, ``published`` (and ``url`` where the
    gold gives one) equal after normalisation. A null gold value expects a
    null, except on a gold duplicate, whose null fields are not scored (a
    copy may inherit its original's metadata).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "MART_COLUMNS",
    "DocumentCheck",
    "EventMatch",
    "SeedsScore",
    "StatementMatch",
    "UnmatchedRow",
    "default_gold_path",
    "file_key",
    "format_seeds_report",
    "load_gold",
    "load_marts",
    "normalize_text",
    "score_seeds",
]

#: The six marts tables and the columns the scorer reads from each.
MART_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (
        "document_id",
        "file_name",
        "outlet",
        "title",
        "url",
        "published_date",
        "duplicate_of",
        "clean_text",
    ),
    "speakers": ("speaker_id", "name", "kind", "role", "organization", "country", "aliases"),
    "statements": ("statement_id", "speaker_id", "event_id", "text", "quote_type", "cue"),
    "statement_sources": ("statement_id", "document_id", "char_start", "char_end"),
    "events": ("event_id", "event_type", "event_date", "date_precision", "outlet", "location"),
    "event_participants": ("event_id", "speaker_id"),
}

_QUOTE_FOLD = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",  # single low-9
        "\u201b": "'",  # single high-reversed-9
        "\u2032": "'",  # prime
        "\u00b4": "'",  # acute accent used as apostrophe
        "\u0060": "'",  # grave accent used as apostrophe
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9
        "\u201f": '"',  # double high-reversed-9
        "\u2033": '"',  # double prime
        "\u00ab": '"',  # left guillemet
        "\u00bb": '"',  # right guillemet
    }
)
_WS = re.compile(r"\s+")


def normalize_text(value: object) -> str:
    """NFKC, curly quotes/apostrophes folded to straight, casefold, collapse white space."""
    if _is_missing(value):
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = text.translate(_QUOTE_FOLD).casefold()
    return _WS.sub(" ", text).strip()


def file_key(name: object) -> str:
    """Key of a file name: the leading digits of its base name (``000`` for
    ``seeds/000_<hash>.txt``), else the base name without extension."""
    base = re.split(r"[\\/]", str(name))[-1]
    m = re.match(r"(\d+)", base)
    if m:
        return m.group(1)
    return base.rsplit(".", 1)[0]


def default_gold_path() -> Path:
    """``tests/gold/seeds_gold.json`` of this checkout."""
    return Path(__file__).resolve().parents[2] / "tests" / "gold" / "seeds_gold.json"


def load_gold(path: str | Path | None = None) -> dict:
    """Read the gold JSON (default: :func:`default_gold_path`)."""
    with open(path or default_gold_path(), encoding="utf-8") as fh:
        return json.load(fh)


def load_marts(db_path: str | Path) -> dict[str, pd.DataFrame]:
    """Open the DuckDB file read-only, read the six ``marts`` tables, close.

    A table that does not exist comes back as an empty frame with the
    expected columns, so that a partly built warehouse can still be scored.
    """
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        present = {
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        marts: dict[str, pd.DataFrame] = {}
        for table, columns in MART_COLUMNS.items():
            if table in present:
                marts[table] = con.execute(f'select * from marts."{table}"').df()
            else:
                marts[table] = pd.DataFrame(columns=list(columns))
        return marts
    finally:
        con.close()


# --------------------------------------------------------------------------- results


@dataclass
class StatementMatch:
    """One gold statement and the row that matched it (if any)."""

    gold_id: str
    file: str
    optional: bool
    gold_type: str
    statement_id: str | None = None
    quote_type: str | None = None
    type_ok: bool | None = None
    duplicate_rows: tuple[str, ...] = ()


@dataclass
class UnmatchedRow:
    """A statements row that is a false positive or a duplicate."""

    statement_id: str
    speaker: str | None
    text: str
    reason: str  # "no gold match" | "duplicate"
    duplicate_of: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


@dataclass
class EventMatch:
    gold_id: str
    optional: bool
    event_id: str | None
    near_misses: tuple[str, ...] = ()  # rows linked to a gold speaker that did not match

    @property
    def matched(self) -> bool:
        return self.event_id is not None


@dataclass
class DocumentCheck:
    file: str
    document_ids: tuple[str, ...]
    duplicate_expected: str | None
    duplicate_got: str | None
    duplicate_ok: bool
    mismatches: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return bool(self.document_ids)

    @property
    def ok(self) -> bool:
        return self.found and self.duplicate_ok and not self.mismatches


@dataclass
class SeedsScore:
    # statements
    precision: float
    recall: float
    f1: float
    matched_required: int
    total_required: int
    rows_total: int
    rows_scored: int  # rows counted in precision
    rows_optional: int
    rows_duplicate: int
    rows_false_positive: int
    type_accuracy: float | None
    type_errors: list[str]
    missing_required: list[str]
    missing_direct: list[str]
    statement_matches: list[StatementMatch]
    unmatched_rows: list[UnmatchedRow]
    counted_twice: list[str]
    # speakers
    missing_speakers: list[str]
    speakers_wrong_kind: list[str]
    not_speakers_present: list[str]
    multi_file_speaker_rows: dict[str, int]
    split_speakers: dict[str, int]
    # events
    events: list[EventMatch]
    events_matched: int
    events_total: int
    missing_events: list[str]
    # documents
    documents: list[DocumentCheck]

    @property
    def documents_ok(self) -> bool:
        return all(d.ok for d in self.documents)

    @property
    def speakers_ok(self) -> bool:
        return not (
            self.missing_speakers
            or self.speakers_wrong_kind
            or self.not_speakers_present
            or self.split_speakers
        )

    @property
    def events_ok(self) -> bool:
        return not self.missing_events

    @property
    def perfect(self) -> bool:
        return (
            self.precision == 1.0
            and self.recall == 1.0
            and (self.type_accuracy in (None, 1.0))
            and not self.counted_twice
            and self.speakers_ok
            and self.events_ok
            and self.documents_ok
        )


# --------------------------------------------------------------------------- helpers


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict)) else False
    except (TypeError, ValueError):  # arrays
        return False


def _str_or_none(value: object) -> str | None:
    if _is_missing(value):
        return None
    s = str(value)
    return s if s.strip() else None


def _as_date_str(value: object) -> str | None:
    """ISO ``YYYY-MM-DD`` of a DATE-ish cell, None when missing."""
    if _is_missing(value):
        return None
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.isoformat()[:10]
    s = str(value).strip()
    return s[:10] if s else None


def _gold_date(value: object) -> str | None:
    """Gold date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the first day it covers."""
    if value is None:
        return None
    s = str(value)
    if re.fullmatch(r"\d{4}", s):
        return f"{s}-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", s):
        return f"{s}-01"
    return s[:10]


def _aliases(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return []
        if s.startswith("["):
            try:
                parsed = json.loads(s)
                return [str(x) for x in parsed if not _is_missing(x)]
            except ValueError:
                pass
        return [s]
    if isinstance(value, float) and math.isnan(value):
        return []
    try:
        return [str(x) for x in value if not _is_missing(x)]  # list / numpy array
    except TypeError:
        return [str(value)]


def _records(df: pd.DataFrame | None) -> list[dict[str, Any]]:
    if df is None or len(df) == 0:
        return []
    return df.to_dict("records")


def _max_matching(
    left: Sequence[Hashable],
    candidates: Mapping[Hashable, Sequence[Hashable]],
    taken: dict[Hashable, Hashable],
) -> dict[Hashable, Hashable]:
    """Kuhn's augmenting paths: assign each left item to at most one of its
    candidates, each candidate to at most one left item. ``taken``
    (candidate -> left) is extended in place; returns left -> candidate for
    the left items of this call."""
    fixed = set(taken)  # candidates assigned by an earlier phase stay put

    def try_assign(item: Hashable, seen: set[Hashable]) -> bool:
        for cand in candidates.get(item, ()):
            if cand in seen or cand in fixed:
                continue
            seen.add(cand)
            if cand not in taken or try_assign(taken[cand], seen):
                taken[cand] = item
                return True
        return False

    for item in left:
        try_assign(item, set())
    left_set = set(left)
    return {item: cand for cand, item in taken.items() if item in left_set and cand not in fixed}


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class _Warehouse:
    speaker_names: dict[str, set[str]]  # speaker_id -> normalised name and aliases
    speaker_display: dict[str, str]
    speaker_kind: dict[str, str]
    docs: dict[str, dict[str, Any]]  # document_id -> row
    docs_by_key: dict[str, list[str]]
    doc_keys_in_cluster: dict[str, set[str]]  # document_id -> file keys of its cluster
    stmt_docs: dict[str, set[str]]
    event_speakers: dict[str, set[str]]  # event_id -> linked speaker ids


def _index(marts: Mapping[str, pd.DataFrame]) -> _Warehouse:
    speaker_names: dict[str, set[str]] = {}
    speaker_display: dict[str, str] = {}
    speaker_kind: dict[str, str] = {}
    for row in _records(marts.get("speakers")):
        sid = str(row.get("speaker_id"))
        names = {normalize_text(row.get("name"))}
        names.update(normalize_text(a) for a in _aliases(row.get("aliases")))
        names.discard("")
        speaker_names[sid] = names
        speaker_display[sid] = _str_or_none(row.get("name")) or sid
        speaker_kind[sid] = normalize_text(row.get("kind"))

    docs: dict[str, dict[str, Any]] = {}
    docs_by_key: dict[str, list[str]] = defaultdict(list)
    uf = _UnionFind()
    for row in _records(marts.get("documents")):
        did = str(row.get("document_id"))
        docs[did] = row
        docs_by_key[file_key(row.get("file_name"))].append(did)
        uf.find(did)
    for did, row in docs.items():
        dup = _str_or_none(row.get("duplicate_of"))
        if dup is not None and dup in docs:
            uf.union(did, dup)
    cluster_keys: dict[str, set[str]] = defaultdict(set)
    for did, row in docs.items():
        cluster_keys[uf.find(did)].add(file_key(row.get("file_name")))
    doc_keys_in_cluster = {did: cluster_keys[uf.find(did)] for did in docs}
    for ids in docs_by_key.values():
        ids.sort()

    stmt_docs: dict[str, set[str]] = defaultdict(set)
    for row in _records(marts.get("statement_sources")):
        stmt_docs[str(row.get("statement_id"))].add(str(row.get("document_id")))

    event_speakers: dict[str, set[str]] = defaultdict(set)
    for row in _records(marts.get("event_participants")):
        if not _is_missing(row.get("event_id")) and not _is_missing(row.get("speaker_id")):
            event_speakers[str(row["event_id"])].add(str(row["speaker_id"]))
    for row in _records(marts.get("statements")):
        if not _is_missing(row.get("event_id")) and not _is_missing(row.get("speaker_id")):
            event_speakers[str(row["event_id"])].add(str(row["speaker_id"]))

    return _Warehouse(
        speaker_names=speaker_names,
        speaker_display=speaker_display,
        speaker_kind=speaker_kind,
        docs=docs,
        docs_by_key=dict(docs_by_key),
        doc_keys_in_cluster=doc_keys_in_cluster,
        stmt_docs=dict(stmt_docs),
        event_speakers=dict(event_speakers),
    )


def _gold_name_sets(gold: Mapping[str, Any]) -> dict[str, set[str]]:
    """Normalised gold speaker name -> the normalised names acceptable for it."""
    out: dict[str, set[str]] = {}
    for sp in gold.get("speakers", []):
        names = {normalize_text(sp["name"])}
        names.update(normalize_text(n) for n in sp.get("accept_names", []) or [])
        for n in list(names):
            out.setdefault(n, set()).update(names)
    return out


def _accepted(names: Iterable[str], name_sets: Mapping[str, set[str]]) -> set[str]:
    out: set[str] = set()
    for n in names:
        nn = normalize_text(n)
        out.add(nn)
        out.update(name_sets.get(nn, ()))
    out.discard("")
    return out


def _speakers_matching(wh: _Warehouse, accepted: set[str]) -> list[str]:
    return sorted(sid for sid, names in wh.speaker_names.items() if names & accepted)


def _safe_div(a: float, b: float) -> float:
    return a / b if b else 0.0


# --------------------------------------------------------------------------- scoring


def _score_statements(
    marts: Mapping[str, pd.DataFrame],
    gold: Mapping[str, Any],
    wh: _Warehouse,
    name_sets: Mapping[str, set[str]],
) -> dict[str, Any]:
    gold_statements = list(gold.get("statements", []))
    by_id = {g["id"]: g for g in gold_statements}
    gold_specs = []
    for g in gold_statements:
        phrases = [normalize_text(g["contains"])]
        if g.get("also_contains"):
            phrases.append(normalize_text(g["also_contains"]))
        gold_specs.append(
            (g["id"], file_key(g["file"]), phrases, _accepted(g.get("speaker", []), name_sets))
        )

    rows = sorted(_records(marts.get("statements")), key=lambda r: str(r.get("statement_id")))
    row_by_id = {str(r.get("statement_id")): r for r in rows}
    row_ids = list(row_by_id)
    candidates: dict[str, list[str]] = {}
    row_files: dict[str, tuple[str, ...]] = {}
    for sid, row in row_by_id.items():
        text = normalize_text(row.get("text"))
        names = wh.speaker_names.get(str(row.get("speaker_id")), set())
        files: set[str] = set()
        for did in wh.stmt_docs.get(sid, ()):
            files.update(wh.doc_keys_in_cluster.get(did, {did}))
        row_files[sid] = tuple(sorted(files))
        candidates[sid] = [
            gid
            for gid, fkey, phrases, accepted in gold_specs
            if fkey in files and names & accepted and all(p in text for p in phrases)
        ]

    required = {g["id"] for g in gold_statements if not g.get("optional")}
    taken: dict[Hashable, Hashable] = {}
    req_cands = {sid: [g for g in c if g in required] for sid, c in candidates.items()}
    assigned = dict(_max_matching(row_ids, req_cands, taken))
    rest = [sid for sid in row_ids if sid not in assigned]
    opt_cands = {sid: [g for g in c if g not in required] for sid, c in candidates.items()}
    assigned.update(_max_matching(rest, opt_cands, taken))

    matches = {
        g["id"]: StatementMatch(
            gold_id=g["id"],
            file=file_key(g["file"]),
            optional=bool(g.get("optional")),
            gold_type=normalize_text(g.get("type")),
        )
        for g in gold_statements
    }
    for sid, gid in assigned.items():
        m = matches[str(gid)]
        row = row_by_id[str(sid)]
        m.statement_id = str(sid)
        m.quote_type = _str_or_none(row.get("quote_type"))
        m.type_ok = normalize_text(row.get("quote_type")) == m.gold_type

    n_matched = n_optional = n_dup = n_fp = 0
    unmatched: list[UnmatchedRow] = []
    twice: set[str] = set()
    for sid in row_ids:
        row = row_by_id[sid]
        cands = candidates[sid]
        if sid in assigned:
            if assigned[sid] in required:
                n_matched += 1
            else:
                n_optional += 1
            continue
        speaker = wh.speaker_display.get(str(row.get("speaker_id")))
        text = _str_or_none(row.get("text")) or ""
        if cands:
            for gid in cands:
                matches[gid].duplicate_rows += (sid,)
                twice.add(gid)
            if any(g in required for g in cands):
                n_dup += 1
                unmatched.append(
                    UnmatchedRow(sid, speaker, text, "duplicate", tuple(cands), row_files[sid])
                )
            else:
                n_optional += 1  # a second row for an optional entry: left out of precision
        else:
            n_fp += 1
            unmatched.append(UnmatchedRow(sid, speaker, text, "no gold match", (), row_files[sid]))

    scored = n_matched + n_dup + n_fp
    precision = _safe_div(n_matched, scored) if scored else (1.0 if not required else 0.0)
    recall = _safe_div(n_matched, len(required)) if required else 1.0
    f1 = _safe_div(2 * precision * recall, precision + recall)
    matched_req = [matches[g] for g in matches if g in required and matches[g].statement_id]
    type_acc = (
        sum(1 for m in matched_req if m.type_ok) / len(matched_req) if matched_req else None
    )
    missing = [g for g in matches if g in required and matches[g].statement_id is None]
    return dict(
        precision=precision,
        recall=recall,
        f1=f1,
        matched_required=n_matched,
        total_required=len(required),
        rows_total=len(row_ids),
        rows_scored=scored,
        rows_optional=n_optional,
        rows_duplicate=n_dup,
        rows_false_positive=n_fp,
        type_accuracy=type_acc,
        type_errors=[m.gold_id for m in matched_req if not m.type_ok],
        missing_required=missing,
        missing_direct=[g for g in missing if normalize_text(by_id[g].get("type")) == "direct"],
        statement_matches=list(matches.values()),
        unmatched_rows=unmatched,
        counted_twice=sorted(twice),
    )


def _score_speakers(
    gold: Mapping[str, Any], wh: _Warehouse, name_sets: Mapping[str, set[str]]
) -> dict[str, Any]:
    missing: list[str] = []
    wrong_kind: list[str] = []
    multi: dict[str, int] = {}
    split: dict[str, int] = {}
    for sp in gold.get("speakers", []):
        rows = _speakers_matching(wh, _accepted([sp["name"]], name_sets))
        optional = bool(sp.get("optional"))
        kind = normalize_text(sp.get("kind"))
        if not optional and kind == "person":
            if not rows:
                missing.append(sp["name"])
            elif not any(wh.speaker_kind.get(r) == "person" for r in rows):
                wrong_kind.append(sp["name"])
        if len(sp.get("in_files", []) or []) > 1:
            multi[sp["name"]] = len(rows)
            if len(rows) > 1 or (not optional and len(rows) != 1):
                split[sp["name"]] = len(rows)
    present = [
        ns["name"]
        for ns in gold.get("not_speakers", [])
        if _speakers_matching(wh, _accepted([ns["name"]], {}))
    ]
    return dict(
        missing_speakers=missing,
        speakers_wrong_kind=wrong_kind,
        not_speakers_present=present,
        multi_file_speaker_rows=multi,
        split_speakers=split,
    )


def _score_events(
    marts: Mapping[str, pd.DataFrame],
    gold: Mapping[str, Any],
    wh: _Warehouse,
    name_sets: Mapping[str, set[str]],
) -> dict[str, Any]:
    rows = sorted(_records(marts.get("events")), key=lambda r: str(r.get("event_id")))
    row_by_id = {str(r.get("event_id")): r for r in rows}
    gold_events = list(gold.get("events", []))
    candidates: dict[str, list[str]] = defaultdict(list)  # gold id -> event ids
    near: dict[str, list[str]] = defaultdict(list)
    for ge in gold_events:
        gid = ge["id"]
        speaker_ids = set(_speakers_matching(wh, _accepted(ge.get("speakers", []) or [], name_sets)))
        want_type = normalize_text(ge.get("type"))
        want_date = _gold_date(ge.get("date"))
        want_prec = normalize_text(ge.get("date_precision")) if ge.get("date_precision") else None
        for eid, row in row_by_id.items():
            if not (wh.event_speakers.get(eid, set()) & speaker_ids):
                continue
            got_date = _as_date_str(row.get("event_date"))
            got_prec = normalize_text(row.get("date_precision")) or None
            ok = (
                normalize_text(row.get("event_type")) == want_type
                and got_date == want_date
                and (want_prec is None or got_prec == want_prec)
            )
            if ok:
                candidates[gid].append(eid)
            else:
                near[gid].append(
                    f"{eid}: {_str_or_none(row.get('event_type'))} "
                    f"{got_date or 'no date'} ({got_prec or '-'})"
                )

    required = [ge["id"] for ge in gold_events if not ge.get("optional")]
    optional = [ge["id"] for ge in gold_events if ge.get("optional")]
    taken: dict[Hashable, Hashable] = {}
    assigned = dict(_max_matching(required, candidates, taken))
    assigned.update(_max_matching(optional, candidates, taken))
    events = [
        EventMatch(
            gold_id=ge["id"],
            optional=bool(ge.get("optional")),
            event_id=str(assigned[ge["id"]]) if ge["id"] in assigned else None,
            near_misses=tuple(near.get(ge["id"], ())) if ge["id"] not in assigned else (),
        )
        for ge in gold_events
    ]
    missing = [e.gold_id for e in events if not e.optional and not e.matched]
    return dict(
        events=events,
        events_matched=len(required) - len(missing),
        events_total=len(required),
        missing_events=missing,
    )


def _score_documents(gold: Mapping[str, Any], wh: _Warehouse) -> list[DocumentCheck]:
    checks: list[DocumentCheck] = []
    for gd in gold.get("documents", []):
        key = file_key(gd["file"])
        ids = tuple(wh.docs_by_key.get(key, ()))
        gold_dup = gd.get("duplicate_of")
        dup_key = file_key(gold_dup) if gold_dup else None
        if not ids:
            checks.append(DocumentCheck(key, ids, dup_key, None, False))
            continue
        row = wh.docs[ids[0]]
        got_dup = _str_or_none(row.get("duplicate_of"))
        if dup_key is None:
            dup_ok = got_dup is None
        else:
            dup_ok = got_dup is not None and got_dup in set(wh.docs_by_key.get(dup_key, ()))
        got_dup_key = (
            file_key(wh.docs[got_dup].get("file_name"))
            if got_dup is not None and got_dup in wh.docs
            else got_dup
        )
        mismatches: dict[str, tuple[str | None, str | None]] = {}
        fields = [
            ("outlet", gd.get("outlet"), _str_or_none(row.get("outlet")), normalize_text),
            ("title", gd.get("title"), _str_or_none(row.get("title")), normalize_text),
            ("published", gd.get("published"), _as_date_str(row.get("published_date")), str),
        ]
        if "url" in gd:
            fields.append(("url", gd.get("url"), _str_or_none(row.get("url")), normalize_text))
        for name, want, got, norm in fields:
            if want is None:
                if dup_key is not None:
                    continue  # a copy may inherit its original's metadata
                if got is not None:
                    mismatches[name] = (None, got)
            elif got is None or norm(got) != norm(want):
                mismatches[name] = (str(want), got)
        checks.append(DocumentCheck(key, ids, dup_key, got_dup_key, dup_ok, mismatches))
    return checks


def score_seeds(marts: Mapping[str, pd.DataFrame], gold: Mapping[str, Any]) -> SeedsScore:
    """Score the marts tables against the gold annotation (see module docs)."""
    wh = _index(marts)
    name_sets = _gold_name_sets(gold)
    return SeedsScore(
        **_score_statements(marts, gold, wh, name_sets),
        **_score_speakers(gold, wh, name_sets),
        **_score_events(marts, gold, wh, name_sets),
        documents=_score_documents(gold, wh),
    )


# --------------------------------------------------------------------------- report


def _clip(text: str, n: int = 90) -> str:
    text = _WS.sub(" ", text).strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def format_seeds_report(score: SeedsScore) -> str:
    """A readable multi-line report, misses listed."""
    s = score
    ta = "n/a" if s.type_accuracy is None else f"{s.type_accuracy:.3f}"
    lines = [
        "seeds gold evaluation",
        "=====================",
        f"statements: P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}  "
        f"matched {s.matched_required}/{s.total_required} required; "
        f"rows {s.rows_total} (scored {s.rows_scored}, optional {s.rows_optional}, "
        f"duplicate {s.rows_duplicate}, false positive {s.rows_false_positive})",
        f"  quote_type accuracy: {ta}"
        + (f"  wrong: {', '.join(s.type_errors)}" if s.type_errors else ""),
    ]
    if s.missing_required:
        lines.append(f"  missing required: {', '.join(s.missing_required)}")
    if s.missing_direct:
        lines.append(f"  missing direct quotes: {', '.join(s.missing_direct)}")
    if s.counted_twice:
        lines.append(f"  counted twice: {', '.join(s.counted_twice)}")
    for u in s.unmatched_rows:
        extra = f" of {', '.join(u.duplicate_of)}" if u.duplicate_of else ""
        lines.append(
            f"  [{u.reason}{extra}] {u.statement_id} ({u.speaker}; files "
            f"{', '.join(u.files) or '-'}): {_clip(u.text)}"
        )
    lines.append("speakers: " + ("ok" if s.speakers_ok else "problems"))
    if s.missing_speakers:
        lines.append(f"  missing: {', '.join(s.missing_speakers)}")
    if s.speakers_wrong_kind:
        lines.append(f"  not of kind person: {', '.join(s.speakers_wrong_kind)}")
    if s.not_speakers_present:
        lines.append(f"  should not be speakers: {', '.join(s.not_speakers_present)}")
    for name, n in s.split_speakers.items():
        lines.append(f"  {name}: {n} rows (expected 1)")
    lines.append(f"events: matched {s.events_matched}/{s.events_total} required")
    for e in s.events:
        if e.matched or e.optional:
            continue
        hint = f"; linked rows: {'; '.join(e.near_misses)}" if e.near_misses else ""
        lines.append(f"  missing {e.gold_id}{hint}")
    lines.append("documents: " + ("ok" if s.documents_ok else "problems"))
    for d in s.documents:
        if d.ok:
            continue
        if not d.found:
            lines.append(f"  {d.file}: no documents row")
            continue
        if not d.duplicate_ok:
            lines.append(
                f"  {d.file}: duplicate_of expected {d.duplicate_expected or 'null'}, "
                f"got {d.duplicate_got or 'null'}"
            )
        for name, (want, got) in d.mismatches.items():
            lines.append(f"  {d.file}: {name} expected {want!r}, got {got!r}")
    return "\n".join(lines)

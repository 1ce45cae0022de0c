"""Tests of the evaluation package: seeds gold scorer and PolNeAR scorer."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

from quote_warehouse.evaluation import polnear as pn
from quote_warehouse.evaluation.seeds_gold import (
    MART_COLUMNS,
    file_key,
    format_seeds_report,
    load_gold,
    load_marts,
    normalize_text,
    score_seeds,
)

GOLD_PATH = Path(__file__).parent / "gold" / "seeds_gold.json"
POLNEAR_DIR = (
    Path(os.environ.get("SHARED_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    / "polnear"
)


# =========================================================================== seeds


@pytest.fixture(scope="module")
def gold() -> dict:
    return load_gold(GOLD_PATH)


def _iso(d: str | None) -> dt.date | None:
    if d is None:
        return None
    if len(d) == 7:
        d += "-01"
    return dt.date.fromisoformat(d)


def perfect_marts(gold: dict) -> dict[str, pd.DataFrame]:
    """The warehouse a perfect pipeline would build, derived from the gold."""
    doc_id = {file_key(d["file"]): f"doc{file_key(d['file'])}" for d in gold["documents"]}
    documents = pd.DataFrame(
        [
            {
                "document_id": doc_id[file_key(d["file"])],
                "file_name": d["file"],
                "outlet": d["outlet"],
                "title": d["title"],
                "url": d.get("url"),
                "published_date": _iso(d["published"]),
                "duplicate_of": doc_id[file_key(d["duplicate_of"])] if d["duplicate_of"] else None,
                "clean_text": "",
            }
            for d in gold["documents"]
        ]
    )
    speakers = []
    speaker_of: dict[str, str] = {}
    for i, sp in enumerate(gold["speakers"]):
        sid = f"sp{i:02d}"
        aliases = [n for n in sp.get("accept_names", []) if n != sp["name"]]
        speakers.append(
            {
                "speaker_id": sid,
                "name": sp["name"],
                "kind": sp["kind"],
                "role": sp.get("role"),
                "organization": sp.get("organization"),
                "country": sp.get("country"),
                "aliases": aliases,
            }
        )
        for n in [sp["name"], *aliases]:
            speaker_of[n] = sid
    statements, sources = [], []
    for st in gold["statements"]:
        name = st["speaker"][0]
        if name not in speaker_of:  # collectives such as a capital city
            sid = f"sp{len(speakers):02d}"
            speakers.append(
                {
                    "speaker_id": sid,
                    "name": name,
                    "kind": "organization",
                    "role": None,
                    "organization": None,
                    "country": None,
                    "aliases": [],
                }
            )
            speaker_of[name] = sid
        text = st["contains"] + (" ... " + st["also_contains"] if st.get("also_contains") else "")
        statements.append(
            {
                "statement_id": f"st_{st['id']}",
                "speaker_id": speaker_of[name],
                "event_id": f"ev_{st['event']}" if st.get("event") else None,
                "text": f"{text}.",
                "quote_type": st["type"],
                "cue": st.get("cue"),
            }
        )
        sources.append(
            {
                "statement_id": f"st_{st['id']}",
                "document_id": doc_id[st["file"]],
                "char_start": 0,
                "char_end": len(text),
            }
        )
    events, participants = [], []
    for ev in gold["events"]:
        events.append(
            {
                "event_id": f"ev_{ev['id']}",
                "event_type": ev["type"],
                "event_date": _iso(ev["date"]),
                "date_precision": ev.get("date_precision", "day") if ev["date"] else None,
                "outlet": ev.get("outlet"),
                "location": ev.get("location"),
            }
        )
        for name in ev.get("speakers", []):
            participants.append({"event_id": f"ev_{ev['id']}", "speaker_id": speaker_of[name]})
    return {
        "documents": documents,
        "speakers": pd.DataFrame(speakers),
        "statements": pd.DataFrame(statements),
        "statement_sources": pd.DataFrame(sources),
        "events": pd.DataFrame(events),
        "event_participants": pd.DataFrame(participants),
    }


def _counts(gold: dict) -> tuple[int, int, int]:
    required = [s for s in gold["statements"] if not s.get("optional")]
    events = [e for e in gold["events"] if not e.get("optional")]
    return len(gold["statements"]), len(required), len(events)


def _add_rows(df: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    return pd.concat([df, pd.DataFrame(rows)], ignore_index=True)


def test_normalize_text():
    assert normalize_text("  \u201cRed\u00a0 LINE\u2019s\u201d\n") == "\"red line's\""
    assert normalize_text(None) == ""
    assert file_key("seeds/000_2ed485fcecc47115.txt") == "000"
    assert file_key("000") == "000"


def test_perfect_answer(gold):
    n_rows, n_req, n_events = _counts(gold)
    assert (n_rows, n_req, n_events) == (48, 40, 7)
    score = score_seeds(perfect_marts(gold), gold)
    assert score.precision == 1.0
    assert score.recall == 1.0
    assert score.f1 == 1.0
    assert (score.matched_required, score.total_required) == (40, 40)
    assert (score.rows_total, score.rows_scored, score.rows_optional) == (48, 40, 8)
    assert score.rows_duplicate == score.rows_false_positive == 0
    assert score.type_accuracy == 1.0
    assert score.missing_direct == [] and score.missing_required == []
    assert score.counted_twice == [] and score.unmatched_rows == []
    assert score.missing_speakers == [] and score.speakers_wrong_kind == []
    assert score.not_speakers_present == []
    assert score.split_speakers == {}
    assert score.multi_file_speaker_rows["Jens Stoltenberg"] == 1
    assert score.multi_file_speaker_rows["Maria Zakharova"] == 1
    assert (score.events_matched, score.events_total) == (7, 7)
    assert score.documents_ok
    assert score.perfect
    by_gold = {m.gold_id: m for m in score.statement_matches}
    assert by_gold["S03"].statement_id == "st_S03"
    assert "P=1.000 R=1.000" in format_seeds_report(score)


def test_missing_statement_lowers_recall(gold):
    marts = perfect_marts(gold)
    marts["statements"] = marts["statements"][
        ~marts["statements"].statement_id.isin(["st_S02", "st_S03"])
    ]
    score = score_seeds(marts, gold)
    assert score.recall == pytest.approx(38 / 40)
    assert score.precision == 1.0
    assert score.f1 == pytest.approx(2 * (38 / 40) / (1 + 38 / 40))
    assert score.missing_required == ["S02", "S03"]
    assert score.missing_direct == ["S03"]
    assert score.statement_matches[1].statement_id is None
    report = format_seeds_report(score)
    assert "missing required: S02, S03" in report
    assert "missing direct quotes: S03" in report


def test_duplicate_row_from_copy_lowers_precision(gold):
    marts = perfect_marts(gold)
    s02 = marts["statements"][marts["statements"].statement_id == "st_S02"].iloc[0].to_dict()
    s02["statement_id"] = "st_S02_copy"
    marts["statements"] = _add_rows(marts["statements"], [s02])
    marts["statement_sources"] = _add_rows(
        marts["statement_sources"],
        [{"statement_id": "st_S02_copy", "document_id": "doc001", "char_start": 0, "char_end": 9}],
    )
    score = score_seeds(marts, gold)
    assert score.precision == pytest.approx(40 / 41)
    assert score.recall == 1.0
    assert score.rows_duplicate == 1
    assert score.counted_twice == ["S02"]
    assert [u.statement_id for u in score.unmatched_rows] == ["st_S02_copy"]
    assert score.unmatched_rows[0].reason == "duplicate"
    assert "counted twice: S02" in format_seeds_report(score)


def test_statement_sourced_from_the_copy_still_matches(gold):
    marts = perfect_marts(gold)
    src = marts["statement_sources"]
    src.loc[src.statement_id == "st_S04", "document_id"] = "doc001"
    score = score_seeds(marts, gold)
    assert score.recall == 1.0 and score.precision == 1.0
    # ... but not when the copy is not recognised as one
    docs = marts["documents"]
    docs.loc[docs.document_id == "doc001", "duplicate_of"] = None
    score = score_seeds(marts, gold)
    assert score.missing_required == ["S04"]
    assert score.rows_false_positive == 1
    assert not score.documents_ok
    check = {d.file: d for d in score.documents}["001"]
    assert not check.duplicate_ok and check.duplicate_expected == "000"


def test_false_positive_and_optional_rows(gold):
    marts = perfect_marts(gold)
    peskov = marts["speakers"].set_index("name").loc["Dmitry Peskov", "speaker_id"]
    marts["statements"] = _add_rows(
        marts["statements"],
        [
            {"statement_id": "st_fp", "speaker_id": peskov, "event_id": None,
             "text": "Something nobody annotated.", "quote_type": "direct", "cue": "said"},
            # a second row for an optional entry is left out of precision
            {"statement_id": "st_S10_bis", "speaker_id": peskov, "event_id": None,
             "text": "They will not tolerate any more of it.", "quote_type": "indirect", "cue": "claims"},
        ],
    )
    marts["statement_sources"] = _add_rows(
        marts["statement_sources"],
        [
            {"statement_id": "st_fp", "document_id": "doc002", "char_start": 0, "char_end": 1},
            {"statement_id": "st_S10_bis", "document_id": "doc002", "char_start": 0, "char_end": 1},
        ],
    )
    score = score_seeds(marts, gold)
    assert score.precision == pytest.approx(40 / 41)
    assert score.rows_false_positive == 1
    assert score.rows_optional == 9
    assert score.counted_twice == ["S10"]
    assert [u.statement_id for u in score.unmatched_rows] == ["st_fp"]


def test_wrong_speaker_or_type(gold):
    marts = perfect_marts(gold)
    st = marts["statements"]
    lavrov = marts["speakers"].set_index("name").loc["Sergei Lavrov", "speaker_id"]
    st.loc[st.statement_id == "st_S23", "speaker_id"] = lavrov  # Antonov's words given to Lavrov
    st.loc[st.statement_id == "st_S03", "quote_type"] = "indirect"
    score = score_seeds(marts, gold)
    assert score.missing_required == ["S23"]
    assert score.rows_false_positive == 1
    assert score.type_accuracy == pytest.approx(38 / 39)
    assert score.type_errors == ["S03"]


def test_accept_names_and_aliases(gold):
    marts = perfect_marts(gold)
    sp = marts["speakers"]
    idx = sp.index[sp.name == "Zakaria"][0]
    sp.at[idx, "name"] = "Fareed Zakaria"
    sp.at[idx, "aliases"] = []
    idx = sp.index[sp.name == "Maria Zakharova"][0]
    sp.at[idx, "name"] = "M. Zakharova"
    sp.at[idx, "aliases"] = ["Maria  Zakharova"]
    score = score_seeds(marts, gold)
    assert score.recall == 1.0 and score.precision == 1.0
    assert score.missing_speakers == []
    assert score.events_matched == 7


def test_not_speaker_reported(gold):
    marts = perfect_marts(gold)
    marts["speakers"] = _add_rows(
        marts["speakers"],
        [
            {"speaker_id": "sp_putin", "name": "Vladimir Putin", "kind": "person", "aliases": []},
            {"speaker_id": "sp_credit", "name": "L. Downing", "kind": "person", "aliases": ["Larry Downing"]},
        ],
    )
    score = score_seeds(marts, gold)
    assert score.not_speakers_present == ["Vladimir Putin", "Larry Downing"]
    assert not score.speakers_ok
    assert score.precision == 1.0  # speakers rows alone do not touch statements
    assert "should not be speakers: Vladimir Putin, Larry Downing" in format_seeds_report(score)


def test_missing_speaker_and_wrong_kind(gold):
    marts = perfect_marts(gold)
    sp = marts["speakers"]
    sp.loc[sp.name == "Sergey Ryabkov", "kind"] = "organization"
    marts["speakers"] = sp[sp.name != "Anatoly Antonov"]
    score = score_seeds(marts, gold)
    assert score.missing_speakers == ["Anatoly Antonov"]
    assert score.speakers_wrong_kind == ["Sergey Ryabkov"]
    assert score.missing_events == ["E4"]


def test_guessed_date_for_e3_not_matched(gold):
    marts = perfect_marts(gold)
    ev = marts["events"]
    ev.loc[ev.event_id == "ev_E3", "event_date"] = dt.date(2021, 12, 5)
    ev.loc[ev.event_id == "ev_E3", "date_precision"] = "day"
    score = score_seeds(marts, gold)
    assert score.missing_events == ["E3"]
    assert (score.events_matched, score.events_total) == (6, 7)
    e3 = {e.gold_id: e for e in score.events}["E3"]
    assert not e3.matched and any("2021-12-05" in n for n in e3.near_misses)
    assert "missing E3" in format_seeds_report(score)


def test_event_rules(gold):
    # month precision: 2021-10-01 with precision "day" is not E9's "2021-10"
    marts = perfect_marts(gold)
    ev = marts["events"]
    ev.loc[ev.event_id == "ev_E9", "date_precision"] = "day"
    assert not {e.gold_id: e for e in score_seeds(marts, gold).events}["E9"].matched
    # one row cannot stand for two gold events (E7 and E8 share type, date, speaker)
    marts = perfect_marts(gold)
    marts["events"] = marts["events"][marts["events"].event_id != "ev_E8"]
    st = marts["statements"]
    st.loc[st.event_id == "ev_E8", "event_id"] = "ev_E7"
    marts["event_participants"] = marts["event_participants"][
        marts["event_participants"].event_id != "ev_E8"
    ]
    score = score_seeds(marts, gold)
    assert score.events_matched == 6 and len(score.missing_events) == 1
    # a speaker linked only through statements.event_id is enough
    marts = perfect_marts(gold)
    marts["event_participants"] = marts["event_participants"].iloc[0:0]
    assert score_seeds(marts, gold).events_matched == 7
    # ... but not with no link at all
    marts["statements"]["event_id"] = None
    assert score_seeds(marts, gold).events_matched == 0


def test_stoltenberg_split_reported(gold):
    marts = perfect_marts(gold)
    marts["speakers"] = _add_rows(
        marts["speakers"],
        [{"speaker_id": "sp_js2", "name": "Jens Stoltenberg", "kind": "person", "aliases": []}],
    )
    st = marts["statements"]
    st.loc[st.statement_id.isin(["st_S42", "st_S43"]), "speaker_id"] = "sp_js2"
    score = score_seeds(marts, gold)
    assert score.split_speakers == {"Jens Stoltenberg": 2}
    assert score.multi_file_speaker_rows["Jens Stoltenberg"] == 2
    assert score.precision == 1.0 and score.recall == 1.0
    assert "Jens Stoltenberg: 2 rows (expected 1)" in format_seeds_report(score)


def test_document_fields(gold):
    marts = perfect_marts(gold)
    docs = marts["documents"]
    docs.loc[docs.document_id == "doc000", "outlet"] = "rt"  # case folded: still right
    docs.loc[docs.document_id == "doc002", "title"] = "Kremlin identifies 'red line' in NATO-Russia relations"
    docs.loc[docs.document_id == "doc004", "published_date"] = dt.date(2021, 11, 15)
    docs.loc[docs.document_id == "doc003", "published_date"] = dt.date(2022, 1, 16)  # gold: unknown
    docs.loc[docs.document_id == "doc001", "outlet"] = "RT"  # a copy may inherit
    score = score_seeds(marts, gold)
    bad = {d.file: d.mismatches for d in score.documents if not d.ok}
    assert bad == {
        "004": {"published": ("2021-11-14", "2021-11-15")},
        "003": {"published": (None, "2022-01-16")},
    }


def test_load_marts_roundtrip(gold, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    marts = perfect_marts(gold)
    db = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema marts")
    for name, df in marts.items():
        con.register("frame", df)
        if name == "speakers":
            con.execute(
                "create table marts.speakers as select * replace "
                "(cast(aliases as varchar[]) as aliases) from frame"
            )
        elif name == "documents":
            con.execute(
                "create table marts.documents as select * replace "
                "(cast(published_date as date) as published_date) from frame"
            )
        elif name == "events":
            con.execute(
                "create table marts.events as select * replace "
                "(cast(event_date as date) as event_date) from frame"
            )
        else:
            con.execute(f"create table marts.{name} as select * from frame")
        con.unregister("frame")
    con.close()
    loaded = load_marts(db)
    assert set(loaded) == set(MART_COLUMNS)
    assert len(loaded["statements"]) == 48
    score = score_seeds(loaded, gold)
    assert score.perfect, format_seeds_report(score)


def test_load_marts_missing_tables(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    db = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema marts")
    con.close()
    loaded = load_marts(db)
    assert all(len(df) == 0 for df in loaded.values())
    score = score_seeds(loaded, load_gold(GOLD_PATH))
    assert score.recall == 0.0 and score.precision == 0.0
    assert score.events_matched == 0
    assert not score.documents_ok


def test_gold_strings_not_in_scorer_code():
    code = (Path(__file__).resolve().parents[1] / "quote_warehouse" / "evaluation").glob("*.py")
    text = "\n".join(p.read_text(encoding="utf-8") for p in code)
    for needle in ("Stoltenberg", "Zakharova", "Peskov", "2ed485fcecc47115", "red line"):
        assert needle not in text


# =========================================================================== PolNeAR


def test_speech_cue_lexicon():
    for cue in ["said", "says", "told reporters", "went on to say", "according to", "added",
                "warned", "stated", "wrote", "explained", "noted", "claimed", "argued",
                "insisted", "asked", "announced", "declared", "suggested", "stressed",
                "pointed out", "said in a statement", "tweeted", "replied", "denied", "Said:"]:
        assert pn.is_speech_cue(cue), cue
    for cue in ["believes", "thinks", "wants", "shows", "found", "has learned", ":", "\u2015",
                "seems", "hopes", "know", ""]:
        assert not pn.is_speech_cue(cue), cue
    assert "say" in pn.lemma_candidates("saying")
    assert "note" in pn.lemma_candidates("noted")
    assert "admit" in pn.lemma_candidates("admitted")
    assert "reply" in pn.lemma_candidates("replies")


def test_has_quotation():
    assert pn.has_quotation('he was \u201cdone\u201d')
    assert pn.has_quotation('"done"')
    assert pn.has_quotation("called it ''total crap''")
    assert not pn.has_quotation("it\u2019s done")


def _write_tiny_split(root: Path) -> Path:
    text = (
        "Title.\n\n"
        "Trump said \u201cwe will win big.\u201d He added that polls were wrong.\n\n"
        "Experts believe the race is close."
    )
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "doc-a.txt").write_text(text, encoding="utf-8")

    def span(sub: str) -> tuple[int, int]:
        a = text.index(sub)
        return a, a + len(sub)

    s1, c1, k1 = span("Trump"), span("said"), span("\u201cwe will win big.\u201d")
    s2, c2, k2 = span("He"), span("added"), span("that polls were wrong")
    c3, k3 = span("believe"), span("the race is close")
    k3b = span("Experts")
    ann = "\n".join(
        [
            f"T1\tSource {s1[0]} {s1[1]}\tTrump",
            f"T2\tCue {c1[0]} {c1[1]}\tsaid",
            f"T3\tContent {k1[0]} {k1[1]}\tx",
            f"T4\tAttribution {c1[0]} {c1[1]}\tsaid",
            "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
            f"T5\tSource {s2[0]} {s2[1]}\tHe",
            f"T6\tCue {c2[0]} {c2[1]}\tadded",
            f"T7\tContent {k2[0]} {k2[1]}\tx",
            f"T8\tAttribution {c2[0]} {c2[1]}\tadded",
            "E2\tAttribution:T8 Cue:T6 Content:T7 Source:T5",
            f"T9\tCue {c3[0]} {c3[1]}\tbelieve",
            f"T10\tContent {k3[0]} {k3[1]};{k3b[0]} {k3b[1]}\tx",
            f"T11\tAttribution-no-source {c3[0]} {c3[1]}\tbelieve",
            "E3\tAttribution-no-source:T11 Cue:T9 Content:T10",
            "E4\tAttribution-no-source:T11 ",
            "#1\tAnnotatorNotes T3\tnote",
        ]
    )
    (root / "attributions" / "doc-a_ef2d.ann").write_text(ann, encoding="utf-8")
    (root / "attributions" / "doc-a_4e07.ann").write_text(ann, encoding="utf-8")
    # a higher-id annotator whose file differs must be ignored
    (root / "attributions" / "doc-a_5fec.ann").write_text("", encoding="utf-8")
    return root


def test_polnear_loader_and_scoring_on_tiny_split(tmp_path):
    split = _write_tiny_split(tmp_path / "dev")
    gold = pn.load_polnear_gold(split)
    texts = pn.load_polnear_texts(split)
    attrs = gold["doc-a"]
    assert [a.ann_id for a in attrs] == ["E1", "E2", "E3"]  # E4 has no content
    assert {a.annotator for a in attrs} == {"4e07"}
    assert [a.has_quote for a in attrs] == [True, False, False]
    assert [a.is_speech for a in attrs] == [True, True, False]
    assert attrs[2].source_text is None and len(attrs[2].content_spans) == 2
    assert pn.gold_resolved_sources(attrs) == ["Trump", "Trump", None]

    def pred(a, speaker, qt="indirect", spans=None):
        return pn.PredictedAttribution(a.doc_id, spans or a.content_spans, speaker, qt)

    a1, a2, a3 = attrs
    preds = [
        pred(a1, "Donald Trump", "direct"),
        pred(a2, "Hillary Clinton"),  # wrong speaker for the pronoun
        pred(a3, "Someone"),  # a belief: ignored for SPEECH, not resolvable
        pn.PredictedAttribution("doc-a", ((0, 6),), "X", "direct"),  # the title: FP
        pn.PredictedAttribution("other-doc", ((0, 6),), "X", "direct"),  # no gold: ignored
    ]
    s = pn.score_polnear(gold, preds, texts=texts)
    assert (s.quote.tp, s.quote.tp_predicted, s.quote.fp, s.quote.fn) == (1, 1, 1, 0)
    assert s.quote.precision == 0.5 and s.quote.recall == 1.0
    assert (s.speech.tp, s.speech.fp, s.speech.fn, s.speech.ignored) == (2, 1, 0, 1)
    assert s.speech.precision == pytest.approx(2 / 3)
    assert (s.speaker_correct, s.speaker_total) == (1, 2)
    assert s.predicted_outside_gold_docs == 1
    # half of the quote's tokens only: overlap 2/4 = 0.5 matches, 1/4 does not
    k = a1.content_spans[0]
    text = texts["doc-a"]
    half = (k[0], text.index("win"))
    s = pn.score_polnear(gold, [pred(a1, "Trump", "direct", (half,))], texts=texts)
    assert s.quote.tp == 1
    s = pn.score_polnear(gold, [pred(a1, "Trump", "direct", ((k[0], k[0] + 4),))], texts=texts)
    assert s.quote.tp == 0 and s.quote.fp == 1
    # a prediction swallowing the whole paragraph does not match the short content
    para = (text.index("Trump"), text.index("wrong") + 5)
    s = pn.score_polnear(gold, [pred(a2, "Trump", "indirect", (para,))], texts=texts)
    assert s.speech.tp == 0 and s.speech.fp == 1


@pytest.fixture(scope="module")
def polnear_dev():
    split = POLNEAR_DIR / "dev"
    if not (split / "attributions").is_dir() or not (split / "text").is_dir():
        pytest.skip(f"PolNeAR corpus absent: {split} (see shared/corpus/README.md)")
    return pn.load_polnear_gold(split), pn.load_polnear_texts(split)


def test_polnear_dev_counts(polnear_dev):
    gold, texts = polnear_dev
    attrs = [a for v in gold.values() for a in v]
    assert len(gold) > 50
    assert len(attrs) > 1000
    assert set(gold) <= set(texts)
    n_quote = sum(a.has_quote for a in attrs)
    n_speech = sum(a.is_speech for a in attrs)
    assert n_quote > 100
    assert len(attrs) * 0.3 < n_speech < len(attrs) * 0.9
    said = sum(a.cue_text.casefold() == "said" for a in attrs)
    assert said < n_speech  # "only about a fifth of its cues are 'said'"
    for a in attrs[:200]:
        for x, y in a.content_spans:
            assert 0 <= x < y <= len(texts[a.doc_id])


def _gold_as_prediction(gold):
    preds = []
    for doc_id, attrs in gold.items():
        for a, speaker in zip(attrs, pn.gold_resolved_sources(attrs)):
            preds.append(
                pn.PredictedAttribution(
                    doc_id, a.content_spans, speaker, "direct" if a.has_quote else "indirect"
                )
            )
    return preds


def test_polnear_gold_as_prediction_is_perfect(polnear_dev):
    gold, texts = polnear_dev
    s = pn.score_polnear(gold, _gold_as_prediction(gold), texts=texts)
    assert s.quote.f1 == 1.0 and s.speech.f1 == 1.0 and s.all.f1 == 1.0
    assert s.speaker_accuracy == 1.0
    assert s.speaker_total > 0.5 * s.n_gold
    assert s.n_docs == len(gold)
    # without texts (character overlap) too
    s2 = pn.score_polnear(gold, _gold_as_prediction(gold))
    assert s2.quote.f1 == 1.0 and s2.speech.f1 == 1.0
    report = pn.format_polnear_report(s)
    assert "QUOTE" in report and "SPEECH" in report and "speaker accuracy: 1.000" in report


def test_polnear_unresolved_pronoun_is_wrong(polnear_dev):
    gold, texts = polnear_dev
    # predicting the literal source text: named sources right, bare pronouns not
    preds = [
        pn.PredictedAttribution(d, a.content_spans, a.source_text, "indirect")
        for d, attrs in gold.items()
        for a in attrs
    ]
    s = pn.score_polnear(gold, preds, texts=texts)
    assert s.speech.f1 == 1.0
    assert 0.5 < s.speaker_accuracy < 1.0


def test_polnear_empty_prediction(polnear_dev):
    gold, texts = polnear_dev
    s = pn.score_polnear(gold, [], texts=texts)
    assert s.quote.recall == 0.0 and s.speech.recall == 0.0
    assert s.quote.fn == s.quote.gold > 0
    assert s.speech.precision == 0.0 and s.speech.f1 == 0.0
    assert s.speaker_accuracy is None

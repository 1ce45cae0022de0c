"""PolNeAR scored from the marts: clean -> raw offset mapping, predictions read
from a warehouse, and a real small build of PolNeAR dev articles.

The build test needs the shared corpus (``../shared/corpus`` beside the repo,
or ``SHARED_CORPUS``); it skips with the reason when the corpus is absent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quote_warehouse.evaluation import polnear as pn
from quote_warehouse.evaluation.offsets import (
    EXACT,
    INEXACT,
    UNMAPPED,
    align_clean_to_raw,
    map_span,
    same_modulo_whitespace,
)
from quote_warehouse.evaluation.polnear_warehouse import (
    doc_id_for_file,
    evaluate_polnear_warehouse,
    format_polnear_warehouse_report,
    load_marts_predictions,
)
from tests.conftest import SHARED_CORPUS

POLNEAR_DEV = SHARED_CORPUS / "polnear" / "dev"

# Dev articles the cleaner changes beyond whitespace (a zero-width space, a
# dropped repeated paragraph, an NFC change), one with a statement repeated
# in the same document; the first is also landed again as a near copy.
SAMPLE = (
    "huff-post_2016-10-07_frustrated-parents-rally-nationw",
    "west-journal_2016-09-30_new-poll-shows-minor-post-debate",
    "usa-today_2016-10-03_my-father-would-have-loved-trump",
    "huff-post_2016-10-07_ava-duvernay-s-th-explores-the-e",
)
COPY = "copy-of-" + SAMPLE[0]


def _span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


# =========================================================================== offset mapping


def test_identical_text_maps_to_itself():
    text = "Title\n\nHe said “yes.”"
    al = align_clean_to_raw(text, text)
    assert al.to_raw == list(range(len(text)))
    assert map_span(al, 9, len(text)).raw == (9, len(text))


def test_mapping_across_a_dropped_line():
    raw = (
        "Headline\n\n"
        "Read more: another story nobody said anything in\n\n"
        "Trump said “we will win big” on Monday.\n\n"
        "Clinton said “we will win big” too.\n"
    )
    clean = "Headline\n\nTrump said “we will win big” on Monday.\n\nClinton said “we will win big” too."
    al = align_clean_to_raw(clean, raw)
    # the second, identical quote maps to the second one in the raw text, not the first
    for occurrence in (0, 1):
        start = clean.index("we will win big", clean.index("said") if occurrence == 0 else clean.index("Clinton"))
        m = map_span(al, start, start + len("we will win big"))
        assert m.status == EXACT
        anchor = "Trump" if occurrence == 0 else "Clinton"
        assert m.raw[0] == raw.index("we will win big", raw.index(anchor))
        assert raw[m.raw[0] : m.raw[1]] == "we will win big"


def test_mapping_across_a_joined_hard_wrap():
    raw = "Title\n\nThe senator said the long-\nterm plan was\n   “a disaster for\nevery family.”\n"
    clean = "Title\n\nThe senator said the long-term plan was “a disaster for every family.”"
    al = align_clean_to_raw(clean, raw)
    for needle, raw_needle in (
        ("the long-term plan was", "the long-\nterm plan was"),
        ("a disaster for every family.", "a disaster for\nevery family."),
    ):
        m = map_span(al, *_span(clean, needle))
        assert m.status == EXACT
        assert raw[m.raw[0] : m.raw[1]] == raw_needle
        assert same_modulo_whitespace(raw[m.raw[0] : m.raw[1]], needle)


def test_mapping_with_invisible_characters_and_spaces():
    raw = "Title\r\n\r\nShe said\u00a0the plan was \u200bcombined  with   others.\r\n"
    clean = "Title\n\nShe said the plan was combined with others."
    al = align_clean_to_raw(clean, raw)
    m = map_span(al, *_span(clean, "the plan was combined with others."))
    assert m.status == EXACT
    assert raw[m.raw[0] : m.raw[1]] == "the plan was \u200bcombined  with   others."
    assert al.mapped_share == 1.0


def test_real_cleaner_output_maps_back():
    from quote_warehouse.text.clean import clean_article

    raw = (
        "Senator warns on budget\n\n"
        "Photo: John Smith/Getty Images\n\n"
        "The senator said on Monday that the budget plan was a\n"
        "disaster for every family in the state, and that she\n"
        "would vote against it.\n\n"
        "“We cannot accept this,” she told reporters.\n"
    )
    clean = clean_article(raw).text
    al = align_clean_to_raw(clean, raw)
    for needle in ("the budget plan was a disaster for every family in the state",
                   "We cannot accept this,"):
        assert needle in clean
        m = map_span(al, *_span(clean, needle))
        assert m.status == EXACT, (needle, m)
        assert same_modulo_whitespace(raw[m.raw[0] : m.raw[1]], needle)


def test_text_only_in_clean_is_unmapped_and_changed_text_inexact():
    raw = "Title\n\nHe said ?dire consequences? would follow.\n"
    clean = "Title\n\nHe said “dire consequences” would follow.\n\nAn added line."
    al = align_clean_to_raw(clean, raw)
    assert map_span(al, *_span(clean, "An added line.")).status == UNMAPPED
    m = map_span(al, *_span(clean, "“dire consequences”"))
    assert m.status == INEXACT
    assert raw[m.raw[0] : m.raw[1]] == "?dire consequences?"
    m = map_span(al, *_span(clean, "dire consequences"))
    assert m.status == EXACT


def test_doc_id_for_file():
    assert doc_id_for_file("nyt_2016-09-01_foo.txt") == "nyt_2016-09-01_foo"
    assert doc_id_for_file("sub/dir/nyt_2016-09-01_foo.txt") == "nyt_2016-09-01_foo"


# =========================================================================== predictions from marts


def _hand_made_warehouse(path: Path, docs: dict[str, tuple[str, str]], sources, rejected=()):
    """docs: file_name -> (raw_text, clean_text); sources: rows of
    (file_name, statement_id, part_index, clean_start, clean_end, quote_type, speaker)."""
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("create schema raw; create schema marts")
    con.execute("create table raw.raw_files (sha256 varchar, raw_text varchar)")
    con.execute("create table marts.documents (document_id varchar, file_name varchar, "
                "duplicate_of varchar, clean_text varchar, sha256 varchar)")
    con.execute("create table marts.statements (statement_id varchar, speaker_id varchar, quote_type varchar)")
    con.execute("create table marts.speakers (speaker_id varchar, name varchar)")
    con.execute("create table marts.statement_sources (statement_id varchar, document_id varchar, "
                "part_index integer, char_start integer, char_end integer)")
    con.execute("create table marts.rejected_files (file_name varchar)")
    ids = {name: f"d{i}" for i, name in enumerate(docs)}
    for name, (raw, clean) in docs.items():
        con.execute("insert into raw.raw_files values (?, ?)", [ids[name], raw])
        dup = ids[next(iter(docs))] if name.startswith("copy") else None
        con.execute("insert into marts.documents values (?, ?, ?, ?, ?)", [ids[name], name, dup, clean, ids[name]])
    seen = set()
    for name, sid, part, a, b, qt, speaker in sources:
        if sid not in seen:
            seen.add(sid)
            con.execute("insert into marts.statements values (?, ?, ?)", [sid, "sp-" + speaker, qt])
            con.execute("insert into marts.speakers select ?, ? where not exists "
                        "(select 1 from marts.speakers where speaker_id = ?)", ["sp-" + speaker, speaker, "sp-" + speaker])
        con.execute("insert into marts.statement_sources values (?, ?, ?, ?, ?)", [sid, ids[name], part, a, b])
    for name in rejected:
        con.execute("insert into marts.rejected_files values (?)", [name])
    con.close()


def test_predictions_from_hand_made_marts(tmp_path):
    raw = "Title\n\n“We will win,” Trump said. “Believe me.”\n\nLater he said: “We will win,”\n\nJunk line\n"
    clean = "Title\n\n“We will win,” Trump said. “Believe me.”\n\nLater he said: “We will win,”\n\nClean-only text."
    first = _span(clean, "We will win,")
    second = (clean.index("We will win,", first[1]), clean.index("We will win,", first[1]) + 12)
    believe = _span(clean, "Believe me.")
    clean_only = _span(clean, "Clean-only text.")
    sources = []
    for f in ("a.txt", "copy-a.txt"):
        sources += [
            (f, "s1", 0, *first, "direct", "Donald Trump"),
            (f, "s1", 1, *believe, "direct", "Donald Trump"),
            (f, "s1", 0, *second, "direct", "Donald Trump"),  # the same statement again
        ]
    sources.append(("a.txt", "s2", 0, *clean_only, "indirect", "Nobody"))
    db = tmp_path / "wh.duckdb"
    _hand_made_warehouse(db, {"a.txt": (raw, clean), "copy-a.txt": (raw, clean)}, sources,
                         rejected=["b.txt"])
    preds, stats, landed = load_marts_predictions(db)
    assert landed == {"a", "copy-a", "b"}
    assert stats.documents == 2 and stats.duplicate_documents == 1
    assert stats.duplicate_documents_with_predictions == 1
    assert stats.statements == 2
    assert stats.predictions == 5  # s1 twice in each document, s2 once
    assert (stats.parts, stats.exact, stats.inexact, stats.unmapped) == (7, 6, 0, 1)
    assert stats.predictions_without_span == 1
    by_doc = {}
    for p in preds:
        by_doc.setdefault(p.doc_id, []).append(p)
    assert sorted(p.content_spans for p in by_doc["a"] if p.content_spans) == sorted(
        p.content_spans for p in by_doc["copy-a"]
    )
    split = [p for p in by_doc["a"] if len(p.content_spans) == 2]
    assert len(split) == 1
    assert [raw[a:b] for a, b in split[0].content_spans] == ["We will win,", "Believe me."]
    assert split[0].speaker == "Donald Trump" and split[0].quote_type == "direct"
    single = [p for p in by_doc["a"] if len(p.content_spans) == 1]
    assert [raw[a:b] for p in single for a, b in p.content_spans] == ["We will win,"]
    assert single[0].content_spans[0][0] == raw.index("We will win,", raw.index("Later"))


def _one_article_split(tmp_path: Path, text: str, ann: str) -> Path:
    """A PolNeAR-shaped split folder holding one article, `doc-a`, and its brat file."""
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "doc-a.txt").write_text(text, encoding="utf-8")
    (split / "attributions" / "doc-a_1.ann").write_text(ann, encoding="utf-8")
    return split


def test_evaluate_refuses_a_warehouse_without_the_split(tmp_path):
    text = "Title\n\nTrump said he would win.\n"
    split = _one_article_split(tmp_path, text, (
        "T1\tSource 7 12\tTrump\nT2\tCue 13 17\tsaid\nT3\tContent 18 32\the would win.\n"
        "T4\tAttribution 7 32\tx\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"))
    db = tmp_path / "wh.duckdb"
    _hand_made_warehouse(db, {"other.txt": (text, text)}, [])
    with pytest.raises(ValueError, match="holds no document"):
        evaluate_polnear_warehouse(db, split)
    db2 = tmp_path / "wh2.duckdb"
    s = _span(text, "he would win")
    _hand_made_warehouse(db2, {"doc-a.txt": (text, text.strip())},
                         [("doc-a.txt", "s1", 0, *s, "indirect", "Donald Trump")])
    ev = evaluate_polnear_warehouse(db2, split, overlaps=(0.5,))
    score = ev.scores[0.5]
    assert score.speech.f1 == 1.0 and score.speaker_accuracy == 1.0
    report = format_polnear_warehouse_report(ev)
    assert "exact 1, inexact 0, unmapped 0" in report and "SPEECH" in report


def test_cli_evaluate_polnear_errors(tmp_path, capsys, monkeypatch):
    from orchestration.cli import main

    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "missing.duckdb"))
    assert main(["evaluate", "--polnear", str(tmp_path)]) == 2
    assert "build it first" in capsys.readouterr().err
    db = tmp_path / "wh.duckdb"
    _hand_made_warehouse(db, {"a.txt": ("x", "x")}, [])
    monkeypatch.setenv("WAREHOUSE_PATH", str(db))
    assert main(["evaluate", "--polnear", str(tmp_path / "nowhere")]) == 2
    assert "not a PolNeAR split" in capsys.readouterr().err


# =========================================================================== real build


def _extractor_predictions(raw_texts: dict[str, str]) -> list[pn.PredictedAttribution]:
    """What the pipeline's extraction (with the committed model) gives on each
    raw file, offsets mapped back with the same alignment: the reference the
    marts must reproduce."""
    from quote_warehouse.extract.learned import load_model
    from quote_warehouse.learn.train import predictions

    return predictions(raw_texts, load_model())


@pytest.fixture(scope="module")
def polnear_build(tmp_path_factory):
    if not (POLNEAR_DEV / "text").is_dir() or not (POLNEAR_DEV / "attributions").is_dir():
        pytest.skip(f"PolNeAR corpus absent: {POLNEAR_DEV} (set SHARED_CORPUS; see shared/corpus/README.md)")
    from tests.conftest import materialize_all

    base = tmp_path_factory.mktemp("polnear_build")
    landing = base / "landing"
    landing.mkdir()
    for doc in SAMPLE:
        shutil.copy(POLNEAR_DEV / "text" / f"{doc}.txt", landing / f"{doc}.txt")
    # a near copy: same story, other bytes (a trailing blank line)
    (landing / f"{COPY}.txt").write_text(
        (POLNEAR_DEV / "text" / f"{SAMPLE[0]}.txt").read_text(encoding="utf-8") + "\n\n", encoding="utf-8"
    )
    db = base / "warehouse.duckdb"
    result = materialize_all(landing, db)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in landing.iterdir()}
    return result, db, texts


def test_polnear_build_mapping_is_exact(polnear_build):
    import duckdb

    result, db, texts = polnear_build
    assert result.success
    preds, stats, landed = load_marts_predictions(db, texts)
    assert landed == set(SAMPLE) | {COPY}
    assert stats.parts > 20
    assert stats.exact == stats.parts and stats.inexact == 0 and stats.unmapped == 0
    # every part, read straight from the marts, equals its raw slice modulo whitespace
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "select d.file_name, d.clean_text, ss.char_start, ss.char_end from marts.statement_sources ss "
        "join marts.documents d using (document_id)"
    ).fetchall()
    con.close()
    assert len(rows) == stats.parts
    alignments = {}
    for file_name, clean, a, b in rows:
        doc = doc_id_for_file(file_name)
        al = alignments.setdefault(doc, align_clean_to_raw(clean, texts[doc]))
        m = map_span(al, a, b)
        raw_part = texts[doc][m.raw[0] : m.raw[1]]
        assert raw_part.split() == clean[a:b].split() or same_modulo_whitespace(raw_part, clean[a:b])


def test_polnear_build_duplicate_keeps_its_predictions(polnear_build):
    from tests.conftest import read_table

    result, db, texts = polnear_build
    docs = read_table(db, "select file_name, duplicate_of from marts.documents")
    dup = dict(zip(docs.file_name, docs.duplicate_of))
    assert dup[f"{COPY}.txt"] is not None or dup[f"{SAMPLE[0]}.txt"] is not None
    preds, stats, _ = load_marts_predictions(db, texts)
    assert stats.duplicate_documents == 1 and stats.duplicate_documents_with_predictions == 1
    original = sorted((p.content_spans, p.quote_type) for p in preds if p.doc_id == SAMPLE[0])
    copy = sorted((p.content_spans, p.quote_type) for p in preds if p.doc_id == COPY)
    assert original and original == copy


def test_polnear_build_scores_equal_the_extractor_output(polnear_build):
    result, db, texts = polnear_build
    ev = evaluate_polnear_warehouse(db, POLNEAR_DEV, overlaps=(0.5, 0.8))
    assert ev.scored_documents == len(SAMPLE)
    assert len(ev.not_landed) > 50  # the rest of dev was not built: left out, and said so
    gold = {d: a for d, a in pn.load_polnear_gold(POLNEAR_DEV).items() if d in SAMPLE}
    sample_texts = {d: texts[d] for d in SAMPLE}
    reference = _extractor_predictions(sample_texts)
    marts_preds, _, _ = load_marts_predictions(db, texts)
    marts_preds = [p for p in marts_preds if p.doc_id in SAMPLE]
    assert sorted((p.doc_id, p.content_spans, p.quote_type) for p in marts_preds) == sorted(
        (p.doc_id, p.content_spans, p.quote_type) for p in reference
    )
    for ov in (0.5, 0.8):
        got = ev.scores[ov]
        want = pn.score_polnear(gold, reference, overlap=ov, texts=sample_texts)
        for name in ("quote", "speech", "all"):
            g, w = getattr(got, name), getattr(want, name)
            assert (g.gold, g.tp, g.tp_predicted, g.fp, g.ignored) == (w.gold, w.tp, w.tp_predicted, w.fp, w.ignored)
        assert got.speaker_total == want.speaker_total
        assert got.speech.gold > 0 and got.speech.tp > 0
    # the copy's predictions are outside the gold documents: ignored, and counted
    assert ev.scores[0.5].predicted_outside_gold_docs > 0
    report = format_polnear_warehouse_report(ev)
    assert "--- overlap 0.5" in report and "--- overlap 0.8" in report and "missed" in report


def test_report_lists_misses_false_positives_and_types(tmp_path):
    text = "Title\n\nTrump said he would win. “We lost,” Clinton told reporters. The sky is blue.\n"
    s1, c1, k1 = _span(text, "Trump"), _span(text, "said"), _span(text, "he would win")
    s2, c2, k2 = _span(text, "Clinton"), _span(text, "told reporters"), _span(text, "“We lost,”")
    lines = []
    for i, (s, c, k) in enumerate(((s1, c1, k1), (s2, c2, k2))):
        lines += [f"T{3 * i + 1}\tSource {s[0]} {s[1]}\tx", f"T{3 * i + 2}\tCue {c[0]} {c[1]}\tx",
                  f"T{3 * i + 3}\tContent {k[0]} {k[1]}\tx",
                  f"E{i + 1}\tAttribution:T0 Source:T{3 * i + 1} Cue:T{3 * i + 2} Content:T{3 * i + 3}"]
    split = _one_article_split(tmp_path, text, "\n".join(lines) + "\n")
    gold = pn.load_polnear_gold(split)
    texts = pn.load_polnear_texts(split)
    preds = [
        pn.PredictedAttribution("doc-a", (k1,), "Donald Trump", "indirect"),
        pn.PredictedAttribution("doc-a", (_span(text, "The sky is blue"),), "Nobody", "direct"),
    ]
    score = pn.score_polnear(gold, preds, texts=texts)
    assert [a.ann_id for a in score.missed] == ["E2"]
    assert [t for _, t in score.false_positives] == ["The sky is blue"]
    assert score.by_type == {"direct": (1, 0), "indirect": (1, 1)}
    assert score.type_agreement == (1, 1)
    report = pn.format_polnear_report(score)
    assert "missed (gold QUOTE or SPEECH attributions not found): 1" in report
    assert "“We lost,”" in report and "The sky is blue" in report
    assert "direct 0/1 matched" in report and "indirect 1/1 matched" in report
    # the figures alone: no article's text, so a dev split is scored, not read
    figures_only = pn.format_polnear_report(score, max_errors=0)
    assert "missed (gold QUOTE or SPEECH attributions not found): 1" in figures_only
    assert "The sky is blue" not in figures_only and "We lost" not in figures_only
    assert "more" not in figures_only

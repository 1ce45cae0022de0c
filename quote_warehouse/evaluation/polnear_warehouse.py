"""Score a built warehouse against PolNeAR: predictions read from the marts.

The warehouse is built from a PolNeAR split's ``text/`` folder by the real
pipeline (``RAW_DIR=.../polnear/dev/text quote-warehouse build``); this module
reads what the marts say and scores it with :mod:`quote_warehouse.evaluation.polnear`.
The extractor is never called here.

Predictions (:func:`load_marts_predictions`)
    ``marts.statement_sources`` joined to ``marts.statements`` (quote type),
    ``marts.speakers`` (speaker name) and ``marts.documents`` (file name,
    clean text). A document's PolNeAR id is its file name without ``.txt``.
    One prediction per *mention*: per (statement, document), and apart when
    the same statement stands twice in one document (its part indexes start
    again at 0). A document marked ``duplicate_of`` another keeps its own
    sources, so it gets its own predictions.

Offsets
    ``statement_sources`` offsets are into ``documents.clean_text``; gold
    offsets are into the raw ``.txt``. Each part is mapped back with
    :mod:`quote_warehouse.evaluation.offsets` (character alignment of the clean text
    to the raw text). Parts are counted *exact* (the raw slice equals the
    part modulo whitespace), *inexact* (mapped, text differs) or *unmapped*
    (no character found in the raw text: dropped from the prediction; a
    prediction left with no part is kept with no span, so it counts as a
    false positive rather than vanishing).

Documents scored
    Gold documents of the split that reached the warehouse: as a document,
    or as a rejected file (no predictions: all its gold are misses). Gold
    documents that never landed are reported and left out, so a build of a
    few articles scores those articles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from quote_warehouse.evaluation.offsets import EXACT, INEXACT, UNMAPPED, align_clean_to_raw, map_span
from quote_warehouse.evaluation.polnear import (
    PolnearScore,
    PredictedAttribution,
    format_polnear_report,
    load_polnear_gold,
    load_polnear_texts,
    score_polnear,
)

__all__ = [
    "MappingStats",
    "PolnearWarehouseEvaluation",
    "doc_id_for_file",
    "evaluate_polnear_warehouse",
    "format_polnear_warehouse_report",
    "load_marts_predictions",
]


def doc_id_for_file(file_name: str) -> str:
    """PolNeAR document id of a landing file: ``<doc>.txt`` -> ``<doc>``."""
    name = PurePath(str(file_name)).name
    return name[:-4] if name.lower().endswith(".txt") else name


@dataclass
class MappingStats:
    documents: int = 0
    duplicate_documents: int = 0  # documents with duplicate_of set
    duplicate_documents_with_predictions: int = 0
    rejected_files: list[str] = field(default_factory=list)
    statements: int = 0  # distinct statement ids with a source
    predictions: int = 0  # one per statement mention in a document
    parts: int = 0
    exact: int = 0
    inexact: int = 0
    unmapped: int = 0
    predictions_without_span: int = 0
    documents_without_raw_text: list[str] = field(default_factory=list)
    inexact_examples: list[tuple[str, str, str]] = field(default_factory=list)  # doc, clean, raw
    unmapped_examples: list[tuple[str, str]] = field(default_factory=list)  # doc, clean text


def _read_marts(db_path: str | Path) -> dict[str, list[tuple]]:
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = {
            (r[0], r[1])
            for r in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        need = {("marts", t) for t in ("documents", "statements", "statement_sources", "speakers")}
        if not need <= tables:
            missing = ", ".join(f"{s}.{t}" for s, t in sorted(need - tables))
            raise FileNotFoundError(f"{db_path}: not a built warehouse (missing {missing})")
        out = {
            "documents": con.execute(
                """
                select d.document_id, d.file_name, d.duplicate_of, d.clean_text, r.raw_text
                from marts.documents d
                left join raw.raw_files r using (sha256)
                order by d.file_name
                """
                if ("raw", "raw_files") in tables
                else "select document_id, file_name, duplicate_of, clean_text, null "
                "from marts.documents order by file_name"
            ).fetchall(),
            "sources": con.execute(
                """
                select ss.document_id, ss.statement_id, ss.part_index, ss.char_start, ss.char_end,
                       st.quote_type, sp.name
                from marts.statement_sources ss
                join marts.statements st using (statement_id)
                left join marts.speakers sp using (speaker_id)
                order by ss.document_id, ss.statement_id, ss.char_start, ss.part_index
                """
            ).fetchall(),
            "rejected": (
                con.execute("select file_name from marts.rejected_files").fetchall()
                if ("marts", "rejected_files") in tables
                else []
            ),
        }
        return out
    finally:
        con.close()


def load_marts_predictions(
    db_path: str | Path,
    texts: Mapping[str, str] | None = None,
    max_examples: int = 10,
) -> tuple[list[PredictedAttribution], MappingStats, set[str]]:
    """Predictions of the warehouse with offsets into each document's raw
    text (``texts[doc_id]`` when given, else the warehouse's own
    ``raw.raw_files.raw_text``), the mapping figures, and the doc ids of the
    landing files that reached the warehouse (documents and rejected files).
    """
    rows = _read_marts(db_path)
    stats = MappingStats()
    landed: set[str] = set()
    docs: dict[str, tuple[str, str, str | None]] = {}  # document_id -> (doc_id, clean, raw)
    duplicates: set[str] = set()
    for document_id, file_name, duplicate_of, clean_text, raw_text in rows["documents"]:
        doc_id = doc_id_for_file(file_name)
        landed.add(doc_id)
        raw = texts.get(doc_id) if texts is not None and doc_id in texts else raw_text
        if raw is None:
            stats.documents_without_raw_text.append(file_name)
        docs[document_id] = (doc_id, clean_text or "", raw)
        if duplicate_of is not None:
            duplicates.add(document_id)
    stats.documents = len(docs)
    stats.duplicate_documents = len(duplicates)
    for (file_name,) in rows["rejected"]:
        stats.rejected_files.append(file_name)
        landed.add(doc_id_for_file(file_name))

    # mentions: (document_id, statement_id) -> list of parts; a part_index that
    # does not increase starts another mention of the same statement
    mentions: list[tuple[str, str, str | None, str | None, list[tuple[int, int]]]] = []
    last_key = None
    last_index = -1
    statements: set[str] = set()
    for document_id, statement_id, part_index, start, end, quote_type, speaker in rows["sources"]:
        key = (document_id, statement_id)
        if key != last_key or part_index <= last_index:
            mentions.append((document_id, statement_id, quote_type, speaker, []))
        mentions[-1][4].append((int(start), int(end)))
        last_key, last_index = key, part_index
        statements.add(statement_id)
    stats.statements = len(statements)

    alignments: dict[str, object] = {}
    preds: list[PredictedAttribution] = []
    docs_with_preds: set[str] = set()
    for document_id, _statement_id, quote_type, speaker, parts in mentions:
        if document_id not in docs:
            continue
        doc_id, clean, raw = docs[document_id]
        spans: list[tuple[int, int]] = []
        for start, end in parts:
            stats.parts += 1
            if raw is None:
                stats.unmapped += 1
                continue
            if document_id not in alignments:
                alignments[document_id] = align_clean_to_raw(clean, raw)
            m = map_span(alignments[document_id], start, end)
            if m.status == UNMAPPED:
                stats.unmapped += 1
                if len(stats.unmapped_examples) < max_examples:
                    stats.unmapped_examples.append((doc_id, clean[start:end]))
                continue
            if m.status == EXACT:
                stats.exact += 1
            elif m.status == INEXACT:
                stats.inexact += 1
                if len(stats.inexact_examples) < max_examples:
                    stats.inexact_examples.append((doc_id, clean[start:end], raw[m.raw[0]:m.raw[1]]))
            spans.append(m.raw)
        if not spans:
            stats.predictions_without_span += 1
        preds.append(PredictedAttribution(doc_id, tuple(sorted(spans)), speaker, quote_type))
        docs_with_preds.add(document_id)
    stats.predictions = len(preds)
    stats.duplicate_documents_with_predictions = len(duplicates & docs_with_preds)
    return preds, stats, landed


@dataclass
class PolnearWarehouseEvaluation:
    warehouse: str
    split_dir: str
    stats: MappingStats
    gold_documents: int  # documents of the split with gold
    scored_documents: int  # of those, the ones that reached the warehouse
    not_landed: list[str]  # gold documents not in the warehouse (left out)
    scores: dict[float, PolnearScore]


def evaluate_polnear_warehouse(
    db_path: str | Path,
    split_dir: str | Path,
    overlaps: Sequence[float] = (0.5, 0.8),
) -> PolnearWarehouseEvaluation:
    """Score the marts of ``db_path`` against the PolNeAR split ``split_dir``
    (``.../polnear/dev``) at each overlap threshold."""
    split_dir = Path(split_dir)
    if not (split_dir / "text").is_dir() or not (split_dir / "attributions").is_dir():
        raise FileNotFoundError(f"{split_dir}: not a PolNeAR split (needs text/ and attributions/)")
    gold_all = load_polnear_gold(split_dir)
    texts = load_polnear_texts(split_dir)
    preds, stats, landed = load_marts_predictions(db_path, texts)
    gold = {d: attrs for d, attrs in gold_all.items() if d in landed}
    if not gold:
        raise ValueError(
            f"the warehouse {db_path} holds no document of {split_dir}: build it from "
            f"{split_dir / 'text'} first (make evaluate-polnear does both)"
        )
    scores = {ov: score_polnear(gold, preds, overlap=ov, texts=texts) for ov in overlaps}
    return PolnearWarehouseEvaluation(
        warehouse=str(db_path),
        split_dir=str(split_dir),
        stats=stats,
        gold_documents=len(gold_all),
        scored_documents=len(gold),
        not_landed=sorted(set(gold_all) - landed),
        scores=scores,
    )


def format_polnear_warehouse_report(ev: PolnearWarehouseEvaluation, max_errors: int = 10) -> str:
    s = ev.stats
    lines = [
        f"warehouse: {ev.warehouse}",
        f"gold:      {ev.split_dir} ({ev.gold_documents} documents with gold, "
        f"{ev.scored_documents} in the warehouse and scored)",
        f"documents in the warehouse: {s.documents} ({s.duplicate_documents} marked duplicate_of, "
        f"{s.duplicate_documents_with_predictions} of them with predictions), "
        f"rejected files: {len(s.rejected_files)}",
        f"statements: {s.statements}; predictions (statement x document mention): {s.predictions}",
        f"source parts mapped to raw offsets: {s.parts} parts, exact {s.exact}, "
        f"inexact {s.inexact}, unmapped {s.unmapped} "
        f"({s.predictions_without_span} predictions left without a span, counted as false positives)",
    ]
    if ev.not_landed:
        shown = ", ".join(ev.not_landed[:5]) + (" …" if len(ev.not_landed) > 5 else "")
        lines.append(f"gold documents not in the warehouse (left out): {len(ev.not_landed)}: {shown}")
    if s.documents_without_raw_text:
        lines.append(f"documents without raw text (parts unmapped): {len(s.documents_without_raw_text)}")
    for doc_id, clean in s.unmapped_examples[:max_errors]:
        lines.append(f"  unmapped part in {doc_id}: {clean[:80]!r}")
    for doc_id, clean, raw in s.inexact_examples[:max_errors]:
        lines.append(f"  inexact part in {doc_id}: clean {clean[:60]!r} raw {raw[:60]!r}")
    for ov, score in ev.scores.items():
        lines.append("")
        lines.append(f"--- overlap {ov:g}")
        lines.append(format_polnear_report(score, max_errors=max_errors))
    return "\n".join(lines)



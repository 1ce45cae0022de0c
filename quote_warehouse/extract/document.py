"""One raw article in, the rows of every extract table out.

This is the unit the extract asset maps over: it is pure (same input, same
rows), so ids derive from content and re-running changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from datasketch import MinHash

from quote_warehouse.text.clean import CleanDocument, clean_article
from quote_warehouse.text.dates import parse_publication_date
from quote_warehouse.extract.attribution import find_statements
from quote_warehouse.extract.events import find_events
from quote_warehouse.extract.learned import MODEL_VERSION
from quote_warehouse.landing.html import html_meta, html_to_text

# Bump when extraction rules change: rows record the version that made them.
RULES_VERSION = "2026.12.08-2"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def code_version(root: Path = PACKAGE_ROOT) -> str:
    """A content hash of the code that turns a raw file into rows: the
    extraction rules and word lists, the cleaner and its page templates, the
    HTML reader. With it in the extractor version, changed code re-extracts
    even when nobody bumped `RULES_VERSION` (a build once reported "nothing
    new" over rows made by older rules)."""
    files = sorted(p for p in [*(root / "extract").glob("*"), *(root / "text").glob("*"), root / "landing" / "html.py"]
                   if p.is_file() and p.suffix in (".py", ".csv"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]


# The learned model's content hash and the code's are part of it: a retrained
# model or changed rules re-extract.
EXTRACTOR_VERSION = f"{RULES_VERSION}+m{MODEL_VERSION}+c{code_version()}"
MINHASH_PERMUTATIONS = 128
SHINGLE_WORDS = 5


@dataclass
class DocumentRows:
    document: dict
    statements: list[dict] = field(default_factory=list)
    statement_parts: list[dict] = field(default_factory=list)
    speakers: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    event_participants: list[dict] = field(default_factory=list)


def _description_scope(text: str, statements: list, ent: object) -> str | None:
    """What makes a described speaker one source: the words of their first
    statement. Copies of a story share it (so they share the speaker); two
    stories' "a source close to the campaign" do not."""
    first = next((st for st in statements if st.speaker is ent), None)
    if first is None:
        return None
    words = re.findall(r"\w+", " ".join(text[a:b] for a, b in first.parts).casefold())
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:16]


def document_id_for(sha256: str) -> str:
    """Documents are named by their bytes: the same file always gets the same id."""
    return sha256[:16]


_WORD_RE = re.compile(r"\w+")
# The permutations depend only on the seed: made once, not per article.
_TEMPLATE = MinHash(num_perm=MINHASH_PERMUTATIONS, seed=1)
_SCHEME, _PERMUTATIONS = _TEMPLATE.scheme, _TEMPLATE.permutations
_SHINGLE_BASE = np.uint64(1_000_003)


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the word 5-shingles of the normalised text.

    Each word is hashed once (CRC-32) and a shingle's hash is a polynomial
    of its words' hashes, computed for all shingles at once: hashing every
    shingle string on its own cost more than the rest of the signature.
    """
    words = _WORD_RE.findall(text.casefold())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    word_hashes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    width = min(SHINGLE_WORDS, len(words))
    n = len(words) - width + 1
    hashes = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(width):
            hashes = hashes * _SHINGLE_BASE + word_hashes[k : k + n]
    return np.unique(hashes & np.uint64(0xFFFFFFFF))


def text_signature(text: str) -> list[int]:
    """MinHash of word 5-shingles of the normalised text, for near-duplicate search.

    Layout (line wraps, paragraph breaks), case and punctuation do not count,
    so a PDF copy and a web copy of one story get near-equal signatures.
    """
    mh = MinHash(num_perm=MINHASH_PERMUTATIONS, seed=1, hashfunc=int, permutations=_PERMUTATIONS,
                 scheme=_SCHEME)
    mh.update_batch(shingle_hashes(text).tolist())
    return [int(v) for v in mh.hashvalues]


def clean_raw(raw_text: str, source_format: str) -> CleanDocument:
    """Clean text and header of one raw row, whatever its format."""
    if source_format == "html":
        body, title = html_to_text(raw_text)
        meta = html_meta(raw_text)
        doc = clean_article(body, "html")
        published = doc.published_date or (
            parse_publication_date(meta["published"][:10]) if meta.get("published") else None
        )
        return CleanDocument(
            text=doc.text, body_start=doc.body_start, title=doc.title or title,
            outlet=doc.outlet or meta.get("outlet"), url=doc.url or meta.get("url"),
            published_date=published, published_raw=doc.published_raw or meta.get("published"),
            removed=doc.removed,
        )
    return clean_article(raw_text, source_format)


def extract_document(
    sha256: str,
    file_name: str,
    raw_text: str,
    source_format: str = "txt",
    reference_year: int | None = None,
    clean: CleanDocument | None = None,
) -> DocumentRows:
    """Rows of every extract table for one raw file.

    `clean` may be passed when the caller already cleaned the text (the batch
    cleans first to learn its publication years).
    """
    doc_id = document_id_for(sha256)
    clean = clean or clean_raw(raw_text, source_format)
    text = clean.text
    statements, entities = find_statements(text, clean.body_start)
    events, linked = find_events(text, clean.body_start, statements,
                                 clean.published_date, reference_year)
    rows = DocumentRows(document={
        "document_id": doc_id,
        "sha256": sha256,
        "file_name": file_name,
        "source_format": source_format,
        "title": clean.title,
        "outlet": clean.outlet,
        "url": clean.url,
        "published_date": clean.published_date,
        "published_raw": clean.published_raw,
        "clean_text": text,
        "body_start": clean.body_start,
        "removed_noise": list(clean.removed),
        "signature": text_signature(text[clean.body_start:]),
        "word_count": len(re.findall(r"\w+", text)),
        "extractor_version": EXTRACTOR_VERSION,
    })
    speaker_ids: dict[int, str] = {}
    for ent in entities.entities:
        if not any(st.speaker is ent for st in statements) and not any(
            ent in ev.participants for ev in events
        ):
            continue
        sid = f"{doc_id}:p{ent.key}"
        speaker_ids[ent.key] = sid
        rows.speakers.append({
            "speaker_mention_id": sid,
            "document_id": doc_id,
            "name": ent.name,
            "kind": ent.kind,
            "role": ent.role,
            "organization": ent.organization,
            "country": ent.country,
            "forms": list(ent.forms),
            # named only by a description ("a source close to the campaign"):
            # one speaker within its story, never merged across stories by name
            "is_description": ent.descriptor,
            "scope_key": _description_scope(text, statements, ent) if ent.descriptor else None,
        })
    for ev in events:
        eid = f"{doc_id}:e{ev.key}"
        rows.events.append({
            "event_mention_id": eid,
            "document_id": doc_id,
            "event_type": ev.event_type,
            "event_date": ev.date,
            "date_precision": ev.precision if ev.date else None,
            "outlet": ev.outlet,
            "location": ev.location,
            "char_start": ev.start,
            "char_end": ev.end,
        })
        for p in ev.participants:
            if p.key in speaker_ids:
                rows.event_participants.append({"event_mention_id": eid, "speaker_mention_id": speaker_ids[p.key],
                                                "document_id": doc_id})
    for i, st in enumerate(statements):
        mid = f"{doc_id}:s{i}"
        ev = linked.get(i)
        rows.statements.append({
            "statement_mention_id": mid,
            "document_id": doc_id,
            "speaker_mention_id": speaker_ids[st.speaker.key],
            "event_mention_id": f"{doc_id}:e{ev.key}" if ev is not None else None,
            "text": " ".join(text[a:b] for a, b in st.parts),
            "quote_type": st.quote_type,
            "cue": st.cue,
            "char_start": st.start,
            "char_end": st.end,
        })
        for j, (a, b) in enumerate(st.parts):
            rows.statement_parts.append({
                "statement_mention_id": mid, "document_id": doc_id,
                "part_index": j, "char_start": a, "char_end": b,
            })
    return rows

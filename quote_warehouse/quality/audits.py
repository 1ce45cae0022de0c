"""Audits of the landing folder and the extract tables: facts no dbt test or
GX suite states.

Landing: every file of the folder is a current document
(raw.landing_files), a current rejection (raw.rejected_files), or waiting
because it is still being written, so no file is lost silently; no name is
in both tables.

The staging dbt tests already hold the extract rows to their keys and
relationships (through the staging views), and the GX staging suite to
their completeness. What is left are facts that tie several extract tables
together or to the raw tables, which read best as SQL: each audit is a query
that returns the offending rows, so a failure shows them. The Dagster layer
runs them as blocking asset checks on the extract assets, before staging.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quote_warehouse.extract.document import EXTRACTOR_VERSION
from quote_warehouse.landing.files import display_name, list_landing_files
from quote_warehouse.settings import DEFAULT_LANDING_SETTLE_SECONDS, DEFAULT_LOCK_WAIT_SECONDS, RAW_SCHEMA
from quote_warehouse.store.connection import connect

MAX_EXAMPLES = 5


@dataclass(frozen=True)
class Audit:
    table: str  # the extract table the audit speaks for
    name: str
    why: str
    sql: str  # returns the offending rows
    params: tuple = ()


@dataclass(frozen=True)
class AuditResult:
    audit: Audit
    failing: int
    examples: list[dict] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.failing == 0

    def summary(self) -> str:
        if self.passed:
            return f"{self.audit.name}: passed"
        return f"{self.audit.name}: {self.failing} offending rows, e.g. {self.examples[:3]}"


AUDITS: tuple[Audit, ...] = (
    Audit("documents", "extraction_complete",
          "Every raw file has a document extracted by the current extractor; one without it is a "
          "batch that was lost or failed, and its statements would be missing from the marts.",
          """SELECT r.sha256, r.file_name FROM raw.raw_files AS r
             LEFT JOIN extract.documents AS d ON d.sha256 = r.sha256 AND d.extractor_version = ?
             WHERE d.document_id IS NULL
               AND r.sha256 NOT IN (SELECT sha256 FROM extract.rejected_documents)
             ORDER BY r.file_name""", (EXTRACTOR_VERSION,)),
    Audit("statements", "statement_spans_its_parts",
          "A statement's span runs from its first part's start to its last part's end, and every "
          "statement has a part: statement_sources traces each row back to the text through them.",
          """SELECT s.statement_mention_id, s.char_start, s.char_end, p.first_start, p.last_end
             FROM extract.statements AS s
             LEFT JOIN (SELECT statement_mention_id, min(char_start) AS first_start, max(char_end) AS last_end
                        FROM extract.statement_parts GROUP BY ALL) AS p USING (statement_mention_id)
             WHERE p.first_start IS DISTINCT FROM s.char_start OR p.last_end IS DISTINCT FROM s.char_end
             ORDER BY 1"""),
    Audit("statement_parts", "parts_inside_clean_text",
          "Offsets slice a part out of its document's clean text; a part outside the text, or "
          "empty, is a stale offset from another version of the text.",
          """SELECT p.statement_mention_id, p.part_index, p.char_start, p.char_end, length(d.clean_text) AS text_length
             FROM extract.statement_parts AS p LEFT JOIN extract.documents AS d USING (document_id)
             WHERE d.document_id IS NULL OR p.char_start < 0 OR p.char_end <= p.char_start
                OR p.char_end > length(d.clean_text)
             ORDER BY 1, 2"""),
    Audit("speakers", "speakers_are_used",
          "A speaker mention exists because a statement or an event names it; an orphan would "
          "become a speaker who said nothing (the captions of 002 are the classic case).",
          """SELECT k.speaker_mention_id, k.document_id, k.name FROM extract.speakers AS k
             WHERE NOT EXISTS (SELECT 1 FROM extract.statements AS s WHERE s.speaker_mention_id = k.speaker_mention_id)
               AND NOT EXISTS (SELECT 1 FROM extract.event_participants AS e
                               WHERE e.speaker_mention_id = k.speaker_mention_id)
             ORDER BY 1"""),
    Audit("events", "events_inside_clean_text",
          "An event's span is where the text names the occasion; outside the clean text it cannot "
          "be shown or checked.",
          """SELECT e.event_mention_id, e.char_start, e.char_end, length(d.clean_text) AS text_length
             FROM extract.events AS e LEFT JOIN extract.documents AS d USING (document_id)
             WHERE d.document_id IS NULL OR e.char_start IS NULL OR e.char_start < 0
                OR e.char_end < e.char_start OR e.char_end > length(d.clean_text)
             ORDER BY 1"""),
    Audit("event_participants", "participants_of_their_document",
          "A participant links an event and a speaker mentioned in the same document as the row; "
          "a link across documents would put a speaker at an occasion another article reported.",
          """SELECT p.event_mention_id, p.speaker_mention_id, p.document_id
             FROM extract.event_participants AS p
             LEFT JOIN extract.events AS e USING (event_mention_id)
             LEFT JOIN extract.speakers AS k USING (speaker_mention_id)
             WHERE e.document_id IS DISTINCT FROM p.document_id OR k.document_id IS DISTINCT FROM p.document_id
             ORDER BY 1, 2"""),
    Audit("document_clusters", "one_cluster_per_document",
          "Every document belongs to exactly one near-duplicate cluster whose canonical document "
          "is its own canonical; otherwise copies are counted twice or point at a copy.",
          """SELECT d.document_id, c.canonical_document_id, k.canonical_document_id AS canonical_of_canonical
             FROM extract.documents AS d
             LEFT JOIN extract.document_clusters AS c USING (document_id)
             LEFT JOIN extract.document_clusters AS k ON k.document_id = c.canonical_document_id
             WHERE c.document_id IS NULL OR k.canonical_document_id IS DISTINCT FROM c.canonical_document_id
             UNION ALL
             SELECT c.document_id, c.canonical_document_id, NULL FROM extract.document_clusters AS c
             WHERE c.document_id NOT IN (SELECT document_id FROM extract.documents)
             ORDER BY 1"""),
    Audit("documents", "landing_name_in_one_table",
          "A landing file is a document or a rejection, never both: a name in raw.landing_files and "
          "raw.rejected_files at once (a file emptied, then filled) would be published twice.",
          """SELECT l.file_name, l.sha256, j.reason FROM raw.landing_files AS l
             JOIN raw.rejected_files AS j USING (file_name)
             UNION ALL
             SELECT file_name, NULL, NULL FROM raw.rejected_files GROUP BY file_name HAVING count(*) > 1
             ORDER BY 1"""),
    Audit("rejected_documents", "rejected_contents_were_read",
          "A content rejected after ingest (extract_timeout, extract_failed) is one that ingest read, "
          "with a reason that starts with its code: otherwise its landing names cannot be found and "
          "marts.rejected_files cannot say why.",
          """SELECT r.document_id, r.sha256, r.reason FROM extract.rejected_documents AS r
             WHERE r.sha256 NOT IN (SELECT sha256 FROM raw.raw_files)
                OR NOT regexp_matches(r.reason, '^[a-z_]+: ')
             ORDER BY 1"""),
    Audit("pending_documents", "pending_documents_are_extracted",
          "The marts take in the pending documents next: each must be an extracted document, "
          "with a reason the incremental models know (landing, new, reextracted, cluster).",
          """SELECT p.document_id, p.reason FROM extract.pending_documents AS p
             WHERE p.document_id NOT IN (SELECT document_id FROM extract.documents)
                OR p.reason NOT IN ('landing', 'new', 'reextracted', 'cluster')
             ORDER BY 1"""),
)


def run_audits(db_path: Path, tables: set[str] | None = None,
               lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> list[AuditResult]:
    """Run the audits of `tables` (all when None) on one read-only connection."""
    results = []
    with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
        for audit in AUDITS:
            if tables is not None and audit.table not in tables:
                continue
            cursor = con.execute(audit.sql, list(audit.params))
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            examples = [dict(zip(columns, r)) for r in rows[:MAX_EXAMPLES]]
            results.append(AuditResult(audit, len(rows), examples))
    return results


def unaccounted_landing_files(raw_dir: Path, db_path: Path, listed_at: float | None = None,
                              lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
                              settle_seconds: float = DEFAULT_LANDING_SETTLE_SECONDS) -> list[str]:
    """Landing files (relative names) that are neither a current document
    nor a current rejection (nor waiting: see below).

    With `listed_at` (epoch seconds of the scan ingest worked from), files
    modified or changed (mtime or ctime) after it, or less than
    `settle_seconds` before it, are left out: they landed or were still
    being written during the run and are the next run's work, not a loss.
    """
    raw_dir = Path(raw_dir)
    names = []
    for path in list_landing_files(raw_dir):
        try:
            st = path.lstat()
        except OSError:
            continue  # gone since: nothing to account for
        changed = max(st.st_mtime, st.st_ctime)
        if listed_at is None or changed <= listed_at - settle_seconds:
            names.append(display_name(str(path.relative_to(raw_dir))))
    with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
        known = {n for (n,) in con.execute(
            f"SELECT file_name FROM {RAW_SCHEMA}.landing_files UNION SELECT file_name FROM {RAW_SCHEMA}.rejected_files"
        ).fetchall()}
    return sorted(n for n in names if n not in known)

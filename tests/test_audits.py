"""The Python audits of the landing folder and the extract tables
(quote_warehouse/quality/audits.py): each passes on a clean build and fails,
naming the rows, on a warehouse damaged the way its bug would damage it."""

from __future__ import annotations

import duckdb
import pytest

from quote_warehouse.quality.audits import AUDITS, run_audits, unaccounted_landing_files
from tests.landing import copy_warehouse

# audit name -> SQL that breaks exactly that fact in a clean warehouse
DAMAGE = {
    "extraction_complete": "DELETE FROM extract.documents WHERE document_id = (SELECT min(document_id) FROM extract.documents)",
    "statement_spans_its_parts": "UPDATE extract.statements SET char_end = char_end + 1 "
                                 "WHERE statement_mention_id = (SELECT min(statement_mention_id) FROM extract.statements)",
    "parts_inside_clean_text": "UPDATE extract.statement_parts SET char_end = 10000000 "
                               "WHERE statement_mention_id = (SELECT min(statement_mention_id) FROM extract.statement_parts)",
    "speakers_are_used": "INSERT INTO extract.speakers SELECT 'orphan-mention', document_id, 'Nobody Said', 'person', "
                         "NULL, NULL, NULL, ['Nobody Said'], false, NULL FROM extract.documents LIMIT 1",
    "events_inside_clean_text": "UPDATE extract.events SET char_start = -5 "
                                "WHERE event_mention_id = (SELECT min(event_mention_id) FROM extract.events)",
    "participants_of_their_document": "UPDATE extract.event_participants SET document_id = 'another-document' "
                                      "WHERE event_mention_id = (SELECT min(event_mention_id) FROM extract.event_participants)",
    "one_cluster_per_document": "DELETE FROM extract.document_clusters "
                                "WHERE document_id = (SELECT max(document_id) FROM extract.document_clusters)",
    "pending_documents_are_extracted": "INSERT INTO extract.pending_documents VALUES ('not-a-document', 'new')",
    "rejected_contents_were_read": "INSERT INTO extract.rejected_documents VALUES ('0000000000000000', "
                                   "repeat('0', 64), 'timed out', TIMESTAMP '2026-01-01')",
    "landing_name_in_one_table": "INSERT INTO raw.rejected_files SELECT file_name, file_name, sha256, 1, "
                                 "'empty: damaged', TIMESTAMP '2026-01-01' FROM raw.landing_files LIMIT 1",
}


def test_every_audit_has_a_damage_case():
    assert set(DAMAGE) == {a.name for a in AUDITS}


def test_every_audit_passes_on_a_clean_build(seeds_build):
    results = run_audits(seeds_build.db_path)
    assert len(results) == len(AUDITS)
    assert [r.summary() for r in results if not r.passed] == []


@pytest.mark.parametrize("name", sorted(DAMAGE))
def test_each_audit_fails_on_its_damage_and_shows_the_rows(seeds_build, tmp_path, name):
    db = tmp_path / "w.duckdb"
    copy_warehouse(seeds_build.db_path, db)
    con = duckdb.connect(str(db))
    con.execute(DAMAGE[name])
    con.close()
    results = {r.audit.name: r for r in run_audits(db)}
    assert not results[name].passed
    assert results[name].failing >= 1 and results[name].examples  # the offending rows are shown
    # the damage breaks its own fact, and the audits are scoped by table when asked
    only = run_audits(db, tables={next(a.table for a in AUDITS if a.name == name)})
    assert name in {r.audit.name for r in only if not r.passed}


def test_a_landing_file_neither_read_nor_rejected_is_named(seeds_build, tmp_path):
    assert unaccounted_landing_files(seeds_build.raw_dir, seeds_build.db_path) == []
    landing = tmp_path / "landing"
    landing.mkdir()
    for path in seeds_build.raw_dir.iterdir():
        (landing / path.name).write_bytes(path.read_bytes())
    (landing / "arrived_unseen.txt").write_text("A story that no run has read yet, the minister said.\n")
    missing = unaccounted_landing_files(landing, seeds_build.db_path)
    assert missing == ["arrived_unseen.txt"]
    # a file that landed after the scan a run worked from is the next run's work, not a loss
    assert unaccounted_landing_files(landing, seeds_build.db_path, listed_at=0.0) == []

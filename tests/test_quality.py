"""Tests of assets/quality.py and the suites in expectations/*.json.

Most tests validate fixture DataFrames (no DuckDB); one writes a real DuckDB
file and reads it back through validate_duckdb_table. The first validation in
the session pays the Great Expectations import (~2-3 s); the GX context is
cached per process, so the rest are fast.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from assets import quality
from assets.quality import (
    ExpectationOutcome,
    SuiteOutcome,
    load_stage,
    resolve_expectation_class,
    tables_of_stage,
    validate_duckdb_table,
    validate_frame,
)

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"
STAGES = ("raw", "staging", "marts")


def sha(data: str) -> str:
    return hashlib.sha256(data.encode()).hexdigest()


def failed(outcome: SuiteOutcome, expectation: str, column: str | None) -> ExpectationOutcome:
    """The single failed outcome of ``expectation`` on ``column``."""
    hits = [
        o
        for o in outcome.outcomes
        if not o.success and o.expectation == expectation and o.column == column
    ]
    assert len(hits) == 1, outcome.summary()
    return hits[0]


def failed_names(outcome: SuiteOutcome) -> set[tuple[str, str | None]]:
    return {(o.expectation, o.column) for o in outcome.outcomes if not o.success}


# --------------------------------------------------------------------------
# Fixture frames
# --------------------------------------------------------------------------


@pytest.fixture
def raw_files() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sha256": [sha("one"), sha("two"), sha("three")],
            "file_name": ["a.txt", "news/b.html", "c.pdf"],
            "path": ["/land/a.txt", "/land/news/b.html", "/land/c.pdf"],
            "size_bytes": pd.array([120, 4_096, 88_000], dtype="Int64"),
            "source_format": ["txt", "html", "pdf"],
            "encoding": ["utf-8", "cp1252", "pdf-text-layer"],
            "raw_text": ["Minister said ...", "<html>...</html>", "PDF text"],
            "ingested_at": pd.to_datetime(["2024-05-01 10:00:00"] * 3),
        }
    )


@pytest.fixture
def rejected_files() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "path": ["/land/empty.txt", "/land/gone.txt"],
            "file_name": ["empty.txt", "gone.txt"],
            "sha256": [sha(""), None],
            "size_bytes": pd.array([0, None], dtype="Int64"),
            "reason": ["empty: file has 0 bytes", "vanished: file disappeared"],
            "rejected_at": pd.to_datetime(["2024-05-01 10:00:00"] * 2),
        }
    )


@pytest.fixture
def statements() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "statement_id": ["s1", "s2", "s3"],
            "speaker_id": ["p1", "p2", "p1"],
            "text": ["We will act now.", "Taxes stay as they are.", "No comment today."],
            "quote_type": ["direct", "indirect", "direct"],
            "event_id": ["e1", None, None],
        }
    )


@pytest.fixture
def statement_sources() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "statement_id": ["s1", "s2", "s3"],
            "document_id": ["d1", "d1", "d2"],
            "char_start": [0, 40, 12],
            "char_end": [16, 63, 29],
        }
    )


@pytest.fixture
def events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3"],
            "event_type": ["interview", "press_conference", "speech"],
            "event_date": pd.to_datetime(["2024-03-05", "2024-03-01", None]),
            "date_precision": ["day", "month", None],
        }
    )


# --------------------------------------------------------------------------
# Suite files
# --------------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
def test_every_suite_loads_and_every_type_resolves(stage: str) -> None:
    import great_expectations as gx

    doc = load_stage(stage)
    assert doc["stage"] == stage
    raw_json = json.loads((EXPECTATIONS_DIR / f"{stage}.json").read_text(encoding="utf-8"))
    assert list(doc["tables"]) == list(raw_json["tables"])
    assert tables_of_stage(stage) == list(raw_json["tables"])
    for table, spec in doc["tables"].items():
        assert table.startswith(f"{stage}."), table
        assert isinstance(spec["blocking"], bool)
        assert spec["expectations"], f"{table} has no expectations"
        for exp in spec["expectations"]:
            cls = resolve_expectation_class(exp["type"])
            assert issubclass(cls, gx.expectations.Expectation)
            # the class really is the one named by the type
            assert cls.expectation_type == exp["type"].lower()
            # and it accepts the kwargs as written (pydantic validates them)
            cls(**exp["kwargs"])
            assert exp["meta"]["why"].strip()
            assert exp.get("severity", "error") in ("error", "warn")


def test_suite_tables_match_the_brief() -> None:
    assert tables_of_stage("raw") == ["raw.raw_files", "raw.rejected_files"]
    assert set(tables_of_stage("staging")) == {
        "staging.stg_documents",
        "staging.stg_statements",
        "staging.stg_speakers",
        "staging.stg_events",
    }
    assert set(tables_of_stage("marts")) == {
        "marts.documents",
        "marts.speakers",
        "marts.statements",
        "marts.statement_sources",
        "marts.events",
        "marts.event_participants",
        "marts.rejected_files",
    }
    raw = load_stage("raw")
    for spec in raw["tables"].values():
        assert spec["blocking"] is True
        assert all(e.get("severity", "error") == "error" for e in spec["expectations"])
    # staging keys block: every not-null / unique expectation is an error
    for spec in load_stage("staging")["tables"].values():
        for e in spec["expectations"]:
            if e["type"] in ("expect_column_values_to_not_be_null", "expect_column_values_to_be_unique"):
                assert e.get("severity", "error") == "error", e


def test_resolve_accepts_upper_case_letters_and_rejects_unknown() -> None:
    cls = resolve_expectation_class("expect_column_pair_values_A_to_be_greater_than_B")
    assert cls.__name__ == "ExpectColumnPairValuesAToBeGreaterThanB"
    with pytest.raises(ValueError, match="unknown Great Expectations expectation"):
        resolve_expectation_class("expect_column_values_to_be_pretty")


def test_malformed_suite_file_is_rejected(tmp_path: Path) -> None:
    doc = {
        "stage": "raw",
        "tables": {
            "raw.raw_files": {
                "blocking": True,
                "expectations": [
                    {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "sha256"}, "meta": {}}
                ],
            }
        },
    }
    (tmp_path / "raw.json").write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="meta.why is required"):
        load_stage("raw", tmp_path)
    doc["tables"]["raw.raw_files"]["expectations"][0]["meta"] = {"why": "x"}
    doc["tables"]["raw.raw_files"]["expectations"][0]["severity"] = "fatal"
    (tmp_path / "raw.json").write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="severity 'fatal'"):
        load_stage("raw", tmp_path)


# --------------------------------------------------------------------------
# raw
# --------------------------------------------------------------------------


def test_good_raw_files_pass(raw_files: pd.DataFrame) -> None:
    result = validate_frame("raw", "raw.raw_files", raw_files)
    assert result.success, result.summary()
    assert result.stage == "raw" and result.table == "raw.raw_files"
    assert result.blocking is True
    n = len(load_stage("raw")["tables"]["raw.raw_files"]["expectations"])
    assert len(result.outcomes) == n
    assert all(o.success for o in result.outcomes)
    assert all(o.severity == "error" for o in result.outcomes)
    assert all(o.failing_examples == [] for o in result.outcomes)
    # outcomes come back in suite order, with the why from the file
    spec = load_stage("raw")["tables"]["raw.raw_files"]["expectations"]
    assert [o.expectation for o in result.outcomes] == [e["type"] for e in spec]
    assert [o.why for o in result.outcomes] == [e["meta"]["why"] for e in spec]
    assert result.summary() == f"raw raw.raw_files: all {n} expectations passed"


def test_duplicate_sha256_fails_with_the_duplicate(raw_files: pd.DataFrame) -> None:
    dup = raw_files.copy()
    dup.loc[2, "sha256"] = dup.loc[0, "sha256"]
    result = validate_frame("raw", "raw.raw_files", dup)
    assert result.success is False
    assert failed_names(result) == {("expect_column_values_to_be_unique", "sha256")}
    o = failed(result, "expect_column_values_to_be_unique", "sha256")
    assert o.severity == "error"
    assert o.unexpected_count == 2  # both rows sharing the hash
    assert o.unexpected_percent == pytest.approx(200 / 3)
    assert sha("one") in o.failing_examples
    assert set(o.failing_examples) == {sha("one")}
    assert sha("one") in result.summary()
    assert "expect_column_values_to_be_unique(sha256)" in result.summary()


def test_bad_sha256_format_and_size(raw_files: pd.DataFrame) -> None:
    bad = raw_files.copy()
    bad.loc[1, "sha256"] = sha("two").upper()
    bad.loc[2, "size_bytes"] = 0
    result = validate_frame("raw", "raw.raw_files", bad)
    assert failed_names(result) == {
        ("expect_column_values_to_match_regex", "sha256"),
        ("expect_column_values_to_be_between", "size_bytes"),
    }
    assert failed(result, "expect_column_values_to_match_regex", "sha256").failing_examples == [
        sha("two").upper()
    ]
    assert failed(result, "expect_column_values_to_be_between", "size_bytes").failing_examples == [0]


def test_good_rejected_files_pass(rejected_files: pd.DataFrame) -> None:
    result = validate_frame("raw", "raw.rejected_files", rejected_files)
    assert result.success, result.summary()


def test_null_reason_in_rejected_files_fails(rejected_files: pd.DataFrame) -> None:
    bad = rejected_files.copy()
    bad["reason"] = bad["reason"].astype(object)
    bad.loc[1, "reason"] = None
    result = validate_frame("raw", "raw.rejected_files", bad)
    assert result.success is False
    assert failed_names(result) == {("expect_column_values_to_not_be_null", "reason")}
    o = failed(result, "expect_column_values_to_not_be_null", "reason")
    assert o.unexpected_count == 1
    assert o.unexpected_percent == pytest.approx(50.0)
    # a null says nothing by itself: the example is the row, so the file is findable
    assert len(o.failing_examples) == 1
    row = o.failing_examples[0]
    assert row["file_name"] == "gone.txt" and row["reason"] is None
    assert "gone.txt" in result.summary()


def test_free_form_reason_fails_the_regex(rejected_files: pd.DataFrame) -> None:
    bad = rejected_files.copy()
    bad.loc[0, "reason"] = "Traceback (most recent call last)"
    result = validate_frame("raw", "raw.rejected_files", bad)
    o = failed(result, "expect_column_values_to_match_regex", "reason")
    assert o.failing_examples == ["Traceback (most recent call last)"]


# --------------------------------------------------------------------------
# marts
# --------------------------------------------------------------------------


def test_good_statements_pass(statements: pd.DataFrame) -> None:
    result = validate_frame("marts", "marts.statements", statements)
    assert result.success, result.summary()
    assert result.summary().endswith("expectations passed")


def test_bad_quote_type_fails_and_shows_the_value(statements: pd.DataFrame) -> None:
    bad = statements.copy()
    bad.loc[1, "quote_type"] = "paraphrase"
    result = validate_frame("marts", "marts.statements", bad)
    assert result.success is False
    assert failed_names(result) == {("expect_column_values_to_be_in_set", "quote_type")}
    o = failed(result, "expect_column_values_to_be_in_set", "quote_type")
    assert o.severity == "error"
    assert o.failing_examples == ["paraphrase"]
    assert o.unexpected_count == 1
    assert o.kwargs == {"column": "quote_type", "value_set": ["direct", "indirect"]}
    assert "paraphrase" in result.summary()


def test_char_end_not_after_char_start_fails(statement_sources: pd.DataFrame) -> None:
    bad = statement_sources.copy()
    bad.loc[0, "char_end"] = 0  # == char_start: empty span
    bad.loc[2, "char_end"] = 5  # < char_start: backwards span
    result = validate_frame("marts", "marts.statement_sources", bad)
    assert result.success is False
    assert failed_names(result) == {
        ("expect_column_pair_values_a_to_be_greater_than_b", "char_end,char_start")
    }
    o = failed(result, "expect_column_pair_values_a_to_be_greater_than_b", "char_end,char_start")
    assert o.unexpected_count == 2
    assert o.failing_examples == [
        {"char_end": 0, "char_start": 0},
        {"char_end": 5, "char_start": 12},
    ]


def test_duplicate_source_rows_fail_compound_uniqueness(statement_sources: pd.DataFrame) -> None:
    bad = pd.concat([statement_sources, statement_sources.iloc[[1]]], ignore_index=True)
    result = validate_frame("marts", "marts.statement_sources", bad)
    o = failed(
        result,
        "expect_compound_columns_to_be_unique",
        "statement_id,document_id,char_start",
    )
    assert o.unexpected_count == 2
    assert {"statement_id": "s2", "document_id": "d1", "char_start": 40} in o.failing_examples


def test_short_statement_is_a_warning_and_keeps_success(statements: pd.DataFrame) -> None:
    short = statements.copy()
    short.loc[2, "text"] = "No"
    result = validate_frame("marts", "marts.statements", short)
    assert result.success is True  # only a 'warn' expectation failed
    assert failed_names(result) == {("expect_column_value_lengths_to_be_between", "text")}
    o = failed(result, "expect_column_value_lengths_to_be_between", "text")
    assert o.severity == "warn"
    assert o.failing_examples == ["No"]
    assert result.errors == [] and result.warnings == [o]
    assert "passed - 0 error(s), 1 warning(s)" in result.summary()
    assert "[warn]" in result.summary()


def test_warn_severity_from_an_inline_spec(raw_files: pd.DataFrame) -> None:
    spec = {
        "blocking": False,
        "expectations": [
            {"type": "expect_column_values_to_be_in_set",
             "kwargs": {"column": "source_format", "value_set": ["txt"]},
             "severity": "warn", "meta": {"why": "test"}},
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "sha256"},
             "meta": {"why": "test"}},
        ],
    }
    result = validate_frame("raw", "raw.raw_files", raw_files, spec)
    assert result.success is True
    assert result.blocking is False
    assert [o.success for o in result.outcomes] == [False, True]
    assert sorted(result.outcomes[0].failing_examples) == ["html", "pdf"]


def test_event_date_null_exactly_when_precision_null(events: pd.DataFrame) -> None:
    assert validate_frame("marts", "marts.events", events).success
    bad = events.copy()
    bad.loc[2, "event_date"] = pd.Timestamp("2024-01-01")  # date without precision
    bad.loc[1, "event_date"] = pd.NaT  # precision without date
    result = validate_frame("marts", "marts.events", bad)
    assert result.success is False
    assert failed_names(result) == {
        ("expect_column_values_to_be_null", "event_date"),
        ("expect_column_values_to_not_be_null", "event_date"),
    }
    is_null = failed(result, "expect_column_values_to_be_null", "event_date")
    assert [r["event_id"] for r in is_null.failing_examples] == ["e3"]
    not_null = failed(result, "expect_column_values_to_not_be_null", "event_date")
    assert [r["event_id"] for r in not_null.failing_examples] == ["e2"]


def test_published_date_bounds_accept_date_objects_and_timestamps() -> None:
    docs = pd.DataFrame(
        {
            "document_id": ["d1", "d2", "d3"],
            "file_name": ["a.txt", "b.txt", "c.txt"],
            "clean_text": ["text a", "text b", "text c"],
            "duplicate_of": [None, "d1", None],
            "published_date": [dt.date(2024, 1, 2), None, dt.date(1899, 12, 31)],
        }
    )
    result = validate_frame("marts", "marts.documents", docs)
    assert failed_names(result) == {("expect_column_values_to_be_between", "published_date")}
    o = failed(result, "expect_column_values_to_be_between", "published_date")
    assert o.failing_examples == [pd.Timestamp("1899-12-31")]
    docs["published_date"] = pd.to_datetime(docs["published_date"])
    assert failed_names(validate_frame("marts", "marts.documents", docs)) == {
        ("expect_column_values_to_be_between", "published_date")
    }


def test_list_column_aliases_is_validated() -> None:
    import numpy as np

    speakers = pd.DataFrame(
        {
            "speaker_id": ["p1", "p2", "o1"],
            "name": ["Ana Díaz", "Bo Li", "Acme Corp"],
            "kind": ["person", "person", "organization"],
            "aliases": [np.array(["A. Díaz", "Díaz"]), np.array([], dtype=object), None],
        }
    )
    result = validate_frame("marts", "marts.speakers", speakers)
    assert failed_names(result) == {("expect_column_values_to_not_be_null", "aliases")}
    o = failed(result, "expect_column_values_to_not_be_null", "aliases")
    assert o.failing_examples[0]["speaker_id"] == "o1"


def test_missing_column_is_a_failed_outcome_not_a_crash(statements: pd.DataFrame) -> None:
    result = validate_frame("marts", "marts.statements", statements.drop(columns=["quote_type"]))
    assert result.success is False
    broken = [o for o in result.outcomes if o.column == "quote_type"]
    assert len(broken) == 2 and all(not o.success for o in broken)
    assert all(o.exception and "quote_type" in o.exception for o in broken)


def test_unknown_table_raises_key_error(statements: pd.DataFrame) -> None:
    with pytest.raises(KeyError, match="marts.nope"):
        validate_frame("marts", "marts.nope", statements)


# --------------------------------------------------------------------------
# DuckDB
# --------------------------------------------------------------------------


def test_validate_duckdb_table_reads_a_real_file(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE SCHEMA marts")
    con.execute(
        """
        CREATE TABLE marts.speakers AS SELECT * FROM (VALUES
            ('p1', 'Ana Díaz', 'person', ['A. Díaz', 'Díaz']),
            ('p2', 'Bo Li', 'person', []::VARCHAR[]),
            ('o1', 'Acme Corp', 'organisation', ['Acme'])
        ) t(speaker_id, name, kind, aliases)
        """
    )
    con.execute(
        """
        CREATE TABLE marts.documents AS SELECT * FROM (VALUES
            ('d1', 'a.txt', 'Some text', NULL, DATE '2024-02-29'),
            ('d2', 'b.txt', 'More text', 'd1', NULL)
        ) t(document_id, file_name, clean_text, duplicate_of, published_date)
        """
    )
    con.close()

    speakers = validate_duckdb_table("marts", "marts.speakers", db)
    assert speakers.success is False
    assert failed_names(speakers) == {("expect_column_values_to_be_in_set", "kind")}
    assert failed(speakers, "expect_column_values_to_be_in_set", "kind").failing_examples == [
        "organisation"
    ]
    documents = validate_duckdb_table("marts", "marts.documents", db)
    assert documents.success, documents.summary()

    # the read-only connection was closed: a writer can open the file again
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO marts.documents VALUES ('d3', 'c.txt', '', NULL, DATE '1066-10-14')")
    con.close()
    documents = validate_duckdb_table("marts", "marts.documents", db)
    assert failed_names(documents) == {
        ("expect_column_value_lengths_to_be_between", "clean_text"),
        ("expect_column_values_to_be_between", "published_date"),
    }


def test_missing_table_gives_a_failed_outcome(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(db)).close()
    result = validate_duckdb_table("marts", "marts.events", db)
    assert result.success is False
    assert result.table == "marts.events" and result.stage == "marts"
    assert len(result.outcomes) == 1
    o = result.outcomes[0]
    assert o.expectation == "table_exists" and o.success is False and o.severity == "error"
    assert "marts.events" in o.observed_value and "missing" in o.observed_value
    assert "FAILED" in result.summary()


def test_missing_database_gives_a_failed_outcome(tmp_path: Path) -> None:
    result = validate_duckdb_table("raw", "raw.raw_files", tmp_path / "nope.duckdb")
    assert result.success is False
    assert [o.expectation for o in result.outcomes] == ["table_exists"]
    assert "does not exist" in result.outcomes[0].observed_value
    assert not (tmp_path / "nope.duckdb").exists()  # read-only: nothing created


# --------------------------------------------------------------------------
# Laziness and speed
# --------------------------------------------------------------------------


def test_importing_quality_does_not_import_gx() -> None:
    import subprocess
    import sys

    code = "import sys, assets.quality; print('great_expectations' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert out.stdout.strip() == "False"


def test_context_is_cached_and_warm_validation_is_fast(statements: pd.DataFrame) -> None:
    import time

    validate_frame("marts", "marts.statements", statements)  # warm-up
    context = quality._GX_STATE["context"]
    big = pd.concat([statements] * 1000, ignore_index=True)
    big["statement_id"] = [f"s{i}" for i in range(len(big))]
    start = time.perf_counter()
    result = validate_frame("marts", "marts.statements", big)
    elapsed = time.perf_counter() - start
    assert result.success, result.summary()
    assert quality._GX_STATE["context"] is context
    assert elapsed < 2.0, f"warm validate_frame of {len(big)} rows took {elapsed:.2f}s"

"""Tests of quote_warehouse/quality/ and the suites in expectations/*.json,
and of how checks are split between dbt tests and GX suites.

Most tests validate fixture DataFrames (no DuckDB); one writes a real DuckDB
file and reads it back through validate_duckdb_table. The first validation in
the session pays the Great Expectations import (~2-3 s); the GX context is
cached per process, so the rest are fast. The split tests read the dbt
project's yml files (no dbt run).
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from quote_warehouse.quality import runner as quality
from quote_warehouse.quality.runner import (
    ExpectationOutcome,
    SuiteOutcome,
    build_suite,
    load_stage,
    tables_of_stage,
    validate_duckdb_table,
    validate_frame,
)

ROOT = Path(__file__).resolve().parent.parent
EXPECTATIONS_DIR = ROOT / "expectations"
DBT_DIR = ROOT / "dbt_project"
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
def test_every_suite_loads_and_gx_builds_every_expectation(stage: str) -> None:
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
        suite = build_suite(stage, table, spec["expectations"])
        assert isinstance(suite, gx.ExpectationSuite)
        assert len(suite.expectations) == len(spec["expectations"])
        for i, (exp, built) in enumerate(zip(spec["expectations"], suite.expectations)):
            # GX made the class named by the type, with the kwargs as written
            assert isinstance(built, gx.expectations.Expectation)
            assert built.expectation_type == exp["type"]
            config = built.configuration
            as_built = {k: config.kwargs[k] for k in exp["kwargs"]}
            # (GX parses ISO date bounds into datetimes, a pandas row_condition
            # into a pass-through filter)
            as_built = {
                k: v.isoformat() if isinstance(v, dt.datetime)
                else v["pass_through_filter"] if isinstance(v, dict) and "pass_through_filter" in v
                else v
                for k, v in as_built.items()
            }
            assert as_built == exp["kwargs"]
            # the reason and the position travel with the expectation
            assert built.meta["why"] == exp["meta"]["why"] and exp["meta"]["why"].strip()
            assert built.notes == [exp["meta"]["why"]]  # GX's Data Docs show notes
            assert built.meta["_quality_index"] == i
            severity = exp.get("severity", "error")
            assert severity in ("error", "warn")
            assert built.severity.value == {"error": "critical", "warn": "warning"}[severity]


def test_suite_tables_match_the_brief() -> None:
    assert tables_of_stage("raw") == ["raw.raw_files", "raw.rejected_files", "raw.landing_files", "raw.landing_history"]
    # staging.stg_events, marts.event_participants and marts.rejected_files
    # have only keys, relationships and accepted values to check: dbt tests them
    assert set(tables_of_stage("staging")) == {
        "staging.stg_documents",
        "staging.stg_statements",
        "staging.stg_speakers",
    }
    assert set(tables_of_stage("marts")) == {
        "marts.documents",
        "marts.speakers",
        "marts.statements",
        "marts.statement_sources",
        "marts.events",
    }
    for stage in STAGES:
        for spec in load_stage(stage)["tables"].values():
            assert spec["blocking"] is True
    raw = load_stage("raw")
    for spec in raw["tables"].values():
        assert all(e.get("severity", "error") == "error" for e in spec["expectations"])
    # only the soft plausibility checks warn (expectations/README.md)
    warns = {
        (table, e["type"], e["kwargs"].get("column"))
        for stage in STAGES
        for table, spec in load_stage(stage)["tables"].items()
        for e in spec["expectations"]
        if e.get("severity", "error") == "warn"
    }
    assert warns == {
        ("staging.stg_documents", "expect_column_values_to_be_between", "published_date"),
        ("marts.statements", "expect_column_value_lengths_to_be_between", "text"),
    }


def test_gx_rejects_an_unknown_type_or_kwargs_it_does_not_take(raw_files: pd.DataFrame) -> None:
    """Types are GX's registered names, looked up by GX's registry (no
    case-folding or name guessing of our own); kwargs are checked by the class."""
    good = {"type": "expect_column_pair_values_a_to_be_greater_than_b",
            "kwargs": {"column_A": "b", "column_B": "a"}, "meta": {"why": "test"}}
    assert len(build_suite("raw", "raw.t", [good]).expectations) == 1
    unknown = {"type": "expect_column_values_to_be_pretty", "kwargs": {"column": "a"}, "meta": {"why": "test"}}
    with pytest.raises(ValueError, match=r"raw raw.t: expectation #1 \(expect_column_values_to_be_pretty\)"):
        build_suite("raw", "raw.t", [good, unknown])
    not_registered = {**good, "type": "expect_column_pair_values_A_to_be_greater_than_B"}
    with pytest.raises(ValueError, match="not found"):
        build_suite("raw", "raw.t", [not_registered])
    bad_kwargs = {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "a", "values": [1]},
                  "meta": {"why": "test"}}
    with pytest.raises(ValueError, match="value_set"):
        build_suite("raw", "raw.t", [bad_kwargs])
    spec = {"blocking": True, "expectations": [unknown]}
    with pytest.raises(ValueError, match="expect_column_values_to_be_pretty"):
        validate_frame("raw", "raw.raw_files", raw_files, spec)


def test_the_gx_context_is_configured_in_code_not_through_the_environment(
    monkeypatch: pytest.MonkeyPatch, statements: pd.DataFrame
) -> None:
    """Analytics and progress bars are off through the context's own project
    config; the quality modules neither read nor write environment variables."""
    for path in (ROOT / "quote_warehouse" / "quality").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        attrs = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        imported = {a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                    for a in n.names}
        assert not {"environ", "getenv", "putenv"} & (names | attrs | imported), path.name
        assert "os" not in imported, path.name

    monkeypatch.delenv("GX_ANALYTICS_ENABLED", raising=False)
    monkeypatch.setattr(quality, "_GX_STATE", {})  # a fresh context for this test
    assert validate_frame("marts", "marts.statements", statements).success
    assert "GX_ANALYTICS_ENABLED" not in os.environ
    context = quality._GX_STATE["context"]
    assert type(context).__name__ == "EphemeralDataContext"
    assert context.variables.analytics_enabled is False
    assert context.variables.progress_bars.globally is False
    assert context.variables.progress_bars.metric_calculations is False


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
# Who checks what: dbt tests and GX suites
# --------------------------------------------------------------------------

# A dbt test and the GX expectation that would say the same thing.
_DBT_TO_GX = {
    "not_null": "expect_column_values_to_not_be_null",
    "unique": "expect_column_values_to_be_unique",
    "accepted_values": "expect_column_values_to_be_in_set",
    "unique_combination_of_columns": "expect_compound_columns_to_be_unique",
}


def _dbt_schemas() -> dict[str, str]:
    """models/<folder> -> the schema its models are built in (dbt_project.yml)."""
    project = yaml.safe_load((DBT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    folders = project["models"][project["name"]]
    return {name: cfg["+schema"] for name, cfg in folders.items()
            if isinstance(cfg, dict) and "+schema" in cfg}


def _dbt_yml_models() -> dict[str, dict]:
    """model name -> {"schema", "spec"} for every model in the yml files."""
    schemas = _dbt_schemas()
    models = {}
    for path in sorted((DBT_DIR / "models").rglob("*.yml")):
        folder = path.relative_to(DBT_DIR / "models").parts[0]
        for spec in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            models[spec["name"]] = {"schema": schemas[folder], "spec": spec}
    return models


def _tests_of(entries: list) -> list[tuple[str, dict]]:
    """(test name, its properties) of a yml data_tests list."""
    out = []
    for entry in entries or []:
        if isinstance(entry, str):
            out.append((entry, {}))
        else:
            (name, props), = entry.items()
            out.append((name, props or {}))
    return out


def _dbt_tests() -> list[tuple[str, str, str, dict]]:
    """(schema.model, test name, column or comma-joined columns, properties)."""
    out = []
    for name, model in _dbt_yml_models().items():
        table = f"{model['schema']}.{name}"
        for test, props in _tests_of(model["spec"].get("data_tests")):
            columns = (props.get("arguments") or {}).get("combination_of_columns", [])
            out.append((table, test, ",".join(columns), props))
        for column in model["spec"].get("columns", []):
            for test, props in _tests_of(column.get("data_tests")):
                out.append((table, test, column["name"], props))
    return out


def test_no_gx_expectation_repeats_a_dbt_test() -> None:
    dbt_says = {(table, _DBT_TO_GX[test], column)
                for table, test, column, _ in _dbt_tests() if test in _DBT_TO_GX}
    assert ("marts.documents", "expect_column_values_to_be_unique", "document_id") in dbt_says
    repeats = []
    for stage in STAGES:
        for table, spec in load_stage(stage)["tables"].items():
            for e in spec["expectations"]:
                kwargs = e["kwargs"]
                if "row_condition" in kwargs:
                    continue  # a conditional rule says something a plain dbt test cannot
                column = kwargs.get("column") or ",".join(kwargs.get("column_list", []))
                if (table, e["type"], column) in dbt_says:
                    repeats.append((table, e["type"], column))
    assert repeats == []


def test_every_dbt_test_says_why() -> None:
    tests = _dbt_tests()
    assert len(tests) > 50
    undescribed = [(t, n, c) for t, n, c, props in tests if not str(props.get("description", "")).strip()]
    assert undescribed == []


def test_every_model_has_a_dbt_test_or_a_gx_expectation() -> None:
    models = {p.stem for p in (DBT_DIR / "models").rglob("*.sql")}
    tested = {table.split(".", 1)[1] for table, *_ in _dbt_tests()}
    checked = {t.split(".", 1)[1] for stage in STAGES for t in tables_of_stage(stage)}
    assert {"stg_statements", "int_speakers", "int_statements", "documents"} <= models
    assert sorted(models - tested - checked) == []
    # and every GX table is a dbt model or a raw table GX owns
    assert {t for stage in ("staging", "marts") for t in tables_of_stage(stage)} <= {
        f"{m['schema']}.{name}" for name, m in _dbt_yml_models().items()}


def test_every_source_model_and_column_is_described() -> None:
    models = _dbt_yml_models()
    sql_models = {p.stem for p in (DBT_DIR / "models").rglob("*.sql")}
    assert sorted(sql_models - set(models)) == []
    missing = [name for name, m in models.items() if not str(m["spec"].get("description", "")).strip()]
    missing += [f"{name}.{c['name']}" for name, m in models.items() for c in m["spec"].get("columns", [])
                if not str(c.get("description", "")).strip()]
    assert all(m["spec"].get("columns") for m in models.values())
    sources = yaml.safe_load((DBT_DIR / "models" / "staging" / "_sources.yml").read_text(encoding="utf-8"))
    for source in sources["sources"]:
        missing += [source["name"]] if not source.get("description") else []
        for table in source["tables"]:
            where = f"{source['name']}.{table['name']}"
            missing += [where] if not table.get("description") else []
            missing += [f"{where}.{c['name']}" for c in table.get("columns", []) if not c.get("description")]
            assert table.get("columns"), where
    assert missing == []


def test_staging_models_read_one_source_and_marts_read_no_source() -> None:
    """Staging renames, casts and filters one source (or seed), with no joins;
    joins and keys are made in intermediate; marts read staging and
    intermediate models only."""
    import re

    for path in (DBT_DIR / "models" / "staging").glob("*.sql"):
        sql = path.read_text(encoding="utf-8")
        inputs = re.findall(r"\{\{\s*(?:source|ref)\(", sql)
        assert len(inputs) == 1, path.name
        assert not re.search(r"\bjoin\b", sql, re.I), path.name
    for path in (DBT_DIR / "models" / "marts").glob("*.sql"):
        sql = path.read_text(encoding="utf-8")
        assert "source(" not in sql, path.name
        refs = set(re.findall(r"ref\('(\w+)'\)", sql))
        refs |= set(re.findall(r"mentions_of_pending_keys\('(\w+)'", sql))
        marts = {p.stem for p in (DBT_DIR / "models" / "marts").glob("*.sql")}
        assert all(r.startswith(("stg_", "int_")) or r in marts for r in refs), (path.name, refs)
        assert "config(" not in sql, path.name  # materialisation and keys: dbt_project.yml


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


def test_bad_source_format_fails_and_shows_the_value(raw_files: pd.DataFrame) -> None:
    bad = raw_files.copy()
    bad.loc[1, "source_format"] = "htm"
    result = validate_frame("raw", "raw.raw_files", bad)
    assert result.success is False
    assert failed_names(result) == {("expect_column_values_to_be_in_set", "source_format")}
    o = failed(result, "expect_column_values_to_be_in_set", "source_format")
    assert o.severity == "error"
    assert o.failing_examples == ["htm"]
    assert o.unexpected_count == 1
    assert o.kwargs == {"column": "source_format", "value_set": ["txt", "html", "pdf"]}
    assert o.why and "parser" in o.why
    assert "htm" in result.summary()


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


def test_compound_expectation_failures_show_the_rows(statement_sources: pd.DataFrame) -> None:
    """Multi-column failures come back as rows of the named columns. (The
    compound keys of the marts are dbt tests; the runner reports any
    multi-column expectation a suite or an inline spec uses.)"""
    spec = {"blocking": True, "expectations": [
        {"type": "expect_compound_columns_to_be_unique",
         "kwargs": {"column_list": ["statement_id", "document_id", "char_start"]},
         "meta": {"why": "test"}},
    ]}
    assert validate_frame("marts", "marts.statement_sources", statement_sources, spec).success
    bad = pd.concat([statement_sources, statement_sources.iloc[[1]]], ignore_index=True)
    result = validate_frame("marts", "marts.statement_sources", bad, spec)
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
    result = validate_frame("marts", "marts.statements", statements.drop(columns=["text"]))
    assert result.success is False
    broken = [o for o in result.outcomes if o.column == "text"]
    assert len(broken) == 2 and all(not o.success for o in broken)
    assert all(o.exception and "text" in o.exception for o in broken)


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
            ('o1', 'Acme Corp', 'organization', NULL::VARCHAR[])
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
    assert failed_names(speakers) == {("expect_column_values_to_not_be_null", "aliases")}
    aliases = failed(speakers, "expect_column_values_to_not_be_null", "aliases")
    assert aliases.unexpected_count == 1
    # a null says nothing by itself: the example is the whole row, key included
    assert aliases.failing_examples == [
        {"speaker_id": "o1", "name": "Acme Corp", "kind": "organization", "aliases": None}
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

    code = "import sys, quote_warehouse.quality.runner; print('great_expectations' in sys.modules)"
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

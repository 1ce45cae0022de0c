"""Tests of quote_warehouse/quality/data_docs.py: GX Data Docs and the docs
index built from a real warehouse.

`test_data_docs_of_the_seeds_warehouse` uses the session's `seeds_build`
(the warehouse built from seeds/ by the real job, ~1 minute, shared with
other tests) and renders GX's own Data Docs of it; the others use a small
hand-made DuckDB file."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote

import duckdb
import pytest

from quote_warehouse.quality.data_docs import build_data_docs, main
from quote_warehouse.quality.suite_files import STAGES, load_stage


def links(page: Path) -> list[str]:
    return [unquote(html.unescape(h)) for h in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))]


def test_data_docs_of_the_seeds_warehouse(seeds_build, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build = build_data_docs(seeds_build.db_path, out)

    every_table = [(s, t) for s in STAGES for t in load_stage(s)["tables"]]
    assert [(d.outcome.stage, d.outcome.table) for d in build.suites] == every_table
    assert build.success, [d.outcome.summary() for d in build.suites if not d.outcome.success]

    # GX's own site: its index lists every suite and every validation result
    gx_index = out / "gx" / "index.html"
    assert build.gx_index == gx_index and gx_index.is_file()
    index_html = gx_index.read_text(encoding="utf-8")
    for _, table in every_table:
        assert table in index_html, table
    assert "Expectation Suites" in index_html

    # the statement_sources suite page renders each expectation with its why (GX notes)
    sources = next(d for d in build.suites if d.outcome.table == "marts.statement_sources")
    assert sources.suite_page and sources.validation_page
    suite_html = (out / sources.suite_page).read_text(encoding="utf-8")
    spec = load_stage("marts")["tables"]["marts.statement_sources"]["expectations"]
    pair = next(e for e in spec if e["type"] == "expect_column_pair_values_a_to_be_greater_than_b")
    assert "char_end" in suite_html and "char_start" in suite_html
    assert html.escape(pair["meta"]["why"], quote=False) in suite_html or pair["meta"]["why"] in html.unescape(suite_html)
    # its validation result page: a success, with one row per expectation evaluated
    result_html = (out / sources.validation_page).read_text(encoding="utf-8")
    assert "marts.statement_sources" in result_html
    assert result_html.count("fa-check-circle text-success") >= len(spec)
    assert "fa-times text-danger" not in result_html

    # the docs index links the GX site and each suite's pages, all present
    index = out / "index.html"
    assert build.index == index
    hrefs = links(index)
    assert "gx/index.html" in hrefs
    assert sources.validation_page in hrefs and sources.suite_page in hrefs
    for href in hrefs:
        if not href.startswith("dbt/"):  # dbt docs are built by `make docs`, not here
            assert (out / href).is_file(), href
    assert "marts.statement_sources" in index.read_text(encoding="utf-8")

    # a second build replaces the first (one validation result per suite, not two)
    build_data_docs(seeds_build.db_path, out)
    results = list((out / "gx" / "validations").rglob("*.html"))
    assert len(results) == len(every_table)


@pytest.fixture
def small_warehouse(tmp_path: Path) -> Path:
    """Two marts, one with a date out of range; every other table missing."""
    db = tmp_path / "small.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE SCHEMA marts")
    con.execute(
        """CREATE TABLE marts.speakers AS SELECT * FROM (VALUES
            ('p1', 'Ana Díaz', 'person', ['A. Díaz']),
            ('o1', 'Acme Corp', 'organization', ['Acme'])) t(speaker_id, name, kind, aliases)"""
    )
    con.execute(
        """CREATE TABLE marts.documents AS SELECT * FROM (VALUES
            ('d1', 'a.txt', 'Some text', NULL, DATE '2024-02-29'),
            ('d2', 'b.txt', 'More text', 'd1', DATE '1066-10-14')) t(document_id, file_name, clean_text, duplicate_of, published_date)"""
    )
    con.close()
    return db


def test_failures_and_missing_tables_are_shown(small_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    (out / "dbt").mkdir(parents=True)
    (out / "dbt" / "index.html").write_text("<html>dbt</html>")
    build = build_data_docs(small_warehouse, out, stages=("marts",))
    assert not build.success
    by_table = {d.outcome.table: d for d in build.suites}
    assert list(by_table) == list(load_stage("marts")["tables"])

    documents = by_table["marts.documents"]
    assert [o.expectation for o in documents.outcome.failed] == ["expect_column_values_to_be_between"]
    result_html = (out / documents.validation_page).read_text(encoding="utf-8")
    assert "fa-times text-danger" in result_html and "1066-10-14" in result_html  # the failing value
    assert by_table["marts.speakers"].outcome.success

    events = by_table["marts.events"]  # not in the warehouse: listed, no GX page
    assert events.suite_page is None and events.validation_page is None
    assert not events.outcome.success
    index_html = (out / "index.html").read_text(encoding="utf-8")
    assert "MISSING" in index_html and "marts.events" in index_html
    assert "dbt/index.html" in links(out / "index.html")  # linked when present
    # offline, the status icons still show: GX's custom styles carry text fallbacks
    assert "2718" in result_html


def test_missing_warehouse_and_foreign_folder(tmp_path: Path, capsys) -> None:
    with pytest.raises(FileNotFoundError, match="make warehouse"):
        build_data_docs(tmp_path / "nope.duckdb", tmp_path / "out")
    assert main([str(tmp_path / "out"), "--warehouse", str(tmp_path / "nope.duckdb")]) == 2
    assert "nope.duckdb" in capsys.readouterr().err
    # a gx/ folder that is not a Data Docs site is never deleted
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    (tmp_path / "out" / "gx").mkdir(parents=True)
    (tmp_path / "out" / "gx" / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        build_data_docs(db, tmp_path / "out")
    assert (tmp_path / "out" / "gx" / "notes.txt").read_text() == "mine"

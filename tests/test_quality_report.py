"""Tests of quote_warehouse/quality/report.py: the markdown table each GX
asset check shows in the Dagster UI, and the plain `results` lines.

Fixture outcomes only (no GX, no DuckDB). The markdown is rendered with
markdown-it-py (GFM tables on, as the Dagster UI renders them) so the tests
check what a reader sees: one row per expectation, five cells each, the
escaped values shown literally."""

from __future__ import annotations

import html
import re

import pytest

from quote_warehouse.quality.outcomes import ExpectationOutcome, SuiteOutcome
from quote_warehouse.quality.report import (
    MAX_EXAMPLE_CHARS,
    MAX_EXAMPLES_SHOWN,
    md_code,
    md_escape,
    outcomes_markdown,
    outcomes_text,
    result_label,
)

markdown_it = pytest.importorskip("markdown_it")


def outcome(**kw) -> ExpectationOutcome:
    base = dict(
        table="marts.statement_sources",
        expectation="expect_column_values_to_not_be_null",
        column="text",
        kwargs={},
        success=True,
        severity="error",
        unexpected_count=0,
        unexpected_percent=0.0,
        failing_examples=[],
        observed_value=None,
        why="A statement without text is no statement.",
    )
    base.update(kw)
    return ExpectationOutcome(**base)


@pytest.fixture
def suite() -> SuiteOutcome:
    outcomes = [
        outcome(),
        outcome(
            expectation="expect_column_pair_values_a_to_be_greater_than_b",
            column="char_end,char_start",
            success=False,
            unexpected_count=2,
            unexpected_percent=200 / 3,
            failing_examples=[{"char_end": 0, "char_start": 0}, {"char_end": 5, "char_start": 12}],
            why="An empty or backwards span cuts nothing | or the wrong text out of clean_text.",
        ),
        outcome(
            expectation="expect_column_values_to_match_regex",
            column="quote",
            success=False,
            unexpected_count=5,
            unexpected_percent=0.05,
            failing_examples=["a|b", "line one\nline two", "x" * 500, "*bold* [link](http://e.x) <b>", "five"],
            why="Quotes are | separated?\nNo: one per row.",
        ),
        outcome(
            expectation="expect_column_value_lengths_to_be_between",
            column="text",
            success=False,
            severity="warn",
            unexpected_count=1,
            unexpected_percent=10.0,
            failing_examples=["No"],
            why="A real 'No.' exists, so a short text only warns.",
        ),
        outcome(
            expectation="expect_column_values_to_be_between",
            column="missing_col",
            success=False,
            severity="warn",
            unexpected_count=None,
            unexpected_percent=None,
            exception="Error: The column \"missing_col\" in BatchData does not exist.",
            why=None,
        ),
    ]
    return SuiteOutcome(stage="marts", table="marts.statement_sources", success=False, outcomes=outcomes)


def rendered_rows(markdown: str) -> list[list[str]]:
    """The body rows of the one table in `markdown`, as the HTML text of each cell."""
    out = markdown_it.MarkdownIt("commonmark").enable("table").render(markdown)
    assert out.count("<table>") == 1, out
    body = out.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def text_of(cell_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell_html))


def test_one_row_per_expectation_with_five_cells(suite: SuiteOutcome) -> None:
    md = outcomes_markdown(suite)
    lines = md.splitlines()
    assert lines[2] == "| expectation | why | result | unexpected | examples |"
    rows = rendered_rows(md)
    assert len(rows) == len(suite.outcomes)
    # pipes and newlines inside values did not split or end any row
    assert all(len(r) == 5 for r in rows), rows
    assert [text_of(r[2]) for r in rows] == ["PASS", "FAIL", "FAIL", "WARN", "FAIL"]


def test_headline_names_the_table_and_the_counts(suite: SuiteOutcome) -> None:
    head = outcomes_markdown(suite).splitlines()[0]
    assert "marts.statement\\_sources" in head
    assert "FAILED" in head and "1 of 5 expectations passed, 3 failed, 1 warned" in head
    ok = SuiteOutcome(stage="raw", table="raw.raw_files", success=True, outcomes=[outcome()], blocking=False)
    assert "all 1 expectations passed" in outcomes_markdown(ok).splitlines()[0]
    assert "non-blocking" in outcomes_markdown(ok).splitlines()[0]


def test_fail_row_shows_expectation_columns_count_and_examples(suite: SuiteOutcome) -> None:
    row = rendered_rows(outcomes_markdown(suite))[1]
    assert text_of(row[0]) == "expect_column_pair_values_a_to_be_greater_than_b on char_end, char_start"
    assert "<code>expect_column_pair_values_a_to_be_greater_than_b</code>" in row[0]
    assert text_of(row[1]) == "An empty or backwards span cuts nothing | or the wrong text out of clean_text."
    assert text_of(row[2]) == "FAIL" and "<strong>" in row[2]
    assert text_of(row[3]) == "2 (66.7%)"
    assert text_of(row[4]) == "char_end=0, char_start=0; char_end=5, char_start=12"
    assert row[4].count("<code>") == 2


def test_examples_are_escaped_cut_and_limited(suite: SuiteOutcome) -> None:
    row = rendered_rows(outcomes_markdown(suite))[2]
    codes = [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", row[4])]
    assert len(codes) == MAX_EXAMPLES_SHOWN
    assert codes[0] == "'a|b'"  # the pipe is shown, not a cell border
    assert codes[1] == "'line one\\nline two'"  # the newline is shown (as repr), not a row end
    assert len(codes[2]) == MAX_EXAMPLE_CHARS and codes[2].endswith("…")
    assert "*bold*" not in text_of(row[4])  # the 4th and 5th examples are not shown...
    assert text_of(row[4]).endswith("…")  # ...but that there are more is
    assert text_of(row[3]) == "5 (<0.1%)"
    # the why's own pipe and newline are literal too
    assert text_of(row[1]) == "Quotes are | separated? ↵ No: one per row."


def test_markup_in_values_is_not_rendered() -> None:
    o = outcome(success=False, failing_examples=["*bold* [link](http://e.x) <b>x</b> `tick`"],
                why="Uses *stars*, _under_scores_, <b>tags</b> and [links](http://e.x)")
    row = rendered_rows(outcomes_markdown(SuiteOutcome("marts", "t", False, [o])))[0]
    assert "<em>" not in row[1] and "<a " not in row[1] and "<b>" not in row[1]
    assert text_of(row[1]) == "Uses *stars*, _under_scores_, <b>tags</b> and [links](http://e.x)"
    assert text_of(row[4]) == "'*bold* [link](http://e.x) <b>x</b> `tick`'"


def test_warn_and_exception_rows(suite: SuiteOutcome) -> None:
    rows = rendered_rows(outcomes_markdown(suite))
    assert text_of(rows[3][1]) == "A real 'No.' exists, so a short text only warns."
    assert text_of(rows[3][4]) == "'No'"
    # GX could not evaluate it: a FAIL even at warn severity, the error shown, no count, no why
    assert text_of(rows[4][2]) == "FAIL"
    assert text_of(rows[4][3]) == "" and text_of(rows[4][1]) == ""
    assert text_of(rows[4][4]).startswith('error: Error: The column "missing_col"')
    # a pass shows no examples
    assert text_of(rows[0][4]) == "" and text_of(rows[0][3]) == "0"


def test_result_label() -> None:
    assert result_label(outcome()) == "PASS"
    assert result_label(outcome(success=False)) == "FAIL"
    assert result_label(outcome(success=False, severity="warn")) == "WARN"
    assert result_label(outcome(success=False, severity="warn", exception="boom")) == "FAIL"


def test_escape_helpers() -> None:
    assert md_escape("a|b\r\nc\td") == "a\\|b ↵ c d"
    assert md_escape("x" * 10, limit=5) == "xxxx…"
    assert md_escape("_a_ *b* [c](d) <e> ~~f~~ &amp;") == "\\_a\\_ \\*b\\* \\[c\\](d) \\<e\\> \\~\\~f\\~\\~ \\&amp;"
    assert md_code("plain") == "`plain`"
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x`") == "`` `x` ``"
    assert md_code("p|q") == "`p\\|q`"


def test_table_exists_outcome_shows_the_observed_message() -> None:
    o = outcome(expectation="table_exists", column=None, success=False, unexpected_count=None,
                unexpected_percent=None, observed_value="table marts.events is missing",
                exception="table marts.events is missing", why="A table the pipeline should have built is missing.")
    row = rendered_rows(outcomes_markdown(SuiteOutcome("marts", "marts.events", False, [o])))[0]
    assert text_of(row[0]) == "table_exists"
    assert "table marts.events is missing" in text_of(row[4])


def test_plain_results_lines_keep_their_format(suite: SuiteOutcome) -> None:
    """tests/test_reliability.py and log readers parse these lines."""
    lines = outcomes_text(suite).splitlines()
    assert lines[0] == "PASS expect_column_values_to_not_be_null(text)"
    assert lines[1] == (
        "FAIL expect_column_pair_values_a_to_be_greater_than_b(char_end,char_start) unexpected=2 "
        "examples=[{'char_end': 0, 'char_start': 0}, {'char_end': 5, 'char_start': 12}]"
    )
    assert re.search(r"FAIL expect_column_pair_values_a_to_be_greater_than_b\(char_end,char_start\) unexpected=2 "
                     r".*'char_end': 5, 'char_start': 12", outcomes_text(suite))
    assert lines[3].startswith("FAIL expect_column_value_lengths_to_be_between(text) unexpected=1")
    assert len(lines) == len(suite.outcomes)

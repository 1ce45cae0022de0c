"""Suite outcomes as text for people: a markdown table (the Dagster UI
renders it on each GX asset check) and the one-line-per-expectation plain
text that scripts and logs read.

Plain functions of :class:`~quote_warehouse.quality.outcomes.SuiteOutcome`
(no GX, no Dagster), so the asset check stays a thin wrapper and the
formatting is tested on fixture outcomes.
"""

from __future__ import annotations

import math
import re
from typing import Any

from quote_warehouse.quality.outcomes import ExpectationOutcome, SuiteOutcome

__all__ = [
    "MAX_EXAMPLES_SHOWN",
    "MAX_EXAMPLE_CHARS",
    "MAX_WHY_CHARS",
    "md_escape",
    "md_code",
    "result_label",
    "outcomes_markdown",
    "outcomes_text",
]

MAX_EXAMPLES_SHOWN = 3  # failing examples per row of the table
MAX_EXAMPLE_CHARS = 60  # one example, as shown, is cut to this length
MAX_WHY_CHARS = 300  # a `meta.why` is a sentence or two; a runaway one is cut
_ELLIPSIS = "…"

# Characters that can start markup inside a table cell of (GitHub-flavoured)
# markdown: emphasis, code, links and images (their `[`), HTML and entities,
# strikethrough, math, and the cell border. (`#`, `+`, `-` only matter at the
# start of a line, `(` only after `]`.) A backslash before ASCII punctuation
# is a literal in CommonMark.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def _one_line(text: str) -> str:
    """Newlines shown as ``↵`` (a table row is one line), tabs as spaces."""
    return _NEWLINES.sub(" ↵ ", text).replace("\t", " ")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + _ELLIPSIS


def md_escape(text: Any, limit: int | None = None) -> str:
    """``text`` as literal markdown on one line, safe in a table cell: markdown
    punctuation backslash-escaped (pipes included), newlines shown as ``↵``,
    cut to ``limit`` characters (before escaping) with an ellipsis."""
    plain = _one_line(str(text))
    if limit is not None:
        plain = _cut(plain, limit)
    return _MD_SPECIAL.sub(r"\\\1", plain)


def md_code(text: Any, limit: int | None = None) -> str:
    """``text`` as an inline code span that is safe in a table cell: on one
    line, cut to ``limit``, fenced with more backticks than it contains, and
    pipes escaped (GFM splits table cells on ``|`` even inside code spans)."""
    plain = _one_line(str(text))
    if limit is not None:
        plain = _cut(plain, limit)
    longest = max((len(run) for run in re.findall(r"`+", plain)), default=0)
    fence = "`" * (longest + 1)
    if plain.startswith("`") or plain.endswith("`") or not plain.strip():
        plain = f" {plain} "  # CommonMark strips one space each side
    return f"{fence}{plain.replace('|', chr(92) + '|')}{fence}"


def result_label(outcome: ExpectationOutcome) -> str:
    """``PASS``, ``FAIL`` (a failed ``error`` expectation, or one GX could not
    evaluate) or ``WARN`` (a failed ``warn`` expectation)."""
    if outcome.success:
        return "PASS"
    return "WARN" if outcome.severity == "warn" and not outcome.exception else "FAIL"


def _expectation_cell(outcome: ExpectationOutcome) -> str:
    cell = md_code(outcome.expectation)
    if outcome.column:
        cell += " on " + ", ".join(md_code(c) for c in outcome.column.split(","))
    return cell


def _value_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "null"
    if isinstance(value, dict):  # a failing row: column=value, ...
        return ", ".join(f"{k}={_value_text(v)}" for k, v in value.items())
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_value_text(v) for v in value) + "]"
    return str(value)


def _percent(value: float) -> str:
    if 0 < value < 0.1:
        return "<0.1%"
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def _unexpected_cell(outcome: ExpectationOutcome) -> str:
    if outcome.unexpected_count is None:
        return ""
    cell = str(outcome.unexpected_count)
    if outcome.unexpected_percent is not None and outcome.unexpected_count:
        cell += f" ({_percent(outcome.unexpected_percent)})"
    return cell


def _examples_cell(outcome: ExpectationOutcome) -> str:
    if outcome.success:
        return ""
    parts: list[str] = []
    if outcome.exception:
        parts.append("error: " + md_escape(outcome.exception, MAX_EXAMPLE_CHARS * 2))
    examples = list(outcome.failing_examples or [])
    parts += [md_code(_value_text(e), MAX_EXAMPLE_CHARS) for e in examples[:MAX_EXAMPLES_SHOWN]]
    if len(examples) > MAX_EXAMPLES_SHOWN:
        parts.append(_ELLIPSIS)
    if not examples and not outcome.exception and outcome.observed_value is not None:
        parts.append("observed " + md_code(_value_text(outcome.observed_value), MAX_EXAMPLE_CHARS))
    rows = list(outcome.failing_rows or [])[:MAX_EXAMPLES_SHOWN]
    if rows:
        parts.append("rows " + ", ".join(md_code(_value_text(r), MAX_EXAMPLE_CHARS) for r in rows))
    return "; ".join(parts)


def _headline(suite: SuiteOutcome) -> str:
    n = len(suite.outcomes)
    labels = [result_label(o) for o in suite.outcomes]
    errors, warnings = labels.count("FAIL"), labels.count("WARN")
    if not suite.failed:
        counts = f"all {n} expectations passed"
    else:
        counts = f"{n - len(suite.failed)} of {n} expectations passed, {errors} failed, {warnings} warned"
    verdict = "passed" if suite.success else "FAILED"
    blocking = "blocking" if suite.blocking else "non-blocking"
    return f"**{md_escape(suite.table)}** ({md_escape(suite.stage)} suite, {blocking}): {verdict}; {counts}."


def outcomes_markdown(suite: SuiteOutcome) -> str:
    """A markdown headline and table of ``suite``: one row per expectation,
    in suite order, with the expectation (type and column(s)), why it exists
    (``meta.why`` of the suite file), the result (PASS / FAIL / WARN), the
    unexpected count (and percent) and up to ``MAX_EXAMPLES_SHOWN`` failing
    examples. Every cell is escaped for markdown (pipes, newlines, markup)
    and long values are cut."""
    lines = [
        _headline(suite),
        "",
        "| expectation | why | result | unexpected | examples |",
        "| --- | --- | --- | --- | --- |",
    ]
    for o in suite.outcomes:
        result = result_label(o)
        shown = result if result == "PASS" else f"**{result}**"
        why = md_escape(o.why, MAX_WHY_CHARS) if o.why else ""
        lines.append(
            f"| {_expectation_cell(o)} | {why} | {shown} | {_unexpected_cell(o)} | {_examples_cell(o)} |"
        )
    return "\n".join(lines)


def outcomes_text(suite: SuiteOutcome, max_examples: int = 5) -> str:
    """One plain line per expectation, for logs and scripts:
    ``PASS <type>(<columns>)`` or ``FAIL <type>(<columns>) unexpected=<n>
    examples=<first examples as a Python list>`` (a failed ``warn``
    expectation is a FAIL line here too)."""
    return "\n".join(
        f"{'PASS' if o.success else 'FAIL'} {o.expectation}"
        f"{'(' + o.column + ')' if o.column else ''}"
        + ("" if o.success else f" unexpected={o.unexpected_count} examples={o.failing_examples[:max_examples]}"
           + (f" rows={list(o.failing_rows[:max_examples])}" if o.failing_rows else ""))
        for o in suite.outcomes
    )

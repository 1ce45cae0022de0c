"""Data-quality suites: Great Expectations 1.x run on pandas frames.

The expectations live in ``expectations/<stage>.json`` (format in
``expectations/README.md``, read by :mod:`quote_warehouse.quality.suite_files`):
one file per stage, one suite per table, every expectation with a
``meta.why`` and an optional ``severity`` (``error`` by default, or ``warn``).
Each entry is turned into a GX expectation by GX itself
(``ExpectationConfiguration(...).to_domain_obj()``, which looks the type up
in GX's expectation registry and validates the kwargs).

This module is plain Python (no Dagster): the asset checks are thin wrappers
around :func:`validate_duckdb_table` / :func:`validate_frame`, and the tests call
the same functions on fixture frames.

Great Expectations is imported lazily, inside the functions: importing it costs
seconds, and most code paths (and most tests) never validate anything. The
first validation in a process pays the import and builds one ephemeral GX
context, configured in code (in-memory stores, analytics and progress bars
off); later validations reuse it and take tens of milliseconds.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quote_warehouse.quality.outcomes import ExpectationOutcome, SuiteOutcome
from quote_warehouse.quality.suite_files import (
    SEVERITIES,
    STAGES,
    load_stage,
    table_spec,
    tables_of_stage,
)
from quote_warehouse.settings import DEFAULT_LOCK_WAIT_SECONDS
from quote_warehouse.store.connection import connect, warehouse_exists

if TYPE_CHECKING:  # pragma: no cover
    import great_expectations as gx
    import pandas

__all__ = [
    "ExpectationOutcome",
    "SuiteOutcome",
    "STAGES",
    "SEVERITIES",
    "load_stage",
    "table_spec",
    "tables_of_stage",
    "RESULT_FORMAT",
    "suite_name",
    "build_suite",
    "prepare_frame",
    "suite_outcome",
    "validate_frame",
    "read_duckdb_table",
    "validate_duckdb_table",
]

# suite-file severity -> GX FailureSeverity value
_GX_SEVERITY = {"error": "critical", "warn": "warning"}

MAX_EXAMPLES = 10
# What GX returns per expectation: counts, percents and the first offending
# values and row indices (the failing examples are taken from these).
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 20}
_MAX_EXAMPLE_CHARS = 80  # long strings (raw_text, clean_text) are cut in examples


# --------------------------------------------------------------------------
# GX context (one per process) and suites
# --------------------------------------------------------------------------

_GX_LOCK = threading.RLock()
_GX_STATE: dict[str, Any] = {}


def _gx_context_config():
    """The project config of the ephemeral context: in-memory stores, no
    usage analytics (GX's ``analytics_enabled`` Data Context variable), no
    progress bars."""
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    return DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )


def _gx_batch_definition():
    """The cached whole-dataframe batch definition of the process's GX context."""
    state = _GX_STATE
    if "batch_definition" in state:
        return state["batch_definition"]
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral", project_config=_gx_context_config())
    datasource = context.data_sources.add_pandas("quality_frames")
    asset = datasource.add_dataframe_asset("frame")
    state["context"] = context
    state["batch_definition"] = asset.add_batch_definition_whole_dataframe("whole_frame")
    return state["batch_definition"]


def suite_name(stage: str, table: str) -> str:
    """The GX suite name of a table's suite (``marts:marts.statements``)."""
    return f"{stage}:{table}"


def build_suite(
    stage: str, table: str, expectations: list[dict], name: str | None = None
) -> "gx.ExpectationSuite":
    """The GX suite of one table's expectation entries, in file order.

    Each entry becomes an ``ExpectationConfiguration`` (``type``, ``kwargs``,
    ``meta``, ``severity``) that GX turns into its expectation class; its
    ``meta.why`` is also the expectation's GX ``notes``, which GX's Data Docs
    show. Each expectation's ``meta`` gets its position (``_quality_index``):
    GX does not keep suite order in results. Raises ``ValueError`` naming the
    table and the entry for an unknown type or kwargs the type does not take.
    ``name`` defaults to :func:`suite_name`.
    """
    import great_expectations as gx
    from great_expectations.exceptions import GreatExpectationsError
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )
    from great_expectations.expectations.metadata_types import FailureSeverity

    built = []
    for i, exp in enumerate(expectations):
        why = (exp.get("meta") or {}).get("why")
        configuration = ExpectationConfiguration(
            type=exp["type"],
            kwargs=dict(exp.get("kwargs") or {}),
            meta={**(exp.get("meta") or {}), "_quality_index": i},
            notes=[why] if why else None,
            severity=FailureSeverity(_GX_SEVERITY[exp.get("severity", "error")]),
        )
        try:
            expectation = configuration.to_domain_obj()
        except (GreatExpectationsError, ValueError) as exc:  # unknown type / bad kwargs
            raise ValueError(
                f"{stage} {table}: expectation #{i} ({exp['type']}) is not a valid "
                f"Great Expectations expectation: {exc}"
            ) from exc
        built.append(expectation)
    # A suite made with its expectations needs no context (add_expectation
    # would look one up to save the suite to).
    return gx.ExpectationSuite(name=name or suite_name(stage, table), expectations=built)


# --------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------


def _hashable(value: Any) -> Any:
    """Lists / arrays -> tuples (recursively), dicts -> sorted JSON text."""
    import numpy as np

    if isinstance(value, np.ndarray):
        return tuple(_hashable(v) for v in value.tolist())
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def prepare_frame(df: "pandas.DataFrame") -> "pandas.DataFrame":
    """Make a frame safe for GX without changing what it means.

    * a fresh RangeIndex, so GX's unexpected index labels are row positions;
    * list-valued columns (DuckDB ``VARCHAR[]`` arrives as numpy arrays) become
      tuples, and STRUCT/MAP dicts become JSON text, so uniqueness and value
      counts can hash them;
    * columns holding only ``datetime.date`` objects become datetime64, so date
      bounds written as ISO timestamps compare the same way as for DuckDB DATEs.
    """
    import numpy as np
    import pandas as pd

    out = df.reset_index(drop=True)
    copied = False
    for col in out.columns:
        series = out[col]
        if series.dtype != object:
            continue
        non_null = [v for v in series if v is not None and not _is_na_scalar(v)]
        if not non_null:
            continue
        if any(isinstance(v, (list, tuple, dict, np.ndarray)) for v in non_null):
            if not copied:
                out, copied = out.copy(), True
            out[col] = series.map(lambda v: _hashable(v) if v is not None else None).astype(object)
        elif all(
            isinstance(v, _dt.date) and not isinstance(v, _dt.datetime) for v in non_null
        ):
            if not copied:
                out, copied = out.copy(), True
            out[col] = pd.to_datetime(series)
    return out


def _is_scalar(value: Any) -> bool:
    import numpy as np

    return np.ndim(value) == 0


def _is_na_scalar(value: Any) -> bool:
    if not _is_scalar(value):
        return False
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    """numpy / pandas scalars -> Python values, missing -> None, long text cut."""
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if _is_na_scalar(value):
        return None
    if hasattr(value, "item") and _is_scalar(value) and type(value).__module__ == "numpy":
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and len(value) > _MAX_EXAMPLE_CHARS:
        return value[: _MAX_EXAMPLE_CHARS - 3] + "..."
    return value


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------

_MULTI_COLUMN_KEYS = ("column_list", "column_A", "column_B")


def _columns_of(kwargs: dict) -> list[str]:
    if "column" in kwargs:
        return [kwargs["column"]]
    if "column_list" in kwargs:
        return list(kwargs["column_list"])
    if "column_A" in kwargs:
        return [kwargs["column_A"], kwargs["column_B"]]
    return []


def _exception_message(info: Any) -> str | None:
    """GX puts the exception either flat or keyed by metric id."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception") and info.get("exception_message"):
        return str(info["exception_message"])
    if "raised_exception" in info:
        return None
    for nested in info.values():
        msg = _exception_message(nested)
        if msg:
            return msg
    return None


def _shows_whole_rows(exp: dict) -> bool:
    """Whether a failure of ``exp`` is shown as whole rows: the failing value
    alone (a null, a value under a condition) says nothing about which row
    it is."""
    kwargs = exp.get("kwargs", {})
    return "row_condition" in kwargs or exp["type"] == "expect_column_values_to_not_be_null"


def _examples(exp: dict, result: dict, df: "pandas.DataFrame") -> list:
    kwargs = exp.get("kwargs", {})
    columns = [c for c in _columns_of(kwargs) if c in df.columns]
    indices = result.get("partial_unexpected_index_list") or []
    multi_column = any(k in kwargs for k in _MULTI_COLUMN_KEYS)
    if (multi_column or _shows_whole_rows(exp)) and indices:
        if multi_column:
            cols = columns
        else:  # the value alone (None) says nothing: show the whole row, cut
            cols = list(df.columns)
        rows = _rows_at(df, indices, cols)
        if rows:
            return rows
    values = result.get("partial_unexpected_list") or []
    return [_plain(v) for v in values[:MAX_EXAMPLES]]


# Columns that say which row, and which landing file, a failure is about.
KEY_COLUMNS = ("file_name", "document_id", "statement_id", "speaker_id", "event_id")


def _rows_at(df: "pandas.DataFrame", indices: list, cols: list[str]) -> list[dict]:
    """`cols` of the rows at the frame `indices` GX reported (at most MAX_EXAMPLES)."""
    rows = []
    for idx in indices[:MAX_EXAMPLES]:
        if isinstance(idx, dict):  # GX may give {column: value} ids
            rows.append(_plain(idx))
            continue
        try:
            row = df.loc[idx, cols]
        except (KeyError, TypeError):
            continue
        rows.append({c: _plain(row[c]) for c in cols})
    return rows


def _failing_rows(result: dict, df: "pandas.DataFrame") -> tuple:
    """The key columns of the failing rows GX points at (by frame index)."""
    keys = [c for c in KEY_COLUMNS if c in df.columns]
    return tuple(_rows_at(df, result.get("partial_unexpected_index_list") or [], keys)) if keys else ()


def _outcome(table: str, exp: dict, gx_result: Any, df: "pandas.DataFrame") -> ExpectationOutcome:
    kwargs = dict(exp.get("kwargs", {}))
    result = dict(gx_result.result or {}) if gx_result is not None else {}
    exception = _exception_message(gx_result.exception_info) if gx_result is not None else None
    success = bool(gx_result.success) if gx_result is not None else False
    if gx_result is None:
        exception = "no result returned by Great Expectations"
    columns = _columns_of(kwargs)
    percent = result.get("unexpected_percent")
    observed = result.get("observed_value")
    return ExpectationOutcome(
        table=table,
        expectation=exp["type"],
        column=",".join(columns) if columns else None,
        kwargs=kwargs,
        success=success,
        severity=exp.get("severity", "error"),
        unexpected_count=(
            int(result["unexpected_count"]) if result.get("unexpected_count") is not None else None
        ),
        unexpected_percent=float(percent) if percent is not None else None,
        failing_examples=[] if success else _examples(exp, result, df),
        observed_value=_plain(observed) if observed is not None else None,
        why=(exp.get("meta") or {}).get("why"),
        exception=exception,
        failing_rows=() if success else _failing_rows(result, df),
    )


def validate_frame(
    stage: str,
    table: str,
    df: "pandas.DataFrame",
    spec: dict | None = None,
) -> SuiteOutcome:
    """Validate ``df`` against the suite of ``table`` in ``stage``.

    ``spec`` is a stage document, a single table spec, or None to read
    ``expectations/<stage>.json``. Outcomes come back in suite order.
    """
    tspec = table_spec(stage, table, spec)
    frame = prepare_frame(df)
    with _GX_LOCK:
        batch_definition = _gx_batch_definition()
        suite = build_suite(stage, table, tspec.get("expectations", []))
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(suite, result_format=RESULT_FORMAT)
    return suite_outcome(stage, table, tspec, result, frame)


def suite_outcome(stage: str, table: str, tspec: dict, result: Any, frame: "pandas.DataFrame") -> SuiteOutcome:
    """The :class:`SuiteOutcome` of a GX ``ExpectationSuiteValidationResult``
    of a suite made by :func:`build_suite` from ``tspec`` on ``frame`` (as
    :func:`prepare_frame` returned it): outcomes in suite order."""
    expectations = tspec.get("expectations", [])
    blocking = bool(tspec.get("blocking", True))
    by_index: dict[int, Any] = {}
    for res in result.results:
        idx = (res.expectation_config.meta or {}).get("_quality_index")
        if isinstance(idx, int):
            by_index[idx] = res
    outcomes = [_outcome(table, exp, by_index.get(i), frame) for i, exp in enumerate(expectations)]
    success = not any(o.severity == "error" and not o.success for o in outcomes)
    return SuiteOutcome(stage=stage, table=table, success=success, outcomes=outcomes, blocking=blocking)


# Long text columns are read cut to this many characters unless an
# expectation looks at their length from above: a 100,000-document mart is
# validated without loading every article into memory.
TEXT_PREVIEW_CHARS = 200
_LONG_TEXT_COLUMNS = frozenset({"clean_text", "raw_text"})
_COLUMN_KWARGS = ("column", "column_A", "column_B")
_COLUMN_LIST_KWARGS = ("column_list", "column_set")


def _projection(tspec: dict, table_columns: list[str] | None = None) -> str:
    """The columns a table's expectations read, as a SELECT list.

    Only referenced columns are loaded (columns named in a pandas
    row_condition included), unless a failure would be shown as whole rows
    (not-null and conditional checks): then every column of
    ``table_columns`` is, so an example row carries the row's key. Long text
    columns are loaded cut short when no expectation bounds their length from
    above (null stays null, empty stays empty, so not-null and minimum-length
    checks see the same values).
    """
    columns: dict[str, bool] = {}  # name -> needs the full value
    for exp in tspec.get("expectations", []):
        kwargs = exp.get("kwargs", {})
        full = "max_value" in kwargs or exp.get("type", "").endswith(("match_regex", "to_be_unique", "in_set"))
        names = [kwargs[k] for k in _COLUMN_KWARGS if k in kwargs]
        names += [c for k in _COLUMN_LIST_KWARGS for c in kwargs.get(k, [])]
        for name in names:
            columns[name] = columns.get(name, False) or full
        condition = kwargs.get("row_condition")
        if isinstance(condition, str):
            for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", condition):
                if name not in ("isnull", "notnull", "isna", "notna", "and", "or", "not", "True", "False", "None"):
                    columns.setdefault(name, True)
    if table_columns and any(_shows_whole_rows(e) for e in tspec.get("expectations", [])):
        columns = {name: columns.get(name, False) for name in table_columns}
    if not columns:
        return "*"
    for key in KEY_COLUMNS:  # a failure names its rows and file (`_failing_rows`)
        if table_columns and key in table_columns:
            columns.setdefault(key, False)
    parts = []
    for name, full in columns.items():
        quoted = '"' + name.replace('"', '""') + '"'
        if name in _LONG_TEXT_COLUMNS and not full:
            parts.append(f"left({quoted}, {TEXT_PREVIEW_CHARS}) AS {quoted}")
        else:
            parts.append(quoted)
    return ", ".join(parts)


def _quote_table(table: str) -> str:
    parts = table.split(".")
    if not 1 <= len(parts) <= 3 or not all(parts):
        raise ValueError(f"invalid table name {table!r}")
    return ".".join('"' + p.replace('"', '""') + '"' for p in parts)


def _missing_table(stage: str, table: str, message: str, blocking: bool) -> SuiteOutcome:
    outcome = ExpectationOutcome(
        table=table,
        expectation="table_exists",
        column=None,
        kwargs={},
        success=False,
        severity="error",
        unexpected_count=None,
        unexpected_percent=None,
        failing_examples=[],
        observed_value=message,
        why="A table the pipeline should have built is missing: its asset did not run or wrote elsewhere.",
        exception=message,
    )
    return SuiteOutcome(stage=stage, table=table, success=False, outcomes=[outcome], blocking=blocking)


def validate_duckdb_table(
    stage: str,
    table: str,
    db_path: Path,
    spec: dict | None = None,
    only_documents_in: str | None = None,
    lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
) -> SuiteOutcome:
    """Read ``SELECT * FROM <table>`` read-only from ``db_path`` and validate it.

    The connection waits up to `lock_wait` seconds for a writer to let go,
    like every connection of the pipeline, and is closed before validation
    starts, so the warehouse is not held open while GX runs. A missing
    database file or table gives a failed :class:`SuiteOutcome` with one
    ``table_exists`` outcome; other DuckDB errors are raised.
    """
    tspec = table_spec(stage, table, spec)
    frame = read_duckdb_table(stage, table, db_path, tspec, only_documents_in, lock_wait)
    if isinstance(frame, SuiteOutcome):
        return frame
    return validate_frame(stage, table, frame, tspec)


def read_duckdb_table(
    stage: str,
    table: str,
    db_path: Path,
    spec: dict | None = None,
    only_documents_in: str | None = None,
    lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
) -> "pandas.DataFrame | SuiteOutcome":
    """The frame :func:`validate_duckdb_table` validates: the columns the
    table's suite reads (:func:`_projection`), read-only, the connection
    closed on return. A missing database file or table gives the failed
    :class:`SuiteOutcome` (one ``table_exists`` outcome) instead."""
    import duckdb

    tspec = table_spec(stage, table, spec)
    blocking = bool(tspec.get("blocking", True))
    if not warehouse_exists(db_path):
        return _missing_table(stage, table, f"database {db_path} does not exist", blocking)
    with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
        try:
            table_columns = [d[0] for d in con.execute(f"SELECT * FROM {_quote_table(table)} LIMIT 0").description]
            sql = f"SELECT {_projection(tspec, table_columns)} FROM {_quote_table(table)}"
            if only_documents_in is not None:
                # an incremental run: the rows of the documents it brought in
                sql += f" WHERE {only_documents_in}"
            df = con.execute(sql).df()
        except duckdb.CatalogException as exc:
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return _missing_table(stage, table, f"table {table} is missing: {first_line}", blocking)
    return df

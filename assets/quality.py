"""Data-quality suites: Great Expectations 1.x run on pandas frames.

The expectations live in ``expectations/<stage>.json`` (format in
``expectations/README.md``): one file per stage, one suite per table, every
expectation with a ``meta.why`` and an optional ``severity`` (``error`` by
default, or ``warn``).

This module is plain Python (no Dagster): the asset checks are thin wrappers
around :func:`validate_duckdb_table` / :func:`validate_frame`, and the tests call
the same functions on fixture frames.

Great Expectations is imported lazily, inside the functions: importing it costs
seconds, and most code paths (and most tests) never validate anything. The
first validation in a process pays the import and builds one ephemeral GX
context (no files, no analytics, no progress bars); later validations reuse it
and take tens of milliseconds.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assets.settings import EXPECTATIONS_DIR

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "ExpectationOutcome",
    "SuiteOutcome",
    "STAGES",
    "SEVERITIES",
    "load_stage",
    "table_spec",
    "tables_of_stage",
    "resolve_expectation_class",
    "validate_frame",
    "validate_duckdb_table",
]

STAGES = ("raw", "staging", "marts")
SEVERITIES = ("error", "warn")
_GX_SEVERITY = {"error": "critical", "warn": "warning"}

MAX_EXAMPLES = 10
_MAX_EXAMPLE_CHARS = 80  # long strings (raw_text, clean_text) are cut in examples


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectationOutcome:
    """The result of one expectation on one table.

    ``column`` is the column of a single-column expectation, the columns joined
    by ``","`` for a pair / compound expectation, ``None`` for a table-level one.
    ``failing_examples`` holds up to 10 offending values (single-column
    expectations) or rows as dicts (multi-column expectations, not-null checks
    and conditional checks, where the value alone says nothing).
    ``exception`` is set when GX could not evaluate the expectation (missing
    column, wrong type); such an outcome counts as failed.
    """

    table: str
    expectation: str
    column: str | None
    kwargs: dict
    success: bool
    severity: str  # 'error' | 'warn'
    unexpected_count: int | None
    unexpected_percent: float | None
    failing_examples: list
    observed_value: object | None
    why: str | None = None
    exception: str | None = None

    def describe(self) -> str:
        """One human-readable line for this outcome."""
        target = f"({self.column})" if self.column else ""
        status = "ok" if self.success else "FAILED"
        parts = [f"[{self.severity}] {self.table}: {self.expectation}{target} {status}"]
        if self.exception:
            parts.append(f"error: {self.exception}")
        if self.unexpected_count is not None and not self.success:
            pct = (
                f" ({self.unexpected_percent:.2f}%)"
                if self.unexpected_percent is not None
                else ""
            )
            parts.append(f"{self.unexpected_count} unexpected{pct}")
        if self.observed_value is not None and not self.success:
            parts.append(f"observed {self.observed_value!r}")
        if self.failing_examples and not self.success:
            parts.append(f"examples {self.failing_examples!r}")
        return "; ".join(parts)


@dataclass(frozen=True)
class SuiteOutcome:
    """All outcomes of one table's suite.

    ``success`` is True when no expectation of severity ``error`` failed;
    failed ``warn`` expectations are reported but do not fail the suite.
    ``blocking`` is the table's ``blocking`` flag from the suite file (for the
    asset check that runs the suite).
    """

    stage: str
    table: str
    success: bool
    outcomes: list[ExpectationOutcome]
    blocking: bool = True

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    @property
    def errors(self) -> list[ExpectationOutcome]:
        return [o for o in self.failed if o.severity == "error"]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.failed if o.severity == "warn"]

    def summary(self) -> str:
        """A header line, then one line per failed expectation with examples."""
        n = len(self.outcomes)
        failed = self.failed
        if not failed:
            return f"{self.stage} {self.table}: all {n} expectations passed"
        head = (
            f"{self.stage} {self.table}: {'passed' if self.success else 'FAILED'}"
            f" - {len(self.errors)} error(s), {len(self.warnings)} warning(s)"
            f" of {n} expectations"
        )
        return "\n".join([head, *(o.describe() for o in failed)])


# --------------------------------------------------------------------------
# Suite files
# --------------------------------------------------------------------------


def _snake_to_camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def resolve_expectation_class(type_name: str) -> type:
    """The GX expectation class for a snake-case type name.

    ``expect_column_values_to_be_unique`` -> ``gx.expectations.ExpectColumnValuesToBeUnique``.
    Case-insensitive on the letters GX capitalises (``..._A_to_be_greater_than_B``
    resolves too). Raises ``ValueError`` for an unknown type.
    """
    import great_expectations as gx

    camel = _snake_to_camel(type_name)
    cls = getattr(gx.expectations, camel, None)
    if cls is None:
        # Fall back to a case-insensitive match over gx.expectations, then the
        # registry (custom or less common expectations).
        wanted = camel.lower()
        for attr in dir(gx.expectations):
            if attr.lower() == wanted:
                cls = getattr(gx.expectations, attr)
                break
    if cls is None:
        try:
            from great_expectations.expectations.registry import get_expectation_impl

            cls = get_expectation_impl(type_name.lower())
        except Exception:  # noqa: BLE001 - GX raises its own not-found error
            cls = None
    if cls is None:
        raise ValueError(f"unknown Great Expectations expectation type {type_name!r}")
    return cls


def _check_stage_doc(stage: str, doc: Any, path: Path) -> None:
    where = str(path)
    if not isinstance(doc, dict):
        raise ValueError(f"{where}: top level must be an object")
    if doc.get("stage") != stage:
        raise ValueError(f"{where}: 'stage' is {doc.get('stage')!r}, expected {stage!r}")
    tables = doc.get("tables")
    if not isinstance(tables, dict) or not tables:
        raise ValueError(f"{where}: 'tables' must be a non-empty object")
    for table, spec in tables.items():
        if not isinstance(spec, dict):
            raise ValueError(f"{where}: {table}: must be an object")
        if not isinstance(spec.get("blocking", True), bool):
            raise ValueError(f"{where}: {table}: 'blocking' must be true or false")
        exps = spec.get("expectations")
        if not isinstance(exps, list):
            raise ValueError(f"{where}: {table}: 'expectations' must be a list")
        for i, exp in enumerate(exps):
            label = f"{where}: {table}: expectation #{i}"
            if not isinstance(exp, dict) or not isinstance(exp.get("type"), str):
                raise ValueError(f"{label}: needs a string 'type'")
            if not isinstance(exp.get("kwargs", {}), dict):
                raise ValueError(f"{label} ({exp['type']}): 'kwargs' must be an object")
            sev = exp.get("severity", "error")
            if sev not in SEVERITIES:
                raise ValueError(
                    f"{label} ({exp['type']}): severity {sev!r} not in {SEVERITIES}"
                )
            why = (exp.get("meta") or {}).get("why")
            if not isinstance(why, str) or not why.strip():
                raise ValueError(f"{label} ({exp['type']}): meta.why is required")


def load_stage(stage: str, expectations_dir: Path | None = None) -> dict:
    """Parse and check ``expectations/<stage>.json``.

    Returns the document as written (``{"stage", "tables": {table: {"blocking",
    "expectations": [...]}}}``). Raises ``FileNotFoundError`` for a missing file
    and ``ValueError`` for a malformed one (no GX import needed).
    """
    if not re.fullmatch(r"[A-Za-z0-9_]+", stage):
        raise ValueError(f"invalid stage name {stage!r}")
    path = Path(expectations_dir or EXPECTATIONS_DIR) / f"{stage}.json"
    with path.open(encoding="utf-8") as fh:
        doc = json.load(fh)
    _check_stage_doc(stage, doc, path)
    return doc


def tables_of_stage(stage: str, expectations_dir: Path | None = None) -> list[str]:
    """The tables (``schema.table``) that have a suite in the stage file, in file order."""
    return list(load_stage(stage, expectations_dir)["tables"])


def table_spec(stage: str, table: str, spec: dict | None = None) -> dict:
    """The ``{"blocking", "expectations"}`` spec of one table.

    ``spec`` may be a whole stage document (as from :func:`load_stage`), one
    table's spec, or None (read the stage file).
    """
    if spec is None:
        spec = load_stage(stage)
    if "tables" in spec:
        try:
            return spec["tables"][table]
        except KeyError:
            raise KeyError(
                f"no suite for table {table!r} in stage {stage!r}; "
                f"known: {sorted(spec['tables'])}"
            ) from None
    if "expectations" in spec:
        return spec
    raise ValueError("spec must be a stage document or a table spec")


# --------------------------------------------------------------------------
# GX context (one per process)
# --------------------------------------------------------------------------

_GX_LOCK = threading.RLock()
_GX_STATE: dict[str, Any] = {}


def _gx_batch_definition():
    """The cached whole-dataframe batch definition of the process's GX context."""
    state = _GX_STATE
    if "batch_definition" in state:
        return state["batch_definition"]
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    try:
        context.variables.progress_bars = ProgressBarsConfig(
            globally=False, metric_calculations=False
        )
    except Exception:  # noqa: BLE001 - cosmetic only; never fail validation over it
        pass
    datasource = context.data_sources.add_pandas("quality_frames")
    asset = datasource.add_dataframe_asset("frame")
    state["context"] = context
    state["batch_definition"] = asset.add_batch_definition_whole_dataframe("whole_frame")
    return state["batch_definition"]


def _build_suite(stage: str, table: str, expectations: list[dict]):
    import great_expectations as gx

    suite = gx.ExpectationSuite(name=f"{stage}:{table}")
    for i, exp in enumerate(expectations):
        cls = resolve_expectation_class(exp["type"])
        meta = dict(exp.get("meta") or {})
        meta["_quality_index"] = i  # GX does not keep suite order in results
        severity = exp.get("severity", "error")
        suite.add_expectation(
            cls(**exp.get("kwargs", {}), meta=meta, severity=_GX_SEVERITY[severity])
        )
    return suite


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


def _prepare_frame(df: "pandas.DataFrame") -> "pandas.DataFrame":
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


def _examples(exp: dict, result: dict, df: "pandas.DataFrame") -> list:
    kwargs = exp.get("kwargs", {})
    columns = [c for c in _columns_of(kwargs) if c in df.columns]
    indices = result.get("partial_unexpected_index_list") or []
    as_rows = (
        any(k in kwargs for k in _MULTI_COLUMN_KEYS)
        or "row_condition" in kwargs
        or exp["type"].lower() == "expect_column_values_to_not_be_null"
    )
    if as_rows and indices:
        if any(k in kwargs for k in _MULTI_COLUMN_KEYS):
            cols = columns
        else:  # the value alone (None) says nothing: show the whole row, cut
            cols = list(df.columns)
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
        if rows:
            return rows
    values = result.get("partial_unexpected_list") or []
    return [_plain(v) for v in values[:MAX_EXAMPLES]]


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
    expectations = tspec.get("expectations", [])
    blocking = bool(tspec.get("blocking", True))
    frame = _prepare_frame(df)
    with _GX_LOCK:
        batch_definition = _gx_batch_definition()
        suite = _build_suite(stage, table, expectations)
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(
            suite,
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": 20},
        )
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


def _projection(tspec: dict) -> str:
    """The columns a table's expectations read, as a SELECT list.

    Only referenced columns are loaded (columns named in a pandas
    row_condition included); long text columns are loaded cut short when no
    expectation bounds their length from above (null stays null, empty stays
    empty, so not-null and minimum-length checks see the same values).
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
    if not columns:
        return "*"
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
) -> SuiteOutcome:
    """Read ``SELECT * FROM <table>`` read-only from ``db_path`` and validate it.

    The connection is closed before validation starts, so the warehouse is not
    held open while GX runs. A missing database file or table gives a failed
    :class:`SuiteOutcome` with one ``table_exists`` outcome; other DuckDB errors
    (e.g. a lock held by a writer) are raised.
    """
    import duckdb

    tspec = table_spec(stage, table, spec)
    blocking = bool(tspec.get("blocking", True))
    db_path = Path(db_path)
    if not db_path.exists():
        return _missing_table(stage, table, f"database {db_path} does not exist", blocking)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        sql = f"SELECT {_projection(tspec)} FROM {_quote_table(table)}"
        if only_documents_in is not None:
            # an incremental run: the rows of the documents it brought in
            sql += f" WHERE {only_documents_in}"
        df = con.execute(sql).df()
    except duckdb.CatalogException as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return _missing_table(stage, table, f"table {table} is missing: {first_line}", blocking)
    finally:
        con.close()
    return validate_frame(stage, table, df, tspec)

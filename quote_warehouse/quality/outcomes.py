"""What a validation returns: one :class:`ExpectationOutcome` per expectation,
gathered in a :class:`SuiteOutcome` per table. Plain dataclasses (no GX), so
callers and tests can build and read them without importing GX."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ExpectationOutcome", "SuiteOutcome"]


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
    # The keys of the failing rows (file_name, document_id, ... where the
    # table has them), so a failure names the rows and the file at fault.
    failing_rows: tuple = ()

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
        if self.failing_rows and not self.success:
            parts.append("rows " + ", ".join(
                " ".join(f"{k}={v}" for k, v in row.items()) for row in self.failing_rows))
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

"""Read and check a partner's file of observations before anything is stored.

A file either loads whole or not at all, so this module finds *every* problem first, each with
the file, the row as the partner sees it in their spreadsheet (the header is row 1), the column,
the value and what was expected. The partner fixes them all in one go instead of one per upload.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from trustboard.core import periods
from trustboard.core.catalogue import Indicator, Unit
from trustboard.core.periods import Period, PeriodError

REQUIRED_COLUMNS = ("indicator", "period", "value")
OPTIONAL_COLUMNS = ("breakdown", "numerator", "denominator", "status")
COLUMN_ALIASES = {"code": "indicator", "indicator code": "indicator", "indicator_code": "indicator"}
STATUSES = ("provisional", "final")
PERCENT_CHECK_TOLERANCE = 0.1
"""A percentage may differ from numerator / denominator by rounding, up to 0.1 points."""

SUPPORTED_SUFFIXES = (".csv", ".xlsx")

FREQUENCY_EXAMPLES = {
    "weekly": "a week such as 'week of 14/03/2022'",
    "monthly": "a month such as 'Mar 2023'",
    "quarterly": "a financial quarter such as 'Q3 2022/23'",
    "termly": "a term such as 'Term 4 2022/23'",
    "annual": "a year such as '2022/23' or a date such as 'at 31 March 2023'",
}


@dataclass(frozen=True)
class RowError:
    file: str
    row: int | None
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        shown = f"{self.value!r}" if self.value != "" else "(empty)"
        return f"{self.file}: {where}column '{self.column}': {shown}: expected {self.expected}"


@dataclass(frozen=True)
class ObservationRow:
    row: int
    indicator: str
    period: Period
    breakdown: str
    value: float
    numerator: float | None
    denominator: float | None
    status: str


class ImportError_(ValueError):
    """A file that cannot be loaded; ``errors`` lists every bad row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime") and not isinstance(value, str):
        # Excel dates in a period column: a date is a snapshot ("at 31 March 2023").
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def read_table(name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows (with their spreadsheet row numbers) of a CSV or xlsx."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportError_(
                    [RowError(name, None, "(file)", "", "a CSV file in UTF-8 text")]
                ) from None
        rows = list(csv.reader(io.StringIO(text)))
    elif suffix == ".xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            raise ImportError_(
                [RowError(name, None, "(file)", "", "an Excel workbook (.xlsx) that opens")]
            ) from None
        sheet = book.worksheets[0]
        rows = [[_cell_text(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    else:
        raise ImportError_([RowError(name, None, "(file)", suffix or name, "a .csv or .xlsx file")])
    if not rows:
        raise ImportError_([RowError(name, None, "(header)", "", "a header row")])
    header = [h.strip().lower() for h in rows[0]]
    header = [COLUMN_ALIASES.get(h, h) for h in header]
    body = [
        (number, [c.strip() for c in row])
        for number, row in enumerate(rows[1:], start=2)
        if any(c.strip() for c in row)
    ]
    return header, body


def _number(text: str, unit: Unit | None) -> float | None:
    cleaned = text.replace(",", "").strip()
    if unit is Unit.PERCENTAGE and cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def validate(name: str, data: bytes, indicators: Mapping[str, Indicator]) -> list[ObservationRow]:
    """Check every row; return them all or raise :class:`ImportError_` listing every problem."""
    header, body = read_table(name, data)
    errors: list[RowError] = []
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    for column in REQUIRED_COLUMNS:
        if column not in header:
            errors.append(RowError(name, 1, column, "", f"a column named '{column}'"))
    unknown = [h for h in header if h and h not in known]
    for column in unknown:
        errors.append(
            RowError(
                name,
                1,
                column,
                column,
                "only the columns " + ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS),
            )
        )
    duplicates = {h for h in header if h and header.count(h) > 1}
    for column in sorted(duplicates):
        errors.append(RowError(name, 1, column, column, "each column once"))
    if errors:
        raise ImportError_(errors)
    if not body:
        raise ImportError_([RowError(name, None, "(rows)", "", "at least one row of figures")])

    index = {column: header.index(column) for column in header if column}
    seen: dict[tuple[str, Period, str], int] = {}
    result: list[ObservationRow] = []
    for number, cells in body:

        def cell(column: str, cells: list[str] = cells) -> str:
            position = index.get(column)
            return cells[position] if position is not None and position < len(cells) else ""

        row_errors: list[RowError] = []
        code = cell("indicator")
        indicator = indicators.get(code)
        if indicator is None:
            row_errors.append(
                RowError(
                    name,
                    number,
                    "indicator",
                    code,
                    "the code of an indicator in the framework, e.g. 1.1",
                )
            )
        period = None
        raw_period = cell("period")
        if indicator is not None:
            try:
                period = periods.parse(raw_period, indicator.basis)
            except PeriodError as error:
                # The error names the label; the row error shows it already.
                expected = (
                    str(error)
                    .removeprefix(f"{raw_period!r} is not a period: expected ")
                    .removeprefix(f"{raw_period!r}: ")
                )
                row_errors.append(RowError(name, number, "period", raw_period, expected))
            else:
                if not indicator.accepts(period):
                    row_errors.append(
                        RowError(
                            name,
                            number,
                            "period",
                            raw_period,
                            f"{FREQUENCY_EXAMPLES[indicator.frequency.value]} "
                            f"(indicator {code} is {indicator.frequency.value})",
                        )
                    )
                    period = None
        unit = indicator.unit if indicator else None
        raw_value = cell("value")
        value = _number(raw_value, unit)
        if value is None:
            row_errors.append(RowError(name, number, "value", raw_value, "a number"))
        elif value < 0:
            row_errors.append(RowError(name, number, "value", raw_value, "a number of 0 or more"))
        elif unit is Unit.PERCENTAGE and value > 100:
            row_errors.append(
                RowError(name, number, "value", raw_value, "a percentage from 0 to 100")
            )
        fractions: dict[str, float | None] = {}
        for column in ("numerator", "denominator"):
            raw = cell(column)
            fractions[column] = None
            if raw:
                parsed = _number(raw, None)
                if parsed is None or parsed < 0:
                    row_errors.append(RowError(name, number, column, raw, "a number of 0 or more"))
                else:
                    fractions[column] = parsed
        numerator, denominator = fractions["numerator"], fractions["denominator"]
        if denominator == 0:
            row_errors.append(
                RowError(name, number, "denominator", cell("denominator"), "a number above 0")
            )
        elif (
            unit is Unit.PERCENTAGE
            and value is not None
            and numerator is not None
            and denominator is not None
            and abs(numerator / denominator * 100 - value) > PERCENT_CHECK_TOLERANCE
        ):
            row_errors.append(
                RowError(
                    name,
                    number,
                    "value",
                    raw_value,
                    f"numerator / denominator as a percentage "
                    f"({numerator / denominator * 100:.1f})",
                )
            )
        status = cell("status").lower() or "final"
        if status not in STATUSES:
            row_errors.append(
                RowError(name, number, "status", cell("status"), "provisional or final")
            )
        breakdown = cell("breakdown")
        if indicator is not None and breakdown:
            if indicator.breakdown is None:
                row_errors.append(
                    RowError(
                        name,
                        number,
                        "breakdown",
                        breakdown,
                        f"nothing: indicator {code} has no breakdown",
                    )
                )
            elif breakdown not in indicator.breakdown.values:
                row_errors.append(
                    RowError(
                        name,
                        number,
                        "breakdown",
                        breakdown,
                        f"one of {', '.join(indicator.breakdown.values)} "
                        f"({indicator.breakdown.name}), or empty for the total",
                    )
                )
        if indicator is not None and period is not None:
            key = (code, period, breakdown)
            if key in seen:
                row_errors.append(
                    RowError(
                        name,
                        number,
                        "period",
                        raw_period,
                        f"one row per indicator, period and breakdown (row {seen[key]} "
                        "has the same)",
                    )
                )
            else:
                seen[key] = number
        if row_errors:
            errors.extend(row_errors)
            continue
        assert indicator is not None and period is not None and value is not None
        result.append(
            ObservationRow(number, code, period, breakdown, value, numerator, denominator, status)
        )
    if errors:
        raise ImportError_(errors)
    return result

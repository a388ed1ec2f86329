"""Read and check a partner's file of observations before anything is stored.

A file either loads whole or not at all, so this module finds *every* problem first, each with
the file, the row as the partner sees it in their spreadsheet (the header is row 1), the column,
the value and what was expected. The partner fixes them all in one go instead of one per upload.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from trustboard.core import formatting, periods
from trustboard.core.catalogue import Frequency, Indicator, Unit
from trustboard.core.periods import Basis, Kind, Period, PeriodError
from trustboard.ingest.reader import (
    FORMULA_NOTE,
    PLAIN_NUMBER,
    TABLE_SUFFIXES,
    THOUSANDS,
    Cell,
    ImportError_,
    RowError,
    Table,
    content_hash,
    read_file,
    shows_month_and_year,
    shows_percent,
    trimmed,
)

__all__ = [
    "COLUMN_ALIASES",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "STATUSES",
    "SUPPORTED_SUFFIXES",
    "VALUE_LIMITS",
    "Cell",
    "ImportError_",
    "ObservationRow",
    "RowError",
    "content_hash",
    "observation_header",
    "read_cells",
    "read_table",
    "validate",
]

REQUIRED_COLUMNS = ("indicator", "period", "value")
OPTIONAL_COLUMNS = ("breakdown", "numerator", "denominator", "status")
COLUMN_ALIASES = {"code": "indicator", "indicator code": "indicator", "indicator_code": "indicator"}
STATUSES = ("provisional", "final")
PERCENT_CHECK_TOLERANCE = 0.1
"""A percentage may differ from numerator / denominator by rounding, up to 0.1 points."""

SUPPORTED_SUFFIXES = TABLE_SUFFIXES

VALUE_LIMITS: dict[Unit, float] = {
    Unit.COUNT: 1e9,
    Unit.DAYS: 1e9,
    Unit.RATE_PER_10000: 10_000,
    Unit.PERCENTAGE: 100,
}
"""The largest plausible figure of each unit; anything larger is a typo or a pasted total."""
FRACTION_LIMIT = 1e9
"""The largest numerator or denominator (a count of children, families or days)."""
NUMBER_EXAMPLE = "a number such as 1,234.5"

FREQUENCY_EXAMPLES = {
    "weekly": "a week such as 'week of 14/03/2022'",
    "monthly": "a month such as 'Mar 2023'",
    "quarterly": "a financial quarter such as 'Q3 2022/23'",
    "termly": "a term such as 'Term 4 2022/23'",
    "annual": "a year such as '2022/23' or a date such as 'at 31 March 2023'",
}
PERIOD_EXAMPLES = {
    Frequency.WEEKLY: "week of 14/03/2022",
    Frequency.MONTHLY: "Mar 2023",
    Frequency.QUARTERLY: "Q3 2022/23",
    Frequency.TERMLY: "Term 4 2022/23",
}
YEAR_EXAMPLES = {Basis.FINANCIAL: "2022/23", Basis.ACADEMIC: "AY 2022/23", Basis.CALENDAR: "2022"}
"""A period label of each frequency (and for annual indicators, of each basis)."""


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


def observation_header(table: Table) -> list[str]:
    """The headings as the observations template names them: any case, with the aliases."""
    return [COLUMN_ALIASES.get(h.lower(), h.lower()) for h in table.header]


def read_cells(name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    """The header and the data rows (with their spreadsheet row numbers) of a CSV or xlsx, each
    cell with what the workbook said about it; blank rows are left out.

    Raises :class:`ImportError_` for a file that cannot be read as a table (see
    :func:`trustboard.ingest.reader.read_file`).
    """
    table = read_file(name, data, suffixes=SUPPORTED_SUFFIXES)
    return observation_header(table), table.numbered_cells()


def read_table(name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows (with their spreadsheet row numbers) of a CSV or xlsx."""
    table = read_file(name, data, suffixes=SUPPORTED_SUFFIXES)
    return observation_header(table), table.numbered()


def _parse_number(cell: Cell, unit: Unit | None, limit: float) -> tuple[float | None, str]:
    """(the figure, "") or (None, what was expected).

    Excel numbers are taken as they are (a percentage formatted with "%" is stored as 0.655 and
    means 65.5); text must be a plain number with commas only between thousands, so "7,5" (a
    decimal comma) or "1.234,5" is refused rather than read as 75 or 1.2345.
    """
    in_range = f"a number from 0 to {formatting.as_written(limit)}"
    if cell.formula:
        return None, f"a number ({FORMULA_NOTE})"
    if cell.number is not None:
        value = cell.number
        if unit is Unit.PERCENTAGE and shows_percent(cell):
            value = round(value * 100, 9)
    else:
        text = cell.text.strip()
        if not text:
            return None, "a number"
        if unit is Unit.PERCENTAGE and text.endswith("%"):
            text = text[:-1].strip()
        if not (PLAIN_NUMBER.fullmatch(text) or THOUSANDS.fullmatch(text)):
            return None, NUMBER_EXAMPLE
        value = float(text.replace(",", ""))
    if not math.isfinite(value) or not 0 <= value <= limit:
        return None, in_range
    return value, ""


def _annual_example(indicator: Indicator) -> str:
    year = {
        Basis.FINANCIAL: "a financial year such as '2022/23'",
        Basis.ACADEMIC: "an academic year such as 'AY 2022/23'",
        Basis.CALENDAR: "a calendar year such as '2022'",
    }[indicator.basis]
    return f"{year} or a date such as 'at 31 March 2023'"


def _example_label(indicator: Indicator) -> str:
    if indicator.frequency is Frequency.ANNUAL:
        return YEAR_EXAMPLES[indicator.basis]
    return PERIOD_EXAMPLES[indicator.frequency]


def _period_example(indicator: Indicator) -> str:
    if indicator.frequency is Frequency.ANNUAL:
        return _annual_example(indicator)
    return FREQUENCY_EXAMPLES[indicator.frequency.value]


def _code_candidates(number: float, indicators: Mapping[str, Indicator]) -> list[str]:
    """The framework's codes a number may have been typed for: 4.1 for "4.1" or "4.10"."""
    found = [
        code
        for code in indicators
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", code) and float(code) == number
    ]
    return sorted(found, key=lambda c: (len(c), c))


def _code_expected(cell: Cell, indicators: Mapping[str, Indicator]) -> str:
    assert cell.number is not None
    candidates = _code_candidates(cell.number, indicators) or [cell.text]
    example = " or ".join(f"'{code}" for code in candidates)
    return f"a code typed as text, e.g. {example} (Excel read this cell as the number {cell.text})"


def _read_period(cell: Cell, indicator: Indicator) -> tuple[Period | None, str]:
    """(the period, "") or (None, what was expected) for an indicator's period cell."""
    if cell.formula:
        return None, f"{_period_example(indicator)} ({FORMULA_NOTE})"
    if cell.number is not None:
        try:
            as_text = periods.parse(cell.text, indicator.basis)
        except PeriodError:
            as_text = None
        if as_text is not None and indicator.accepts(as_text):
            example = f"'{cell.text}"
        else:
            example = f"'{_example_label(indicator)}"
        return None, (
            f"a period typed as text, e.g. {example} (Excel read this cell as the number "
            f"{cell.text})"
        )
    if (
        cell.when is not None
        and indicator.frequency is Frequency.MONTHLY
        and cell.when.day == 1
        and shows_month_and_year(cell)
    ):
        # Excel turns "Mar-23" typed into a cell into the date 1 March 2023 shown as Mar-23.
        try:
            return periods.month(cell.when.year, cell.when.month), ""
        except PeriodError as error:
            return None, str(error)
    try:
        period = periods.parse(cell.text, indicator.basis)
    except PeriodError as error:
        # The error names the label; the row error shows it already.
        return None, (
            str(error)
            .removeprefix(f"{cell.text!r} is not a period: expected ")
            .removeprefix(f"{cell.text!r}: ")
        )
    if not indicator.accepts(period):
        expected = (
            f"{_period_example(indicator)} (indicator {indicator.code} is "
            f"{indicator.frequency.value}"
        )
        if indicator.frequency is Frequency.ANNUAL and period.kind is not Kind.SNAPSHOT:
            expected += f", counted in {indicator.basis.value} years"
        expected += ")"
        if cell.when is not None:
            expected += f"; Excel read this cell as the date {cell.text}"
        return None, expected
    return period, ""


def validate(
    name: str,
    data: bytes | None,
    indicators: Mapping[str, Indicator],
    table: Table | None = None,
) -> list[ObservationRow]:
    """Check every row; return them all or raise :class:`ImportError_` listing every problem.

    ``table`` is the file already read (by whoever looked at its headings to see what kind of
    file it is), so it is not parsed again; without it ``data`` is read.
    """
    if table is None:
        if data is None:
            raise ValueError("validate needs the file's data or its table")
        table = read_file(name, data, suffixes=SUPPORTED_SUFFIXES)
    header, body = observation_header(table), table.numbered_cells()
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

        def cell(column: str, cells: list[Cell] = cells) -> Cell:
            position = index.get(column)
            return cells[position] if position is not None and position < len(cells) else Cell("")

        row_errors: list[RowError] = []
        filled = len(trimmed(cells))
        if filled > len(header):
            extra = ", ".join(c.text for c in cells[len(header) : filled])
            row_errors.append(
                RowError(
                    name,
                    number,
                    "(row)",
                    extra,
                    f"one cell under each heading (row has {filled} cells but the header has "
                    f"{len(header)})",
                )
            )
        code_cell = cell("indicator")
        code = code_cell.text
        indicator = None
        if code_cell.number is not None:
            # 4.10 typed into Excel is the number 4.1: the figure would go to indicator 4.1.
            row_errors.append(
                RowError(name, number, "indicator", code, _code_expected(code_cell, indicators))
            )
        else:
            indicator = indicators.get(code)
            if indicator is None:
                row_errors.append(
                    RowError(
                        name,
                        number,
                        "indicator",
                        code_cell.formula or code,
                        "the code of an indicator in the framework, e.g. 1.1"
                        + (f" ({FORMULA_NOTE})" if code_cell.formula else ""),
                    )
                )
        period = None
        period_cell = cell("period")
        raw_period = period_cell.text
        if indicator is not None:
            period, expected = _read_period(period_cell, indicator)
            if period is None:
                shown = period_cell.formula or raw_period
                row_errors.append(RowError(name, number, "period", shown, expected))
        unit = indicator.unit if indicator else None
        value_cell = cell("value")
        raw_value = value_cell.text
        limit = VALUE_LIMITS[unit] if unit is not None else FRACTION_LIMIT
        value, expected = _parse_number(value_cell, unit, limit)
        if value is None:
            row_errors.append(
                RowError(name, number, "value", value_cell.formula or raw_value, expected)
            )
        fractions: dict[str, float | None] = {}
        for column in ("numerator", "denominator"):
            fraction_cell = cell(column)
            fractions[column] = None
            if fraction_cell.text or fraction_cell.formula:
                parsed, expected = _parse_number(fraction_cell, None, FRACTION_LIMIT)
                if parsed is None:
                    shown = fraction_cell.formula or fraction_cell.text
                    row_errors.append(RowError(name, number, column, shown, expected))
                else:
                    fractions[column] = parsed
        numerator, denominator = fractions["numerator"], fractions["denominator"]
        if denominator == 0:
            row_errors.append(
                RowError(name, number, "denominator", cell("denominator").text, "a number above 0")
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
                    f"({formatting.number(numerator / denominator * 100, 1)})",
                )
            )
        status = cell("status").text.lower() or "final"
        if status not in STATUSES:
            row_errors.append(
                RowError(name, number, "status", cell("status").text, "provisional or final")
            )
        breakdown = cell("breakdown").text
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

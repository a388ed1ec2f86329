"""Read one series (a period column and a figure column) from a CSV or Excel file.

For charting a figure that is not (yet) an indicator in the framework: an analyst exports a
column of monthly counts and asks whether last month was a signal. The file is checked the same
way an observations file is: every bad row is listed with its file, row, column, value and what
was expected, and nothing is returned until the file is clean, so one upload fixes them all.
"""

from __future__ import annotations

import math
from collections import Counter

from trustboard.core import periods
from trustboard.core.periods import Period, PeriodError
from trustboard.ingest.reader import ImportError_, RowError, read_file

__all__ = ["PERIOD_HEADERS", "VALUE_HEADERS", "read_series"]

PERIOD_HEADERS = ("period", "date", "month", "week")
VALUE_HEADERS = ("value", "count", "rate", "percentage")


def _column(name: str, header: list[str], accepted: tuple[str, ...], what: str) -> RowError | int:
    """The index of the one column with an accepted header, or the error saying which are."""
    found = [i for i, h in enumerate(header) if h in accepted]
    names = ", ".join(accepted[:-1]) + f" or {accepted[-1]}"
    if not found:
        return RowError(
            name,
            1,
            "(header)",
            ", ".join(h for h in header if h),
            f"a {what} column headed {names} (any case)",
        )
    if len(found) > 1:
        both = ", ".join(header[i] for i in found)
        return RowError(name, 1, "(header)", both, f"one {what} column, not {len(found)}")
    return found[0]


def _number(text: str) -> float | None:
    """A figure as spreadsheets write it: thousands commas and a percent sign are allowed."""
    cleaned = text.replace(",", "").strip().removesuffix("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _period_expected(error: PeriodError, raw: str) -> str:
    """What was expected, without repeating the label that the row error already shows."""
    return str(error).removeprefix(f"{raw!r} is not a period: expected ").removeprefix(f"{raw!r}: ")


def read_series(name: str, data: bytes) -> list[tuple[str, float | None]]:
    """(period label, figure) in time order; an empty figure is a gap (None).

    Raises :class:`~trustboard.ingest.reader.ImportError_` listing every problem: a
    missing or doubled column, a period that does not parse, periods of different kinds (months
    mixed with quarters cannot share one chart), a period given twice, a figure that is not a
    number. Columns other than the period and the figure are ignored.
    """
    table = read_file(name, data)
    header, body = [h.lower() for h in table.header], table.numbered()
    columns = [
        _column(name, header, PERIOD_HEADERS, "period"),
        _column(name, header, VALUE_HEADERS, "figure"),
    ]
    header_errors = [c for c in columns if isinstance(c, RowError)]
    if header_errors:
        raise ImportError_(header_errors)
    period_at, value_at = (c for c in columns if isinstance(c, int))
    period_column, value_column = header[period_at], header[value_at]
    if not body:
        raise ImportError_([RowError(name, None, "(rows)", "", "at least one row of figures")])

    parsed: list[tuple[int, str, Period | None, float | None, list[RowError]]] = []
    for number, cells in body:
        raw_period = cells[period_at] if period_at < len(cells) else ""
        raw_value = cells[value_at] if value_at < len(cells) else ""
        row_errors: list[RowError] = []
        period: Period | None = None
        try:
            period = periods.parse(raw_period)
        except PeriodError as error:
            expected = _period_expected(error, raw_period)
            row_errors.append(RowError(name, number, period_column, raw_period, expected))
        value = None
        if raw_value:
            value = _number(raw_value)
            if value is None:
                row_errors.append(
                    RowError(name, number, value_column, raw_value, "a number, or empty for a gap")
                )
        parsed.append((number, raw_period, period, value, row_errors))

    # One chart has one frequency: rows of another kind than most are the odd ones out.
    kinds = Counter(period.kind for _, _, period, _, _ in parsed if period is not None)
    usual = kinds.most_common(1)[0][0] if kinds else None
    example = next((p for _, _, p, _, _ in parsed if p is not None and p.kind is usual), None)
    seen: dict[Period, int] = {}
    errors: list[RowError] = []
    rows: list[tuple[Period, float | None]] = []
    for number, raw_period, period, value, row_errors in parsed:
        if period is not None and example is not None and period.kind is not usual:
            row_errors.insert(
                0,
                RowError(
                    name,
                    number,
                    period_column,
                    raw_period,
                    f"a {usual.replace('_', ' ')} like the other rows (such as "
                    f"{example.label}): one chart, one frequency",
                ),
            )
        elif period is not None and period in seen:
            row_errors.insert(
                0,
                RowError(
                    name,
                    number,
                    period_column,
                    raw_period,
                    f"one row a period (row {seen[period]} is also {period.label})",
                ),
            )
        elif period is not None:
            seen[period] = number
        if row_errors:
            errors.extend(row_errors)
        elif period is not None:
            rows.append((period, value))
    if errors:
        raise ImportError_(errors)
    rows.sort(key=lambda row: row[0])
    return [(period.label, value) for period, value in rows]

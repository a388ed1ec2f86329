"""Read and check a partner's file of observations before anything is stored.

A file either loads whole or not at all, so this module finds *every* problem first, each with
the file, the row as the partner sees it in their spreadsheet (the header is row 1), the column,
the value and what was expected. The partner fixes them all in one go instead of one per upload.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from trustboard.core import periods
from trustboard.core.catalogue import Frequency, Indicator, Unit
from trustboard.core.periods import Basis, Kind, Period, PeriodError

REQUIRED_COLUMNS = ("indicator", "period", "value")
OPTIONAL_COLUMNS = ("breakdown", "numerator", "denominator", "status")
COLUMN_ALIASES = {"code": "indicator", "indicator code": "indicator", "indicator_code": "indicator"}
STATUSES = ("provisional", "final")
PERCENT_CHECK_TOLERANCE = 0.1
"""A percentage may differ from numerator / denominator by rounding, up to 0.1 points."""

SUPPORTED_SUFFIXES = (".csv", ".xlsx")

MAX_ROWS = 200_000
"""Rows of figures below the header a file may have: years of weekly figures for every
indicator fit many times over, and a sheet padded with a stray cell far down is refused
instead of read row by empty row into memory."""
MAX_COLUMNS = 100
"""Columns a workbook's header may have; the importer needs seven."""
EXCEL_MAX_ROWS = 1_048_576
OTHER_SEPARATORS = {";": "';'", "\t": "tabs"}
"""Separators some spreadsheets use in place of commas (';' where the decimal mark is a comma)."""

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
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
"""Commas are allowed only between thousands: "1,234.5", never "7,5" or "1.234,5"."""
FORMULA_NOTE = "this cell holds a formula with no saved value: open and save the file in Excel"

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


@dataclass(frozen=True)
class Cell:
    """One cell as read, with what a workbook said about it beyond its text.

    A CSV cell is only text. An Excel cell may have been a number (a code typed as 4.10 arrives
    as the number 4.1), a date with the number format it was shown in, or a formula whose value
    was never saved (openpyxl-written files, or files that were never opened in Excel).
    """

    text: str
    number: float | None = None
    """The number an Excel cell held, if it was typed as a number (not a date)."""
    when: date | None = None
    """The date an Excel date cell held."""
    number_format: str = ""
    formula: str = ""
    """The formula of a cell that holds one with no saved value."""


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        # Excel dates in a period column: a date is a snapshot ("at 31 March 2023").
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def _excel_cell(cell: Any) -> Cell:
    value = getattr(cell, "value", None)
    if isinstance(value, date):
        when = value.date() if isinstance(value, datetime) else value
        return Cell(_cell_text(value), when=when, number_format=cell.number_format or "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer too long for a float: no figure is that large
            number = math.inf
        return Cell(_cell_text(value), number=number, number_format=cell.number_format or "")
    return Cell(_cell_text(value))


def _format_codes(number_format: str) -> str:
    """A number format's codes without its literal text, colours and locales, lowercased:
    '[$-809]mmm-yy;@' -> 'mmm-yy;@', '0.0"%"' -> '0.0'."""
    without = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format)
    return without.lower()


def _shows_percent(cell: Cell) -> bool:
    return "%" in _format_codes(cell.number_format)


def _shows_month_and_year(cell: Cell) -> bool:
    """Whether a date cell is shown as a month ("Mar-23", "March 2023"), not a day."""
    codes = _format_codes(cell.number_format)
    return "y" in codes and "m" in codes and not any(c in codes for c in "dhs")


def _file_error(name: str, expected: str, row: int | None = None) -> ImportError_:
    return ImportError_([RowError(name, row, "(file)", "", expected)])


def _decode(name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Some programs save "Unicode" CSV as UTF-16, marked by these first two bytes.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _file_error(name, "a CSV file in UTF-8 or UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise _file_error(name, "a CSV file in UTF-8 text") from None


def _csv_rows(name: str, data: bytes) -> list[list[str]]:
    text = _decode(name, data)
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    for separator, called in OTHER_SEPARATORS.items():
        if first_line.count(separator) > first_line.count(","):
            raise ImportError_(
                [
                    RowError(
                        name,
                        None,
                        "(file)",
                        "",
                        f"columns separated by commas: the file's columns are separated by "
                        f"{called}: save it as comma-separated CSV (in Excel: Save As, "
                        "CSV UTF-8)",
                    )
                ]
            )
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS + 1 and any(c.strip() for c in row):
                raise _too_many_rows(name, len(rows))
    except csv.Error as error:
        where = len(rows) + 1
        if "field limit" in str(error):
            expected = (
                f"cells of at most {csv.field_size_limit():,} characters: a cell from row "
                f"{where} on is longer (is a quotation mark left open?)"
            )
        else:
            expected = f"CSV text that can be read from row {where} on ({error})"
        raise _file_error(name, expected, where) from None
    return rows


def _too_many_rows(name: str, row: int) -> ImportError_:
    return _file_error(
        name,
        f"at most {MAX_ROWS:,} rows of figures below the header; row {row:,} has a value "
        "(delete any stray cells below the figures, or split the file)",
    )


def _xlsx_rows(name: str, data: bytes) -> list[tuple[int, list[Cell]]]:
    """The numbered rows of the first sheet that have cells, no wider than its header."""
    import openpyxl
    from openpyxl.cell.read_only import EMPTY_CELL  # a cell the file leaves out

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise _file_error(name, "an Excel workbook (.xlsx) that opens") from None
    try:
        rows, unsaved, width = _read_sheet(name, sheet, EMPTY_CELL)
    except ImportError_:
        raise
    except Exception as error:  # a workbook that opens may still hold XML openpyxl cannot read
        raise _file_error(name, f"an Excel workbook (.xlsx) that can be read ({error})") from None
    finally:
        book.close()
    if unsaved:
        # Reading the formulas only explains empty cells; if it fails they stay empty.
        with contextlib.suppress(Exception):
            _mark_formulas(data, rows, unsaved, width)
    return rows


def _read_sheet(
    name: str, sheet: Any, empty_cell: Any
) -> tuple[list[tuple[int, list[Cell]]], set[tuple[int, int]], int]:
    """The numbered rows of a read-only sheet that have cells; the cells that exist but are
    empty; the width read."""
    # The dimensions a file declares may be wrong or huge (one stray cell at XFD1048576):
    # read what is there, and only as wide as the header.
    sheet.reset_dimensions()
    # One row, at most as wide as a sheet can be: read whole, so a stray heading is found.
    first = next(sheet.iter_rows(min_row=1, max_row=1), ())
    header = _trimmed([_excel_cell(c) for c in first])
    if len(header) > MAX_COLUMNS:
        from openpyxl.utils import get_column_letter

        raise ImportError_(
            [
                RowError(
                    name,
                    1,
                    "(header)",
                    header[-1].text,
                    f"at most {MAX_COLUMNS} columns; row 1 has a cell in column "
                    f"{get_column_letter(len(header))} (delete any stray cells to the right of "
                    "the headings)",
                )
            ]
        )
    rows = [(1, header)]
    # Cells that exist but hold no value: maybe formulas whose value was never saved.
    unsaved: set[tuple[int, int]] = set()
    # Without a header, look across the sheet for where the table starts.
    width = len(header) or MAX_COLUMNS
    for number, row in enumerate(sheet.iter_rows(min_row=2, max_col=width), start=2):
        if number > EXCEL_MAX_ROWS:
            raise _file_error(
                name, f"a sheet of at most {EXCEL_MAX_ROWS:,} rows, as Excel saves it"
            )
        if number > MAX_ROWS + 1:
            if any(c.value is not None for c in row):
                raise _too_many_rows(name, number)
            continue
        if all(c is empty_cell for c in row):
            continue  # not in the file: openpyxl fills the gap up to the next row it has
        unsaved.update(
            (number, i) for i, c in enumerate(row) if c.value is None and c is not empty_cell
        )
        rows.append((number, [_excel_cell(c) for c in row]))
    return rows, unsaved, width


def _mark_formulas(
    data: bytes, rows: list[tuple[int, list[Cell]]], unsaved: set[tuple[int, int]], width: int
) -> None:
    """Mark the empty cells that hold a formula with no saved value (a second, rarer read)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        last = max(number for number, _ in unsaved)
        by_number = dict(rows)
        for number, row in enumerate(
            sheet.iter_rows(min_row=2, max_row=last, max_col=width), start=2
        ):
            for index, cell in enumerate(row):
                if (number, index) in unsaved and cell.data_type == "f":
                    formula = getattr(cell.value, "text", None) or str(cell.value)
                    by_number[number][index] = Cell("", formula=formula)
    finally:
        book.close()


def _trimmed(cells: list[Cell]) -> list[Cell]:
    """Without the empty cells at the end of a row."""
    end = len(cells)
    while end and not cells[end - 1].text and not cells[end - 1].formula:
        end -= 1
    return cells[:end]


def read_cells(name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    """The header and the data rows (with their spreadsheet row numbers) of a CSV or xlsx, each
    cell with what the workbook said about it; blank rows are left out.

    Raises :class:`ImportError_` for a file that cannot be read as a table: not a CSV or
    workbook, columns separated by semicolons, a cell beyond the CSV field limit, more than
    :data:`MAX_ROWS` rows, or a header that is not on row 1.
    """
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        rows = [
            (number, [Cell(text.strip()) for text in row])
            for number, row in enumerate(_csv_rows(name, data), start=1)
        ]
    elif suffix == ".xlsx":
        rows = _xlsx_rows(name, data)
    else:
        raise ImportError_([RowError(name, None, "(file)", suffix or name, "a .csv or .xlsx file")])
    # Cells come stripped of surrounding spaces; blank rows are left out.
    filled = [(number, row) for number, row in rows if any(c.text or c.formula for c in row)]
    if not filled:
        raise ImportError_([RowError(name, None, "(header)", "", "a header row")])
    if filled[0][0] != 1:
        raise ImportError_(
            [
                RowError(
                    name,
                    1,
                    "(header)",
                    "",
                    f"the column headings on row 1: row 1 is empty and the first filled row "
                    f"is row {filled[0][0]} (delete the empty rows above the headings)",
                )
            ]
        )
    header = [c.text.lower() for c in _trimmed(filled[0][1])]
    header = [COLUMN_ALIASES.get(h, h) for h in header]
    return header, filled[1:]


def read_table(name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows (with their spreadsheet row numbers) of a CSV or xlsx."""
    header, body = read_cells(name, data)
    return header, [(number, [c.text for c in cells]) for number, cells in body]


def _parse_number(cell: Cell, unit: Unit | None, limit: float) -> tuple[float | None, str]:
    """(the figure, "") or (None, what was expected).

    Excel numbers are taken as they are (a percentage formatted with "%" is stored as 0.655 and
    means 65.5); text must be a plain number with commas only between thousands, so "7,5" (a
    decimal comma) or "1.234,5" is refused rather than read as 75 or 1.2345.
    """
    in_range = f"a number from 0 to {limit:,.0f}"
    if cell.formula:
        return None, f"a number ({FORMULA_NOTE})"
    if cell.number is not None:
        value = cell.number
        if unit is Unit.PERCENTAGE and _shows_percent(cell):
            value = round(value * 100, 9)
    else:
        text = cell.text.strip()
        if not text:
            return None, "a number"
        if unit is Unit.PERCENTAGE and text.endswith("%"):
            text = text[:-1].strip()
        if not (_PLAIN_NUMBER.fullmatch(text) or _THOUSANDS.fullmatch(text)):
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
        and _shows_month_and_year(cell)
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


def validate(name: str, data: bytes, indicators: Mapping[str, Indicator]) -> list[ObservationRow]:
    """Check every row; return them all or raise :class:`ImportError_` listing every problem."""
    header, body = read_cells(name, data)
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
        filled = len(_trimmed(cells))
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
                    f"({numerator / denominator * 100:.1f})",
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

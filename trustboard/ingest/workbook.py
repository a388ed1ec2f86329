"""Excel workbooks (.xlsx) read cell by cell, keeping what Excel knew about each cell.

A workbook is where most of a partner's mistakes are made for them: a code typed as 4.10 is
stored as the number 4.1, "Mar-23" becomes the date 1 March 2023, a percentage is stored as a
fraction, a formula written by a program has no saved value, and one stray cell at XFD1048576
declares a sheet of seventeen billion cells. This module keeps the number, the date and its
format, and the unsaved formula beside each cell's text so the importers can say what happened,
and reads only as far and as wide as the figures go.
"""

from __future__ import annotations

import contextlib
import io
import math
from datetime import date, datetime
from typing import Any

from trustboard.core import formatting
from trustboard.ingest.cells import Cell, ImportError_, RowError, file_error, too_many_rows, trimmed

__all__ = ["EXCEL_MAX_ROWS", "MAX_COLUMNS", "xlsx_header", "xlsx_rows"]

MAX_COLUMNS = 100
"""Columns a workbook's header may have; the importers need far fewer."""
EXCEL_MAX_ROWS = 1_048_576


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


def _open_sheet(name: str, data: bytes) -> tuple[Any, Any]:
    """The workbook (to close) and its first sheet."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return book, book.worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise file_error(name, "an Excel workbook (.xlsx) that opens") from None


def xlsx_rows(name: str, data: bytes, max_rows: int) -> list[tuple[int, list[Cell]]]:
    """The numbered rows of the first sheet that have cells, no wider than its header.

    A value more than ``max_rows`` rows below the header is refused rather than read.
    """
    from openpyxl.cell.read_only import EMPTY_CELL  # a cell the file leaves out

    book, sheet = _open_sheet(name, data)
    try:
        rows, unsaved, width = _read_sheet(name, sheet, EMPTY_CELL, max_rows)
    except ImportError_:
        raise
    except Exception as error:  # a workbook that opens may still hold XML openpyxl cannot read
        raise file_error(name, f"an Excel workbook (.xlsx) that can be read ({error})") from None
    finally:
        book.close()
    if unsaved:
        # Reading the formulas only explains empty cells; if it fails they stay empty.
        with contextlib.suppress(Exception):
            _mark_formulas(data, rows, unsaved, width)
    return rows


def _sheet_header(name: str, sheet: Any) -> list[Cell]:
    """Row 1, without its empty cells at the end; refused if wider than :data:`MAX_COLUMNS`."""
    # The dimensions a file declares may be wrong or huge (one stray cell at XFD1048576):
    # read what is there, and only as wide as the header.
    sheet.reset_dimensions()
    # One row, at most as wide as a sheet can be: read whole, so a stray heading is found.
    first = next(sheet.iter_rows(min_row=1, max_row=1), ())
    header = trimmed([_excel_cell(c) for c in first])
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
    return header


def _read_sheet(
    name: str, sheet: Any, empty_cell: Any, max_rows: int
) -> tuple[list[tuple[int, list[Cell]]], set[tuple[int, int]], int]:
    """The numbered rows of a read-only sheet that have cells; the cells that exist but are
    empty; the width read."""
    header = _sheet_header(name, sheet)
    rows = [(1, header)]
    # Cells that exist but hold no value: maybe formulas whose value was never saved.
    unsaved: set[tuple[int, int]] = set()
    # Without a header, look across the sheet for where the table starts.
    width = len(header) or MAX_COLUMNS
    for number, row in enumerate(sheet.iter_rows(min_row=2, max_col=width), start=2):
        if number > EXCEL_MAX_ROWS:
            raise file_error(
                name,
                f"a sheet of at most {formatting.count(EXCEL_MAX_ROWS)} rows, as Excel saves it",
            )
        if number > max_rows + 1:
            if any(c.value is not None for c in row):
                raise too_many_rows(name, number, max_rows)
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


def xlsx_header(name: str, data: bytes) -> list[str]:
    """Row 1 of the first sheet as text, reading no further down the sheet."""
    book, sheet = _open_sheet(name, data)
    try:
        header = _sheet_header(name, sheet)
    except ImportError_:
        raise
    except Exception as error:  # as in xlsx_rows: XML openpyxl cannot read
        raise file_error(name, f"an Excel workbook (.xlsx) that can be read ({error})") from None
    finally:
        book.close()
    return [cell.text for cell in header]

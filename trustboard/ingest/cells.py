"""What a cell of a partner's file is, and how a problem with one is told to the partner.

Every importer reports a problem the same way: the file, the row as the partner sees it in their
spreadsheet (the header is row 1), the column, the value and what was expected, so a partner
fixes every problem of an upload in one go, whichever importer found them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from trustboard.core import formatting

__all__ = [
    "FORMULA_NOTE",
    "PLAIN_NUMBER",
    "THOUSANDS",
    "Cell",
    "ImportError_",
    "RowError",
    "content_hash",
    "file_error",
    "format_codes",
    "shows_month_and_year",
    "shows_percent",
    "too_many_rows",
    "trimmed",
]

PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
"""Commas are allowed only between thousands: "1,234.5", never "7,5" or "1.234,5"."""
FORMULA_NOTE = "this cell holds a formula with no saved value: open and save the file in Excel"


# -- problems ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    """One problem, placed where the sender will look for it in their own spreadsheet."""

    file: str
    row: int | None
    column: str
    value: str
    expected: str
    unit: str = "row"
    """What ``row`` counts: a spreadsheet's row, or the line of an XML file."""

    def __str__(self) -> str:
        where = f"{self.unit} {self.row}, " if self.row is not None else ""
        shown = f"{self.value!r}" if self.value != "" else "(empty)"
        return f"{self.file}: {where}column '{self.column}': {shown}: expected {self.expected}"


class ImportError_(ValueError):
    """A file that cannot be loaded; ``errors`` lists every bad row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def file_error(name: str, expected: str, row: int | None = None) -> ImportError_:
    """A problem with the file as a whole, which no single cell can be blamed for."""
    return ImportError_([RowError(name, row, "(file)", "", expected)])


def too_many_rows(name: str, row: int, limit: int) -> ImportError_:
    """A file padded far below its figures, refused before it is read into memory."""
    return file_error(
        name,
        f"at most {formatting.count(limit)} rows of figures below the header; "
        f"row {formatting.count(row)} has a value "
        "(delete any stray cells below the figures, or split the file)",
    )


def content_hash(data: bytes) -> str:
    """The file's identity: the same bytes sent twice are recognised and loaded once."""
    return hashlib.sha256(data).hexdigest()


# -- cells ------------------------------------------------------------------------------------
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

    @property
    def is_plain(self) -> bool:
        """Whether the text says all there is to know, so the cell need not be kept aside."""
        return not self.formula and self.number is None and self.when is None


def trimmed(cells: list[Cell]) -> list[Cell]:
    """Without the empty cells at the end of a row."""
    end = len(cells)
    while end and not cells[end - 1].text and not cells[end - 1].formula:
        end -= 1
    return cells[:end]


def format_codes(number_format: str) -> str:
    """A number format's codes without its literal text, colours and locales, lowercased:
    '[$-809]mmm-yy;@' -> 'mmm-yy;@', '0.0"%"' -> '0.0'."""
    without = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format)
    return without.lower()


def shows_percent(cell: Cell) -> bool:
    """Whether Excel showed the number as a percentage (it stores 65.5% as 0.655)."""
    return "%" in format_codes(cell.number_format)


def shows_month_and_year(cell: Cell) -> bool:
    """Whether a date cell is shown as a month ("Mar-23", "March 2023"), not a day."""
    codes = format_codes(cell.number_format)
    return "y" in codes and "m" in codes and not any(c in codes for c in "dhs")

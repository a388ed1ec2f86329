"""A return's rows as its adapter checks them, wherever they were read from.

A table of a CSV return and the same table rebuilt from an XML return are checked by the same
code, so each row carries the file and the place (a CSV row, an XML line) its problems are told
against. The checks here say what was expected without ever quoting an identifier or a date of
birth: a value is shown only when it is a code or an event's date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from trustboard.ingest.cells import RowError
from trustboard.ingest.record_values import DATE_EXPECTED, parser
from trustboard.measures.sources import Column, ColumnType

__all__ = ["SHOWN", "Checker", "Row"]

SHOWN = 30
"""The most of a code an error quotes."""

_read_date = parser(Column("date", ColumnType.DATE))


@dataclass(frozen=True)
class Row:
    file: str
    number: int
    values: dict[str, str]
    unit: str = "row"

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()


class Checker:
    """Collects every problem of a return, and reads typed values from rows."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def problem(self, row: Row, column: str, shown: str, expected: str) -> None:
        self.errors.append(RowError(row.file, row.number, column, shown, expected, row.unit))

    def required(self, row: Row, column: str, *, secret: bool = False) -> str:
        text = row.get(column)
        if not text:
            self.problem(row, column, "", "a value (the column is required)")
        elif len(text) > 200 or "\n" in text:
            shown = "(an identifier)" if secret else f"(text of {len(text)} characters)"
            self.problem(row, column, shown, "a value on one line of at most 200 characters")
            return ""
        return text

    def day(
        self, row: Row, column: str, *, required: bool = True, secret: bool = False
    ) -> date | None:
        """A date, from 1950 to today. ``secret`` for a date of birth: never quoted."""
        text = row.get(column)
        if not text:
            if required:
                self.problem(row, column, "", f"a value: {DATE_EXPECTED}")
            return None
        value, expected = _read_date(text, None)
        if expected:
            shown = "(a date of birth)" if secret else text[:SHOWN]
            self.problem(row, column, shown, expected)
            return None
        assert isinstance(value, date)
        return value

    def code(self, row: Row, column: str, codes: Iterable[str], *, required: bool = True) -> str:
        """A code from a published list, in capitals; "" when empty and allowed to be."""
        text = row.get(column).upper()
        codes = tuple(codes)
        if not text:
            if required:
                self.problem(row, column, "", "one of " + ", ".join(codes))
            return ""
        if text not in codes:
            self.problem(row, column, text[:SHOWN], "one of " + ", ".join(codes))
            return ""
        return text

"""The cells of a record-level extract, read as the typed values its schema says they hold.

Each column's parser is worked out once and applied to every row, and it answers with the value
or with what was expected, never with the cell's text: an error about a record may end up in a
log, so what it shows is decided by the importer, which knows which columns are identifiers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date

from trustboard.core import formatting
from trustboard.ingest.reader import PLAIN_NUMBER, THOUSANDS, Cell
from trustboard.measures.sources import Column, ColumnType

__all__ = [
    "BOOLEANS",
    "BOOLEAN_EXPECTED",
    "DATE_EXPECTED",
    "EARLIEST_DATE",
    "INTEGER_LIMIT",
    "TEXT_EXPECTED",
    "TEXT_MAX",
    "Parser",
    "parser",
    "plausible",
]

DATE_EXPECTED = "a date as YYYY-MM-DD or DD/MM/YYYY, e.g. 2023-03-31 or 31/03/2023"
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_UK_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")

BOOLEANS = {
    "true": True,
    "yes": True,
    "y": True,
    "1": True,
    "false": False,
    "no": False,
    "n": False,
    "0": False,
}
BOOLEAN_EXPECTED = "true or false (or yes/no, y/n, 1/0)"

INTEGER_LIMIT = 2_147_483_647
"""The largest whole number the store's integer columns hold."""

Parser = Callable[[str, Cell | None], tuple[object, str]]
"""From a filled cell's text (and a workbook's cell, if it was more than text) to
(value, "") or (None, what was expected)."""


def parser(column: Column) -> Parser:
    """How a column's cells are read and checked, worked out once for the whole column."""
    kind = column.type
    if kind in (ColumnType.ID, ColumnType.TEXT):
        return _parse_text
    if kind is ColumnType.DATE:
        return _parse_date
    if kind is ColumnType.BOOLEAN:
        return _parse_boolean
    if kind is ColumnType.CHOICE:
        return _choice_parser(column)
    return _number_parser(column)


TEXT_MAX = 200
"""The longest value a record's text column holds: codes, localities, organisation types. A
longer one, or one over several lines, is rows run together by a quotation mark left open, and
storing it would store the other rows' identifiers as text."""
TEXT_EXPECTED = (
    f"a value on one line of at most {TEXT_MAX} characters (is a quotation mark left open "
    "in this row?)"
)


def _parse_text(text: str, cell: Cell | None) -> tuple[object, str]:
    if len(text) > TEXT_MAX or "\n" in text or "\r" in text:
        return None, TEXT_EXPECTED
    return text, ""


EARLIEST_DATE = date(1950, 1, 1)
"""No record of a service for children today began before this: an earlier date is a typing or
system error (01/01/0001 is a case system's "no date")."""


def plausible(day: date, today: date | None = None) -> str:
    """ "" for a date a record can carry, else what was expected: from :data:`EARLIEST_DATE` to
    today. A date in the future (9999-12-31, a system's "open" marker) is refused here, at
    import, with its file, row and column, so that measures never meet it."""
    latest = today or date.today()
    if EARLIEST_DATE <= day <= latest:
        return ""
    return (
        f"a date from {EARLIEST_DATE:%Y-%m-%d} to today ({latest:%Y-%m-%d}): leave an end date "
        "empty while the record is open"
    )


def _parse_date(text: str, cell: Cell | None) -> tuple[object, str]:
    value, expected = _read_date(text, cell)
    if isinstance(value, date):
        expected = plausible(value)
        if expected:
            return None, expected
    return value, expected


def _read_date(text: str, cell: Cell | None) -> tuple[object, str]:
    if cell is not None:
        if cell.when is not None:
            return cell.when, ""
        if cell.number is not None:
            return None, f"{DATE_EXPECTED} (Excel read this cell as the number {text})"
    match = _ISO_DATE.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _UK_DATE.fullmatch(text)
        if not match:
            return None, DATE_EXPECTED
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day), ""
    except ValueError:
        return None, f"a real date: {DATE_EXPECTED}"


def _parse_boolean(text: str, cell: Cell | None) -> tuple[object, str]:
    value = BOOLEANS.get(text.lower())
    return (value, "") if value is not None else (None, BOOLEAN_EXPECTED)


def _choice_key(text: str) -> str:
    return re.sub(r"[\s_-]+", "_", text.strip().lower())


def _choice_parser(column: Column) -> Parser:
    canonical = {_choice_key(choice): choice for choice in column.choices}
    expected = "one of " + ", ".join(column.choices)
    seen: dict[str, str | None] = {}
    """Extracts repeat a handful of spellings; each is worked out once."""

    def parse(text: str, cell: Cell | None) -> tuple[object, str]:
        if text not in seen:
            seen[text] = canonical.get(_choice_key(text))
        value = seen[text]
        return (value, "") if value is not None else (None, expected)

    return parse


def _number_parser(column: Column) -> Parser:
    whole = column.type is ColumnType.INTEGER
    low, high = column.minimum, column.maximum
    if whole:
        low = -INTEGER_LIMIT if low is None else low
        high = INTEGER_LIMIT if high is None else high
    kind = "a whole number" if whole else "a number"
    if low is not None and high is not None:
        low_text, high_text = formatting.as_written(low), formatting.as_written(high)
        expected = f"{kind} from {low_text} to {high_text}"
    elif low is not None:
        expected = f"{kind} of {formatting.as_written(low)} or more"
    elif high is not None:
        expected = f"{kind} of {formatting.as_written(high)} or less"
    else:
        expected = kind

    def parse(text: str, cell: Cell | None) -> tuple[object, str]:
        if cell is not None and cell.number is not None:
            value = cell.number
        elif PLAIN_NUMBER.fullmatch(text) or THOUSANDS.fullmatch(text):
            value = float(text.replace(",", ""))
        else:
            return None, expected
        if not math.isfinite(value) or (whole and not value.is_integer()):
            return None, expected
        if (low is not None and value < low) or (high is not None and value > high):
            return None, expected
        return (int(value) if whole else value), ""

    return parse

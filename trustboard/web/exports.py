"""Values made safe to put in a spreadsheet (Excel or CSV) that someone will open.

Text typed by one person (an agency's narrative, a comment) ends up in a file another person
opens in Excel or LibreOffice. A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` is
read as a formula there, and tab or carriage return at the start can shift what the
spreadsheet reads: "formula injection" (CSV injection, OWASP). So every export writes each
value through :func:`safe_cell`, which puts a leading apostrophe before such text so that it
shows as the text that was typed and is never evaluated. Numbers, dates and None pass through
unchanged: only text can carry a formula.

Use it for every cell of every export, headings included, e.g.::

    sheet.append(safe_row([agency.name, return_.narrative, return_.achieved]))
    writer.writerow(safe_row(values))  # csv.writer

Characters no spreadsheet file can hold (the C0 control characters other than tab, line
feed and carriage return) are dropped first: openpyxl refuses them, and a control character in
front of ``=`` must not hide the formula from the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet treat text as a formula (or shift it)."""

QUOTE = "'"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: object) -> object:
    """``value`` fit for a spreadsheet cell: text that could be read as a formula is quoted.

    >>> safe_cell("=SUM(A1)")
    "'=SUM(A1)"
    >>> safe_cell("-5 on last year")
    "'-5 on last year"
    >>> safe_cell(-5)
    -5
    >>> safe_cell("Police")
    'Police'
    """
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub("", value)
    if text.startswith(FORMULA_STARTS):
        return QUOTE + text
    return text


def safe_row(values: Iterable[object]) -> list[object]:
    """Every value of a row through :func:`safe_cell`."""
    return [safe_cell(v) for v in values]

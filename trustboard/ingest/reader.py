"""The reader toolkit every importer shares: a CSV, workbook or Parquet file as one table.

A partner who sends the same sheet as observations, as a record-level extract or as a DfE
statistics file meets the same rules for what can be read (one header on row 1, a size limit,
UTF-8 or UTF-16 text, commas between columns) and the same kind of message when a file breaks
them. Reading into one :class:`Table` is also what lets an upload be parsed once and handed from
the code that recognises it to the code that checks it; :func:`read_header` tells what a file is
without parsing it whole.

The names of :mod:`trustboard.ingest.cells` and :mod:`trustboard.ingest.workbook` are
importable from here too, so an importer needs this one module.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trustboard.core import formatting
from trustboard.ingest.cells import (
    FORMULA_NOTE,
    PLAIN_NUMBER,
    THOUSANDS,
    Cell,
    ImportError_,
    RowError,
    content_hash,
    file_error,
    format_codes,
    shows_month_and_year,
    shows_percent,
    too_many_rows,
    trimmed,
)
from trustboard.ingest.workbook import EXCEL_MAX_ROWS, MAX_COLUMNS, xlsx_header, xlsx_rows

__all__ = [
    "EXCEL_MAX_ROWS",
    "FORMULA_NOTE",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "OTHER_SEPARATORS",
    "PLAIN_NUMBER",
    "TABLE_SUFFIXES",
    "THOUSANDS",
    "Cell",
    "HeaderCheck",
    "ImportError_",
    "RowError",
    "Table",
    "content_hash",
    "csv_rows",
    "decode",
    "file_error",
    "format_codes",
    "parquet_table",
    "read_file",
    "read_header",
    "shows_month_and_year",
    "shows_percent",
    "too_many_rows",
    "trimmed",
    "xlsx_rows",
]

TABLE_SUFFIXES = (".csv", ".xlsx")
"""What a partner's figures come in; Parquet is for record-level extracts only."""

MAX_ROWS = 200_000
"""Rows of figures below the header a file may have: years of weekly figures for every
indicator fit many times over, and a sheet padded with a stray cell far down is refused
instead of read row by empty row into memory."""
OTHER_SEPARATORS = {";": "';'", "\t": "tabs"}
"""Separators some spreadsheets use in place of commas (';' where the decimal mark is a comma)."""


# -- the table --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table:
    """A file's cells as text, which is all most cells are, and the few that were more.

    Keeping plain strings (not a :class:`Cell` each) is what lets a 100,000-row CSV load in
    seconds; a workbook's dates, numbers and unsaved formulas are kept aside by position.
    """

    name: str
    header: list[str]
    """Row 1 as written (surrounding spaces removed), without the empty cells after its last
    heading. Each importer matches headings its own way, so none is renamed here."""
    numbers: list[int]
    """Each row's number as the sender sees it (the header is row 1)."""
    rows: list[Sequence[str]]
    """The filled rows below the header; blank rows are left out."""
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    """(row position, column index) -> a workbook cell that was a date, number or formula."""

    def cell(self, position: int, index: int) -> Cell:
        """The cell at a row position and column index, empty beyond the end of the row."""
        special = self.cells.get((position, index)) if self.cells else None
        if special is not None:
            return special
        row = self.rows[position]
        return Cell(row[index] if index < len(row) else "")

    def numbered(self) -> list[tuple[int, list[str]]]:
        """Each row with its spreadsheet row number, as text."""
        return [(number, list(row)) for number, row in zip(self.numbers, self.rows, strict=True)]

    def numbered_cells(self) -> list[tuple[int, list[Cell]]]:
        """Each row with its spreadsheet row number, every cell with what a workbook said."""
        return [
            (number, [self.cell(position, index) for index in range(len(row))])
            for position, (number, row) in enumerate(zip(self.numbers, self.rows, strict=True))
        ]


HeaderCheck = Callable[[list[str]], None]
"""Called with a file's header before any value is read; raises to refuse the file."""


def _suffixes_text(suffixes: Sequence[str]) -> str:
    if len(suffixes) == 1:
        return f"a {suffixes[0]} file"
    return f"a {', '.join(suffixes[:-1])} or {suffixes[-1]} file"


def _suffix(name: str, suffixes: Sequence[str]) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        raise ImportError_(
            [RowError(name, None, "(file)", suffix or name, _suffixes_text(suffixes))]
        )
    return suffix


def read_file(
    name: str,
    data: bytes,
    *,
    suffixes: Sequence[str] = TABLE_SUFFIXES,
    check_header: HeaderCheck | None = None,
) -> Table:
    """A CSV, xlsx or (if ``suffixes`` allows) Parquet file as a :class:`Table`.

    Raises :class:`ImportError_` for a file that cannot be read as a table: not one of
    ``suffixes``, columns separated by semicolons, a cell beyond the CSV field limit, more than
    :data:`MAX_ROWS` rows, or a header that is not on row 1. ``check_header`` sees the header
    before a Parquet file's values are read, so a file can be refused on its headings alone.
    """
    suffix = _suffix(name, suffixes)
    if suffix == ".parquet":
        return parquet_table(name, data, check_header)
    table = _csv_table(name, data) if suffix == ".csv" else _xlsx_table(name, data)
    if check_header is not None:
        check_header(table.header)
    return table


def read_header(name: str, data: bytes, *, suffixes: Sequence[str] = TABLE_SUFFIXES) -> list[str]:
    """A file's header as :func:`read_file` gives it, reading no more of the file than it must.

    For telling which importer a file belongs to without parsing it whole: a workbook's first
    row, a Parquet file's schema, a CSV's first record. A file whose header cannot be found
    this way is read whole, so the error is the one :func:`read_file` raises.
    """
    suffix = _suffix(name, suffixes)
    if suffix == ".parquet":
        return _parquet_header(name, data)
    header = _csv_header(name, data) if suffix == ".csv" else xlsx_header(name, data)
    if header:
        return header
    return read_file(name, data, suffixes=suffixes).header


def _require_header_on_row_1(name: str, first: int | None) -> None:
    if first is None:
        raise ImportError_([RowError(name, None, "(header)", "", "a header row")])
    if first != 1:
        raise ImportError_(
            [
                RowError(
                    name,
                    1,
                    "(header)",
                    "",
                    f"the column headings on row 1: row 1 is empty and the first filled row "
                    f"is row {first} (delete the empty rows above the headings)",
                )
            ]
        )


def _trim(texts: Sequence[str]) -> list[str]:
    """Without the empty cells after the last heading."""
    end = len(texts)
    while end and not texts[end - 1]:
        end -= 1
    return list(texts[:end])


# -- CSV --------------------------------------------------------------------------------------
def decode(name: str, data: bytes) -> str:
    """A CSV file's text, in whichever of the encodings spreadsheets save CSV in it is."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Some programs save "Unicode" CSV as UTF-16, marked by these first two bytes.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise file_error(name, "a CSV file in UTF-8 or UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise file_error(name, "a CSV file in UTF-8 text") from None


def _refuse_other_separators(name: str, text: str) -> None:
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    for separator, called in OTHER_SEPARATORS.items():
        if first_line.count(separator) > first_line.count(","):
            raise file_error(
                name,
                f"columns separated by commas: the file's columns are separated by {called}: "
                "save it as comma-separated CSV (in Excel: Save As, CSV UTF-8)",
            )


def csv_rows(name: str, data: bytes) -> list[list[str]]:
    """Every record of a CSV file, blank ones included, so their numbers are the sender's."""
    text = decode(name, data)
    _refuse_other_separators(name, text)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS + 1 and any(c.strip() for c in row):
                raise too_many_rows(name, len(rows), MAX_ROWS)
    except csv.Error as error:
        where = len(rows) + 1
        if "field limit" in str(error):
            expected = (
                f"cells of at most {formatting.count(csv.field_size_limit())} characters: a cell "
                f"from row {where} on is longer (is a quotation mark left open?)"
            )
        else:
            expected = f"CSV text that can be read from row {where} on ({error})"
        raise file_error(name, expected, where) from None
    return rows


def _csv_table(name: str, data: bytes) -> Table:
    # Plain stripped strings, not a Cell each: a CSV cell is only ever text.
    numbers: list[int] = []
    rows: list[Sequence[str]] = []
    for number, row in enumerate(csv_rows(name, data), start=1):
        stripped = [text.strip() for text in row]
        if any(stripped):
            numbers.append(number)
            rows.append(stripped)
    _require_header_on_row_1(name, numbers[0] if numbers else None)
    return Table(name, _trim(rows[0]), numbers[1:], rows[1:])


def _csv_header(name: str, data: bytes) -> list[str]:
    """The first record, if it holds a heading; else nothing (and the whole file is read)."""
    text = decode(name, data)
    _refuse_other_separators(name, text)
    try:
        first = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return []
    return _trim([cell.strip() for cell in first])


# -- workbooks -------------------------------------------------------------------------------
def _xlsx_table(name: str, data: bytes) -> Table:
    filled = [
        (n, row)
        for n, row in xlsx_rows(name, data, MAX_ROWS)
        if any(c.text or c.formula for c in row)
    ]
    _require_header_on_row_1(name, filled[0][0] if filled else None)
    header = [cell.text for cell in trimmed(filled[0][1])]
    table = Table(name, header, [number for number, _ in filled[1:]], [])
    for position, (_, row) in enumerate(filled[1:]):
        table.rows.append([cell.text for cell in row])
        for index, cell in enumerate(row):
            if not cell.is_plain:
                table.cells[position, index] = cell
    return table


# -- Parquet ----------------------------------------------------------------------------------
def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _parquet_text(column: str, sql_type: str) -> str:
    """SQL giving a Parquet column's values as the text a spreadsheet cell would show.

    Dates come out as ISO dates (a timestamp's time of day is dropped) and whole numbers held
    as floating point lose their ".0", so an identifier is hashed the same from any format.
    """
    if sql_type.startswith("TIMESTAMP") or sql_type == "DATE":
        text = f"strftime(cast({column} as date), '%Y-%m-%d')"
    elif sql_type in ("FLOAT", "DOUBLE") or sql_type.startswith("DECIMAL"):
        text = (
            f"case when isfinite({column}::double) and {column} = round({column}) "
            f"and abs({column}) < 1e15 then cast(cast({column} as bigint) as varchar) "
            f"else cast({column} as varchar) end"
        )
    else:
        text = f"trim(cast({column} as varchar))"
    return f"coalesce({text}, '')"


def parquet_table(name: str, data: bytes, check_header: HeaderCheck | None = None) -> Table:
    """A Parquet file as text cells, numbered as if its column names were row 1 of a sheet.

    ``check_header`` sees the column names before a single value is read.
    """
    import duckdb

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "extract.parquet")
        connection = duckdb.connect()
        try:
            Path(path).write_bytes(data)
            try:
                described = connection.execute(
                    "describe select * from read_parquet(?)", [path]
                ).fetchall()
                header = [str(column[0]).strip() for column in described]
                if check_header is not None:
                    check_header(header)
                texts = ", ".join(
                    _parquet_text(_quoted(str(column[0])), str(column[1])) for column in described
                )
                rows = connection.execute(f"select {texts} from read_parquet(?)", [path]).fetchall()
            except duckdb.Error:
                raise file_error(name, "a Parquet file that can be read") from None
        finally:
            connection.close()
    numbers = [number for number, row in enumerate(rows, start=2) if any(row)]
    return Table(name, header, numbers, [row for row in rows if any(row)])


def _parquet_header(name: str, data: bytes) -> list[str]:
    import duckdb

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "extract.parquet"
        path.write_bytes(data)
        connection = duckdb.connect()
        try:
            described = connection.execute(
                "describe select * from read_parquet(?)", [str(path)]
            ).fetchall()
        except duckdb.Error:
            raise file_error(name, "a Parquet file that can be read") from None
        finally:
            connection.close()
    return [str(column[0]).strip() for column in described]

"""An EES data file read into rows placed at their geography, with filters and measures apart.

The file says nothing about which of a publication's own columns are filters and which are
measures (that lives in a separate ``.meta.csv`` we are usually not given), so the reader decides
from the values; the board's mapping then says which measure and filter values hold an indicator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trustboard.ingest.dfe.geography import (
    GEOGRAPHY_COLUMNS,
    GEOGRAPHY_LEVELS,
    LEVEL_COLUMNS,
    LEVEL_NAMES,
    LOCAL_AUTHORITY,
    OTHER_GEOGRAPHY_LEVELS,
    REQUIRED_COLUMNS,
    TIME_COLUMNS,
)
from trustboard.ingest.dfe.symbols import EXPECTED_MEASURE, DfeCell
from trustboard.ingest.reader import ImportError_, RowError, Table, read_file

__all__ = ["DfeRow", "DfeTable", "looks_like_dfe", "read_dfe"]


@dataclass(frozen=True)
class DfeRow:
    """One row of an EES file, placed at its own geography.

    ``code`` and ``name`` are the row's own place (the authority on a local authority row, the
    region on a regional row, the country on a national row); ``region_code`` is kept on
    authority rows so the area's region can be found from the area's own rows.
    """

    row: int
    time_period: str
    time_identifier: str
    level: str
    code: str
    name: str
    filters: dict[str, str]
    measures: dict[str, DfeCell]
    region_code: str = ""
    region_name: str = ""
    old_la_code: str = ""


@dataclass(frozen=True)
class DfeTable:
    name: str
    rows: tuple[DfeRow, ...]
    filter_columns: tuple[str, ...]
    measure_columns: tuple[str, ...]

    def filter_values(self, column: str) -> tuple[str, ...]:
        """The distinct values of a filter column, in the order the file first uses them."""
        return tuple(dict.fromkeys(row.filters[column] for row in self.rows))

    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.level for row in self.rows))


def looks_like_dfe(header: Sequence[str]) -> bool:
    """Whether a file's header is an EES data file's, so an import can send it here."""
    names = {str(h).strip().lstrip("\ufeff").lower() for h in header}
    return {"time_period", "time_identifier", "geographic_level"} <= names


def _read_rows(table: Table) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and numbered rows of the file, cells untouched apart from surrounding spaces.

    Headings are matched in any case but never renamed: the aliases of the board's own
    observations template ("code" for "indicator") mean nothing in a DfE file.
    """
    return [h.strip().lower() for h in table.header], table.numbered()


def _classify(
    columns: Iterable[str], values: dict[str, list[str]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split the publication's own columns into filters and measures by what they hold.

    A measure column holds numbers and symbols; a stray bad cell should be reported as a bad
    figure, not turn the whole column into a filter, so a column is a measure when most of its
    cells are numbers or symbols. "Total" is the EES standard for a filter's aggregate and never
    a figure, so a column with it is a filter even if its other values are numbers (ages,
    year groups).
    """
    filters: list[str] = []
    measures: list[str] = []
    for column in columns:
        cells = [v for v in values[column] if v]
        readable = sum(1 for v in cells if DfeCell.parse(v) is not None)
        has_total = any(v.lower() == "total" for v in cells)
        if readable and not has_total and 2 * readable > len(cells):
            measures.append(column)
        else:
            filters.append(column)
    return tuple(filters), tuple(measures)


def read_dfe(name: str, data: bytes | None, *, table: Table | None = None) -> DfeTable:
    """Read an EES data file whole, or raise :class:`ImportError_` listing every problem.

    EES files are CSV; a workbook someone saved from one reads the same. ``table`` is the file
    already read (by whoever looked at its headings to see that it is a DfE file), so it is not
    parsed again; without it ``data`` is read.
    """
    if table is None:
        if data is None:
            raise ValueError("read_dfe needs the file's data or its table")
        table = read_file(name, data)
    header, body = _read_rows(table)
    errors: list[RowError] = []
    for column in REQUIRED_COLUMNS:
        if column not in header:
            errors.append(
                RowError(name, 1, column, "", f"a column named '{column}' (every EES file has it)")
            )
    for column in sorted({h for h in header if h and header.count(h) > 1}):
        errors.append(RowError(name, 1, column, column, "each column once"))
    if errors:
        raise ImportError_(errors)
    if not body:
        raise ImportError_([RowError(name, None, "(rows)", "", "at least one row of figures")])

    index = {column: position for position, column in enumerate(header) if column}
    values: dict[str, list[str]] = {column: [] for column in index}
    for number, cells in body:
        # A short row is a broken line; a long one is only wrong if the extra cells hold
        # something (the reader drops the empty headings at the end of the header, not the
        # empty cells at the end of each row).
        if len(cells) < len(header) or any(cells[len(header) :]):
            errors.append(
                RowError(
                    name,
                    number,
                    "(row)",
                    f"{len(cells)} cells",
                    f"{len(header)} cells, one per column of the header (a name with a comma "
                    'in it must be in double quotes: "Bristol, City of")',
                )
            )
            continue
        for column, position in index.items():
            values[column].append(cells[position])
    if errors:
        raise ImportError_(errors)

    own_columns = [c for c in index if c not in GEOGRAPHY_COLUMNS and c not in TIME_COLUMNS]
    filter_columns, measure_columns = _classify(own_columns, values)

    levels_seen: set[str] = set()
    rows: list[DfeRow] = []
    for number, cells in body:

        def cell(column: str, cells: list[str] = cells) -> str:
            return cells[index[column]] if column in index else ""

        row_errors: list[RowError] = []
        time_period = cell("time_period")
        if not re.fullmatch(r"\d{4}|\d{6}", time_period):
            row_errors.append(
                RowError(
                    name,
                    number,
                    "time_period",
                    time_period,
                    "a year of 4 digits (2024) or a year pair of 6 digits (202324)",
                )
            )
        time_identifier = cell("time_identifier")
        if not time_identifier:
            row_errors.append(
                RowError(
                    name,
                    number,
                    "time_identifier",
                    "",
                    "an EES time identifier such as "
                    "Reporting year, Financial year or Academic year",
                )
            )
        raw_level = cell("geographic_level")
        if not raw_level:
            row_errors.append(
                RowError(
                    name,
                    number,
                    "geographic_level",
                    "",
                    "a geographic level such as National, Regional or Local authority",
                )
            )
        level = LEVEL_NAMES.get(raw_level.lower(), raw_level)
        levels_seen.add(level)
        measures: dict[str, DfeCell] = {}
        for column in measure_columns:
            parsed = DfeCell.parse(cell(column))
            if parsed is None:
                row_errors.append(RowError(name, number, column, cell(column), EXPECTED_MEASURE))
            else:
                measures[column] = parsed
        if row_errors:
            errors.extend(row_errors)
            continue
        code_column, name_column = (GEOGRAPHY_LEVELS | OTHER_GEOGRAPHY_LEVELS).get(level, ("", ""))
        code = cell(code_column) if code_column else ""
        if level == LOCAL_AUTHORITY and not code:
            # Authorities abolished before 9-character codes have only their old code.
            code = cell("old_la_code")
        rows.append(
            DfeRow(
                row=number,
                time_period=time_period,
                time_identifier=time_identifier,
                level=level,
                code=code,
                name=cell(name_column) if name_column else "",
                filters={column: cell(column) for column in filter_columns},
                measures=measures,
                region_code=cell("region_code"),
                region_name=cell("region_name"),
                old_la_code=cell("old_la_code"),
            )
        )
    for level, columns in LEVEL_COLUMNS.items():
        if level not in levels_seen:
            continue
        for column in columns:
            if column not in index:
                errors.append(
                    RowError(
                        name,
                        1,
                        column,
                        "",
                        f"a column named '{column}' (the file has {level} rows)",
                    )
                )
    if errors:
        raise ImportError_(errors)
    return DfeTable(name, tuple(rows), filter_columns, measure_columns)

"""Read the Department for Education's published statistics files ("explore education
statistics", EES) and pick out one indicator for the area and its comparators.

Every EES data file has the same shape: a row per time period, geography and combination of
filter values, with ``time_period``, ``time_identifier``, ``geographic_level`` and the geography
columns first, then the publication's own columns. Those own columns are either *filters*
(category labels such as ``population_count`` or ``school_type``) or *measures* (numbers, or a
symbol standing in for a number that cannot be published). The file says nothing about which is
which (that lives in a separate ``.meta.csv`` we are usually not given), so the reader decides
from the values, and the board's mapping then says which measure and which filter values hold
an indicator. Nothing here is tuned to one publication: a school absence file reads the same way
as the children looked after file.

Symbols are kept as what they mean. A suppressed count (``c``) or a figure that rounds to zero
(``low``) is not zero, and reading it as a number would put a false figure in a board report.

Sources for the formats accepted here:

- symbols: DfE analysts' guide, "Open data standards", section "Data symbols"
  (github.com/dfe-analytical-services/analysts-guide, statistics-production/ud.qmd): ``z``,
  ``x``, ``c``, ``low``, ``u``, with ``:`` and ``~`` as obsolete forms of ``x`` and ``low``. The
  EES data screener flags the obsolete ones, but files published before it may still carry
  them. ``k`` is the GSS shorthand for a low figure that rounds to zero; it is not in the DfE
  guide, but the notes that came with our DfE files list it, so it is read as ``low``.
- time identifiers: the same guide, "List of allowable time values", and the service's own enum
  (explore-education-statistics, ``Common/Model/TimeIdentifier.cs``).
- geographic levels and their columns: the data screener's ``data/geography_matrix.csv``.
"""

from __future__ import annotations

import calendar
import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trustboard.core import periods
from trustboard.core.catalogue import Indicator, PublishedSource
from trustboard.core.periods import Basis, Period, PeriodError
from trustboard.ingest.observations import ImportError_, RowError, read_table

__all__ = [
    "BENCHMARK_LEVELS",
    "GEOGRAPHY_LEVELS",
    "OTHER_GEOGRAPHY_LEVELS",
    "REQUIRED_COLUMNS",
    "SYMBOLS",
    "TIME_IDENTIFIERS",
    "BenchmarkValue",
    "DfeCell",
    "DfeMapping",
    "DfeRow",
    "DfeTable",
    "Selection",
    "dfe_period",
    "looks_like_dfe",
    "read_dfe",
    "select",
]

# -- symbols ----------------------------------------------------------------------------------
ROUNDS_TO_ZERO = "rounds to zero (below 0.5), but is not zero"

SYMBOLS: dict[str, str] = {
    "c": "confidential (suppressed)",
    "z": "not applicable",
    "x": "not available",
    "low": ROUNDS_TO_ZERO,
    "k": ROUNDS_TO_ZERO,
    "u": "low reliability",
    ":": "not available",
    "~": ROUNDS_TO_ZERO,
}
"""What each DfE symbol means, in the order the DfE guidance lists them (sources above)."""

EXPECTED_MEASURE = "a number or one of the DfE symbols " + ", ".join(SYMBOLS)

# A plain decimal, as EES files write numbers: no thousands separators, no units, no "nan".
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def _symbol(text: str) -> str | None:
    """The symbol a cell holds, if any. Case is ignored: "C" in a hand-edited file is still c."""
    key = text.strip().lower()
    return key if key in SYMBOLS else None


def _number(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class DfeCell:
    """One published figure: a number, or the symbol printed in its place (never both)."""

    value: float | None
    symbol: str | None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.symbol is None):
            raise ValueError("a DfE cell holds either a number or a symbol")
        if self.symbol is not None and self.symbol not in SYMBOLS:
            raise ValueError(f"{self.symbol!r} is not a DfE symbol: expected one of {SYMBOLS}")

    @classmethod
    def parse(cls, text: str) -> DfeCell | None:
        """The cell a file's text stands for, or None when it is neither a number nor a symbol."""
        symbol = _symbol(text)
        if symbol is not None:
            return cls(None, symbol)
        value = _number(text)
        return None if value is None else cls(value, None)

    @property
    def meaning(self) -> str:
        return "" if self.symbol is None else SYMBOLS[self.symbol]

    def __str__(self) -> str:
        if self.symbol is not None:
            return self.symbol
        assert self.value is not None
        return str(int(self.value)) if self.value.is_integer() else repr(self.value)


# -- geography --------------------------------------------------------------------------------
NATIONAL = "National"
REGIONAL = "Regional"
LOCAL_AUTHORITY = "Local authority"

GEOGRAPHY_LEVELS: dict[str, tuple[str, str]] = {
    NATIONAL: ("country_code", "country_name"),
    REGIONAL: ("region_code", "region_name"),
    LOCAL_AUTHORITY: ("new_la_code", "la_name"),
}
"""The levels trustboard compares an area with, and each level's code and name columns."""

OTHER_GEOGRAPHY_LEVELS: dict[str, tuple[str, str]] = {
    "Local authority district": ("lad_code", "lad_name"),
    "RSC region": ("", "rsc_region_lead_name"),
    "Parliamentary constituency": ("pcon_code", "pcon_name"),
    "Local skills improvement plan area": ("lsip_code", "lsip_name"),
    "Local enterprise partnership": (
        "local_enterprise_partnership_code",
        "local_enterprise_partnership_name",
    ),
    "English devolved area": ("english_devolved_area_code", "english_devolved_area_name"),
    "Opportunity area": ("opportunity_area_code", "opportunity_area_name"),
    "Ward": ("ward_code", "ward_name"),
    "MAT": ("trust_id", "trust_name"),
    "Sponsor": ("sponsor_id", "sponsor_name"),
    "School": ("school_urn", "school_name"),
    "Provider": ("provider_ukprn", "provider_name"),
    "Institution": ("institution_id", "institution_name"),
    "Planning area": ("planning_area_code", "planning_area_name"),
    "Police force area": ("pfa_code", "pfa_name"),
}
"""Other levels EES publishes. Rows at these levels are read and kept with their own code and
name, but no comparison uses them; a level in neither table is kept too, without a code."""

BENCHMARK_LEVELS = ("national", "regional", "neighbour", "local_authority")
"""The ``level`` of a :class:`BenchmarkValue`. ``local_authority`` is for comparisons with every
authority (rankings, quartiles); :func:`select` gives only the first three."""

_LEVEL_NAMES = {level.lower(): level for level in [*GEOGRAPHY_LEVELS, *OTHER_GEOGRAPHY_LEVELS]}

TIME_COLUMNS = ("time_period", "time_identifier")
REQUIRED_COLUMNS = (*TIME_COLUMNS, "geographic_level", "country_code", "country_name")
"""The columns every EES file must have (DfE open data standards, "Time and geography")."""

LEVEL_COLUMNS = {
    REGIONAL: ("region_code", "region_name"),
    LOCAL_AUTHORITY: ("new_la_code", "la_name"),
}
"""Columns a file needs if it has rows at these levels, since comparisons read them."""

GEOGRAPHY_COLUMNS = frozenset(
    {"geographic_level", "old_la_code", "school_laestab"}
    | {column for pair in GEOGRAPHY_LEVELS.values() for column in pair}
    | {column for pair in OTHER_GEOGRAPHY_LEVELS.values() for column in pair if column}
)
"""Columns that place a row rather than break it down: neither filters nor measures."""


# -- the table --------------------------------------------------------------------------------
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


def _read_rows(name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and numbered rows of the file, cells untouched apart from surrounding spaces.

    EES files are CSV; the shared reader is used only for a workbook someone saved from one,
    because it renames columns the board's own template uses.
    """
    if Path(name).suffix.lower() == ".xlsx":
        return read_table(name, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportError_(
                [RowError(name, None, "(file)", "", "a CSV file in UTF-8 text")]
            ) from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportError_([RowError(name, None, "(header)", "", "a header row")])
    header = [h.strip().lower() for h in rows[0]]
    body = [
        (number, [c.strip() for c in row])
        for number, row in enumerate(rows[1:], start=2)
        if any(c.strip() for c in row)
    ]
    return header, body


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


def read_dfe(name: str, data: bytes) -> DfeTable:
    """Read an EES data file whole, or raise :class:`ImportError_` listing every problem."""
    header, body = _read_rows(name, data)
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
        if len(cells) != len(header):
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
        level = _LEVEL_NAMES.get(raw_level.lower(), raw_level)
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


# -- periods ----------------------------------------------------------------------------------
_MONTHS = {calendar.month_name[number].lower(): number for number in range(1, 13)}

SUPPORTED_TIME_IDENTIFIERS = (
    "Reporting year",
    "Calendar year",
    "Financial year",
    "Academic year",
    "Financial year Q1 to Q4",
    "Calendar year Q1 to Q4",
    "January to December",
)

_UNSUPPORTED = {
    "tax year": "a tax year runs from 6 April, and trustboard has no such period",
    "part 1 (april to september)": "trustboard has no half-year periods",
    "part 2 (october to march)": "trustboard has no half-year periods",
    "autumn term": "EES terms are the three school terms, and trustboard's are two-month blocks",
    "spring term": "EES terms are the three school terms, and trustboard's are two-month blocks",
    "summer term": "EES terms are the three school terms, and trustboard's are two-month blocks",
    "autumn and spring term": "trustboard has no period for two school terms",
    **{
        f"academic year q{n}": "EES does not fix the months of an academic-year quarter "
        "(further education years start in August)"
        for n in range(1, 5)
    },
    **{
        f"week {n}": "EES does not say how its weeks are numbered; import weekly figures "
        "with dates instead"
        for n in range(1, 53)
    },
}

TIME_IDENTIFIERS: tuple[str, ...] = (
    "Reporting year",
    "Calendar year",
    "Financial year",
    "Academic year",
    *(f"Financial year Q{n}" for n in range(1, 5)),
    *(f"Calendar year Q{n}" for n in range(1, 5)),
    *(m.capitalize() for m in _MONTHS),
)
"""The EES time identifiers :func:`dfe_period` turns into trustboard periods."""

_SUPPORTED_TEXT = "supported: " + ", ".join(SUPPORTED_TIME_IDENTIFIERS)


def _year(time_period: str, identifier: str) -> int:
    if not re.fullmatch(r"\d{4}", time_period):
        raise PeriodError(
            f"time_period {time_period!r} with {identifier!r}: expected a year of 4 digits "
            "such as 2024"
        )
    return int(time_period)


def _year_pair(time_period: str, identifier: str) -> int:
    """The first year of a six-digit pair (202324 -> 2023), which must be consecutive years."""
    match = re.fullmatch(r"(\d{4})(\d{2})", time_period)
    if match is None:
        raise PeriodError(
            f"time_period {time_period!r} with {identifier!r}: expected a year pair of 6 digits "
            "such as 202324"
        )
    first = int(match[1])
    if (first + 1) % 100 != int(match[2]):
        raise PeriodError(
            f"time_period {time_period!r}: the two years must be consecutive, as in 202324"
        )
    return first


def dfe_period(time_period: str, time_identifier: str, basis: Basis) -> Period:
    """The trustboard period an EES ``time_period`` and ``time_identifier`` name.

    "Reporting year" is EES's year for data that fits no other kind of year: a count taken on
    one day or over a collection year, named by the year it is reported in. The children's
    social care collections that use it (children looked after, children in need) cover the
    year ending 31 March, so "Reporting year 2024" is the year to 31 March 2024: financial
    year 2023/24, whose last day is the 31 March snapshot. For an indicator counted in academic
    or calendar years the same reporting year is the academic year ending in 2024 (2023/24) or
    calendar year 2024; the indicator's ``basis`` says which.

    Calendar quarters are the same three months as financial quarters, so "Calendar year Q1"
    2024 (January to March 2024) is Q4 2023/24. Anything else raises :class:`PeriodError`
    naming the identifier and what is supported.
    """
    identifier = " ".join(str(time_identifier).lower().split())
    time_period = str(time_period).strip()
    shown = str(time_identifier).strip()
    if identifier == "reporting year":
        year = _year(time_period, shown)
        match Basis(basis):
            case Basis.FINANCIAL:
                return periods.financial_year(year - 1)
            case Basis.ACADEMIC:
                return periods.academic_year(year - 1)
            case Basis.CALENDAR:
                return periods.calendar_year(year)
    if identifier == "calendar year":
        return periods.calendar_year(_year(time_period, shown))
    if identifier == "financial year":
        return periods.financial_year(_year_pair(time_period, shown))
    if identifier == "academic year":
        return periods.academic_year(_year_pair(time_period, shown))
    if identifier in _MONTHS:
        return periods.month(_year(time_period, shown), _MONTHS[identifier])
    quarter = re.fullmatch(r"(financial|calendar) year q([1-4])", identifier)
    if quarter is not None:
        number = int(quarter[2])
        if quarter[1] == "financial":
            return periods.quarter(_year_pair(time_period, shown), number)
        year = _year(time_period, shown)
        return periods.quarter(year - 1, 4) if number == 1 else periods.quarter(year, number - 1)
    if identifier in _UNSUPPORTED:
        raise PeriodError(
            f"time_identifier {shown!r} is an EES time period trustboard cannot hold: "
            f"{_UNSUPPORTED[identifier]}; {_SUPPORTED_TEXT}"
        )
    raise PeriodError(f"time_identifier {shown!r} is not an EES time identifier; {_SUPPORTED_TEXT}")


# -- choosing an indicator's rows -------------------------------------------------------------
@dataclass(frozen=True)
class DfeMapping:
    """Where one indicator sits in a file: its measure column and the value of each filter."""

    indicator: str
    measure: str
    filters: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_published(cls, indicator: str, source: PublishedSource) -> DfeMapping:
        """From the catalogue's ``published`` entry (a measure and (column, value) pairs)."""
        return cls(indicator, source.measure, {k: str(v) for k, v in source.filters})


@dataclass(frozen=True)
class BenchmarkValue:
    period: Period
    level: str
    code: str
    name: str
    cell: DfeCell


@dataclass(frozen=True)
class Selection:
    """An indicator's figures for the area (with the row each came from) and its comparators."""

    own: tuple[tuple[Period, DfeCell, int], ...]
    benchmarks: tuple[BenchmarkValue, ...]
    region_code: str
    region_name: str

    def at_level(self, level: str) -> tuple[BenchmarkValue, ...]:
        return tuple(b for b in self.benchmarks if b.level == level)


_SHOW_AT_MOST = 8


def _some(values: Sequence[str], at_most: int = _SHOW_AT_MOST) -> str:
    """A short list for a message: the first few values and how many more there are."""
    shown = ", ".join(values[:at_most])
    return shown + (f" and {len(values) - at_most} more" if len(values) > at_most else "")


def _matches(row: DfeRow, column: str, wanted: str, numeric: bool) -> bool:
    if not numeric:
        return row.filters[column] == wanted
    cell = row.measures[column]
    return cell.value is not None and cell.value == float(wanted)


def _check_mapping(
    table: DfeTable, mapping: DfeMapping
) -> tuple[list[RowError], dict[str, tuple[str, bool]]]:
    """Problems with the mapping against the file, and each filter as (value, numeric)."""
    errors: list[RowError] = []
    code = mapping.indicator
    measure = mapping.measure.strip().lower()
    if measure not in table.measure_columns:
        if measure in table.filter_columns:
            expected = (
                f"a measure column for indicator {code}, but '{measure}' holds text, so it is a "
                f"filter; the measure columns are {_some(table.measure_columns) or '(none)'}"
            )
        else:
            expected = (
                f"a measure column named '{measure}' for indicator {code}; the file's measure "
                f"columns are {_some(table.measure_columns) or '(none)'}"
            )
        errors.append(RowError(table.name, 1, measure, "", expected))
    wanted: dict[str, tuple[str, bool]] = {}
    for raw_column, raw_value in mapping.filters.items():
        column, value = raw_column.strip().lower(), str(raw_value).strip()
        if column in table.filter_columns:
            present = table.filter_values(column)
            if value not in present:
                errors.append(
                    RowError(
                        table.name,
                        None,
                        column,
                        value,
                        f"one of the values of filter column {column} for indicator {code}: "
                        f"{_some(present)}",
                    )
                )
            else:
                wanted[column] = (value, False)
        elif column in table.measure_columns and _number(value) is not None:
            # A breakdown by number (an age, a year group) with no "Total" reads as a measure.
            wanted[column] = (value, True)
        else:
            errors.append(
                RowError(
                    table.name,
                    1,
                    column,
                    "",
                    f"a filter column named '{column}' for indicator {code}; the file's filter "
                    f"columns are {_some(table.filter_columns) or '(none)'}",
                )
            )
    return errors, wanted


def select(
    table: DfeTable,
    mapping: DfeMapping,
    indicator: Indicator,
    area_code: str,
    neighbours: Sequence[str] = (),
    *,
    require_own: bool = False,
) -> Selection:
    """The indicator's rows for the area and for England, its region and its neighbours.

    A file with no local authority rows at all (a national time series) gives benchmarks and
    no figures of the area's own; pass ``require_own`` when the area's figures are the point
    and that should be an error. Every problem is raised at once as :class:`ImportError_`.
    """
    name = table.name
    errors, wanted = _check_mapping(table, mapping)
    measure = mapping.measure.strip().lower()
    matched = [
        row
        for row in table.rows
        if all(_matches(row, c, v, numeric) for c, (v, numeric) in wanted.items())
    ]
    named = {column.strip().lower() for column in mapping.filters}
    for column in table.filter_columns:
        if column in named:
            continue
        present = tuple(dict.fromkeys(row.filters[column] for row in matched))
        if len(present) > 1:
            errors.append(
                RowError(
                    name,
                    None,
                    column,
                    "",
                    f"a value in the mapping: filter column {column} has several values "
                    f"({_some(present)}): say which one indicator {mapping.indicator} uses",
                )
            )
    if errors:
        raise ImportError_(errors)

    area = area_code.strip().upper()
    authorities = [row for row in matched if row.level == LOCAL_AUTHORITY]
    own_rows = [
        row for row in authorities if area and area in (row.code.upper(), row.old_la_code.upper())
    ]
    if area and authorities and not own_rows:
        errors.append(_no_area_error(name, area_code.strip(), authorities))
    if require_own and not own_rows:
        if not authorities:
            levels = ", ".join(table.levels) or "no"
            errors.append(
                RowError(
                    name,
                    None,
                    "geographic_level",
                    "",
                    f"{LOCAL_AUTHORITY} rows for area {area_code or '(none given)'}: this file "
                    f"has only {levels} rows, so it gives benchmarks and no figures for the area",
                )
            )
        elif not area:
            errors.append(
                RowError(name, None, "new_la_code", "", "the area's local authority code")
            )

    latest_own = max(own_rows, key=lambda row: row.time_period, default=None)
    region_code = latest_own.region_code if latest_own else ""
    region_name = latest_own.region_name if latest_own else ""

    given = {c.strip().upper(): c.strip() for c in neighbours if c.strip()}
    own_codes = {area} | {code.upper() for r in own_rows for code in (r.code, r.old_la_code)}
    neighbour_codes = set(given) - own_codes
    chosen: list[tuple[str, DfeRow]] = [("own", row) for row in own_rows]
    found_neighbours: set[str] = set()
    for row in matched:
        if row.level == NATIONAL:
            chosen.append(("national", row))
        elif row.level == REGIONAL and region_code and row.code == region_code:
            chosen.append(("regional", row))
        elif row.level == LOCAL_AUTHORITY:
            hit = neighbour_codes & {row.code.upper(), row.old_la_code.upper()}
            if hit:
                found_neighbours |= hit
                chosen.append(("neighbour", row))
    if authorities:
        for missing in sorted(neighbour_codes - found_neighbours):
            errors.append(
                RowError(
                    name,
                    None,
                    "new_la_code",
                    given[missing],
                    f"the code of a local authority in the file (statistical neighbour "
                    f"{given[missing]} has no rows for indicator {mapping.indicator})",
                )
            )

    own: list[tuple[Period, DfeCell, int]] = []
    benchmarks: list[BenchmarkValue] = []
    seen: dict[tuple[str, str, Period], DfeRow] = {}
    bad_periods: set[tuple[str, str]] = set()
    for role, row in chosen:
        try:
            period = dfe_period(row.time_period, row.time_identifier, indicator.basis)
        except PeriodError as error:
            if (row.time_period, row.time_identifier) not in bad_periods:
                bad_periods.add((row.time_period, row.time_identifier))
                errors.append(
                    RowError(name, row.row, "time_identifier", row.time_identifier, str(error))
                )
            continue
        if not indicator.accepts(period):
            if (row.time_period, row.time_identifier) not in bad_periods:
                bad_periods.add((row.time_period, row.time_identifier))
                errors.append(
                    RowError(
                        name,
                        row.row,
                        "time_identifier",
                        row.time_identifier,
                        f"a period indicator {indicator.code} is reported in "
                        f"({indicator.frequency.value}); {row.time_identifier} "
                        f"{row.time_period} is {period.label}",
                    )
                )
            continue
        key = (row.level, row.code, period)
        if key in seen:
            first = seen[key]
            errors.append(
                RowError(
                    name,
                    row.row,
                    "time_period",
                    row.time_period,
                    f"one row per period for {row.name or row.level} ({row.code or row.level}) "
                    f"once filtered for indicator {mapping.indicator}, but row {first.row} has "
                    f"the same period; {_difference(first, row)}",
                )
            )
            continue
        seen[key] = row
        cell = row.measures[measure]
        if role == "own":
            own.append((period, cell, row.row))
        else:
            benchmarks.append(BenchmarkValue(period, role, row.code, row.name, cell))
    if errors:
        raise ImportError_(errors)
    order = {level: i for i, level in enumerate(BENCHMARK_LEVELS)}
    return Selection(
        own=tuple(sorted(own, key=lambda item: item[0])),
        benchmarks=tuple(sorted(benchmarks, key=lambda b: (order[b.level], b.code, b.period))),
        region_code=region_code,
        region_name=region_name,
    )


def _difference(first: DfeRow, second: DfeRow) -> str:
    """Why two rows collide, so the message says what to add to the mapping."""
    if first.measures == second.measures:
        return "the file repeats the row"
    return (
        "the rows differ only in measure columns; if one of them is really a breakdown "
        "(numbers with no 'Total' row, such as an age), name it and its value in the "
        "mapping's filters"
    )


def _no_area_error(name: str, area: str, authorities: Sequence[DfeRow]) -> RowError:
    places = dict.fromkeys((row.code, row.name) for row in authorities)
    by_name = [code for code, place in places if place.lower() == area.lower()]
    hint = f" ({area} is the name of {by_name[0]}: use the code)" if by_name else ""
    examples = [f"{code} {place}" for code, place in places]
    return RowError(
        name,
        None,
        "new_la_code",
        area,
        f"the code of a local authority in the file (new_la_code or old_la_code){hint}; it has "
        f"{len(examples)} authorities: {_some(examples, 5)}",
    )

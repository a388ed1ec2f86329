"""Choosing one indicator's rows of an EES file: the area's own and its comparators'.

The mapping names a measure column and a value for each filter; every other filter must then
have one value, so no figure is silently a sum or a pick of several. Every problem with the
mapping or the rows it picks is raised at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from trustboard.core.catalogue import Indicator, PublishedSource
from trustboard.core.periods import Period, PeriodError
from trustboard.ingest.dfe.geography import (
    BENCHMARK_LEVELS,
    LOCAL_AUTHORITY,
    NATIONAL,
    REGIONAL,
)
from trustboard.ingest.dfe.symbols import DfeCell, number
from trustboard.ingest.dfe.table import DfeRow, DfeTable
from trustboard.ingest.dfe.time_periods import dfe_period
from trustboard.ingest.reader import ImportError_, RowError

__all__ = ["BenchmarkValue", "DfeMapping", "Selection", "select"]


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
        elif column in table.measure_columns and number(value) is not None:
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

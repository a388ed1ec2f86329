"""A DfE statistics file turned into the framework's figures: observations, benchmarks and notes.

The file is the DfE's and the indicators are the framework's; which of the file's figures feed
which indicator is said either by each indicator's ``published`` source in the framework or by
a one-off :class:`PublishedMapping`. The area's own figures become observations; England's, the
region's and the statistical neighbours' become benchmarks. A suppressed own figure has no
value, so it is never an observation (it would be read as zero): it becomes a note saying why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from trustboard.core.catalogue import Indicator
from trustboard.ingest.dfe import BenchmarkValue, DfeMapping, DfeTable, select
from trustboard.ingest.observations import ObservationRow
from trustboard.ingest.reader import ImportError_, RowError

__all__ = ["PublishedFigures", "PublishedMapping", "published_rows"]


@dataclass(frozen=True)
class PublishedMapping:
    """Which indicator a published-statistics file feeds, when the framework does not say."""

    indicator: str
    measure: str
    filters: tuple[tuple[str, str], ...] = ()


class PublishedFigures(NamedTuple):
    """What a DfE file gives the framework, in the order the importer stores them."""

    rows: list[ObservationRow]
    """The area's own figures, as observations."""
    benchmarks: list[tuple[str, BenchmarkValue]]
    """(indicator code, a comparator's figure)."""
    notes: list[str]
    """Own figures that were not loaded (suppressed or otherwise not a number), and why."""


def _wanted(
    table: DfeTable, indicators: Mapping[str, Indicator], mapping: PublishedMapping | None
) -> list[tuple[Indicator, DfeMapping]]:
    """The indicators this file feeds, each with where its figures sit in the file."""
    name = table.name
    wanted: list[tuple[Indicator, DfeMapping]] = []
    if mapping is not None:
        if mapping.indicator not in indicators:
            raise ImportError_(
                [
                    RowError(
                        name,
                        None,
                        "(mapping)",
                        mapping.indicator,
                        "the code of an indicator in the framework",
                    )
                ]
            )
        wanted.append(
            (
                indicators[mapping.indicator],
                DfeMapping(mapping.indicator, mapping.measure, dict(mapping.filters)),
            )
        )
    else:
        for indicator in indicators.values():
            for source in indicator.published:
                filters = dict(source.filters)
                if source.measure in table.measure_columns and set(filters) <= set(
                    table.filter_columns
                ):
                    wanted.append((indicator, DfeMapping(indicator.code, source.measure, filters)))
    if not wanted:
        raise ImportError_(
            [
                RowError(
                    name,
                    1,
                    "(columns)",
                    ", ".join(table.measure_columns),
                    "a measure named by an indicator's 'published' source in the framework; "
                    "or map one with --indicator CODE --measure COLUMN [--filter COLUMN=VALUE]",
                )
            ]
        )
    return wanted


def published_rows(
    table: DfeTable,
    indicators: Mapping[str, Indicator],
    *,
    area_code: str = "",
    neighbours: Sequence[str] = (),
    mapping: PublishedMapping | None = None,
) -> PublishedFigures:
    """The area's own figures and the benchmarks in a DfE statistics file.

    Each of ``indicators`` whose ``published`` source names a measure and filter columns this
    file has takes its part; with ``mapping`` only that indicator does. ``area_code`` is the
    partnership's local authority and ``neighbours`` its statistical neighbours' codes. Every
    problem, across all the indicators, is raised at once as :class:`ImportError_`.
    """
    figures = PublishedFigures([], [], [])
    errors: list[RowError] = []
    for indicator, wanted_mapping in _wanted(table, indicators, mapping):
        try:
            selection = select(table, wanted_mapping, indicator, area_code, list(neighbours))
        except ImportError_ as error:
            errors.extend(error.errors)
            continue
        for period, cell, row_number in selection.own:
            if cell.value is None:
                figures.notes.append(
                    f"{indicator.code} {period.label}: the area's figure is {cell.meaning} "
                    f"({cell.symbol}), so it was not loaded."
                )
                continue
            figures.rows.append(
                ObservationRow(
                    row_number, indicator.code, period, "", cell.value, None, None, "final"
                )
            )
        figures.benchmarks.extend((indicator.code, b) for b in selection.benchmarks)
    if errors:
        raise ImportError_(errors)
    return figures

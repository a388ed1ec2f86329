"""Evaluate measures over periods on any engine, and turn counts into the figures reported.

What periods a measure has, how a zero is told from "no data", and how a percentage or ratio is
formed are decided here, once, for every engine; the engine only counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from trustboard.core import periods
from trustboard.measures.definitions import Condition, Count, Measure, Result, Window
from trustboard.measures.engines import Engine
from trustboard.measures.sources import SOURCES
from trustboard.measures.sql import Window as SqlWindow
from trustboard.measures.sql import count_sql, extent_sql


@dataclass(frozen=True, order=True)
class MeasureValue:
    """One figure of a measure: an area, a period and a breakdown value ("" for all)."""

    measure: str
    area: str
    period: str
    breakdown: str
    value: float
    numerator: float
    denominator: float | None


def reporting_periods(frequency: str, first: date, last: date) -> list[periods.Period]:
    """The months, financial quarters or financial years from ``first`` to ``last``."""
    if frequency == "annual":
        current = periods.year_containing(first, periods.Basis.FINANCIAL)
    elif frequency == "quarterly":
        year = periods.year_containing(first, periods.Basis.FINANCIAL)
        current = periods.quarter(year.start.year, 1)
        while current.end < first:
            current = current.next()
    else:
        current = periods.month(first.year, first.month)
    found = []
    while current.start <= last:
        found.append(current)
        current = current.next()
    return found


def window_of(measure: Measure, period: periods.Period) -> periods.Span:
    if measure.window is Window.ROLLING_12_MONTHS:
        return period.rolling_12_months()
    if measure.window is Window.YEAR_TO_DATE:
        return period.year_to_date(periods.Basis.FINANCIAL)
    return period.span


def windows_for(
    measure: Measure, data_start: date, data_end: date, only: Iterable[str] | None = None
) -> list[SqlWindow]:
    """Every period whose whole window lies after the data starts, up to the data's end.

    A rolling year that began before the first record would undercount, so it is left out
    rather than reported low. Open-record counts need only their period's end inside the data.
    """
    wanted = set(only) if only is not None else None
    result = []
    first_month = date(data_start.year, data_start.month, 1)
    for period in reporting_periods(measure.frequency, data_start, data_end):
        span = window_of(measure, period)
        if wanted is not None and period.label not in wanted:
            continue
        if measure.count.open_at_end is None and span.start < first_month:
            continue
        result.append(SqlWindow(period.label, span.start, span.end))
    return result


Spans = dict[str, list[tuple[date, date]]]
"""Per source, the spans its statutory returns cover (:func:`store.coverage`)."""


def _covered(measure: Measure, windows: list[SqlWindow], coverage: Spans) -> list[SqlWindow]:
    """The windows a return's records can answer for: an event count's whole window inside
    a covered span, an open-record count's period end inside one. Sources no return covers
    are left as their records say."""
    kept = windows
    for count in (measure.count, measure.per):
        spans = coverage.get(count.source) if count is not None else None
        if not spans:
            continue
        assert count is not None
        if count.open_at_end is not None:
            kept = [w for w in kept if any(a <= w.end <= b for a, b in spans)]
        else:
            kept = [w for w in kept if any(a <= w.start and w.end <= b for a, b in spans)]
    return kept


def extent(engine: Engine, count: Count) -> tuple[date, date] | None:
    (first, last), *_ = engine.rows(extent_sql(count))
    if first is None or last is None:
        return None
    return _as_date(first), _as_date(last)


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


@lru_cache(maxsize=4096)
def _period_start(label: str) -> date:
    """A period label's first day, parsed once: a national run sorts half a million figures."""
    return periods.parse(label).start


def _chronological(key: tuple[str, str, str]) -> tuple:
    area, period, breakdown = key
    return (area, _period_start(period), breakdown)


Counts = dict[tuple[str, str, str], tuple[int, int]]


def _counts(engine: Engine, count: Count, windows, of_which=()) -> Counts:
    found: Counts = {}
    for period, area, breakdown, n, hits in engine.rows(count_sql(count, windows, of_which)):
        found[(area or "", period, "" if breakdown is None else str(breakdown))] = (
            int(n),
            int(hits or 0),
        )
    return found


def _with_zeros(found: Counts, windows, keys: Iterable[tuple[str, str, str]]) -> Counts:
    """Zero for each period that had no records of an area and breakdown seen elsewhere.

    A month with no police assessments is a real zero, not a gap, once the extract covers it.
    """
    areas_breakdowns = {(area, breakdown) for area, _, breakdown in keys}
    filled = dict(found)
    for window in windows:
        for area, breakdown in areas_breakdowns:
            filled.setdefault((area, window.period, breakdown), (0, 0))
    return filled


def unknowable(measure: Measure) -> tuple[str, ...]:
    """The columns a measure's conditions read that some records cannot say: what a statutory
    return does not record (SSDA903 does not say whether a placement is registered)."""
    source = SOURCES[measure.count.source]
    return tuple(
        sorted(
            {
                c.column
                for c in (*measure.count.where, *measure.of_which)
                if c.column and source.column(c.column).not_in_returns
            }
        )
    )


def _unknown(engine: Engine, measure: Measure, windows) -> set[tuple[str, str, str]]:
    """The (area, period, breakdown) figures some of whose records hold an unknown value in a
    column the measure reads: such a figure is withheld, not worked out as if it were known."""
    columns = unknowable(measure)
    if not columns:
        return set()
    count = measure.count
    kept = tuple(c for c in count.where if c.column not in columns)
    probe = Count(
        count.source,
        count.date,
        count.open_at_end,
        (*kept, Condition(unknown=columns)),
        count.breakdown,
    )
    return {key for key, (n, _) in _counts(engine, probe, windows).items() if n}


def evaluate(
    engine: Engine,
    measure: Measure,
    *,
    only_periods: Iterable[str] | None = None,
    until: date | None = None,
    since: date | None = None,
    withheld: dict[str, list[str]] | None = None,
    coverage: Spans | None = None,
) -> list[MeasureValue]:
    """Every figure of one measure for every area and period the data covers.

    ``since`` and ``until`` bound the periods; for counts of open records they are the span
    the extracts cover (see :func:`evaluate_all`). A figure whose records do not all say what
    the measure reads is left out, and its period listed in ``withheld`` under the measure.
    ``coverage`` keeps a count of a source that statutory returns filled to the years they
    cover.
    """
    span = extent(engine, measure.count)
    if span is None:
        return []
    first, last = span
    covered = (coverage or {}).get(measure.count.source)
    if covered:
        # A return says who was open at each month end of its years, and every event in
        # them: those years are the periods, whenever its records began.
        first, last = covered[0][0], covered[-1][1]
    elif measure.count.open_at_end is not None:
        # Open records say nothing of when the extract was taken or from when it is complete
        # (a plan opened in 2010 is in it because it was still open later); the caller knows
        # the span the events cover, and only month ends inside it are counted.
        if until is not None:
            last = until
        if since is not None:
            first = max(first, since)
    if measure.per is not None:
        other = extent(engine, measure.per)
        if other is None:
            return []
        first, last = max(first, other[0]), min(last, other[1])
    if until is not None:
        last = min(last, until)
    if first > last:
        return []
    windows = windows_for(measure, first, last, only_periods)
    if coverage:
        windows = _covered(measure, windows, coverage)
    if not windows:
        return []
    counts = _counts(engine, measure.count, windows, measure.of_which)
    values: list[MeasureValue] = []
    if measure.result is Result.RATIO:
        assert measure.per is not None
        per = _counts(engine, measure.per, windows)
        keys = set(counts) | set(per)
        counts = _with_zeros(counts, windows, keys)
        per = _with_zeros(per, windows, keys)
        for key in sorted(counts, key=_chronological):
            denominator = per[key][0]
            if denominator == 0:
                continue
            numerator = counts[key][0]
            values.append(
                MeasureValue(measure.id, *key, numerator / denominator, numerator, denominator)
            )
        return values
    counts = _with_zeros(counts, windows, counts)
    unknown = _unknown(engine, measure, windows)
    if unknown and withheld is not None:
        withheld[measure.id] = sorted({period for _, period, _ in unknown}, key=_period_start)
    for key in sorted(counts, key=_chronological):
        if key in unknown or (key[0], key[1], "") in unknown:
            continue
        n, hits = counts[key]
        if measure.result is Result.PERCENTAGE:
            if n == 0:
                continue
            values.append(MeasureValue(measure.id, *key, 100.0 * hits / n, hits, n))
        else:
            values.append(MeasureValue(measure.id, *key, float(n), n, None))
    return values


def evaluate_all(
    engine: Engine,
    measures: Iterable[Measure],
    *,
    progress: Callable[[Measure, int, float], None] | None = None,
    only_periods: Iterable[str] | None = None,
    until: date | None = None,
    withheld: dict[str, list[str]] | None = None,
    coverage: Spans | None = None,
) -> dict[str, list[MeasureValue]]:
    """Each measure in turn; ``progress`` hears of each as it finishes (values, seconds)."""
    import time

    measures = list(measures)
    coverage = coverage or {}
    # The events (assessments, contacts, plan starts) say what span the extracts cover: from
    # when every one of them has started (a plans extract reaches back further, for repeats).
    # A source that returns fill says its span itself (coverage), so its events do not count.
    events = {
        (c.source, c.date)
        for m in measures
        for c in (m.count, m.per)
        if c is not None and c.open_at_end is None and c.source not in coverage
    }
    spans = [extent(engine, Count(source, date_column)) for source, date_column in events]
    since = max((s[0] for s in spans if s is not None), default=None)
    asked_until = until
    if until is None:
        until = max((s[1] for s in spans if s is not None), default=None)
    results: dict[str, list[MeasureValue]] = {}
    for measure in measures:
        started = time.perf_counter()
        covered = measure.count.source in coverage
        results[measure.id] = evaluate(
            engine,
            measure,
            only_periods=only_periods,
            until=asked_until if covered else until,
            since=since,
            withheld=withheld,
            coverage=coverage,
        )
        if progress is not None:
            progress(measure, len(results[measure.id]), time.perf_counter() - started)
    return results

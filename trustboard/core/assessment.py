"""Assessment: what the board reads off a series, from RAG to the comparisons in its reports.

Pure functions over an indicator and its series of (period, value) points. The rules come from
DESIGN.md and are kept here, as named constants, so that the dashboard, the CLI and the report
cannot disagree about whether an indicator is red.

An indicator is assessed *as at* a reporting period: the figure used is the latest one ending on
or before the end of that period. That is how the board report works ("data to February 2023" in
the Q3 report) and it is what makes staleness visible: CAMHS waits last reported in July 2022 are
N/A in a report for Q4 2023/24, not silently shown as current.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum

from trustboard.core.catalogue import FREQUENCY_KINDS, Aggregation, Indicator, Polarity, Target
from trustboard.core.formatting import as_written
from trustboard.core.periods import Kind, Period, Span, month

DIRECTION_LEVEL_TOLERANCE = 0.01
"""A change of at most 1% of the earlier figure is "no change" in the direction of travel."""

FLOAT_SLACK = 1e-9
"""Relative slack for comparing figures with targets and band edges.

Percentages held as fractions do not add up exactly in binary: 0.9 - 0.855 is a hair more than
0.05 x 0.9, which would turn a figure exactly 5% below target red. Differences smaller than a
billionth of the figures compared are treated as equal.
"""

MONTHS_PER_PERIOD = {Kind.MONTH: 1, Kind.QUARTER: 3, Kind.TERM: 2}
"""The period kinds that tile a window of whole months, and how many months each covers."""

FIRST_MONTH = {Kind.MONTH: 1, Kind.QUARTER: 4, Kind.TERM: 9}
"""A month each kind starts in (quarters from April, terms from September), for alignment."""

PLURALS = {Kind.MONTH: "months", Kind.QUARTER: "quarters", Kind.TERM: "terms"}


class Rag(StrEnum):
    RED = "R"
    AMBER = "A"
    GREEN = "G"
    NOT_APPLICABLE = "N/A"


RAG_NAMES = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green", Rag.NOT_APPLICABLE: "N/A"}

RAG_ATTENTION_ORDER = (Rag.RED, Rag.AMBER, Rag.NOT_APPLICABLE, Rag.GREEN)
"""Worst first, for what needs the board's attention (the report's bullets and rows): red, then
amber, then the unrated ones, whose data has gone stale or has no target and so may hide a
problem, then green."""

RAG_TOTALS_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_APPLICABLE)
"""The order counts of ratings are read in (the overview's totals): the three ratings as the
scale runs, red to green, then the indicators that could not be rated."""


def attention_rank(rag: Rag) -> int:
    """Where a rating sorts in :data:`RAG_ATTENTION_ORDER`: 0 for red, the most urgent."""
    return RAG_ATTENTION_ORDER.index(rag)


@dataclass(frozen=True)
class Point:
    period: Period
    value: float


@dataclass(frozen=True)
class Comparison:
    """One of the comparisons the reports make, as numbers and a percent change."""

    key: str
    label: str
    current_label: str
    comparator_label: str
    current: float | None = None
    comparator: float | None = None
    change: float | None = None
    percent_change: float | None = None
    reason: str = ""

    @property
    def available(self) -> bool:
        return self.current is not None and self.comparator is not None


@dataclass(frozen=True)
class Assessment:
    code: str
    as_at: str
    period: str | None
    value: float | None
    target: float | None
    target_period: str | None
    rag: Rag
    rag_reason: str
    rag_value: float | None = None
    rag_basis: str = ""
    direction: str | None = None
    direction_meaning: str = "not judged"
    comparisons: tuple[Comparison, ...] = field(default_factory=tuple)
    stale: bool = False

    def to_dict(self) -> dict:
        data = asdict(self)
        data["rag"] = self.rag.value
        data["comparisons"] = {c.key: asdict(c) for c in self.comparisons}
        return data


def rate(value: float, target: float, polarity: Polarity, tolerance: float) -> Rag:
    """Red, amber or green for a value against a target (DESIGN.md, RAG).

    Green at or better than target; amber worse than target but by no more than ``tolerance``
    times the target; red beyond. With no better direction there is nothing to rate.
    """
    if polarity is Polarity.NEITHER:
        return Rag.NOT_APPLICABLE
    shortfall = target - value if polarity is Polarity.HIGHER_IS_BETTER else value - target
    slack = FLOAT_SLACK * max(abs(target), abs(value))
    if shortfall <= slack:
        return Rag.GREEN
    if shortfall <= tolerance * abs(target) + slack:
        return Rag.AMBER
    return Rag.RED


def percent_change(current: float, comparator: float) -> float | None:
    """Change as a percentage of the comparator; None when the comparator is 0."""
    if comparator == 0:
        return None
    return (current - comparator) / abs(comparator) * 100


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


class Series:
    """One indicator's points, indexed for the window arithmetic the comparisons need.

    A period given twice keeps its last figure, so that :meth:`value`, :meth:`latest` and
    :meth:`window` all see the same single figure (a window never counts a period twice).
    """

    def __init__(self, points: Iterable[Point]):
        by_period: dict[Period, Point] = {}
        for point in points:
            by_period[point.period] = point
        self.points = sorted(by_period.values(), key=lambda p: p.period)
        self._by_period = {p.period: p.value for p in self.points}

    def value(self, period: Period) -> float | None:
        return self._by_period.get(period)

    def latest(self, as_at: Period | None = None) -> Point | None:
        """The figure ending last on or before the end of ``as_at`` (any figure if None).

        "Latest" is by end date: an annual figure for 2022/23 is more recent than a snapshot
        at 31 December 2022, although it started earlier.
        """
        candidates = [p for p in self.points if as_at is None or p.period.end <= as_at.end]
        if not candidates:
            return None
        return max(candidates, key=lambda p: (p.period.end, p.period.start))

    def window(self, span: Span, kind: Kind, aggregation: Aggregation) -> tuple[float | None, str]:
        """Combine the points of one kind that tile a span; None with a reason if any is missing.

        Flows (sum) add up; stocks and rates (point) are averaged.
        """
        expected = _periods_in(span, kind)
        if expected is None:
            return None, f"{kind.value.replace('_', ' ')} figures do not make up a window"
        values = [self._by_period.get(p) for p in expected]
        missing = [p for p, v in zip(expected, values, strict=True) if v is None]
        if missing:
            shown = ", ".join(p.label for p in missing[:3]) + (", ..." if len(missing) > 3 else "")
            return None, (
                f"{len(missing)} of {len(expected)} {PLURALS[kind]} missing from "
                f"{_span_label(span)} ({shown})"
            )
        present = [v for v in values if v is not None]
        if aggregation is Aggregation.SUM:
            return sum(present), ""
        return sum(present) / len(present), ""


def _periods_in(span: Span, kind: Kind) -> list[Period] | None:
    """The periods of ``kind`` that exactly tile ``span``, oldest first; None if none can."""
    per = MONTHS_PER_PERIOD.get(kind)
    months = span.months()
    if per is None or not months or months[0].start != span.start or months[-1].end != span.end:
        return None
    if len(months) % per or (months[0].start.month - FIRST_MONTH[kind]) % per:
        return None
    return [
        Period(months[i].start, months[i + per - 1].end, kind) for i in range(0, len(months), per)
    ]


def _span_label(span: Span) -> str:
    return f"{span.start:%b %Y} to {span.end:%b %Y}"


def _comparison(
    key: str,
    label: str,
    current: tuple[float | None, str],
    comparator: tuple[float | None, str],
    current_label: str,
    comparator_label: str,
) -> Comparison:
    (cur, cur_reason), (cmp_, cmp_reason) = current, comparator
    if cur is None or cmp_ is None:
        return Comparison(
            key,
            label,
            current_label,
            comparator_label,
            cur,
            cmp_,
            reason=cur_reason or cmp_reason or "no figure",
        )
    return Comparison(
        key,
        label,
        current_label,
        comparator_label,
        cur,
        cmp_,
        change=cur - cmp_,
        percent_change=percent_change(cur, cmp_),
    )


def _point_value(series: Series, period: Period) -> tuple[float | None, str]:
    value = series.value(period)
    return value, "" if value is not None else f"no figure for {period.label}"


def comparisons(indicator: Indicator, series: Series, period: Period) -> tuple[Comparison, ...]:
    """The comparisons the board's published reports make, for one observed period.

    Same period last year; the same period in the pre-pandemic baseline year; rolling 12 months
    against the previous 12; year to date against last year's year to date (and against the
    baseline year's). Windows need every period present: a partial year is not compared with a
    whole one.
    """
    last_year = period.shift_years(-1)
    baseline = period.in_year(indicator.baseline_year)
    result = [
        _comparison(
            "same_period_last_year",
            "Same period last year",
            _point_value(series, period),
            _point_value(series, last_year),
            period.label,
            last_year.label,
        ),
        _comparison(
            "baseline",
            f"Pre-pandemic baseline ({indicator.baseline_year.label})",
            _point_value(series, period),
            _point_value(series, baseline),
            period.label,
            baseline.label,
        ),
    ]
    if period.kind in (Kind.MONTH, Kind.QUARTER, Kind.TERM):
        rolling = period.rolling_12_months()
        previous = Span(rolling.shift_years(-1).start, rolling.shift_years(-1).end)
        result.append(
            _comparison(
                "rolling_12_months",
                "Rolling 12 months against the previous 12",
                series.window(rolling, period.kind, indicator.aggregation),
                series.window(previous, period.kind, indicator.aggregation),
                _span_label(rolling),
                _span_label(previous),
            )
        )
        ytd = period.year_to_date(indicator.basis)
        months = period.months_into_year(indicator.basis)
        ytd_last = ytd.shift_years(-1)
        ytd_label = f"First {months} months of {period.year(indicator.basis).label}"
        result.append(
            _comparison(
                "year_to_date",
                "Year to date against last year",
                series.window(ytd, period.kind, indicator.aggregation),
                series.window(ytd_last, period.kind, indicator.aggregation),
                ytd_label,
                f"First {months} months of {last_year.year(indicator.basis).label}",
            )
        )
        ytd_base = baseline.year_to_date(indicator.basis)
        result.append(
            _comparison(
                "year_to_date_baseline",
                "Year to date against the pre-pandemic baseline",
                series.window(ytd, period.kind, indicator.aggregation),
                series.window(ytd_base, period.kind, indicator.aggregation),
                ytd_label,
                f"First {months} months of {baseline.year(indicator.basis).label}",
            )
        )
    return tuple(result)


def _direction(
    indicator: Indicator, series: Series, point: Point, found: Sequence[Comparison]
) -> tuple[str | None, str]:
    """Direction of travel and whether it is good news.

    Flows with a seasonal rhythm (contacts, assessments) are judged on the rolling 12 months
    against the previous 12, or on the same period last year; stocks and rates on the figure
    before.
    """
    change = None
    by_key = {c.key: c for c in found}
    if indicator.aggregation is Aggregation.SUM:
        for key in ("rolling_12_months", "same_period_last_year"):
            comparison = by_key.get(key)
            if comparison is not None and comparison.available:
                change = (comparison.current, comparison.comparator)
                break
    else:
        previous = [
            p
            for p in series.points
            if p.period.kind == point.period.kind and p.period.end < point.period.start
        ]
        if previous:
            change = (point.value, previous[-1].value)
    if change is None:
        return None, "not judged"
    current, earlier = change
    if abs(current - earlier) <= DIRECTION_LEVEL_TOLERANCE * abs(earlier):
        return "level", "no change"
    direction = "up" if current > earlier else "down"
    if indicator.polarity is Polarity.NEITHER:
        return direction, "neither better nor worse"
    better = (direction == "up") == (indicator.polarity is Polarity.HIGHER_IS_BETTER)
    return direction, "improving" if better else "worsening"


def _months_ending(period: Period, months: int) -> Span:
    """The whole calendar months, ``months`` of them, ending with the month a period ends in."""
    last = month(period.end.year, period.end.month)
    first = last
    for _ in range(months - 1):
        first = first.previous()
    return Span(first.start, last.end)


def _rag_measure(
    indicator: Indicator, series: Series, point: Point, target: Target
) -> tuple[float | None, str, str]:
    """The figure to hold against the target, what it is, and why there is none.

    A flow with a yearly target (early help assessments: 5,000 a year) is rated on its rolling
    12 months, as the reports do ("the last 12 months ... remains 19% below target"), not on one
    month against a year's target. Likewise a flow with a quarterly target is rated on its last
    3 months. A flow whose figures cannot be added up to the target's length is not rated.
    """
    target_months = target.period.months_long
    if indicator.aggregation is Aggregation.SUM and target_months > point.period.months_long:
        what = f"rolling {target_months} months to {point.period.label}"
        kind = point.period.kind
        if kind not in MONTHS_PER_PERIOD:
            return (
                None,
                what,
                f"cannot add {kind.value.replace('_', ' ')} figures up to the "
                f"{target_months} months of the target for {target.period.label}",
            )
        value, reason = series.window(
            _months_ending(point.period, target_months), kind, Aggregation.SUM
        )
        if value is None:
            return None, what, f"cannot rate the {what}: {reason}"
        return value, what, ""
    return point.value, point.period.label, ""


def assess(indicator: Indicator, points: Iterable[Point], as_at: Period) -> Assessment:
    """Assess an indicator as at a reporting period (the latest figure up to its end)."""
    series = Series(points)
    point = series.latest(as_at)
    if point is None:
        return Assessment(
            indicator.code,
            as_at.label,
            None,
            None,
            None,
            None,
            Rag.NOT_APPLICABLE,
            f"no data: no figure up to the end of {as_at.label}",
        )
    found = comparisons(indicator, series, point.period)
    direction, meaning = _direction(indicator, series, point, found)
    target = indicator.target_for(point.period)
    age = _months_between(point.period.end, as_at.end)
    stale = age > indicator.stale_after_months
    common = dict(
        code=indicator.code,
        as_at=as_at.label,
        period=point.period.label,
        value=point.value,
        target=target.value if target else None,
        target_period=target.period.label if target else None,
        direction=direction,
        direction_meaning=meaning,
        comparisons=found,
        stale=stale,
    )
    if stale:
        return Assessment(
            **common,
            rag=Rag.NOT_APPLICABLE,
            rag_reason=(
                f"stale: latest figure is for {point.period.label}, more than "
                f"{indicator.stale_after_months} months before {as_at.label}"
            ),
        )
    if target is None:
        return Assessment(**common, rag=Rag.NOT_APPLICABLE, rag_reason="no target")
    if indicator.polarity is Polarity.NEITHER:
        return Assessment(
            **common, rag=Rag.NOT_APPLICABLE, rag_reason="no better direction (polarity: neither)"
        )
    measured, basis, why_not = _rag_measure(indicator, series, point, target)
    if measured is None:
        return Assessment(**common, rag=Rag.NOT_APPLICABLE, rag_reason=why_not, rag_basis=basis)
    rag = rate(measured, target.value, indicator.polarity, indicator.tolerance)
    return Assessment(
        **common,
        rag=rag,
        rag_value=measured,
        rag_basis=basis,
        rag_reason=_rag_reason(rag, basis, target, indicator.tolerance),
    )


def _rag_reason(rag: Rag, basis: str, target: Target, tolerance: float) -> str:
    """Why the rating is what it is, in words that do not repeat the rating's own name."""
    band = f"{as_written(tolerance * 100)}% amber band"
    how = {
        Rag.GREEN: "at or better than",
        Rag.AMBER: f"worse than, but within the {band} of,",
        Rag.RED: f"worse than, and beyond the {band} of,",
    }[rag]
    return f"{basis}: {how} the target for {target.period.label}"


def rolling_totals(points: Iterable[Point], months: int = 12) -> list[Point]:
    """Each period's rolling total over the ``months`` ending with it, where none is missing.

    This is the line a yearly target is drawn against for a flow: one month's early help
    assessments on a chart beside a 5,000-a-year target says nothing.
    """
    series = Series(points)
    result = []
    for point in series.points:
        kind = point.period.kind
        if kind not in MONTHS_PER_PERIOD:
            continue
        value, _ = series.window(_months_ending(point.period, months), kind, Aggregation.SUM)
        if value is not None:
            result.append(Point(point.period, value))
    return result


def rated_on_rolling_totals(indicator: Indicator) -> bool:
    """Whether the indicator's targets are held against rolling totals rather than one period."""
    if indicator.aggregation is not Aggregation.SUM:
        return False
    period_months = max(
        (MONTHS_PER_PERIOD.get(k, 0) for k in FREQUENCY_KINDS[indicator.frequency]), default=0
    )
    return period_months > 0 and any(
        t.period.months_long > period_months for t in indicator.targets
    )


def is_reported(assessment: Assessment) -> bool:
    """Whether the board report covers an indicator: red and amber ones, and any whose figure has
    gone stale, as the board's reports do for CAMHS waits after the cyber-attack."""
    return assessment.rag in (Rag.RED, Rag.AMBER) or (
        assessment.stale and assessment.value is not None
    )

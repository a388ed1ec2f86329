"""Read-side: everything the dashboard and the CLI show about an indicator, computed one way.

The overview, the indicator page and ``trustboard assess --json`` all call :func:`analyse`, so
a RAG, an SPC icon or a benchmark sentence cannot differ between them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from trustboard.core import periods
from trustboard.core import spc as core_spc
from trustboard.core.assessment import (
    Assessment,
    Point,
    assess,
    rated_on_rolling_totals,
    rolling_totals,
)
from trustboard.core.benchmarks import BenchmarkComparison, Comparator, compare
from trustboard.core.catalogue import Indicator as CoreIndicator
from trustboard.core.catalogue import Polarity, Unit
from trustboard.core.formatting import figure
from trustboard.core.periods import Period
from trustboard.core.projection import Projection, project_year_end
from trustboard.reports import charts
from trustboard.web.framework.models import Benchmark, Indicator, Observation, Partnership

IMPROVEMENT = {
    Polarity.HIGHER_IS_BETTER: core_spc.Improvement.UP,
    Polarity.LOWER_IS_BETTER: core_spc.Improvement.DOWN,
    Polarity.NEITHER: core_spc.Improvement.NEUTRAL,
}
VARIATION_SHORT = {
    core_spc.Variation.COMMON_CAUSE: "Common cause",
    core_spc.Variation.IMPROVEMENT_HIGH: "Improving (higher)",
    core_spc.Variation.IMPROVEMENT_LOW: "Improving (lower)",
    core_spc.Variation.CONCERN_HIGH: "Concern (higher)",
    core_spc.Variation.CONCERN_LOW: "Concern (lower)",
    core_spc.Variation.NEITHER_HIGH: "Special cause (higher)",
    core_spc.Variation.NEITHER_LOW: "Special cause (lower)",
}
ASSURANCE_SHORT = {
    core_spc.Assurance.CONSISTENTLY_PASSING: "Consistently passing",
    core_spc.Assurance.CONSISTENTLY_FAILING: "Consistently failing",
    core_spc.Assurance.HIT_AND_MISS: "Hit and miss",
    core_spc.Assurance.NO_TARGET: "No target",
}
"""The icons' names where space is short (overview tiles); the indicator page uses the long
text from :mod:`trustboard.core.spc`."""
MEASURE_NAMES = {
    Unit.RATE_PER_10000: "rate",
    Unit.PERCENTAGE: "percentage",
    Unit.DAYS: "average",
    Unit.COUNT: "figure",
}


@dataclass(frozen=True)
class Analysis:
    assessment: Assessment
    spc: core_spc.SpcResult
    projection: Projection | None
    benchmarks: tuple[BenchmarkComparison, ...]

    def to_dict(self) -> dict:
        data = self.assessment.to_dict()
        data["spc"] = self.spc.to_dict()
        data["projection"] = self.projection.to_dict() if self.projection else None
        data["benchmarks"] = [b.to_dict() for b in self.benchmarks]
        return data


def assess_only(indicator: Indicator, as_at: Period) -> Assessment:
    """Just the RAG and comparisons, for lists that need nothing more."""
    return assess(indicator.to_core(), indicator.current_points(), as_at)


def spc_for(core: CoreIndicator, points: list[Point], as_at: Period) -> core_spc.SpcResult:
    """SPC of the figures up to the reporting period, rebased where the analyst said.

    A flow rated on its rolling 12 months has a yearly target that no single month can be held
    against, so its SPC has no target and no assurance icon.
    """
    series = sorted((p for p in points if p.period.end <= as_at.end), key=lambda p: p.period)
    target = None
    if series and not rated_on_rolling_totals(core):
        found = core.target_for(series[-1].period)
        target = found.value if found else None
    rebase = []
    for start in core.spc_rebase:
        first = next((p for p in series if p.period.start >= start.start), None)
        if first is not None and first is not series[0]:
            rebase.append(first.period.label)
    return core_spc.analyse(
        [(p.period.label, p.value) for p in series],
        improvement=IMPROVEMENT[core.polarity],
        target=target,
        rebase=rebase,
    )


def benchmarks_for(
    indicator: Indicator, core: CoreIndicator, points: list[Point], as_at: Period
) -> tuple[BenchmarkComparison, ...]:
    """One comparison per published period up to the reporting period, latest first.

    Counts are not compared: an area's 371 beside England's 33,050 says nothing; rates and
    percentages are what other areas are compared on.
    """
    if core.unit is Unit.COUNT:
        return ()
    rows = indicator.benchmarks.filter(period_end__lte=as_at.end)
    by_period: dict[str, list[Benchmark]] = defaultdict(list)
    ends = {}
    for row in rows:
        by_period[row.period].append(row)
        ends[row.period] = row.period_end
    own = {p.period.label: p.value for p in points}
    result = []
    for period in sorted(by_period, key=lambda label: ends[label], reverse=True):
        found = by_period[period]

        def one(level: str, found: list[Benchmark] = found) -> Comparator | None:
            row = next((b for b in found if b.level == level), None)
            return _comparator(row) if row else None

        result.append(
            compare(
                period,
                own.get(period),
                one("national"),
                one("regional"),
                [_comparator(b) for b in found if b.level == "neighbour"],
                core.polarity,
                MEASURE_NAMES[core.unit],
            )
        )
    return tuple(result)


def _comparator(row: Benchmark) -> Comparator:
    return Comparator(row.level, row.code, row.name, row.value, row.symbol)


def analyse(indicator: Indicator, as_at: Period, points: list[Point] | None = None) -> Analysis:
    core = indicator.to_core()
    if points is None:
        points = indicator.current_points()
    return Analysis(
        assessment=assess(core, points, as_at),
        spc=spc_for(core, points, as_at),
        projection=project_year_end(core, points, as_at),
        benchmarks=benchmarks_for(indicator, core, points, as_at),
    )


def quarter_containing(day) -> Period:
    """The financial quarter a date falls in: reporting periods are quarters."""
    year = periods.year_containing(day, periods.Basis.FINANCIAL)
    return next(
        q for q in (periods.quarter(year.start.year, n) for n in range(1, 5)) if q.end >= day
    )


def default_as_at() -> Period | None:
    """The reporting period when nobody names one: the partnership's, else the quarter of the
    latest figure. The dashboard and ``trustboard assess`` both use this, so they agree."""
    partnership = Partnership.current()
    if partnership and partnership.reporting_period:
        return periods.parse(partnership.reporting_period)
    latest = Observation.objects.filter(is_current=True).order_by("-period_end").first()
    return quarter_containing(latest.period_end) if latest else None


def parse_as_at(label: str) -> Period:
    """Read a reporting period the way the dashboard's box does (financial years by default)."""
    return periods.parse(label)


UNIT_TITLES = {
    Unit.COUNT: "Number",
    Unit.PERCENTAGE: "Percentage",
    Unit.DAYS: "Days",
    Unit.RATE_PER_10000: "Rate per 10,000",
}


def series_charts(
    indicator: Indicator,
    core: CoreIndicator,
    totals: list,
    points: list[Point],
    y_title: str,
    note: str = "",
) -> list[charts.Chart]:
    """The indicator's charts: the figures over time against target, as the target reads.

    A flow with a yearly target is drawn as its rolling total over the target's length against
    the target, then period by period without it; anything else is one chart with its
    targets. Only targets that overlap the figures are drawn, so a 2024/25 target does not
    stretch a chart that ends in 2023/24. ``totals`` are the observations (with dates).
    """
    if not totals:
        return []
    first, last = totals[0], totals[-1]
    targets = [
        (t.period_start.isoformat(), t.period_end.isoformat(), t.value)
        for t in indicator.targets.all()
        if t.period_end >= first.period_start and t.period_start <= last.period_end
    ]
    title = f"{indicator.code} {indicator.title}"
    # The words a screen reader (or Word's alt text) gives instead of the picture: what the
    # line ends at, and against what, not just that there is a line.
    latest = f" The latest figure is {figure(last.value, indicator.unit)} ({last.period})"
    target_now = core.target_for(periods.parse(last.period, core.basis))
    each = [
        charts.ChartPoint(o.period, o.period_start.isoformat(), o.period_end.isoformat(), o.value)
        for o in totals
    ]
    if rated_on_rolling_totals(core):
        window = max(t.period.months_long for t in core.targets)
        rolling = [
            charts.ChartPoint(
                p.period.label, p.period.start.isoformat(), p.period.end.isoformat(), p.value
            )
            for p in rolling_totals(points, window)
        ]
        result = []
        if rolling:
            rolled = (
                f" The latest rolling total is {figure(rolling[-1].value, indicator.unit)}"
                f" ({rolling[-1].period})"
            )
            if target_now is not None:
                rolled += f" against a target of {figure(target_now.value, indicator.unit)}"
            description = (
                f"Line chart of the rolling {window}-month total of {indicator.title} from "
                f"{rolling[0].period} to {rolling[-1].period}, with the target as a dashed "
                "line." + rolled + "." + note
            )
            name = f"{title}: rolling {window} months against target"
            result.append(
                charts.Chart(
                    name,
                    description,
                    charts.series_chart(
                        name,
                        description,
                        rolling,
                        targets,
                        y_title,
                        value_name=f"Rolling {window} months",
                    ),
                )
            )
        name = f"{title}: each {indicator.frequency.removesuffix('ly')}"
        description = (
            f"Line chart of {indicator.title} for each period from {first.period} to "
            f"{last.period}." + latest + "." + note
        )
        result.append(
            charts.Chart(
                name, description, charts.series_chart(name, description, each, (), y_title)
            )
        )
        return result
    if target_now is not None:
        latest += (
            f" against a target of {figure(target_now.value, indicator.unit)}"
            f" for {target_now.period.label}"
        )
    description = (
        f"Line chart of {indicator.title} by period from {first.period} to {last.period}"
        + (", with the target as a dashed line" if targets else "")
        + "."
        + latest
        + "."
        + note
    )
    return [
        charts.Chart(
            title, description, charts.series_chart(title, description, each, targets, y_title)
        )
    ]


def revision_history(indicator: Indicator) -> list:
    """Every vintage of each figure that was ever restated, oldest first, with its import."""
    revised_keys = set(
        indicator.observations.filter(vintage__gt=1).values_list("period", "breakdown")
    )
    return [
        o
        for o in indicator.observations.select_related("batch").order_by(
            "period_start", "breakdown", "vintage"
        )
        if (o.period, o.breakdown) in revised_keys
    ]

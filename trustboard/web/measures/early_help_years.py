"""Early help assessments per financial year against the targets, with this year's projection.

Read from the framework indicator the assessments measure writes (its observations and targets),
so the early help page and the indicator's own page tell the same story.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from trustboard.core import periods
from trustboard.core.assessment import Point
from trustboard.core.catalogue import Indicator as CoreIndicator
from trustboard.core.formatting import count, round_half_up, whole_percent
from trustboard.core.periods import Period
from trustboard.core.projection import COMPLETE, Projection, project_year_end, round_count
from trustboard.measures.definitions import DefinitionError, load_measures
from trustboard.web.framework.models import Indicator
from trustboard.web.measures.early_help import EHA, YEARS_BEFORE, Figures
from trustboard.web.measures.models import MeasureRun
from trustboard.web.measures.services import MeasureProblem, partnership_measures_file


# -- 4. the years against the targets ---------------------------------------------------------
@dataclass(frozen=True)
class YearRow:
    year: str
    months: int
    months_in_year: int
    total: float | None
    target: float | None
    projection: Projection | None = None
    current: bool = False
    """The year of the latest figure: incomplete because it is not over, not for want of data."""

    @property
    def complete(self) -> bool:
        return self.months == self.months_in_year

    @property
    def projected(self) -> bool:
        """Whether this is the year being projected and not yet complete."""
        return self.projection is not None and self.projection.method != COMPLETE

    def _rounded(self, value: float) -> int | None:
        return round_count(value, like=self.projection.projected) if self.projection else None

    @property
    def projected_shown(self) -> int | None:
        """The projection as the sentence prints it (3 significant figures)."""
        return round_count(self.projection.projected) if self.projected else None

    @property
    def range_shown(self) -> str:
        if not self.projected:
            return ""
        low, high = self._rounded(self.projection.low), self._rounded(self.projection.high)
        return f"{count(low)} to {count(high)}"

    @property
    def against_target(self) -> str:
        """The gap in whole percent, the projection's for the year being projected."""
        if self.target is None:
            return "No target"
        if self.projection is not None and self.projection.gap_percent is not None:
            gap = self.projection.gap_percent
        elif self.complete and self.total is not None and self.target:
            gap = (self.total - self.target) / abs(self.target) * 100
        else:
            if self.total is None:
                return "Not yet known"
            return "Year not over" if self.current else "Months missing"
        if round_half_up(gap) == 0:
            return "On target"
        return f"{whole_percent(abs(gap))} {'above' if gap > 0 else 'below'}" + (
            " (projected)" if self.projected else ""
        )


@dataclass(frozen=True)
class Trajectory:
    indicator: Indicator | None
    years: tuple[YearRow, ...]
    projection: Projection | None
    later_target: str
    from_measure: bool


def _measures_file(measure: str) -> Path | None:
    """The measures file the assessments were computed from, else the partnership's own."""
    run = MeasureRun.objects.filter(figures_set__measure=measure).order_by("-finished_at").first()
    if run is not None and Path(run.measures_file).is_file():
        return Path(run.measures_file)
    try:
        return partnership_measures_file()
    except MeasureProblem:
        return None


@lru_cache(maxsize=8)
def _indicator_code(path: Path, modified: float, measure: str) -> str:
    try:
        measures = load_measures(path)
    except (OSError, DefinitionError):
        return ""
    return next((m.indicator for m in measures if m.id == measure), "")


def assessments_indicator(measure: str) -> Indicator | None:
    """The framework indicator the assessments measure (its id ``measure``) writes ("1.4"),
    with its targets."""
    path = _measures_file(measure)
    if path is None:
        return None
    try:
        modified = path.stat().st_mtime
    except OSError:
        return None
    code = _indicator_code(path, modified, measure)
    if not code:
        return None
    return (
        Indicator.objects.prefetch_related("targets")
        .select_related("area")
        .filter(code=code)
        .first()
    )


def _points(indicator: Indicator, core: CoreIndicator, until: date | None) -> list[Point]:
    """The indicator's current totals up to ``until``, as its own page reads them."""
    query = indicator.observations.filter(is_current=True, breakdown="")
    if until is not None:
        query = query.filter(period_end__lte=until)
    return [Point(periods.parse(o.period, core.basis), o.value) for o in query]


def trajectory(figures: Figures, as_at: Period | None) -> Trajectory | None:
    """Assessments per financial year, this year's projection and range, and the targets.

    The projection is :func:`project_year_end` over the indicator's observations as at the
    reporting period, exactly what the indicator page shows. Where the indicator has no
    observations yet (or the framework has no such indicator) the years come from the
    measure's own monthly totals, with the indicator's targets if there is one.
    """
    indicator = assessments_indicator(figures.ids[EHA])
    core = indicator.to_core() if indicator is not None else None
    until = as_at.end if as_at is not None else None
    points = _points(indicator, core, until) if indicator is not None and core else []
    from_measure = not points
    if from_measure:
        points = [
            Point(p, f.value) for p in figures.months(EHA) if (f := figures.get(EHA, p)) is not None
        ]
    if not points:
        return None
    basis = core.basis if core is not None else periods.Basis.FINANCIAL
    bound = as_at or max(p.period for p in points)
    projection = project_year_end(core, points, bound) if core is not None else None
    by_year: dict[Period, list[Point]] = defaultdict(list)
    for point in points:
        by_year[point.period.year(basis)].append(point)
    latest_year = max(by_year)
    current = periods.parse(projection.year, basis) if projection else latest_year
    first = current.shift_years(-YEARS_BEFORE)
    targets = {}
    if indicator is not None:
        for target in indicator.targets.all():
            period = periods.parse(target.period, basis)
            if period.kind is current.kind and period >= first:
                targets[period] = target.value
    last = max([current, *targets])
    years = []
    year = min(y for y in [*by_year, current] if y >= first) if by_year else current
    while year <= last:
        found = by_year.get(year, [])
        sample = found[0].period if found else None
        per_year = 12 // sample.months_long if sample and sample.months_long else 12
        years.append(
            YearRow(
                year=year.label,
                months=len(found),
                months_in_year=per_year,
                total=sum(p.value for p in found) if found else None,
                target=targets.get(year),
                projection=projection if projection and year.label == projection.year else None,
                current=year == current,
            )
        )
        year = year.shift_years(1)
    later_target = ""
    later = [y for y in years if y.target is not None and periods.parse(y.year, basis) > current]
    if projection is not None and later and projection.projected > 0:
        goal = later[-1]
        if projection.method == COMPLETE:
            shown, verb = projection.projected, f"in {projection.year}"
        else:
            shown, verb = round_count(projection.projected), f"projected for {projection.year}"
        more = (goal.target / shown - 1) * 100
        later_target = f"The target for {goal.year} is {count(goal.target)}: " + (
            f"{whole_percent(more)} more than the {count(shown)} {verb}."
            if round_half_up(more) > 0
            else f"already met by the {count(shown)} {verb}."
        )
    return Trajectory(indicator, tuple(years), projection, later_target, from_measure)

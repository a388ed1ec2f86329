"""Year-end projection for flows: "We are currently projecting 3750 for this year 25% below target".

A pure function over an indicator and its points. It answers, for a flow counted by month,
quarter or term (early help assessments, MASH contacts), what the year will come to if the rest
of the year goes the way earlier years went, with a range, against the year's target, and the
cumulative lines a chart needs.

The rules, chosen here and held as named constants so the dashboard and the report agree:

* **Which year.** The indicator's basis year (financial, academic or calendar) containing the
  latest figure up to the end of ``as_at``. Figures after ``as_at`` are ignored. The year's
  periods must tile it (terms do not tile a financial year, quarters do not tile an academic
  year): if they cannot, there is no projection.
* **Complete year.** When the latest figure is the last period of the year and none is missing,
  the "projection" is the actual total; the range is zero and the method is "complete year".
* **Seasonal profile** (the default). Up to :data:`PROFILE_YEARS` of the :data:`LOOKBACK_YEARS`
  years before, most recent first, each with every period present and a positive total. For
  each, the share of its total that fell in the periods this year has figures for so far. The
  projection is year to date / mean share; the range runs from year to date / largest share to
  year to date / smallest share.
* **Pandemic year left out.** Any earlier year overlapping 1 April 2020 to 31 March 2021
  (:data:`PANDEMIC`) is not used: financial 2020/21, academic 2019/20 and 2020/21, calendar 2020
  and 2021. The national lockdowns (from 23 March 2020, November 2020, January to 8 March 2021)
  closed schools and moved referrals and assessments from one part of the year to another, and
  the timing within the year is exactly what a seasonal profile measures, so those years would
  skew it. Financial 2019/20 (only its last eight days in lockdown) is kept. With a lookback of
  four years a 2022/23 projection still has three years: 2018/19, 2019/20 and 2021/22. The
  method says which years were left out and why.
* **Straight line** when no earlier year qualifies: year to date x n / k. Its range is what the
  year would come to if every remaining period were like the lowest, or the highest, period so
  far ("widened by the spread of the monthly figures").
* **Smallest range.** Whatever the method, the range reaches at least
  :data:`MIN_RANGE_OF_REST` (10%) of the still-to-come part of the projection either side of it:
  one earlier year, or several identical ones, do not make the rest of a year certain. The low
  end never falls below the year to date (counts do not go down).
* **Missing periods so far** (a month with no figure inside the year to date): projected anyway,
  from the periods that are there, and said so. The seasonal shares are of the periods present;
  the straight line averages the periods present. ``year_to_date`` is what was recorded; the
  missing periods' estimates are part of the projection. ``method`` names the missing periods
  and ``sentence`` ends "No figure for Aug 2022." A board is better served by a caveated
  projection than by the indicator silently losing its projection over one late return.
* **Target.** ``indicator.target_for(year)``: the target whose period contains the year.
* **Rounding.** Fields hold full precision. The sentence follows the number policy
  (:mod:`trustboard.core.formatting`): the projection with :func:`round_count`, three
  significant figures, never finer than a whole number (845; 3,750 to the nearest 10; 12,300 to
  the nearest 100), halves up; the range in the same steps as its projection; an actual total
  and a target as figures (1,200; 1,234.5); the gap to a whole percent, and "on target" when
  that whole percent is 0 (within half a percent).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from trustboard.core import formatting
from trustboard.core.assessment import Point, Series
from trustboard.core.catalogue import Aggregation, Frequency, Indicator
from trustboard.core.periods import Kind, Period, Span

__all__ = [
    "LOOKBACK_YEARS",
    "MIN_RANGE_OF_REST",
    "PANDEMIC",
    "PROFILE_YEARS",
    "Projection",
    "TrajectoryPoint",
    "project_year_end",
    "round_count",
]

PROJECTED_KINDS = {
    Frequency.MONTHLY: Kind.MONTH,
    Frequency.QUARTERLY: Kind.QUARTER,
    Frequency.TERMLY: Kind.TERM,
}
"""The frequencies a year-end projection is made for, and the period kind of each."""

LOOKBACK_YEARS = 4
"""How many years before the projected one are looked at for a seasonal profile."""

PROFILE_YEARS = 3
"""At most this many earlier years (the most recent usable ones) make the profile."""

PANDEMIC = Span(date(2020, 4, 1), date(2021, 3, 31))
"""Earlier years overlapping this span are left out of a seasonal profile (see module notes)."""

MIN_RANGE_OF_REST = 0.10
"""The range reaches at least this fraction of the still-to-come part either side."""

COMPLETE = "complete year"

NAMES = {
    Kind.MONTH: ("month", "months"),
    Kind.QUARTER: ("quarter", "quarters"),
    Kind.TERM: ("term", "terms"),
}


@dataclass(frozen=True)
class TrajectoryPoint:
    """One period of the year, as cumulative figures from the start of the year.

    ``actual``: recorded to date (None after the last figure, and for a period with no figure).
    ``projected``: equal to ``actual`` up to the last figure, so the lines join, then the
    projection's path to the year end; across a missing period it carries that period's estimate,
    bridging the gap. ``low``/``high``: equal to ``projected`` up to the last figure, then
    opening out to the range. ``target``: the path to the year's target, following the seasonal
    profile where there is one, else a straight line; it reaches the target at the year end.
    """

    period: str
    end: date
    actual: float | None
    projected: float | None
    low: float | None
    high: float | None
    target: float | None

    def to_dict(self) -> dict:
        return {
            "period": self.period,
            "end": self.end.isoformat(),
            "actual": self.actual,
            "projected": self.projected,
            "low": self.low,
            "high": self.high,
            "target": self.target,
        }


@dataclass(frozen=True)
class Projection:
    """A year-end projection: figures at full precision, ``sentence`` rounded for the reader.

    ``gap`` is projected minus target, ``gap_percent`` that as a percentage of the target (None
    with no target, or a target of 0).
    """

    year: str
    as_at: str
    periods_elapsed: int
    periods_in_year: int
    year_to_date: float
    projected: float
    low: float
    high: float
    method: str
    target: float | None
    gap: float | None
    gap_percent: float | None
    sentence: str
    trajectory: tuple[TrajectoryPoint, ...]

    def to_dict(self) -> dict:
        """Plain data for JSON: dates as ISO strings, the trajectory as a list."""
        return {
            "year": self.year,
            "as_at": self.as_at,
            "periods_elapsed": self.periods_elapsed,
            "periods_in_year": self.periods_in_year,
            "year_to_date": self.year_to_date,
            "projected": self.projected,
            "low": self.low,
            "high": self.high,
            "method": self.method,
            "target": self.target,
            "gap": self.gap,
            "gap_percent": self.gap_percent,
            "sentence": self.sentence,
            "trajectory": [point.to_dict() for point in self.trajectory],
        }


# -- rounding ---------------------------------------------------------------------------------
round_count = formatting.round_count
"""Three significant figures, never finer than a whole number, halves up (the number policy's
rule for an estimated count, :func:`trustboard.core.formatting.round_count`)."""


# -- the year's periods -----------------------------------------------------------------------
def _year_periods(year: Period, sample: Period) -> list[Period] | None:
    """The periods of ``sample``'s kind that tile ``year``, oldest first; None if none do."""
    first = sample
    while first.start > year.start:
        first = first.previous()
    if first.start != year.start:
        return None
    result = [first]
    while result[-1].end < year.end:
        result.append(result[-1].next())
    if result[-1].end != year.end:
        return None
    return result


def _overlaps(a: Span, b: Span) -> bool:
    return a.start <= b.end and b.start <= a.end


def _count(number: int, kind: Kind) -> str:
    singular, plural = NAMES[kind]
    return f"{number} {singular if number == 1 else plural}"


def _years_text(years: Sequence[Period]) -> str:
    """ "2021/22"; "2020/21 and 2021/22"; "2019/20 to 2021/22"; "2018/19, 2019/20 and 2021/22"."""
    labels = [y.label for y in years]
    if len(labels) == 1:
        return labels[0]
    consecutive = all(
        later.start.year - earlier.start.year == 1 for earlier, later in pairwise(years)
    )
    if consecutive and len(labels) > 2:
        return f"{labels[0]} to {labels[-1]}"
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


@dataclass(frozen=True)
class _Profile:
    years: tuple[Period, ...]  # oldest first
    shares: tuple[tuple[float, ...], ...]  # per year, each period's share of its total
    notes: tuple[str, ...]  # years looked at and left out, and why


def _profile(
    series: Series, periods: Sequence[Period], year: Period, present: Sequence[int], kind: Kind
) -> _Profile:
    """The earlier years a seasonal profile is made of (see the module notes)."""
    used: list[tuple[Period, tuple[float, ...]]] = []
    notes: list[str] = []
    for back in range(1, LOOKBACK_YEARS + 1):
        if len(used) == PROFILE_YEARS:
            break
        earlier = year.shift_years(-back)
        values = [series.value(p.shift_years(-back)) for p in periods]
        if all(v is None for v in values):
            continue
        if _overlaps(earlier.span, PANDEMIC):
            notes.append(f"{earlier.label} left out: pandemic")
            continue
        if any(v is None for v in values):
            notes.append(f"{earlier.label} left out: incomplete")
            continue
        full = [v for v in values if v is not None]
        total = sum(full)
        if total <= 0:
            notes.append(f"{earlier.label} left out: no total")
            continue
        shares = tuple(v / total for v in full)
        if sum(shares[i] for i in present) <= 0:
            notes.append(
                f"{earlier.label} left out: nothing in the same {_count(len(present), kind)}"
            )
            continue
        used.append((earlier, shares))
    used.reverse()
    return _Profile(tuple(y for y, _ in used), tuple(s for _, s in used), tuple(notes))


def _cumulative(weights: Sequence[float]) -> list[float]:
    result, running = [], 0.0
    for weight in weights:
        running += weight
        result.append(running)
    return result


# -- the projection ---------------------------------------------------------------------------
def project_year_end(
    indicator: Indicator, points: Iterable[Point], as_at: Period
) -> Projection | None:
    """The year-end projection of a flow as at a reporting period, or None.

    None for indicators that are not summed (stocks, rates), for frequencies other than monthly,
    quarterly and termly, when there is no figure of the indicator's kind up to the end of
    ``as_at``, and when the kind's periods do not tile the indicator's year.
    """
    kind = PROJECTED_KINDS.get(indicator.frequency)
    if indicator.aggregation is not Aggregation.SUM or kind is None:
        return None
    series = Series(p for p in points if p.period.kind is kind)
    latest = series.latest(as_at)
    if latest is None:
        return None
    year = latest.period.year(indicator.basis)
    periods = _year_periods(year, latest.period)
    if periods is None:
        return None
    n = len(periods)
    k = periods.index(latest.period) + 1
    values = [series.value(p) if i < k else None for i, p in enumerate(periods)]
    present = [i for i in range(k) if values[i] is not None]
    missing = [periods[i] for i in range(k) if values[i] is None]
    recorded = [v for v in values if v is not None]
    ytd = float(sum(recorded))
    profile = _profile(series, periods, year, present, kind)
    singular, plural = NAMES[kind]

    if k == n and not missing:
        projected = low = high = ytd
        method = COMPLETE
        weights = _mean_weights(profile, n)
    elif profile.years:
        weights = _mean_weights(profile, n)
        year_shares = [sum(shares[i] for i in present) for shares in profile.shares]
        mean_share = sum(year_shares) / len(year_shares)
        projected = ytd / mean_share
        low, high = ytd / max(year_shares), ytd / min(year_shares)
        method = f"seasonal profile of {_years_text(profile.years)}"
        if profile.notes:
            method += f" ({'; '.join(profile.notes)})"
    else:
        weights = [1 / n] * n
        projected = ytd * n / len(present)
        rest = n - len(present)
        low, high = ytd + rest * min(recorded), ytd + rest * max(recorded)
        method = f"straight line from {_count(len(present), kind)} (no complete earlier year"
        method += "".join(f"; {note}" for note in profile.notes) + ")"

    if method != COMPLETE:
        half = MIN_RANGE_OF_REST * (projected - ytd)
        low = max(ytd, min(low, projected - half))
        high = max(high, projected + half)
    if missing:
        shown = ", ".join(p.label for p in missing[:3]) + (", ..." if len(missing) > 3 else "")
        method += (
            f"; {len(missing)} of {k} {plural if k > 1 else singular} missing ({shown}), "
            f"projected from the {len(present)} with figures"
        )

    target = indicator.target_for(year)
    target_value = target.value if target else None
    gap = projected - target_value if target_value is not None else None
    gap_percent = gap / abs(target_value) * 100 if target_value else None

    trajectory = _trajectory(periods, values, k, weights, projected, low, high, target_value)
    sentence = _sentence(
        year, projected, low, high, method == COMPLETE, target_value, gap, gap_percent, missing
    )
    return Projection(
        year=year.label,
        as_at=as_at.label,
        periods_elapsed=k,
        periods_in_year=n,
        year_to_date=ytd,
        projected=projected,
        low=low,
        high=high,
        method=method,
        target=target_value,
        gap=gap,
        gap_percent=gap_percent,
        sentence=sentence,
        trajectory=trajectory,
    )


def _mean_weights(profile: _Profile, n: int) -> list[float]:
    """Each period's mean share of the year over the profile's years; equal without any."""
    if not profile.years:
        return [1 / n] * n
    return [sum(s[j] for s in profile.shares) / len(profile.shares) for j in range(n)]


def _trajectory(
    periods: Sequence[Period],
    values: Sequence[float | None],
    k: int,
    weights: Sequence[float],
    projected: float,
    low: float,
    high: float,
    target: float | None,
) -> tuple[TrajectoryPoint, ...]:
    """Cumulative lines through the year (see :class:`TrajectoryPoint`).

    A missing period's estimate is the projection times its profile weight. After the last
    figure the projected, low and high lines share out what is left in proportion to the
    profile weights of the remaining periods, ending exactly at the projection and the range.
    """
    n = len(periods)
    rows: list[list[float | None]] = []
    actual_run = bridged_run = 0.0
    for i in range(k):
        value = values[i]
        if value is None:
            bridged_run += projected * weights[i]
            rows.append([None, bridged_run, bridged_run, bridged_run])
        else:
            actual_run += value
            bridged_run += value
            rows.append([actual_run, bridged_run, bridged_run, bridged_run])
    joined = bridged_run
    rest = weights[k:]
    rest_total = sum(rest)
    so_far = 0.0
    for offset, weight in enumerate(rest, start=1):
        so_far += weight
        share = so_far / rest_total if rest_total > 0 else offset / len(rest)
        if offset == len(rest):
            share = 1.0
        rows.append([None, *(joined + (end - joined) * share for end in (projected, low, high))])
    if k == n and rows:
        rows[-1][1:] = [projected, low, high]
    targets: list[float | None] = [None] * n
    if target is not None:
        targets = [target * c for c in _cumulative(weights)]
        targets[-1] = target
    return tuple(
        TrajectoryPoint(p.label, p.end, row[0], row[1], row[2], row[3], t)
        for p, row, t in zip(periods, rows, targets, strict=True)
    )


def _sentence(
    year: Period,
    projected: float,
    low: float,
    high: float,
    complete: bool,
    target: float | None,
    gap: float | None,
    gap_percent: float | None,
    missing: Sequence[Period],
) -> str:
    """What the board report says (rounding in the module notes)."""
    if complete:
        text = f"{year.label} ended at {formatting.number(projected)}"
    else:
        shown_low = round_count(low, like=projected)
        shown_high = round_count(high, like=projected)
        range_text = (
            f" (range {formatting.count(shown_low)} to {formatting.count(shown_high)})"
            if shown_low != shown_high
            else ""
        )
        when = "the year" if target is not None else year.label
        text = f"Projecting {formatting.count(round_count(projected))} for {when}{range_text}"
    if target is not None and gap is not None:
        if gap_percent is None:  # a target of 0
            if gap == 0:
                text += ", on target (0)"
            else:
                text += f", {'above' if gap > 0 else 'below'} the target of 0"
        elif formatting.round_half_up(gap_percent) == 0:
            text += f", on target ({formatting.number(target)})"
        else:
            side = "above" if gap > 0 else "below"
            gap_text = formatting.whole_percent(abs(gap_percent))
            text += f", {gap_text} {side} the target of {formatting.number(target)}"
    text += "."
    if missing:
        shown = ", ".join(p.label for p in missing[:3]) + (", ..." if len(missing) > 3 else "")
        text += f" No figure for {shown}."
    return text

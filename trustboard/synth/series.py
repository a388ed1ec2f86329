"""Synthetic series for the example partnership: deterministic, calibrated to published figures.

The demo needs several years of figures for every indicator in a framework, shaped like the
board reports describe them (children we care for peaking at 803 in December 2022, CAMHS waits
stopping in July 2022, the Operation Encompass table of 2021/22), without any real record.
A calibration file (``examples/oxfordshire/synthetic.yaml``, its header documents the schema)
gives each indicator a trend through *anchors*; this module walks the indicator's own periods
(months, financial quarters, terms, weeks or years), interpolates the trend, applies seasonal
factors and seeded noise, puts the published figures in exactly, and rounds to the unit.

The same framework, calibration and seed always give the same figures: the random numbers come
from ``random.Random`` seeded with the seed and a CRC-32 of the indicator code (never Python's
``hash()``, which changes between runs), and every period draws its numbers whether or not it is
kept, so a gap or a published figure does not shift the rest of the series.
"""

from __future__ import annotations

import csv
import itertools
import logging
import math
import random
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from trustboard.core import periods
from trustboard.core.catalogue import Aggregation, Framework, Frequency, Indicator, Unit
from trustboard.core.periods import Basis, Period, PeriodError, Span
from trustboard.synth.series_calibration import (
    DEFAULT_NOISE,
    CalibrationError,
    check_spec,
    checked,
    load_calibration,
)

__all__ = [
    "CSV_COLUMNS",
    "CalibrationError",
    "SyntheticObservation",
    "generate",
    "load_calibration",
    "write_csv",
]

logger = logging.getLogger(__name__)

CSV_COLUMNS = ("indicator", "period", "breakdown", "value", "status")
"""The columns of the observation import (trustboard.ingest.observations)."""

WEEKLY_FROM = "AY 2021/22"
"""Weekly series start no earlier than this: a few school years of weeks is plenty for a demo."""

DEFAULT_LEVELS = {
    Unit.COUNT: 100.0,
    Unit.PERCENTAGE: 50.0,
    Unit.DAYS: 30.0,
    Unit.RATE_PER_10000: 50.0,
}
"""The flat level of an indicator the calibration does not mention."""


@dataclass(frozen=True)
class SyntheticObservation:
    """One synthetic figure, in the shape of a row of the observation import."""

    code: str
    period: str
    value: float
    breakdown: str = ""
    status: str = "final"


# -- the indicator's own periods -------------------------------------------------------------------
def _first_period(indicator: Indicator, day: date) -> Period:
    """The indicator's period containing ``day`` (for terms: term 1 of that academic year)."""
    match indicator.frequency:
        case Frequency.WEEKLY:
            return periods.week(day)
        case Frequency.MONTHLY:
            return periods.month(day.year, day.month)
        case Frequency.QUARTERLY:
            year = periods.year_containing(day, Basis.FINANCIAL)
            return periods.quarter(year.start.year, (day.month - year.start.month) % 12 // 3 + 1)
        case Frequency.TERMLY:
            return periods.term(periods.year_containing(day, Basis.ACADEMIC).start.year, 1)
        case Frequency.ANNUAL:
            return periods.year_containing(day, indicator.basis)
    raise AssertionError(indicator.frequency)  # pragma: no cover


def _native_periods(indicator: Indicator, start: date, end: date) -> list[Period]:
    """The indicator's periods from the one containing ``start`` to the last ending by ``end``."""
    result = []
    current = _first_period(indicator, start)
    while current.end <= end:
        result.append(current)
        current = current.next()
    return result


def _midpoint(period: Period) -> float:
    return (period.start.toordinal() + period.end.toordinal()) / 2


def _days(period: Period) -> int:
    return (period.end - period.start).days + 1


# -- the plan: a calibration read against its indicator --------------------------------------------
@dataclass(frozen=True)
class _Plan:
    trend: tuple[tuple[float, float], ...]
    """(time, level per indicator period), oldest first."""
    noise: float
    seasonal: tuple[float, ...] | None
    starts: Period | None
    ends: Period | None
    gaps: tuple[Period, ...]
    fixed: Mapping[Period, float | Mapping[str, float]]
    """Published figures for single periods of the indicator: put in exactly."""
    fixed_totals: Mapping[Period, float]
    """Published totals of longer periods (indicators that add up): the periods inside are
    scaled to add up to them exactly."""
    shares: Mapping[str, float]
    offsets: Mapping[str, float]
    weights: Mapping[str, float]
    provisional_last: int


def _inside(indicator: Indicator, period: Period) -> list[Period]:
    """The indicator's periods that lie wholly inside a (longer) period."""
    return [p for p in _native_periods(indicator, period.start, period.end) if period.contains(p)]


def _level_per_period(indicator: Indicator, period: Period, value: float) -> float:
    """A figure for ``period`` as a level per indicator period: a year's total of a monthly
    flow is spread over its months; a stock or a rate is the level itself."""
    if indicator.aggregation is not Aggregation.SUM or indicator.accepts(period):
        return value
    inside = _inside(indicator, period)
    if inside:
        return value / len(inside)
    return value * _days(_first_period(indicator, period.start)) / _days(period)


def _weighted_mean(values: Mapping[str, float], weights: Mapping[str, float]) -> float:
    total_weight = sum(weights.get(k, 1.0) for k in values)
    return sum(v * weights.get(k, 1.0) for k, v in values.items()) / total_weight


def _build_plan(
    indicator: Indicator, spec: Mapping[str, Any], default_level: float | None = None
) -> _Plan:
    """Read a checked calibration against its indicator. With neither anchors nor fixed
    figures the series is flat at ``default_level``, or, without one, the calibration is wrong."""
    where = f"calibration {indicator.code!r}"
    problems: list[str] = []
    sums = indicator.aggregation is Aggregation.SUM
    values = indicator.breakdown.values if indicator.breakdown else ()
    is_count = indicator.unit is Unit.COUNT

    def period(label: str, key: str) -> Period | None:
        try:
            return periods.parse(label, indicator.basis)
        except PeriodError as error:
            problems.append(f"{where}: {key}: {error}")
            return None

    fixed: dict[Period, float | Mapping[str, float]] = {}
    fixed_totals: dict[Period, float] = {}
    for label, value in spec.get("fixed", {}).items():
        p = period(label, "fixed")
        if p is None:
            continue
        if isinstance(value, Mapping):
            if not values:
                problems.append(f"{where}: fixed: {label!r}: indicator has no breakdown")
            elif set(value) != set(values):
                problems.append(
                    f"{where}: fixed: {label!r}: expected a figure for each of {', '.join(values)}"
                )
        elif values and not is_count:
            problems.append(
                f"{where}: fixed: {label!r}: give a figure for each of {', '.join(values)}; "
                "a total of percentages is derived from them"
            )
        if p.kind == _first_period(indicator, p.start).kind:
            fixed[p] = value
        elif sums and not isinstance(value, Mapping) and _inside(indicator, p):
            fixed_totals[p] = value
        else:
            problems.append(
                f"{where}: fixed: {label!r} is not a {indicator.frequency.value} period "
                "(a longer period can be fixed only for an indicator that adds up)"
            )
    overlapping = [(a, b) for a in fixed_totals for b in fixed_totals if a < b and a.end >= b.start]
    for a, b in overlapping:
        problems.append(f"{where}: fixed: {a.label} and {b.label} overlap")

    weights = {v: spec.get("weights", {}).get(v, 1.0) for v in values}
    trend_points: list[tuple[float, float]] = []
    anchors = spec.get("anchors", {})
    if anchors:
        for label, value in anchors.items():
            p = period(label, "anchors")
            if p is not None:
                trend_points.append((_midpoint(p), _level_per_period(indicator, p, value)))
    else:
        # No anchors: the published figures are the trend.
        for p, value in [*fixed.items(), *fixed_totals.items()]:
            if isinstance(value, Mapping):
                total = sum(value.values()) if is_count else _weighted_mean(value, weights)
            else:
                total = value
            trend_points.append((_midpoint(p), _level_per_period(indicator, p, total)))
    trend_points.sort()
    for (t1, _), (t2, _) in itertools.pairwise(trend_points):
        if t1 == t2:
            problems.append(f"{where}: anchors: two anchors have the same midpoint")
    if not trend_points and default_level is not None:
        trend_points.append((0.0, default_level))
    if not trend_points:
        problems.append(f"{where}: expected anchors or fixed figures")

    for key in ("shares", "offsets", "weights"):
        given = spec.get(key, {})
        if given and not values:
            problems.append(f"{where}: {key}: indicator has no breakdown")
        for name in sorted(set(given) - set(values)):
            problems.append(f"{where}: {key}: {name!r} is not one of {', '.join(values)}")
    shares = dict(spec.get("shares", {}))
    if values and is_count:
        if spec.get("offsets"):
            problems.append(f"{where}: offsets: a count is split by shares, not offsets")
        if shares and set(shares) != set(values):
            problems.append(f"{where}: shares: expected a share for each of {', '.join(values)}")
        if not shares:
            shares = dict.fromkeys(values, 1.0)
    elif shares:
        problems.append(f"{where}: shares: only counts are split by shares; use offsets")
    offsets = {v: spec.get("offsets", {}).get(v, 0.0) for v in values}
    if offsets:
        # Centre the offsets so that the total stays on the trend.
        centre = _weighted_mean(offsets, weights)
        offsets = {v: o - centre for v, o in offsets.items()}

    starts = period(spec["starts"], "starts") if spec.get("starts") else None
    ends = period(spec["ends"], "ends") if spec.get("ends") else None
    if starts and ends and ends.end < starts.start:
        problems.append(f"{where}: ends ({ends.label}) is before starts ({starts.label})")
    gaps = [p for p in (period(label, "gaps") for label in spec.get("gaps", [])) if p]
    seasonal = spec.get("seasonal")
    if seasonal:
        mean = sum(seasonal) / len(seasonal)
        seasonal = tuple(f / mean for f in seasonal)
    if problems:
        raise CalibrationError(problems)
    return _Plan(
        trend=tuple(trend_points),
        noise=spec.get("noise", DEFAULT_NOISE),
        seasonal=seasonal or None,
        starts=starts,
        ends=ends,
        gaps=tuple(gaps),
        fixed=fixed,
        fixed_totals=fixed_totals,
        shares=shares,
        offsets=offsets,
        weights=weights,
        provisional_last=spec.get("provisional_last", 0),
    )


# -- generating ----------------------------------------------------------------------------------
def _trend_at(trend: Sequence[tuple[float, float]], t: float) -> float:
    """Linear in time between anchors; flat before the first and after the last."""
    if t <= trend[0][0]:
        return trend[0][1]
    for (t1, v1), (t2, v2) in itertools.pairwise(trend):
        if t <= t2:
            return v1 + (v2 - v1) * (t - t1) / (t2 - t1)
    return trend[-1][1]


def _seasonal_factor(seasonal: Sequence[float] | None, period: Period) -> float:
    if not seasonal:
        return 1.0
    if period.months_long:
        months = [m.start.month for m in period.span.months()]
    else:  # a week: the month its Thursday falls in
        months = [date.fromordinal(period.start.toordinal() + 3).month]
    return sum(seasonal[m - 1] for m in months) / len(months)


def _round(unit: Unit, value: float) -> float:
    match unit:
        case Unit.COUNT | Unit.DAYS:
            return float(max(0, round(value)))
        case Unit.PERCENTAGE:
            return round(min(100.0, max(0.0, value)), 1)
        case Unit.RATE_PER_10000:
            return round(max(0.0, value), 1)
    raise AssertionError(unit)  # pragma: no cover


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Whole numbers in proportion to ``weights`` that add up to ``total`` exactly (largest
    remainder; ties go to the earlier value)."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    if sum(weights) <= 0:
        weights = [1.0] * len(weights)
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    result = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (result[i] - exact[i], i))
    for i in by_remainder[: total - sum(result)]:
        result[i] += 1
    return result


def _kept(plan: _Plan, period: Period) -> bool:
    if plan.starts and period.start < plan.starts.start:
        return False
    if plan.ends and period.end > plan.ends.end:
        return False
    return not any(g.start <= period.end and period.start <= g.end for g in plan.gaps)


def _series(
    indicator: Indicator, plan: _Plan, rng: random.Random, span: Span
) -> list[SyntheticObservation]:
    values = indicator.breakdown.values if indicator.breakdown else ()
    start = span.start
    if indicator.frequency is Frequency.WEEKLY:
        start = max(start, periods.parse(WEEKLY_FROM).start)
    every = _native_periods(indicator, start, span.end)
    # Draw for every period, kept or not, so that gaps and fixed figures leave the rest alone.
    draws = {p: [rng.gauss(0.0, 1.0) for _ in range(1 + len(values))] for p in every}
    kept = [p for p in every if _kept(plan, p)]
    raw = {
        p: _trend_at(plan.trend, _midpoint(p))
        * _seasonal_factor(plan.seasonal, p)
        * (1 + plan.noise * draws[p][0])
        for p in kept
    }
    totals = {p: _round(indicator.unit, v) for p, v in raw.items()}
    for longer, published in plan.fixed_totals.items():
        if not span.contains(longer):
            continue  # only a whole published total can be shared out
        inside = [p for p in kept if longer.contains(p)]
        free = [p for p in inside if p not in plan.fixed]
        rest = published - sum(
            _total(plan.fixed[p], indicator, plan) for p in inside if p in plan.fixed
        )
        if indicator.unit is Unit.COUNT:
            for p, share in zip(free, _apportion(round(rest), [raw[p] for p in free]), strict=True):
                totals[p] = float(share)
        else:
            scale = rest / (sum(raw[p] for p in free) or 1)
            for p in free:
                totals[p] = _round(indicator.unit, raw[p] * scale)

    result: list[SyntheticObservation] = []
    latest = kept[max(0, len(kept) - plan.provisional_last) :] if plan.provisional_last else []
    provisional = set(latest)
    for p in kept:
        status = "provisional" if p in provisional else "final"
        published = plan.fixed.get(p)
        if not values:
            total = float(published) if published is not None else totals[p]
            result.append(SyntheticObservation(indicator.code, p.label, total, status=status))
            continue
        if isinstance(published, Mapping):
            parts = {v: float(published[v]) for v in values}
        elif indicator.unit is Unit.COUNT:
            total = round(published) if published is not None else round(totals[p])
            weights = [
                plan.shares[v] * max(0.0, 1 + plan.noise * z)
                for v, z in zip(values, draws[p][1:], strict=True)
            ]
            parts = dict(zip(values, map(float, _apportion(total, weights)), strict=True))
        else:
            level = raw[p]
            parts = {
                v: _round(indicator.unit, level + plan.offsets[v] + level * plan.noise * z)
                for v, z in zip(values, draws[p][1:], strict=True)
            }
        total = _total(parts, indicator, plan)
        result.append(SyntheticObservation(indicator.code, p.label, total, status=status))
        result.extend(
            SyntheticObservation(indicator.code, p.label, parts[v], v, status) for v in values
        )
    return result


def _total(figure: float | Mapping[str, float], indicator: Indicator, plan: _Plan) -> float:
    """The total row: counts add up; percentages, days and rates are the weighted mean of the
    breakdown values (``weights``; equal weights make it the simple mean)."""
    if not isinstance(figure, Mapping):
        return float(figure)
    if indicator.unit is Unit.COUNT:
        return float(sum(figure.values()))
    return _round(indicator.unit, _weighted_mean(figure, plan.weights))


def generate(
    framework: Framework,
    calibration: Mapping[str, Any],
    seed: int = 2017,
    start: str = "2017/18",
    end: str = "2023/24",
    *,
    warnings: list[str] | None = None,
) -> list[SyntheticObservation]:
    """Synthetic figures for every indicator of ``framework``, from the start of the ``start``
    year to the end of the ``end`` year, in each indicator's own periods.

    An indicator the calibration does not mention gets a flat series around a default level, and
    a calibration for a code the framework lacks is skipped; both are noted in ``warnings`` (and
    logged) rather than stopping the demo. A calibration that is wrong raises
    :class:`CalibrationError` listing every problem.
    """
    checked_calibration = checked(dict(calibration), "calibration")
    span = Span(periods.parse(start).start, periods.parse(end).end)
    notes: list[str] = []
    problems: list[str] = []
    codes = {i.code for i in framework.indicators}
    for code in checked_calibration:
        if code not in codes:
            notes.append(f"calibration {code!r}: no such indicator in the framework; skipped")
    result: list[SyntheticObservation] = []
    for indicator in framework.indicators:
        spec = checked_calibration.get(indicator.code)
        default_level = None
        if spec is None:
            default_level = DEFAULT_LEVELS[indicator.unit]
            spec = check_spec(indicator.code, {}, problems)
            notes.append(
                f"indicator {indicator.code!r} has no calibration: generated a flat series "
                f"around {default_level:g}"
            )
        try:
            plan = _build_plan(indicator, spec, default_level)
        except CalibrationError as error:
            problems.extend(error.problems)
            continue
        rng = random.Random(seed * 2**32 + zlib.crc32(indicator.code.encode("utf-8")))
        result.extend(_series(indicator, plan, rng, span))
    if problems:
        raise CalibrationError(problems)
    for note in notes:
        logger.warning(note)
    if warnings is not None:
        warnings.extend(notes)
    return result


def _format_value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write_csv(observations: Sequence[SyntheticObservation], path: str | Path) -> None:
    """Write observations in the columns the observation import reads."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for o in observations:
            writer.writerow([o.code, o.period, o.breakdown, _format_value(o.value), o.status])

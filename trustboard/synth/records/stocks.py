"""Open-ended records (plans, periods of care, unregistered placements) kept on a target count.

The monthly start rates that give the month-end targets are solved forward once, from the
duration distribution (a lognormal mixture) and an equilibrium cohort already open at the
beginning; each month's durations are stratified quantiles, so a cohort's spread of durations is
the distribution's, not a sample's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from trustboard.synth.records.calendars import Calendar
from trustboard.synth.records.calibration import (
    CARE_DURATION,
    CARED_FOR,
    CIN_DURATION,
    CIN_OPEN,
    CP_DURATION,
    CP_OPEN,
    UASC_CARED_FOR,
    UASC_DURATION,
    UNREGISTERED,
    UNREGISTERED_DURATION,
)
from trustboard.synth.records.draws import stochastic_round
from trustboard.synth.records.months import curve

MAX_DURATION_DAYS = 365 * 40
INITIAL_STRATUM = 16
"""Records of similar age in the cohort open at the start whose remaining durations are
stratified together."""


@dataclass(frozen=True)
class Durations:
    """A duration distribution in whole days on a grid: P(duration <= L) for L = 0..max."""

    cdf: np.ndarray

    @classmethod
    def lognormal_mixture(
        cls, parts: Sequence[tuple[float, float, float]], longest: int
    ) -> Durations:
        """The mixture, with anything longer than ``longest`` days ending on that day."""
        lags = np.arange(MAX_DURATION_DAYS + 1, dtype=float)
        with np.errstate(divide="ignore"):
            logs = np.log(lags)
        cdf = np.zeros(len(lags))
        total = sum(weight for weight, _, _ in parts)
        for weight, median, sigma in parts:
            cdf += weight / total * _normal_cdf((logs - math.log(median)) / sigma)
        cdf[0] = 0.0
        cdf[min(longest, MAX_DURATION_DAYS) :] = 1.0
        return cls(cdf)

    @property
    def survival(self) -> np.ndarray:
        """P(duration > L): still open L days after the start."""
        return 1.0 - self.cdf

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """Durations in days (at least one) for probabilities ``u``."""
        return np.maximum(np.searchsorted(self.cdf, u, side="left"), 1)


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF (Abramowitz and Stegun 7.1.26, error under 1.5e-7); numpy has no erf."""
    z = np.abs(x) / math.sqrt(2)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = 1.0 - poly * np.exp(-z * z)
    return 0.5 * (1.0 + np.sign(x) * erf)


@dataclass(frozen=True)
class Stock:
    """One stream of open-ended records (plans of a type, periods of care) for area 1."""

    kind: str
    durations: Durations
    initial: float
    """Expected records open the day before the calendar's first day."""
    starts: np.ndarray
    """Expected starts in each month of the calendar."""


STOCK_SPECS = {
    "child_protection": ("plans", CP_OPEN, CP_DURATION, 8 * 365, "conference"),
    "child_in_need": ("plans", CIN_OPEN, CIN_DURATION, 8 * 365, "conference"),
    "care": ("care", None, CARE_DURATION, 18 * 365, "any"),
    "uasc": ("care", UASC_CARED_FOR, UASC_DURATION, 4 * 365, "any"),
    "unregistered": ("care", UNREGISTERED, UNREGISTERED_DURATION, 2 * 365, "any"),
}
"""Per stream: the calendar, month-end targets, durations, the longest duration (no child is
in care for more than 18 years) and the kind of day records start on."""


def stock_rates(calendars: Mapping[str, Calendar]) -> dict[str, Stock]:
    """For each stream, the monthly starts that keep area 1's month-end counts on target."""
    stocks = {}
    for name, (calendar_name, anchors, parts, longest, kind) in STOCK_SPECS.items():
        calendar = calendars[calendar_name]
        rows = calendar.curve_rows()
        if name == "care":
            target = curve(CARED_FOR)[rows] - curve(UASC_CARED_FOR)[rows]
        else:
            target = curve(anchors)[rows]
        durations = Durations.lognormal_mixture(parts, longest)
        initial = float(curve(CARED_FOR if name == "care" else anchors)[rows[0] - 1])
        if name == "care":
            initial -= float(curve(UASC_CARED_FOR)[rows[0] - 1])
        if name == "unregistered":
            initial = 0.0
        starts = _solve_starts(target, calendar, kind, durations, initial)
        stocks[name] = Stock(kind, durations, initial, starts)
    return stocks


def _solve_starts(
    target: np.ndarray, calendar: Calendar, kind: str, durations: Durations, initial: float
) -> np.ndarray:
    """Monthly starts such that the expected count open at each month end is the target.

    Forward substitution: each month's starts fill the gap between the target and what is still
    open from the initial cohort and earlier months. A fall faster than the outflow cannot be
    followed; the month's starts then stop at a floor and later months catch up.
    """
    survival = durations.survival
    mean_duration = survival.sum()
    weights = calendar.weights[kind]
    origin = calendar.days[0]
    month_ends = calendar.days[calendar.first[1:] - 1] - origin
    # The initial cohort: open the day before, ages in proportion to survival (equilibrium).
    tail = np.concatenate([np.cumsum(survival[::-1])[::-1], [0.0]])
    initial_open = initial * tail[np.minimum(month_ends + 1, len(survival))] / tail[0]
    months = len(calendar.months)
    alive = np.zeros((months, months))
    for j in range(months):
        span = slice(calendar.first[j], calendar.first[j + 1])
        day_weights = weights[span]
        if day_weights.sum() == 0:
            continue
        offsets = np.arange(span.start, span.stop)
        lags = month_ends[j:, None] - offsets[None, :]
        alive[j:, j] = (survival[np.clip(lags, 0, len(survival) - 1)] * day_weights).sum(
            axis=1
        ) / day_weights.sum()
    starts = np.zeros(months)
    for m in range(months):
        if alive[m, m] == 0:
            continue
        gap = target[m] - initial_open[m] - alive[m, :m] @ starts[:m]
        floor = 0.2 * target[m] * 30.4 / mean_duration * calendar.fraction[kind][m]
        starts[m] = max(gap / alive[m, m], floor)
    return starts


def stock_records(
    rng: np.random.Generator, stock: Stock, calendar: Calendar, size: float
) -> tuple[np.ndarray, np.ndarray]:
    """Start and end day numbers of one stream: the cohort open at the start, then new starts.

    An end past the calendar stays a day number past it (decided later, as "open").
    """
    durations = stock.durations
    origin = calendar.days[0]
    # Open the day before the calendar: ages in proportion to survival, then a duration longer
    # than the age. Both stratified (the second within groups of similar age), as the cohort
    # is most of the count for years and its chance survival would otherwise show.
    initial = int(stochastic_round(np.array([stock.initial * size]), rng)[0])
    survival = durations.survival
    ages = np.searchsorted(
        np.cumsum(survival) / survival.sum(), _stratified(rng, np.array([initial]))
    )
    ages = np.sort(np.minimum(ages, len(survival) - 1))
    groups = np.full(-(-initial // INITIAL_STRATUM), INITIAL_STRATUM)
    if len(groups):
        groups[-1] = initial - INITIAL_STRATUM * (len(groups) - 1)
    low = durations.cdf[ages]
    length = durations.quantile(low + _stratified(rng, groups) * (1 - low))
    length = np.maximum(length, ages + 1)
    initial_start = origin - 1 - ages
    # New starts, month by month; each month's durations are stratified quantiles.
    counts = stochastic_round(stock.starts * size, rng)
    month = np.repeat(np.arange(len(counts)), counts)
    start = calendar.sample(stock.kind, month, rng)
    duration = durations.quantile(_stratified(rng, counts))
    starts = np.concatenate([initial_start, start])
    ends = np.concatenate([initial_start + length, start + duration])
    order = np.argsort(starts, kind="stable")
    return starts[order], ends[order]


def _stratified(rng: np.random.Generator, counts: np.ndarray) -> np.ndarray:
    """Uniform draws, one per record of groups of ``counts``, stratified within each group.

    Group g's n draws are (rank + U) / n for ranks 0..n-1 in random order: every group's draws
    spread over the whole unit interval.
    """
    n = int(counts.sum())
    group = np.repeat(np.arange(len(counts)), counts)
    order = np.lexsort((rng.random(n), group))
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - first[group[order]]
    return (rank + rng.random(n)) / np.maximum(counts[group], 1)

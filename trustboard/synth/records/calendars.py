"""Whole months covering a window, with how likely a record is on each day of them.

Assessments are rarely completed at weekends or over Christmas, conferences never at weekends;
days within a month are drawn from these weights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from trustboard.synth.records.months import CURVE_FIRST, day_number, first_day, month_number

DAY_KINDS = ("eha", "contact", "conference", "any")


@dataclass(frozen=True)
class Calendar:
    """Whole months covering a window, with day weights for drawing dates within a month."""

    months: np.ndarray
    """Absolute month numbers."""
    first: np.ndarray
    """Index in ``days`` of each month's first day; one more entry for the end."""
    days: np.ndarray
    """Day numbers (days since 1970-01-01)."""
    window: tuple[int, int]
    """First and last day (inclusive) that records may be dated."""
    weights: Mapping[str, np.ndarray]
    """Per kind, each day's weight, zero outside the window."""
    cumulative: Mapping[str, np.ndarray]
    fraction: Mapping[str, np.ndarray]
    """Per kind, the share of each month's weight inside the window (partial months)."""

    @classmethod
    def between(cls, first: date, last: date, window_first: date, window_last: date) -> Calendar:
        """The months from ``first`` to ``last``; records fall only between the window's days."""
        months = np.arange(
            month_number(first.year, first.month), month_number(last.year, last.month) + 1
        )
        bounds = first_day(np.append(months, months[-1] + 1))
        days = np.arange(bounds[0], bounds[-1])
        first_index = bounds - bounds[0]
        window = (day_number(window_first), day_number(window_last))
        inside = (days >= window[0]) & (days <= window[1])
        weights, cumulative, fraction = {}, {}, {}
        for kind in DAY_KINDS:
            full = _day_weights(days, kind)
            weight = full * inside
            weights[kind] = weight
            cumulative[kind] = np.concatenate([[0.0], np.cumsum(weight)])
            fraction[kind] = np.add.reduceat(weight, first_index[:-1]) / np.add.reduceat(
                full, first_index[:-1]
            )
        return cls(months, first_index, days, window, weights, cumulative, fraction)

    def curve_rows(self) -> np.ndarray:
        """Each month's row in the calibration's curves."""
        return self.months - CURVE_FIRST

    def sample(self, kind: str, month_index: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A day number for each record in the given months (positions in ``months``)."""
        cumulative = self.cumulative[kind]
        low = cumulative[self.first[month_index]]
        high = cumulative[self.first[month_index + 1]]
        target = low + rng.random(len(month_index)) * (high - low)
        position = np.searchsorted(cumulative, target, side="right") - 1
        position = np.clip(position, self.first[month_index], self.first[month_index + 1] - 1)
        return self.days[position]


def _day_weights(days: np.ndarray, kind: str) -> np.ndarray:
    """How likely a record is on each day: weekdays, weekends, Christmas to New Year's Day."""
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    dates = days.astype("datetime64[D]")
    month = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day_of_month = (dates - dates.astype("datetime64[M]").astype("datetime64[D]")).astype(
        np.int64
    ) + 1
    christmas = ((month == 12) & (day_of_month >= 24)) | ((month == 1) & (day_of_month == 1))
    late_december = (month == 12) & (day_of_month >= 18) & ~christmas
    weekend = weekday >= 5
    if kind == "eha":
        weight = np.where(weekend, np.where(weekday == 5, 0.08, 0.04), 1.0)
        return weight * np.where(christmas, 0.2, np.where(late_december, 0.7, 1.0))
    if kind == "contact":
        return np.where(weekend, 0.32, 1.0) * np.where(christmas, 0.6, 1.0)
    if kind == "conference":
        return np.where(weekend, 0.0, 1.0) * np.where(christmas, 0.3, 1.0)
    return np.ones(len(days))

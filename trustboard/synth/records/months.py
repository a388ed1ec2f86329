"""Absolute months and day numbers, and the monthly curves the calibration is drawn on.

Everything is numpy over whole arrays; a month is ``year * 12 + month - 1`` and a day is a day
number since 1970-01-01, so curves and calendars index each other without dates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np

CURVE_YEARS = (2000, 2040)
"""The calendar the calibration's monthly curves cover; options must fall inside it."""


def month_number(year: int, month: int) -> int:
    """Months since year 0, so months subtract and index arrays directly."""
    return year * 12 + month - 1


def first_day(months: np.ndarray | int) -> np.ndarray:
    """Day numbers (days since 1970-01-01) of the first day of absolute months."""
    offsets = np.asarray(months, dtype=np.int64) - 1970 * 12
    return offsets.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def day_number(day: date) -> int:
    """Days since 1970-01-01, numpy's own day count."""
    return int(np.datetime64(day, "D").astype(np.int64))


CURVE_FIRST = month_number(CURVE_YEARS[0], 1)
CURVE_MONTHS = np.arange(CURVE_FIRST, month_number(CURVE_YEARS[1], 12) + 1)


def curve(anchors: Mapping[tuple[int, int], float]) -> np.ndarray:
    """Straight lines between anchor months over the whole calendar, flat beyond the ends."""
    points = sorted((month_number(*key), value) for key, value in anchors.items())
    xs, ys = zip(*points, strict=True)
    return np.interp(CURVE_MONTHS, xs, ys)


def month_factors(factors: Mapping[tuple[int, int], float]) -> np.ndarray:
    """Month factors, 1 where none is given."""
    out = np.ones(len(CURVE_MONTHS))
    for key, value in factors.items():
        out[month_number(*key) - CURVE_FIRST] = value
    return out


def season(factors: Sequence[float]) -> np.ndarray:
    """January-to-December factors over the whole calendar, scaled to average 1."""
    shape = np.asarray(factors, dtype=float)
    return (shape / shape.mean())[CURVE_MONTHS % 12]


def curve_slice(first: tuple[int, int], last: tuple[int, int]) -> slice:
    """The curves' rows from one (year, month) to another, inclusive."""
    return slice(month_number(*first) - CURVE_FIRST, month_number(*last) - CURVE_FIRST + 1)

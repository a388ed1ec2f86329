"""The four special cause rules of Making Data Count, each marking the points it finds.

They are kept apart from :mod:`trustboard.core.spc` (which splits a series into segments, works
out the limits and sums the chart up in icons) because each rule is a small pure function over
one segment's figures, tested on its own against the cases the MDC guidance describes. The
method and its sources are in :mod:`trustboard.core.spc`'s notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

__all__ = [
    "BEYOND_LIMIT",
    "FLOAT_SLACK",
    "HIGH",
    "LOW",
    "RULE_TEXT",
    "RUN",
    "RUN_LENGTH",
    "TREND",
    "TREND_LENGTH",
    "TWO_OF_THREE",
    "Signals",
    "above",
    "beyond_limits",
    "runs",
    "side",
    "trends",
    "two_of_three",
]

RUN_LENGTH = 7
"""Consecutive points on one side of the mean that make a run (a shift)."""

TREND_LENGTH = 7
"""Consecutive points, each higher (or each lower) than the last, that make a trend."""

FLOAT_SLACK = 1e-9
"""Relative slack when comparing a figure with the mean or a limit.

A figure that equals a limit on paper can land a hair beyond it in binary (0.1 + 0.2 > 0.3);
it must not become a signal. Differences below a billionth of the figures are treated as equal.
"""

BEYOND_LIMIT = "beyond_limit"
RUN = "run"
TREND = "trend"
TWO_OF_THREE = "two_of_three"

RULE_TEXT = {
    BEYOND_LIMIT: "a point beyond a process limit",
    RUN: f"a run of {RUN_LENGTH} or more points on one side of the mean",
    TREND: f"a trend of {TREND_LENGTH} or more points all rising or all falling",
    TWO_OF_THREE: "two out of three points close to a process limit (beyond two sigma)",
}

HIGH = 1
LOW = -1
"""The direction of a signal: above the mean (or rising), below it (or falling)."""


# -- comparisons ----------------------------------------------------------------------------
def above(a: float, b: float) -> bool:
    """a is above b by more than rounding."""
    return a - b > FLOAT_SLACK * max(1.0, abs(a), abs(b))


def side(value: float, mean: float) -> int:
    """HIGH above the mean, LOW below it, 0 on it (within rounding)."""
    if above(value, mean):
        return HIGH
    if above(mean, value):
        return LOW
    return 0


# -- the rules ------------------------------------------------------------------------------
Signals = list[dict[str, int]]
"""Per point: rule name -> direction (HIGH or LOW) of the signal the point is part of."""


def beyond_limits(values: Sequence[float], lower: float, upper: float, signals: Signals) -> None:
    """Mark every point beyond a process limit."""
    for i, v in enumerate(values):
        if above(v, upper):
            signals[i][BEYOND_LIMIT] = HIGH
        elif above(lower, v):
            signals[i][BEYOND_LIMIT] = LOW


def runs(values: Sequence[float], mean: float, signals: Signals) -> None:
    """Mark every point of a run of :data:`RUN_LENGTH` or more on one side of the mean; a
    point on the mean breaks a run."""
    sides = [side(v, mean) for v in values]
    start = 0
    for end in range(1, len(sides) + 1):
        if end == len(sides) or sides[end] != sides[start]:
            if sides[start] != 0 and end - start >= RUN_LENGTH:
                for i in range(start, end):
                    signals[i][RUN] = sides[start]
            start = end


def trends(values: Sequence[float], signals: Signals) -> None:
    """Mark every point of :data:`TREND_LENGTH` or more each higher (or each lower) than the
    one before; two equal values in a row break a trend."""
    steps = [side(b, a) for a, b in pairwise(values)]
    start = 0
    for end in range(1, len(steps) + 1):
        if end == len(steps) or steps[end] != steps[start]:
            # steps[start:end] all move the same way: they join points start .. end.
            if steps and steps[start] != 0 and end - start + 1 >= TREND_LENGTH:
                for i in range(start, end + 1):
                    signals[i][TREND] = steps[start]
            start = end


def two_of_three(values: Sequence[float], mean: float, near: float, signals: Signals) -> None:
    """Mark the points beyond two sigma in any three in a row, all on one side of the mean."""
    for start in range(len(values) - 2):
        window = range(start, start + 3)
        sides = {side(values[i], mean) for i in window}
        if len(sides) != 1 or 0 in sides:
            continue
        direction = sides.pop()
        line = mean + direction * near
        beyond = [i for i in window if above(direction * values[i], direction * line)]
        if len(beyond) >= 2:
            for i in beyond:
                signals[i][TWO_OF_THREE] = direction

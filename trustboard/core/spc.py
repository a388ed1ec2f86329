"""Statistical process control the NHS England "Making Data Count" (MDC) way: XmR charts.

A board that reads red/amber/green off one month against the last reacts to noise. An XmR chart
says whether a change is a signal: the process limits are where the figures will fall while the
process stays as it is, and four rules pick out special cause variation. MDC then sums a chart
up in two icons, which this module computes for the latest point: *variation* (is anything
special happening, and is it good or bad?) and *assurance* (will the process, as it is, meet the
target?).

The method, with the choices the MDC guidance leaves open and where each comes from:

- **Limits**: mean +/- 2.66 x the mean moving range (2.66 = 3 / 1.128, the d2 constant for
  ranges of two, so the limits sit at about three sigma). The moving ranges are **not
  screened**: every moving range counts, even one more than 3.267 x the mean moving range.
  That is what the MDC Excel tools do, so a board sees the same limits whether its analysts
  use the tools or trustboard (NHSRplotthedots screens by default and documents this as a
  deviation from the MDC tools, in its "Deviations from Excel defaults" vignette; Wheeler also
  advises against screening). Unscreened limits are a little wider after an outlier, so they
  err towards calling fewer signals.
- **Rules** (within one segment, see rebasing): a point beyond a limit; a run of 7 or more
  points on one side of the mean; a trend of 7 or more points each higher (or each lower) than
  the one before; two out of three consecutive points beyond two sigma (two thirds of the way
  to a limit), with all three on the same side of the mean. Since MDC's 2023 change a point
  beyond a limit also counts towards two of three (MDC team, NHSRplotthedots issue #194);
  only the points beyond two sigma are marked. A point exactly on the mean breaks a run, and
  two equal values in a row break a trend, as in NHSRplotthedots. The rules themselves are in
  :mod:`trustboard.core.spc_rules`.
- **Improvement or concern** follows the signal's direction: above the mean (or a rising
  trend) is "high". If one point is part of signals in both directions (a high point that
  starts a falling trend), improvement wins, as in the MDC single chart tool (issue #194).
- **Assurance** compares the target with the latest limits: when higher is better, a target
  below the lower limit will consistently be passed, one above the upper limit consistently
  failed, and one between the limits hit and missed at random.
- **Too few points**: limits from fewer than 12 points are too uncertain to judge by, so such a
  chart is not judged (no icons, no signals), though its trial mean and limits are returned for
  drawing. 12 is where NHSRplotthedots stops calling limits "trial limits"; the MDC team says
  its single chart tool shows limits and icons from 13 points (issue #194), so callers wanting
  to match that tool exactly can pass ``min_points=13``.
- **Rebasing** starts a new segment, with its own mean and limits, at a period where the
  process changed (a new definition, a new service). The icons describe the latest segment.

Gaps (None, NaN, infinities) are skipped: the moving range runs from the figure before a gap
to the figure after it, and the result's reason says which periods were skipped. Finite figures
too large to sum or subtract (1e308 and -1e308) leave their segment without a mean or limits:
it is not judged, rather than judged against infinite limits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import pairwise

from trustboard.core.formatting import as_written
from trustboard.core.spc_rules import (
    HIGH,
    LOW,
    RULE_TEXT,
    RUN_LENGTH,
    TREND_LENGTH,
    Signals,
    above,
    beyond_limits,
    runs,
    trends,
    two_of_three,
)

__all__ = [
    "ASSURANCE_TEXT",
    "LIMIT_FACTOR",
    "MIN_POINTS",
    "NEAR_LIMIT_FACTOR",
    "RULE_TEXT",
    "RUN_LENGTH",
    "TREND_LENGTH",
    "VARIATION_TEXT",
    "Assurance",
    "Improvement",
    "SpcError",
    "SpcPoint",
    "SpcResult",
    "Variation",
    "analyse",
    "assurance",
]

MIN_POINTS = 12
"""Points a segment needs before its limits are trusted enough to judge by."""

LIMIT_FACTOR = 2.66
"""Process limits sit this many mean moving ranges from the mean (3 sigma; 3 / d2, d2 = 1.128)."""

NEAR_LIMIT_FACTOR = 2 / 3 * LIMIT_FACTOR
"""Two sigma, two thirds of the way to a limit: the line for the two-out-of-three rule."""


class SpcError(ValueError):
    """A series the caller must fix before it can be analysed (a repeated period, say)."""


class Improvement(StrEnum):
    UP = "up"
    DOWN = "down"
    NEUTRAL = "neutral"


IMPROVEMENT_ALIASES = {
    # The catalogue's polarity names, so callers can pass ``indicator.polarity`` straight in.
    "higher_is_better": Improvement.UP,
    "lower_is_better": Improvement.DOWN,
    "neither": Improvement.NEUTRAL,
}


class Variation(StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEITHER_HIGH = "neither_high"
    NEITHER_LOW = "neither_low"


class Assurance(StrEnum):
    CONSISTENTLY_PASSING = "consistently_passing"
    CONSISTENTLY_FAILING = "consistently_failing"
    HIT_AND_MISS = "hit_and_miss"
    NO_TARGET = "no_target"


VARIATION_TEXT = {
    Variation.COMMON_CAUSE: "Common cause variation: no significant change",
    Variation.IMPROVEMENT_HIGH: "Special cause variation: improvement (higher)",
    Variation.IMPROVEMENT_LOW: "Special cause variation: improvement (lower)",
    Variation.CONCERN_HIGH: "Special cause variation: concern (higher)",
    Variation.CONCERN_LOW: "Special cause variation: concern (lower)",
    Variation.NEITHER_HIGH: "Special cause variation: higher, neither improvement nor concern",
    Variation.NEITHER_LOW: "Special cause variation: lower, neither improvement nor concern",
}

ASSURANCE_TEXT = {
    Assurance.CONSISTENTLY_PASSING: "The process will consistently pass the target",
    Assurance.CONSISTENTLY_FAILING: "The process will consistently fail the target",
    Assurance.HIT_AND_MISS: "The process will not consistently hit or miss the target",
    Assurance.NO_TARGET: "No assurance: there is no target, or no direction of improvement",
}

CLASSIFICATIONS = ("improvement", "concern", "neither", "common_cause")


@dataclass(frozen=True)
class SpcPoint:
    """One figure on the chart, with its segment's mean and limits and the rules it is part of.

    The limits are None where the segment has no moving range (a single point);
    ``moving_range`` is None for the first point of a segment.
    """

    period: str
    value: float
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    moving_range: float | None
    rules: tuple[str, ...]
    special_cause: bool
    classification: str

    def to_dict(self) -> dict[str, object]:
        return {
            "period": self.period,
            "value": self.value,
            "mean": self.mean,
            "lower_limit": self.lower_limit,
            "upper_limit": self.upper_limit,
            "moving_range": self.moving_range,
            "rules": list(self.rules),
            "special_cause": self.special_cause,
            "classification": self.classification,
        }


@dataclass(frozen=True)
class SpcResult:
    """The chart and its two icons; the mean and limits are the latest segment's.

    ``judged`` is False when the latest segment cannot be judged (too short, no variation, no
    figures); ``reason`` then says why, and ``variation`` and ``assurance`` are None. When
    judged, ``reason`` says what the judgement rests on and which periods were skipped.
    ``gaps`` lists the periods skipped for having no usable figure.
    """

    judged: bool
    reason: str
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    mean_moving_range: float | None
    variation: Variation | None
    assurance: Assurance | None
    target: float | None
    improvement: Improvement
    points: tuple[SpcPoint, ...]
    segments: tuple[tuple[str, str], ...]
    gaps: tuple[str, ...] = field(default=())

    @property
    def variation_text(self) -> str:
        return VARIATION_TEXT[self.variation] if self.variation else f"Not judged: {self.reason}"

    @property
    def assurance_text(self) -> str:
        return ASSURANCE_TEXT[self.assurance] if self.assurance else f"Not judged: {self.reason}"

    @property
    def special_cause_points(self) -> tuple[SpcPoint, ...]:
        return tuple(p for p in self.points if p.special_cause)

    def to_dict(self) -> dict[str, object]:
        """Plain JSON types only: enums as their values, tuples as lists."""
        return {
            "judged": self.judged,
            "reason": self.reason,
            "mean": self.mean,
            "lower_limit": self.lower_limit,
            "upper_limit": self.upper_limit,
            "mean_moving_range": self.mean_moving_range,
            "variation": self.variation.value if self.variation else None,
            "variation_text": self.variation_text,
            "assurance": self.assurance.value if self.assurance else None,
            "assurance_text": self.assurance_text,
            "target": self.target,
            "improvement": self.improvement.value,
            "segments": [list(s) for s in self.segments],
            "gaps": list(self.gaps),
            "points": [p.to_dict() for p in self.points],
        }


def _direction(found: dict[str, int], improvement: Improvement, side: int) -> int:
    """The one direction a point signals, when its rules disagree: improvement wins."""
    directions = set(found.values())
    if len(directions) == 1:
        return directions.pop()
    if improvement is Improvement.UP:
        return HIGH
    if improvement is Improvement.DOWN:
        return LOW
    return side or HIGH


def _classification(direction: int, improvement: Improvement) -> str:
    if improvement is Improvement.NEUTRAL:
        return "neither"
    good = HIGH if improvement is Improvement.UP else LOW
    return "improvement" if direction == good else "concern"


_VARIATIONS = {
    ("improvement", HIGH): Variation.IMPROVEMENT_HIGH,
    ("improvement", LOW): Variation.IMPROVEMENT_LOW,
    ("concern", HIGH): Variation.CONCERN_HIGH,
    ("concern", LOW): Variation.CONCERN_LOW,
    ("neither", HIGH): Variation.NEITHER_HIGH,
    ("neither", LOW): Variation.NEITHER_LOW,
}


def assurance(
    target: float | None,
    lower_limit: float,
    upper_limit: float,
    improvement: Improvement | str,
) -> Assurance:
    """Will a process with these limits meet the target? (MDC assurance icon.)

    The limits are where the process will keep landing, so a target beyond the limit on the
    bad side will be missed every time, one beyond the limit on the good side met every time,
    and one between the limits met some months and missed others. A target exactly on a limit
    is between the limits: the process can land either side of it.
    """
    direction = _improvement(improvement)
    if target is None or direction is Improvement.NEUTRAL:
        return Assurance.NO_TARGET
    if above(target, upper_limit):
        up = direction is Improvement.UP
        return Assurance.CONSISTENTLY_FAILING if up else Assurance.CONSISTENTLY_PASSING
    if above(lower_limit, target):
        up = direction is Improvement.UP
        return Assurance.CONSISTENTLY_PASSING if up else Assurance.CONSISTENTLY_FAILING
    return Assurance.HIT_AND_MISS


def _improvement(value: Improvement | str) -> Improvement:
    if isinstance(value, Improvement):
        return value
    text = str(value).strip().lower()
    if text in IMPROVEMENT_ALIASES:
        return IMPROVEMENT_ALIASES[text]
    try:
        return Improvement(text)
    except ValueError:
        allowed = ", ".join(i.value for i in Improvement)
        raise SpcError(f"improvement {value!r}: expected one of {allowed}") from None


# -- analysis -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Segment:
    """The figures of one segment, and the limits worked out from them."""

    labels: tuple[str, ...]
    values: tuple[float, ...]
    mean: float | None
    moving_ranges: tuple[float | None, ...]
    mean_moving_range: float | None
    limits: tuple[float | None, float | None]
    overflow: bool = False
    """The figures are finite but too large for the mean, a moving range or a limit to be:
    mean, mean moving range and limits are then None, as are the moving ranges that overflow."""


def _finite_mean(values: Sequence[float]) -> float | None:
    """The mean, or None if it is not a finite number (a value is infinite).

    The exact sum is used where it fits in a float; where only the sum overflows (thirteen
    figures of 1e308) the mean is summed from the figures already divided by their count.
    """
    try:
        mean = math.fsum(values) / len(values)
    except OverflowError:
        mean = math.fsum(v / len(values) for v in values)
    return mean if math.isfinite(mean) else None


def _segment(labels: list[str], values: list[float]) -> _Segment:
    ranges: list[float | None] = [None]
    ranges += [abs(b - a) for a, b in pairwise(values)]
    known = [r for r in ranges if r is not None]
    mean = _finite_mean(values)
    mean_range = _finite_mean(known) if known else None
    limits: tuple[float | None, float | None] = (None, None)
    overflow = mean is None or (bool(known) and mean_range is None)
    if not overflow and mean is not None and mean_range is not None:
        spread = LIMIT_FACTOR * mean_range
        limits = (mean - spread, mean + spread)
        overflow = not all(math.isfinite(x) for x in (spread, *limits))
    if overflow:
        # 1e308 and -1e308 are finite figures, but their sum, their moving range or the limits
        # around them are not: nothing derived from them is charted or judged.
        mean = mean_range = None
        limits = (None, None)
        ranges = [r if r is not None and math.isfinite(r) else None for r in ranges]
    return _Segment(
        tuple(labels),
        tuple(values),
        mean,
        tuple(ranges),
        mean_range,
        limits,
        overflow,
    )


def _signals(segment: _Segment) -> Signals:
    signals: Signals = [{} for _ in segment.values]
    lower, upper = segment.limits
    assert lower is not None and upper is not None and segment.mean_moving_range is not None
    assert segment.mean is not None
    near = NEAR_LIMIT_FACTOR * segment.mean_moving_range
    beyond_limits(segment.values, lower, upper, signals)
    runs(segment.values, segment.mean, signals)
    trends(segment.values, signals)
    two_of_three(segment.values, segment.mean, near, signals)
    return signals


def _check_labels(labels: list[str], rebase: Sequence[str]) -> None:
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise SpcError(f"period {label!r} appears more than once: expected one figure a period")
        seen.add(label)
    unknown = [r for r in rebase if r not in seen]
    if unknown:
        names = ", ".join(repr(r) for r in unknown)
        raise SpcError(f"rebase at {names}: expected a period of the series")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _usable(raw: object) -> tuple[float | None, str]:
    """The figure, or None and why it cannot be charted."""
    if raw is None:
        return None, "no figure"
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None, "not a number"
    if math.isnan(value):
        return None, "not a number"
    if math.isinf(value):
        return None, "not a finite number"
    return value, ""


def _split(
    series: Sequence[tuple[str, float | None]], rebase: Sequence[str]
) -> tuple[list[_Segment], list[tuple[str, str]]]:
    """The segments of usable figures, and the (period, why) of every figure skipped."""
    starts = set(rebase)
    skipped: list[tuple[str, str]] = []
    groups: list[tuple[list[str], list[float]]] = []
    new_segment = True
    for raw_label, raw in series:
        label = str(raw_label)
        new_segment = new_segment or label in starts
        value, why = _usable(raw)
        if value is None:
            skipped.append((label, why))
            continue
        if new_segment:
            groups.append(([], []))
            new_segment = False
        groups[-1][0].append(label)
        groups[-1][1].append(value)
    return [_segment(labels, values) for labels, values in groups], skipped


def analyse(
    series: Sequence[tuple[str, float | None]],
    improvement: Improvement | str = Improvement.NEUTRAL,
    target: float | None = None,
    rebase: Sequence[str] = (),
    min_points: int = MIN_POINTS,
) -> SpcResult:
    """The XmR chart of a series, its special causes and its MDC icons.

    ``series`` is (period label, figure) in time order; labels are only names here. ``rebase``
    names the periods at which a new segment starts. Raises :class:`SpcError` only for what the
    caller must fix (a repeated period, a rebase period not in the series, an unknown
    ``improvement``); anything about the figures themselves is answered in ``reason``.
    """
    direction = _improvement(improvement)
    if isinstance(rebase, str):
        rebase = (rebase,)  # one period, not a sequence of characters
    if min_points < 2:
        raise SpcError(f"min_points {min_points}: expected at least 2, the fewest with a range")
    _check_labels([str(label) for label, _ in series], rebase)
    segments, skipped = _split(series, rebase)
    notes = [f"{label} ({why})" for label, why in skipped]
    suffix = f"; skipped {', '.join(notes)}" if notes else ""
    if target is not None and not math.isfinite(target):
        suffix += f"; target ignored: {target} is not a finite number"
        target = None

    charted = [_chart(segment, min_points, direction) for segment in segments]
    points = tuple(point for chart in charted for point, _ in chart)
    latest = segments[-1] if segments else None
    lower, upper = latest.limits if latest else (None, None)
    result = SpcResult(
        judged=False,
        reason="",
        mean=latest.mean if latest else None,
        lower_limit=lower,
        upper_limit=upper,
        mean_moving_range=latest.mean_moving_range if latest else None,
        variation=None,
        assurance=None,
        target=target,
        improvement=direction,
        points=points,
        segments=tuple((s.labels[0], s.labels[-1]) for s in segments),
        gaps=tuple(label for label, _ in skipped),
    )
    if latest is None:
        return replace(result, reason="cannot judge: no figures" + suffix)
    since = f" since the rebase at {latest.labels[0]}" if len(segments) > 1 else ""
    if latest.overflow:
        return replace(
            result,
            reason=f"cannot judge: values{since} too large to compute limits" + suffix,
        )
    count = len(latest.values)
    if count < min_points:
        return replace(
            result,
            reason=f"too short to judge: {_plural(count, 'point')}{since}, "
            f"at least {min_points} needed" + suffix,
        )
    if not latest.mean_moving_range:
        return replace(
            result,
            reason=f"cannot judge: no variation, every value{since} is "
            f"{as_written(latest.values[0])}" + suffix,
        )
    assert lower is not None and upper is not None
    last, last_direction = charted[-1][-1]
    variation = (
        _VARIATIONS[last.classification, last_direction]
        if last_direction is not None
        else Variation.COMMON_CAUSE
    )
    return replace(
        result,
        judged=True,
        reason=f"judged on {_plural(count, 'point')}{since}" + suffix,
        variation=variation,
        assurance=assurance(target, lower, upper, direction),
    )


def _chart(
    segment: _Segment, min_points: int, improvement: Improvement
) -> list[tuple[SpcPoint, int | None]]:
    """A segment's figures as chart points, each with the direction it signals (None: none).

    The rules are applied only where the segment can be judged: trial limits from a handful of
    points, or limits of zero width, would turn ordinary figures into signals.
    """
    lower, upper = segment.limits
    judged = (
        not segment.overflow
        and len(segment.values) >= min_points
        and bool(segment.mean_moving_range)
    )
    signals = _signals(segment) if judged else [{} for _ in segment.values]
    charted: list[tuple[SpcPoint, int | None]] = []
    for label, value, moving_range, found in zip(
        segment.labels, segment.values, segment.moving_ranges, signals, strict=True
    ):
        direction = None
        classification = "common_cause"
        if found:
            assert segment.mean is not None
            side = HIGH if value >= segment.mean else LOW
            direction = _direction(found, improvement, side)
            classification = _classification(direction, improvement)
        point = SpcPoint(
            period=label,
            value=value,
            mean=segment.mean,
            lower_limit=lower,
            upper_limit=upper,
            moving_range=moving_range,
            rules=tuple(rule for rule in RULE_TEXT if rule in found),
            special_cause=bool(found),
            classification=classification,
        )
        charted.append((point, direction))
    return charted

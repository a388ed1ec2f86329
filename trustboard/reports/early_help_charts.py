"""Vega-Lite specs for the early help page: assessments by agency, NFA shares, years to target.

They follow :mod:`trustboard.reports.charts` (same fonts, axes and :func:`charts.to_svg`), so the
board report can embed the same pictures later. Colour is never the only signal: every chart
has a data table beside it on the page, bars carry their figures as text where there is room,
and series differ by shape or outline as well as colour. The health visitor pilot is drawn
white with a dark outline, as the board's own chart showed it ("the white part of the bar").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trustboard.core.formatting import count, figure
from trustboard.reports import charts

INK = "#0b0c0c"
PILOT_FILL = "#ffffff"
SEGMENT_COLOURS = {
    "Education": "#1d70b8",
    "County Council": "#4c2c92",
    "Health": "#00703c",
    "Health visitor pilot": PILOT_FILL,
    "Police": "#f47738",
    "Other": "#b1b4b6",
}
"""One colour per agency, of different lightness so neighbours differ in black and white too;
every segment is outlined, so even the light ones have an edge against the page."""
SPARE_COLOURS = ["#d4351c", "#b58840", "#f499be", "#505a5f"]
COMPLETE_YEAR, YEAR_TO_DATE, PART_YEAR = "Complete year", "Year to date", "Part year"
PROJECTED = "Projected (with range)"
TARGET = "Target"
YEAR_SERIES = [COMPLETE_YEAR, YEAR_TO_DATE, PART_YEAR, PROJECTED, TARGET]
YEAR_COLOURS = [charts.VALUE_COLOUR, "#9cc3e6", "#dedede", INK, INK]
YEAR_SHAPES = ["square", "square", "square", "diamond", "stroke"]
YEAR_DASHES = [[1, 0], [4, 3], [2, 2]]


@dataclass(frozen=True)
class Segment:
    """One piece of one month's bar."""

    period: str
    end: str
    series: str
    value: float


def _colours(names: Sequence[str]) -> list[str]:
    spare = iter(SPARE_COLOURS * (len(names) + 1))
    return [SEGMENT_COLOURS.get(name) or next(spare) for name in names]


def stacked_month_chart(
    title: str, description: str, segments: Sequence[Segment], order: Sequence[str]
) -> dict:
    """One bar a month, stacked in ``order`` from the bottom, the legend in the same order."""
    spec = charts.base_spec(title, description, "Assessments")
    y_title = spec.pop("_y_title")
    rank = {name: index for index, name in enumerate(order)}
    spec["data"] = {
        "values": [
            {
                "period": s.period,
                "date": s.end,
                "series": s.series,
                "value": s.value,
                "rank": rank.get(s.series, len(rank)),
            }
            for s in segments
        ]
    }
    spec["mark"] = {"type": "bar", "stroke": INK, "strokeWidth": 0.6}
    spec["encoding"] = {
        "x": {
            "field": "date",
            "type": "temporal",
            "timeUnit": "yearmonth",
            "title": "Month",
            "axis": charts.MONTH_AXIS,
        },
        "y": {"field": "value", "type": "quantitative", "title": y_title, "stack": "zero"},
        "color": {
            "field": "series",
            "type": "nominal",
            "title": None,
            "scale": {"domain": list(order), "range": _colours(order)},
            "legend": {"symbolStrokeColor": INK, "symbolStrokeWidth": 1},
        },
        "order": {"field": "rank", "type": "quantitative"},
    }
    return spec


def share_bar_chart(
    title: str, description: str, rows: Sequence[tuple[str, float]], x_title: str
) -> dict:
    """Horizontal bars of percentages, each labelled with its figure, in the order given."""
    spec = charts.base_spec(title, description, x_title)
    x_title = spec.pop("_y_title")
    names = [name for name, _ in rows]
    spec["height"] = max(120, 34 * len(rows))
    spec["data"] = {
        "values": [
            {"series": name, "value": value, "label": figure(value, "percentage")}
            for name, value in rows
        ]
    }
    y = {"field": "series", "type": "nominal", "title": None, "sort": names}
    x = {
        "field": "value",
        "type": "quantitative",
        "title": x_title,
        "scale": {"domain": [0, 100]},
    }
    spec["layer"] = [
        {
            "mark": {
                "type": "bar",
                "color": charts.VALUE_COLOUR,
                "stroke": INK,
                "strokeWidth": 0.6,
            },
            "encoding": {"x": x, "y": y},
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "color": INK, "fontSize": 12},
            "encoding": {"x": x, "y": y, "text": {"field": "label"}},
        },
    ]
    return spec


@dataclass(frozen=True)
class YearBar:
    """One financial year: its actual total (complete or so far), projection and target."""

    year: str
    actual: float | None
    complete: bool
    to_date: bool = False
    """An incomplete year that is the year so far, rather than one with months missing."""
    projected: float | None = None
    low: float | None = None
    high: float | None = None
    target: float | None = None
    projected_label: str = ""
    """Printed beside the diamond, rounded as the projection's sentence rounds it."""


def year_target_chart(
    title: str, description: str, years: Sequence[YearBar], y_title: str = "Assessments"
) -> dict:
    """Bars for each year's assessments, the projection with its range, targets as ticks.

    A complete year is a solid bar, the year so far a light bar with a dashed outline, a year
    with months missing (before the figures start) a grey bar with a dotted one; the projection
    is a diamond with a range line; a target is a thick black tick labelled with its figure. The
    legend lists only what is drawn, each by shape as well as colour.
    """
    spec = charts.base_spec(title, description, y_title)
    y_title = spec.pop("_y_title")
    labels = [y.year for y in years]
    x = {
        "field": "year",
        "type": "ordinal",
        "title": "Financial year",
        "sort": labels,
        "axis": {"labelAngle": 0},
    }
    y = {"field": "value", "type": "quantitative", "title": y_title}
    bars = [
        {
            "year": y.year,
            "value": y.actual,
            "series": COMPLETE_YEAR if y.complete else YEAR_TO_DATE if y.to_date else PART_YEAR,
            "label": count(y.actual),
        }
        for y in years
        if y.actual is not None
    ]
    drawn = {bar["series"] for bar in bars}
    drawn |= {PROJECTED for y in years if y.projected is not None}
    drawn |= {TARGET for y in years if y.target is not None}
    present = [i for i, name in enumerate(YEAR_SERIES) if name in drawn]
    domain = [YEAR_SERIES[i] for i in present]
    colour = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": domain, "range": [YEAR_COLOURS[i] for i in present]},
    }
    shape = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": domain, "range": [YEAR_SHAPES[i] for i in present]},
    }
    bar_kinds = [i for i in present if i < len(YEAR_DASHES)]
    projected = [
        {
            "year": y.year,
            "value": y.projected,
            "series": PROJECTED,
            "low": y.low,
            "high": y.high,
            "label": y.projected_label,
        }
        for y in years
        if y.projected is not None
    ]
    targets = [
        {"year": y.year, "value": y.target, "series": TARGET, "label": f"Target {count(y.target)}"}
        for y in years
        if y.target is not None
    ]
    layers: list[dict] = []
    if bars:
        layers.append(
            {
                "data": {"values": bars},
                "mark": {"type": "bar", "stroke": INK, "strokeWidth": 1, "width": {"band": 0.6}},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": colour,
                    "shape": shape,
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "legend": None,
                        "scale": {
                            "domain": [YEAR_SERIES[i] for i in bar_kinds],
                            "range": [YEAR_DASHES[i] for i in bar_kinds],
                        },
                    },
                },
            }
        )
        # White on the dark bar, black on the light one: both above 4.5:1.
        for ink, series in (("#ffffff", COMPLETE_YEAR), (INK, YEAR_TO_DATE), (INK, PART_YEAR)):
            labelled = [bar for bar in bars if bar["series"] == series]
            if labelled:
                layers.append(
                    {
                        "data": {"values": labelled},
                        "mark": {"type": "text", "dy": 10, "baseline": "top", "color": ink},
                        "encoding": {"x": x, "y": y, "text": {"field": "label"}},
                    }
                )
    if projected:
        layers.append(
            {
                "data": {"values": projected},
                "mark": {"type": "rule", "strokeWidth": 2, "color": INK},
                "encoding": {
                    "x": x,
                    "y": {"field": "low", "type": "quantitative", "title": y_title},
                    "y2": {"field": "high"},
                },
            }
        )
        layers.append(
            {
                "data": {"values": projected},
                "mark": {"type": "point", "filled": True, "size": 120, "opacity": 1},
                "encoding": {"x": x, "y": y, "color": colour, "shape": shape},
            }
        )
        layers.append(
            {
                "data": {"values": projected},
                "mark": {"type": "text", "dx": 10, "align": "left", "color": INK},
                "encoding": {"x": x, "y": y, "text": {"field": "label"}},
            }
        )
    if targets:
        layers.append(
            {
                "data": {"values": targets},
                "mark": {"type": "tick", "thickness": 3, "size": 60, "opacity": 1},
                "encoding": {"x": x, "y": y, "color": colour, "shape": shape},
            }
        )
        layers.append(
            {
                "data": {"values": targets},
                "mark": {"type": "text", "dy": -8, "baseline": "bottom", "color": INK},
                "encoding": {"x": x, "y": y, "text": {"field": "label"}},
            }
        )
    spec["layer"] = layers
    return spec

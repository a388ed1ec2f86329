"""Charts as Vega-Lite specifications, rendered to SVG on the server.

One spec serves every output: the dashboard inlines the SVG (no script, no CDN, readable by a
screen reader through its description and the data table beside it), and the board report will
embed the same SVG in HTML and PDF and a PNG in Word. Series are told apart by line style and
point shape as well as colour, so a chart printed in black and white still reads.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from trustboard.core.formatting import count, figure
from trustboard.reports.model import Chart

__all__ = [
    "Chart",
    "ChartPoint",
    "base_spec",
    "breakdown_chart",
    "series_chart",
    "spc_chart",
    "to_svg",
    "trajectory_chart",
]

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FONT = "Arial, Helvetica, sans-serif"
VALUE_COLOUR = "#1d70b8"
TARGET_COLOUR = "#505a5f"
SERIES_COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#f499be", "#505a5f"]
MONTH_AXIS = {"format": "%b %Y", "labelOverlap": "greedy", "labelSeparation": 8}
"""Every date label names its year; labels that would collide are dropped, not overprinted."""
SERIES_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "stroke"]


@dataclass(frozen=True)
class ChartPoint:
    period: str
    start: str
    end: str
    value: float
    series: str = "Value"


def base_spec(title: str, description: str, y_title: str) -> dict:
    """The settings every chart shares (fonts, sizes, title, description), so the dashboard's
    and the report's charts look alike. ``_y_title`` carries the axis title for the caller to
    pop and place; it is not part of Vega-Lite."""
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": {"text": title, "anchor": "start", "font": FONT, "fontSize": 14},
        "description": description,
        "width": 640,
        "height": 260,
        "config": {
            "font": FONT,
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": "#0b0c0c",
                "titleColor": "#0b0c0c",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "view": {"stroke": None},
        },
        "_y_title": y_title,
    }


def series_chart(
    title: str,
    description: str,
    points: Sequence[ChartPoint],
    targets: Sequence[tuple[str, str, float]] = (),
    y_title: str = "Value",
    value_name: str = "Value",
    unit: str = "",
) -> dict:
    """Values over time with the target as a dashed step line.

    ``unit`` (an indicator's unit) prints each value in the tooltip as the tables print it;
    without one a value is a plain figure (1,234 / 1,234.5).

    ``targets`` are (start, end, value) of each target period, drawn across the period it
    applies to, so a target that changes from year to year shows as steps.
    """
    spec = base_spec(title, description, y_title)
    y_title = spec.pop("_y_title")
    domain = [value_name] + (["Target"] if targets else [])
    legend = {"field": "series", "type": "nominal", "title": None}
    colour = legend | {"scale": {"domain": domain, "range": [VALUE_COLOUR, TARGET_COLOUR]}}
    dash = legend | {"scale": {"domain": domain, "range": [[1, 0], [6, 4]]}}
    x = {"field": "date", "type": "temporal", "title": "Period ending", "axis": MONTH_AXIS}
    y = {"field": "value", "type": "quantitative", "title": y_title}
    layers: list[dict] = [
        {
            "data": {
                "values": [
                    {
                        "period": p.period,
                        "date": p.end,
                        "value": p.value,
                        "shown": figure(p.value, unit),
                        "series": value_name,
                    }
                    for p in points
                ]
            },
            "mark": {"type": "line", "point": {"filled": True, "size": 40}, "strokeWidth": 2},
            "encoding": {
                "x": x,
                "y": y,
                "color": colour,
                "strokeDash": dash,
                "tooltip": [
                    {"field": "period", "title": "Period"},
                    {"field": "shown", "title": y_title},
                ],
            },
        }
    ]
    if targets:
        steps = []
        for start, end, value in targets:
            steps.append({"date": start, "value": value, "series": "Target"})
            steps.append({"date": end, "value": value, "series": "Target"})
        layers.append(
            {
                "data": {"values": steps},
                "mark": {"type": "line", "strokeWidth": 2},
                "encoding": {"x": x, "y": y, "color": colour, "strokeDash": dash},
            }
        )
    spec["layer"] = layers
    return spec


def breakdown_chart(
    title: str,
    description: str,
    points: Sequence[ChartPoint],
    y_title: str = "Value",
    unit: str = "",
) -> dict:
    """One line per breakdown value, each with its own colour, dash and point shape; ``unit``
    as for :func:`series_chart`."""
    spec = base_spec(title, description, y_title)
    y_title = spec.pop("_y_title")
    names = list(dict.fromkeys(p.series for p in points))
    colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(names))]
    shapes = [SERIES_SHAPES[i % len(SERIES_SHAPES)] for i in range(len(names))]
    dashes = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [10, 2], [1, 3]]
    spec["data"] = {
        "values": [
            {
                "period": p.period,
                "date": p.end,
                "value": p.value,
                "shown": figure(p.value, unit),
                "series": p.series,
            }
            for p in points
        ]
    }
    spec["mark"] = {"type": "line", "point": {"filled": True, "size": 50}, "strokeWidth": 2}
    legend = {"field": "series", "type": "nominal", "title": None}
    spec["encoding"] = {
        "x": {"field": "date", "type": "temporal", "title": "Period ending", "axis": MONTH_AXIS},
        "y": {"field": "value", "type": "quantitative", "title": y_title},
        "color": legend | {"scale": {"domain": names, "range": colours}},
        "shape": legend | {"scale": {"domain": names, "range": shapes}},
        "strokeDash": legend
        | {
            "scale": {
                "domain": names,
                "range": [dashes[i % len(dashes)] for i in range(len(names))],
            }
        },
        "tooltip": [
            {"field": "series", "title": "Breakdown"},
            {"field": "period", "title": "Period"},
            {"field": "shown", "title": y_title},
        ],
    }
    return spec


_ID = re.compile(r'\bid="([^"]+)"')
_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


class SvgStore(Protocol):
    """Where rendered charts are kept between requests (the web app plugs in its cache)."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...


svg_store: SvgStore | None = None
"""A shared store for rendered SVG, keyed by the spec's content; None renders every time.

Rendering a chart costs about 0.1 s of CPU, more than the rest of a page; the same spec always
gives the same SVG, so a chart is rendered once per content and served from the store after.
"""


def to_svg(spec: dict, id_prefix: str = "chart") -> str:
    """Render a spec to an accessible SVG string for inlining in a page.

    The SVG gets role="img" and the spec's description as its accessible name; gradient and
    clip ids are prefixed so that two charts on one page do not clash.
    """
    key = None
    if svg_store is not None:
        content = json.dumps(spec, sort_keys=True, default=str) + "\0" + id_prefix
        key = "svg:" + hashlib.sha256(content.encode()).hexdigest()
        found = svg_store.get(key)
        if found is not None:
            return found
    svg = _render(spec, id_prefix)
    if svg_store is not None and key is not None:
        svg_store.set(key, svg)
    return svg


def _render(spec: dict, id_prefix: str) -> str:
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec)
    # Inside role="img" the marks are presentational; Vega's own ARIA roles would only confuse.
    svg = _ARIA.sub("", svg)
    svg = _ID.sub(lambda m: f'id="{id_prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{id_prefix}-{m.group(1)})", svg)
    description = spec.get("description", "")
    label = description.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)
    return svg


@dataclass(frozen=True)
class SpcChartPoint:
    period: str
    end: str
    value: float
    mean: float | None
    lower: float | None
    upper: float | None
    segment: int
    classification: str


SPC_LINES = ["Value", "Mean", "Process limits", "Target"]
SPC_LINE_COLOURS = ["#0b0c0c", "#505a5f", "#505a5f", "#d4351c"]
SPC_LINE_DASHES = [[1, 0], [1, 0], [6, 4], [2, 3]]
SPC_SIGNALS = ["Special cause: improvement", "Special cause: concern", "Special cause: neither"]
SPC_SIGNAL_COLOURS = ["#1d70b8", "#f47738", "#4c2c92"]
SPC_SIGNAL_SHAPES = ["triangle-up", "square", "diamond"]


def spc_chart(
    title: str,
    description: str,
    points: Sequence[SpcChartPoint],
    target: float | None = None,
    y_title: str = "Value",
) -> dict:
    """An XmR chart the Making Data Count way: mean, process limits, special causes marked.

    Special-cause points differ by shape (triangle for improvement, square for concern, diamond
    where neither is better) as well as colour, so the chart reads in black and white. Limits
    and mean break at each rebase.
    """
    spec = base_spec(title, description, y_title)
    y_title = spec.pop("_y_title")
    lines = []
    for p in points:
        lines.append({"date": p.end, "value": p.value, "series": "Value", "part": "value"})
        if p.mean is not None:
            lines.append(
                {"date": p.end, "value": p.mean, "series": "Mean", "part": f"mean-{p.segment}"}
            )
        if p.upper is not None and p.lower is not None:
            lines.append(
                {
                    "date": p.end,
                    "value": p.upper,
                    "series": "Process limits",
                    "part": f"upper-{p.segment}",
                }
            )
            lines.append(
                {
                    "date": p.end,
                    "value": p.lower,
                    "series": "Process limits",
                    "part": f"lower-{p.segment}",
                }
            )
        if target is not None:
            lines.append({"date": p.end, "value": target, "series": "Target", "part": "target"})
    signal_names = {
        "improvement": SPC_SIGNALS[0],
        "concern": SPC_SIGNALS[1],
        "neither": SPC_SIGNALS[2],
    }
    signals = [
        {
            "date": p.end,
            "value": p.value,
            "period": p.period,
            "series": signal_names[p.classification],
        }
        for p in points
        if p.classification in signal_names
    ]
    domain = SPC_LINES if target is not None else SPC_LINES[:3]
    present = [name for name in SPC_SIGNALS if any(row["series"] == name for row in signals)]
    # Colour repeats what dash and shape already say; the legends show dash and shape, so the
    # chart reads the same printed in black and white.
    x = {"field": "date", "type": "temporal", "title": "Period ending", "axis": MONTH_AXIS}
    y = {"field": "value", "type": "quantitative", "title": y_title, "scale": {"zero": False}}
    layers: list[dict] = [
        {
            "data": {"values": lines},
            "mark": {"type": "line", "strokeWidth": 1.5},
            "encoding": {
                "x": x,
                "y": y,
                "detail": {"field": "part", "type": "nominal"},
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "legend": None,
                    "scale": {"domain": domain, "range": SPC_LINE_COLOURS[: len(domain)]},
                },
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": domain, "range": SPC_LINE_DASHES[: len(domain)]},
                    "legend": {"symbolStrokeColor": "#0b0c0c"},
                },
            },
        },
        {
            "data": {"values": [row for row in lines if row["series"] == "Value"]},
            "mark": {"type": "point", "filled": True, "size": 18, "color": "#505a5f"},
            "encoding": {"x": x, "y": y},
        },
    ]
    if signals:
        layers.append(
            {
                "data": {"values": signals},
                "mark": {"type": "point", "filled": True, "size": 90, "opacity": 1},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "legend": None,
                        "scale": {
                            "domain": present,
                            "range": [SPC_SIGNAL_COLOURS[SPC_SIGNALS.index(n)] for n in present],
                        },
                    },
                    "shape": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": present,
                            "range": [SPC_SIGNAL_SHAPES[SPC_SIGNALS.index(n)] for n in present],
                        },
                        "legend": {"symbolFillColor": "#0b0c0c"},
                    },
                    "tooltip": [
                        {"field": "period", "title": "Period"},
                        {"field": "series", "title": "Signal"},
                    ],
                },
            }
        )
    spec["resolve"] = {"scale": {"color": "independent"}}
    spec["layer"] = layers
    return spec


@dataclass(frozen=True)
class TrajectoryChartPoint:
    period: str
    end: str
    actual: float | None
    projected: float | None
    low: float | None
    high: float | None
    target: float | None


def trajectory_chart(
    title: str, description: str, points: Sequence[TrajectoryChartPoint], y_title: str
) -> dict:
    """The year so far, cumulative, with the projection, its range and the path to target."""
    spec = base_spec(title, description, y_title)
    y_title = spec.pop("_y_title")
    names = ["Actual to date", "Projected", "Path to target"]
    lines = []
    for p in points:
        for name, value in zip(names, (p.actual, p.projected, p.target), strict=True):
            if value is not None:
                lines.append(
                    {
                        "date": p.end,
                        "value": value,
                        "shown": count(value),
                        "series": name,
                        "period": p.period,
                    }
                )
    band = [
        {"date": p.end, "low": p.low, "high": p.high}
        for p in points
        if p.low is not None and p.high is not None
    ]
    x = {"field": "date", "type": "temporal", "title": "Period ending", "axis": MONTH_AXIS}
    layers: list[dict] = []
    if band:
        layers.append(
            {
                "data": {"values": band},
                "mark": {"type": "area", "opacity": 0.25, "color": VALUE_COLOUR},
                "encoding": {
                    "x": x,
                    "y": {"field": "low", "type": "quantitative", "title": y_title},
                    "y2": {"field": "high"},
                },
            }
        )
    layers.append(
        {
            "data": {"values": lines},
            "mark": {"type": "line", "point": {"filled": True, "size": 30}, "strokeWidth": 2},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative", "title": y_title},
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {
                        "domain": names,
                        "range": [VALUE_COLOUR, VALUE_COLOUR, TARGET_COLOUR],
                    },
                },
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": names, "range": [[1, 0], [6, 4], [2, 3]]},
                },
                "shape": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": names, "range": ["circle", "triangle-up", "square"]},
                },
                "tooltip": [
                    {"field": "series"},
                    {"field": "period"},
                    {"field": "shown", "title": "value"},
                ],
            },
        }
    )
    spec["layer"] = layers
    return spec

"""The indicator page's charts, each a Vega-Lite spec from trustboard.reports rendered to SVG with
a description of what it shows, for readers who cannot see it."""

from __future__ import annotations

from collections import defaultdict

from trustboard.reports import charts
from trustboard.web.framework import queries
from trustboard.web.framework.models import Indicator

BREAKDOWN_TABLE_PERIODS = 12
"""Periods the breakdown table shows: the chart beside it has them all."""


def series(indicator, core, totals, points, y_title) -> list[str]:
    return [
        charts.to_svg(chart.spec, f"series{index}")
        for index, chart in enumerate(
            queries.series_charts(
                indicator,
                core,
                totals,
                points,
                y_title,
                note=" The figures are in the data table below.",
            )
        )
    ]


def spc(indicator: Indicator, analysis: queries.Analysis, y_title: str) -> str:
    spc = analysis.spc
    if not spc.points:
        return ""
    ends = {
        o.period: o.period_end for o in indicator.observations.filter(is_current=True, breakdown="")
    }
    segment_starts = [first for first, _ in spc.segments]
    segment = -1
    points = []
    for point in spc.points:
        if point.period in segment_starts:
            segment = segment_starts.index(point.period)
        points.append(
            charts.SpcChartPoint(
                point.period,
                ends[point.period].isoformat(),
                point.value,
                point.mean,
                point.lower_limit,
                point.upper_limit,
                max(segment, 0),
                point.classification,
            )
        )
    judged = "" if spc.judged else f" Not judged: {spc.reason}."
    return charts.to_svg(
        charts.spc_chart(
            f"{indicator.code} {indicator.title}: statistical process control",
            f"XmR chart of {indicator.title} from {points[0].period} to {points[-1].period}, with "
            "the mean as a solid line, process limits as dashed lines"
            + (", the target as a dotted line" if spc.target is not None else "")
            + ", and special-cause points marked by shape."
            + judged,
            points,
            spc.target,
            y_title,
        ),
        "spc",
    )


def trajectory(indicator: Indicator, analysis: queries.Analysis, y_title: str) -> str:
    projection = analysis.projection
    if projection is None or not projection.trajectory:
        return ""
    points = [
        charts.TrajectoryChartPoint(
            t.period, t.end.isoformat(), t.actual, t.projected, t.low, t.high, t.target
        )
        for t in projection.trajectory
    ]
    return charts.to_svg(
        charts.trajectory_chart(
            f"{indicator.code} {indicator.title}: {projection.year} to date and projected",
            f"Cumulative {indicator.title} through {projection.year}: actual to "
            f"{projection.as_at}, the projection to the year end with its range as a shaded band,"
            " and the path to the target as a dotted line. " + projection.sentence,
            points,
            y_title,
        ),
        "trajectory",
    )


def breakdown(indicator: Indicator, current: list, totals: list, y_title: str) -> dict | None:
    """The indicator's breakdown: the latest periods as a table, and every period as a chart."""
    if not indicator.breakdown_name:
        return None
    parts = [o for o in current if o.breakdown]
    by_period: dict[str, dict[str, float]] = defaultdict(dict)
    period_order: list[str] = []
    for o in parts:
        if o.period not in by_period:
            period_order.append(o.period)
        by_period[o.period][o.breakdown] = o.value
    totals_by_period = {o.period: o.value for o in totals}
    recent = period_order[-BREAKDOWN_TABLE_PERIODS:]
    rows = [
        {
            "period": p,
            "cells": [by_period[p].get(v) for v in indicator.breakdown_values],
            "total": totals_by_period.get(p),
        }
        for p in recent
    ]
    breakdown_svg = ""
    if parts:
        breakdown_svg = charts.to_svg(
            charts.breakdown_chart(
                f"{indicator.title} by {indicator.breakdown_name.lower()}",
                f"Line chart of {indicator.title} for each "
                f"{indicator.breakdown_name.lower()}: "
                + ", ".join(indicator.breakdown_values)
                + ". Each line has its own dash pattern and point shape; the latest "
                "figures are in the table above.",
                [
                    charts.ChartPoint(
                        o.period,
                        o.period_start.isoformat(),
                        o.period_end.isoformat(),
                        o.value,
                        o.breakdown,
                    )
                    for o in parts
                ],
                y_title,
            ),
            "breakdown",
        )
    return {
        "name": indicator.breakdown_name,
        "values": indicator.breakdown_values,
        "rows": rows,
        "svg": breakdown_svg,
        "shown": len(recent),
        "available": len(period_order),
    }

"""The early help page's charts: Vega-Lite specs from trustboard.reports, rendered to SVG with
a description of every figure they show, for readers who cannot see them. Rendering is the
slow part of the page; :func:`charts.to_svg` keeps each chart in the site's shared cache."""

from __future__ import annotations

from trustboard.core.formatting import count, figure
from trustboard.reports import charts
from trustboard.reports import early_help_charts as eh_charts
from trustboard.web.measures.early_help import AgencyMonths, NfaSection
from trustboard.web.measures.early_help_years import Trajectory


def agency_months_chart(data: AgencyMonths) -> str:
    last = data.last
    parts = ", ".join(
        f"{name} {count(value)}" for name, value in zip(data.segments, last.cells, strict=True)
    )
    pilot = (
        " The health visitor pilot's assessments are the white segment above Health."
        if data.pilot_shown
        else ""
    )
    description = (
        f"Stacked bar chart of early help assessments started each month from "
        f"{data.first.period} to {last.period}, one segment per agency, stacked from the bottom "
        f"in this order: {', '.join(data.segments)}.{pilot} In {last.period}: "
        f"{count(last.total)} in all ({parts}). The figures are in the data table below."
    )
    segments = [
        eh_charts.Segment(row.period, row.end.isoformat(), name, value)
        for row in data.rows
        for name, value in zip(data.segments, row.cells, strict=True)
    ]
    return charts.to_svg(
        eh_charts.stacked_month_chart(
            "Early help assessments by agency, each month", description, segments, data.segments
        ),
        "eha-agency",
    )


def nfa_bar_chart(section: NfaSection) -> str:
    shares = [(r.name, r.percent) for r in section.rows]
    description = (
        f"Bar chart of the percentage of MASH contacts ending in no further action in the 12 "
        f"months {section.window}, for all agencies and by source agency: "
        + "; ".join(f"{name} {figure(value, 'percentage')}" for name, value in shares)
        + ". The figures are also in the table above."
    )
    return charts.to_svg(
        eh_charts.share_bar_chart(
            f"MASH contacts ending in no further action, 12 months to {section.period}",
            description,
            shares,
            "Percentage ending in no further action",
        ),
        "nfa-agency",
    )


def nfa_line_chart(section: NfaSection) -> str:
    first, last = section.months[0], section.months[-1]
    description = (
        f"Line chart of the percentage of MASH contacts ending in no further action each month, "
        f"all agencies, from {first.period} to {last.period}. The latest is "
        f"{figure(last.percent, 'percentage')} ({last.period}). The figures are in the data "
        "table below."
    )
    title = "MASH contacts ending in no further action, each month"
    return charts.to_svg(
        charts.series_chart(
            title,
            description,
            [
                charts.ChartPoint(m.period, m.start.isoformat(), m.end.isoformat(), m.percent)
                for m in section.months
            ],
            y_title="Percentage",
            value_name="All agencies",
        ),
        "nfa-monthly",
    )


def trajectory_chart(data: Trajectory) -> str:
    bars = []
    told = []
    for row in data.years:
        p = row.projection
        bars.append(
            eh_charts.YearBar(
                row.year,
                row.total,
                row.complete and not row.projected,
                row.current,
                p.projected if p and row.projected else None,
                p.low if p and row.projected else None,
                p.high if p and row.projected else None,
                row.target,
                f"Projected {count(row.projected_shown)}"
                if row.projected_shown is not None
                else "",
            )
        )
        part = row.year + ": "
        if row.total is None:
            part += "no figures"
        elif row.complete and not row.projected:
            part += f"{count(row.total)} (complete year)"
        else:
            part += f"{count(row.total)} in {row.months} of {row.months_in_year} months"
        if p is not None and row.projected:
            part += f"; {p.sentence.rstrip('.')}"
        elif row.target is not None:
            part += f"; target {count(row.target)}"
            if row.total is not None and row.complete:
                part += f", {row.against_target}"
        told.append(part)
    name = data.indicator.title if data.indicator else "Early help assessments"
    description = (
        f"Bar chart of {name.lower()} in each financial year, with this year's projection as a "
        "diamond and its range as a vertical line, and each year's target as a thick tick. "
        + ". ".join(told)
        + ". The figures are in the table below."
    )
    return charts.to_svg(
        eh_charts.year_target_chart(f"{name}: each year against the targets", description, bars),
        "eha-years",
    )

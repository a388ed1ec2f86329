"""How long a full-size board report takes to render as HTML, PDF and Word.

The report is rendered on request from a frozen snapshot (and again for the published
version), so rendering time is what an officer waits for when they click "Download". This
builds a report the size of a real quarter's (six items, four areas of focus, fifteen red and
amber rows, ten charts) in code, renders it in each format a few times and prints the best
and median wall-clock time of each, side by side.

    uv run --group test python bench/report_bench.py [--runs N]

PDF includes building the HTML (it is printed from it); both include drawing the charts, as
HTML draws them as SVG and Word as PNG.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from trustboard.reports.charts import ChartPoint, breakdown_chart, series_chart
from trustboard.reports.glossary import expand_report
from trustboard.reports.model import (
    AreaSection,
    Chart,
    Cover,
    IndicatorRow,
    MeetingItem,
    Report,
)
from trustboard.reports.render_docx import render_docx
from trustboard.reports.render_html import render_html
from trustboard.reports.render_pdf import render_pdf

AREAS = ("Be successful", "Be healthy", "Be safe", "Be supported")
ROWS_PER_AREA = (4, 4, 4, 3)
CHARTS_PER_AREA = (3, 2, 3, 2)
BULLET = (
    "MASH contacts for the first 9 months of the year are 2% higher than last year and more "
    "than 60% higher than pre pandemic levels; EHAs in the last 12 months are 24% higher than "
    "the previous 12 months but remain 19% below target."
)
COMMENTARY = (
    "As of March 2023 the number was 770 – the number of children we care for is beginning "
    "to fall. It remains below the national rate, but above similar authorities; CAMHS and "
    "OUH colleagues are reviewing the pathway with the ICB."
)
BODY = (
    "The Children's Trust has agreed a target to increase the number of S&N assessments to "
    "5,000 in 22/23 rising to 10,000 EHAs by 2024/25. We are currently projecting 3,750 for "
    "this year, 25% below target. The number of strengths and needs documents in the first "
    "10 months of the year is 27% higher than last year.\n\n"
    "62% of MASH contacts lead to NFA, including 57% from county council sources. This does "
    "not mean that these families should not be receiving help, but that the support should "
    "be delivered through the EH arrangements."
)


def _months(n: int = 24) -> list[tuple[str, str, str]]:
    """(label, start, end) of n months from April 2021."""
    out = []
    for i in range(n):
        year, month = 2021 + (3 + i) // 12, (3 + i) % 12 + 1
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        out.append((start.strftime("%b %Y"), start.isoformat(), end.isoformat()))
    return out


def _chart(area: int, index: int) -> Chart:
    months = _months()
    title = f"{area + 1}.{index + 1} Indicator trend"
    description = f"Monthly values for indicator {area + 1}.{index + 1} over two years."
    if index % 2:
        points = [
            ChartPoint(label, start, end, 40 + 10 * k + 5 * math.sin(i / 3 + k), series=name)
            for k, name in enumerate(("Primary", "Secondary", "Special"))
            for i, (label, start, end) in enumerate(months)
        ]
        spec = breakdown_chart(title, description, points, y_title="Per cent")
    else:
        points = [
            ChartPoint(label, start, end, 700 + 40 * math.sin(i / 4) + 3 * i)
            for i, (label, start, end) in enumerate(months)
        ]
        targets = [("2021-04-01", "2022-03-31", 760.0), ("2022-04-01", "2023-03-31", 750.0)]
        spec = series_chart(title, description, points, targets, y_title="Children")
    return Chart(title=title, description=description, spec=spec)


def full_size_report() -> Report:
    areas = []
    for a, name in enumerate(AREAS):
        rows = tuple(
            IndicatorRow(
                code=f"{a + 1}.{r + 1}",
                title=f"Reduce the number of children in measure {a + 1}.{r + 1} to target",
                rag="R" if r % 2 == 0 else "A",
                rag_name="Red" if r % 2 == 0 else "Amber",
                value=f"{800 - 10 * r}",
                target="750",
                commentary=COMMENTARY,
            )
            for r in range(ROWS_PER_AREA[a])
        )
        charts = tuple(_chart(a, c) for c in range(CHARTS_PER_AREA[a]))
        areas.append(AreaSection(name=name, bullets=(BULLET,) * 5, rows=rows, charts=charts))
    items = tuple(
        MeetingItem(
            number=n,
            title=title,
            body=BODY,
            recommendations=("HWBB receive a summary report at the next board.",) * (n % 3),
        )
        for n, title in enumerate(
            (
                "Performance for Early Help",
                "Mock Inspection – findings and learning",
                "Children's Services Strapline",
                "Children & Young People's Plan Priorities 2023-24",
                "Youth voice bubbling-up issues from Children & Young People",
                "SEND Update & Ordinarily Available Toolkit",
            ),
            start=1,
        )
    )
    report = Report(
        title="Children's Trust Board update to the Health and Wellbeing Board, March 2023",
        cover=Cover(
            board="Children's Trust Board",
            chair="Cllr Liz Brighthouse",
            report_to="Health and Wellbeing Board",
            report_date="3rd March 2023",
            period="Quarter 3 2022/23",
            meetings=("22nd February 2023 – Virtual meeting",),
            priorities="A Healthy Start in Life",
            partnership="Working together to help children, young people, and families thrive.",
        ),
        summary="This report provides updates from the CTB.",
        items=items,
        forward_plan=("Focus and progress on Early Help", "Progress of 2022/23 Plan", "SEND"),
        appendix_title="What is being done in areas rated Red or Amber in the Performance "
        "Framework",
        appendix_intro="The data and information below are for Performance Report Quarter 3 "
        "2022/23.",
        areas=tuple(areas),
        marking="Not for publication: contains unsuppressed figures",
        provenance="Figures as imported up to 28 February 2023.",
        extra={"next_meeting": "May 2023"},
    )
    return expand_report(report)


def _time(render: Callable[[Report], str | bytes], report: Report, runs: int):
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        out = render(report)
        times.append(time.perf_counter() - start)
        size = len(out.encode() if isinstance(out, str) else out)
    return min(times), statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="renders per format (default 5)")
    args = parser.parse_args()
    report = full_size_report()
    rows = sum(len(a.rows) for a in report.areas)
    charts = sum(len(a.charts) for a in report.areas)
    print(
        f"Report: {len(report.items)} items, {len(report.areas)} areas, {rows} rows, "
        f"{charts} charts; best of {args.runs} runs (after one warm-up render each)"
    )
    renderers = (("HTML", render_html), ("PDF", render_pdf), ("DOCX", render_docx))
    for _, render in renderers:
        render(report)  # warm-up: imports, font discovery, the chart engine's start-up
    print(f"{'Format':<6} {'best (s)':>9} {'median (s)':>11} {'size (KiB)':>11}")
    for name, render in renderers:
        best, median, size = _time(render, report, args.runs)
        print(f"{name:<6} {best:>9.2f} {median:>11.2f} {size / 1024:>11.0f}")


if __name__ == "__main__":
    main()

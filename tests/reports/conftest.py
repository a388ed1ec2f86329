"""A realistic board report, built in code, for the renderers' tests.

It is modelled on the Children's Trust Board's report to the Health and Wellbeing Board for
Quarter 3 2022/23: three items (one with recommendations), two areas of focus with red and
amber rows, and a chart built the way the app builds them. The text goes through
``expand_report`` so acronyms are spelt out on first use, as in a real report.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from trustboard.reports.charts import ChartPoint, series_chart
from trustboard.reports.glossary import expand_report
from trustboard.reports.model import (
    AreaSection,
    Chart,
    Cover,
    IndicatorRow,
    MeetingItem,
    Report,
)

TITLE = "Children's Trust Board update to the Health and Wellbeing Board, March 2023"
COMMENTARY = (
    "The number in December 2022 was 803 – the number of children we care for is beginning to fall."
)
MARKING = "Not for publication: contains unsuppressed figures"
PROVENANCE = "Figures as imported up to 28 February 2023 (import 42); Quarter 3 2022/23."

MONTHS = [
    ("Apr 2022", "2022-04-01", "2022-04-30", 790.0),
    ("May 2022", "2022-05-01", "2022-05-31", 796.0),
    ("Jun 2022", "2022-06-01", "2022-06-30", 801.0),
    ("Jul 2022", "2022-07-01", "2022-07-31", 805.0),
    ("Aug 2022", "2022-08-01", "2022-08-31", 812.0),
    ("Sep 2022", "2022-09-01", "2022-09-30", 809.0),
    ("Oct 2022", "2022-10-01", "2022-10-31", 807.0),
    ("Nov 2022", "2022-11-01", "2022-11-30", 806.0),
    ("Dec 2022", "2022-12-01", "2022-12-31", 803.0),
]


def cared_for_chart() -> Chart:
    title = "1.1 Children we care for"
    description = (
        "Children we care for each month, April to December 2022: rising from 790 to a peak "
        "of 812 in August and 803 in December, against a target of 750."
    )
    spec = series_chart(
        title,
        description,
        [ChartPoint(period, start, end, value) for period, start, end, value in MONTHS],
        targets=[("2022-04-01", "2023-03-31", 750.0)],
        y_title="Children",
    )
    return Chart(title=title, description=description, spec=spec)


def build_report(public: bool = False) -> Report:
    items = (
        MeetingItem(
            number=1,
            title="Performance for Early Help",
            body=(
                "The Children's Trust has agreed a target to increase the number of EHAs to "
                "5,000 in 22/23 rising to 10,000 by 2024/25. We are currently projecting 3,750 "
                "for this year, 25% below target.\n\n"
                "62% of MASH contacts lead to NFA, including 57% from county council sources. "
                "The support should be delivered through the EH and S&N arrangements."
            ),
            recommendations=(
                "HWBB receive a summary report on the EH progress at the next board.",
                "HWBB members familiarise themselves with the process.",
            ),
        ),
        MeetingItem(
            number=2,
            title="Mock Inspection – findings and learning",
            body=(
                "A Mock Inspection of our Children's Social Care was undertaken in January "
                "2023. The key findings were shared with partners before going to the OSCB."
            ),
        ),
        MeetingItem(
            number=3,
            title="SEND Update & Ordinarily Available Toolkit",
            body=(
                "The Ordinarily Available Toolkit has been updated and issued to schools. An "
                "additional half a million pounds is being provided for EHCPs."
            ),
            recommendations=("Partners note the SEND update.",),
        ),
    )
    healthy = AreaSection(
        name="Be healthy",
        bullets=(
            "Data on waiting times for CAMHS has not been updated since July 22 because of the "
            "cyber-attack on the trust.",
            "There has been a 16% decrease in A&E attendances for self-harm compared to last year.",
        ),
        rows=(
            IndicatorRow(
                code="2.4",
                title="Increase the number of Early Help Assessments",
                rag="A",
                rag_name="Amber",
                value="3,102",
                target="3,750",
                commentary="The number of EHAs in the last 12 months is 24% higher than the "
                "previous 12 months but remains 19% below target.",
            ),
        ),
    )
    safe = AreaSection(
        name="Be safe",
        bullets=(
            "MASH contacts for the first 9 months of the year are 2% higher than last year.",
            "Child protection numbers remain above target (648 compared to 550 target).",
        ),
        rows=(
            IndicatorRow(
                code="1.1",
                title="Reduce the number of children we care for to 750 by March 2022",
                rag="R",
                rag_name="Red",
                value="803",
                target="750",
                commentary=COMMENTARY + " It remains below the national rate, but above "
                "similar authorities.",
            ),
            IndicatorRow(
                code="3.2",
                title="Children subject of a CPP",
                rag="A",
                rag_name="Amber",
                value="605",
                target="550",
                commentary="Child protection numbers have decreased by 50 in the last quarter.",
            ),
        ),
        charts=(cared_for_chart(),),
    )
    report = Report(
        title=TITLE,
        cover=Cover(
            board="Children's Trust Board",
            chair="Cllr Liz Brighthouse",
            report_to="Health and Wellbeing Board",
            report_date="3rd March 2023",
            period="Quarter 3 2022/23",
            meetings=("22nd February 2023 – Virtual meeting",),
            priorities="A Healthy Start in Life",
            partnership="Working together to help children, young people, and families to thrive.",
        ),
        summary=(
            "This report provides updates from the Children's Trust Board, including details "
            "of performance issues rated red or amber in the performance report."
        ),
        items=items,
        forward_plan=(
            "Focus and progress on Early Help - partner responses and feedback",
            "Development of 2023/24 Children and Young People's Plan by partners",
            "SEND update.",
        ),
        appendix_title="What is being done in areas rated Red or Amber in the Performance "
        "Framework",
        appendix_intro="The data and information below are for Performance Report Quarter 3 "
        "2022/23.",
        areas=(healthy, safe),
        public=public,
        marking="Published version: small numbers suppressed" if public else MARKING,
        provenance=PROVENANCE,
        extra={"next_meeting": "May 2023"},
    )
    return expand_report(report)


@pytest.fixture(scope="session")
def report() -> Report:
    return build_report()


@pytest.fixture(scope="session")
def public_report() -> Report:
    return build_report(public=True)


@pytest.fixture(scope="session")
def expected() -> SimpleNamespace:
    """The sample's fixed texts, for the renderers' tests to look for."""
    return SimpleNamespace(
        title=TITLE, commentary=COMMENTARY, marking=MARKING, provenance=PROVENANCE
    )

"""Build the board report for a period from today's figures, commentary and report details.

The result is a :class:`trustboard.reports.model.Report`: plain data, which is frozen in a
snapshot and rendered to HTML, PDF or Word. The public version is built from the same inputs
with small-number suppression applied to every figure, table, chart and sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from trustboard.core import narrative, suppression
from trustboard.core.assessment import RAG_NAMES, Rag
from trustboard.core.catalogue import Unit
from trustboard.core.periods import Kind, Period
from trustboard.reports.glossary import expand_report
from trustboard.reports.model import (
    AreaSection,
    Chart,
    Cover,
    IndicatorRow,
    MeetingItem,
    Report,
)
from trustboard.web.performance import queries
from trustboard.web.performance.models import (
    Area,
    Commentary,
    NarrativeEdit,
    Partnership,
    ReportDetails,
)
from trustboard.web.performance.models import (
    MeetingItem as MeetingItemRow,
)
from trustboard.web.performance.report_services import is_reported
from trustboard.web.performance.templatetags.trustboard import figure

APPENDIX_TITLE = "What is being done in areas rated Red or Amber in the Performance Framework"
BOARD_MARKING = "Not for publication: this version contains unsuppressed figures."
PUBLIC_MARKING = (
    f"Published version: numbers from 1 to {suppression.THRESHOLD - 1} are shown as "
    f"{suppression.SUPPRESSED}, with further figures withheld where they would reveal them."
)
DEFAULT_SUMMARY = (
    "The Children's Trust ensures that the {report_to} is sighted on the key challenges facing "
    "children and young people. This report provides updates from the {board} including "
    "details of performance issues rated red or amber in the performance report."
)
SMALL_COUNT_IN_TEXT = re.compile(
    r"\b([1-4])(?=\s+(?:more\s+|fewer\s+|new\s+)?(?:children|child|young people|young person|"
    r"families|family|cases|case|referrals|plans|people|pupils|girls|boys|incidents|"
    r"placements|contacts|assessments|babies|parents|carers)\b)",
    re.IGNORECASE,
)
"""A count of 1 to 4 people or cases in free text (commentary). Free text cannot be suppressed
as reliably as figures that come from data, so analysts also see a warning when approving."""


def long_label(period: Period) -> str:
    """ "Q3 2022/23" -> "Quarter 3 2022/23", as the reports write it."""
    if period.kind is Kind.QUARTER:
        number, year = period.label.split(" ", 1)
        return f"Quarter {number[1:]} {year}"
    return period.label


def suppress_text(text: str) -> str:
    return SMALL_COUNT_IN_TEXT.sub(suppression.SUPPRESSED, text)


def small_counts_in(text: str) -> list[str]:
    """Small counts an approver should check before the commentary is published."""
    return [match.group(0) for match in SMALL_COUNT_IN_TEXT.finditer(text)]


def _shown(value: float | None, unit: str, public: bool) -> str:
    if value is None:
        return "–"
    if public and unit == Unit.COUNT:
        hidden = suppression.suppress_count(value)
        if hidden is not None:
            return hidden
    return figure(value, unit)


def _public_chart(chart: Chart, unit: str) -> Chart:
    """Leave small counts out of a published chart (a gap, not a zero)."""
    if unit != Unit.COUNT:
        return chart
    spec = dict(chart.spec)
    layers = []
    for layer in spec.get("layer", []):
        data = layer.get("data", {}).get("values")
        if data is not None:
            data = [
                row
                for row in data
                if row.get("series") == "Target"
                or suppression.suppress_count(row.get("value")) is None
            ]
            layer = {**layer, "data": {"values": data}}
        layers.append(layer)
    spec["layer"] = layers
    return replace(
        chart,
        spec=spec,
        description=chart.description + " Numbers from 1 to 4 are left out.",
    )


def _commentary(indicator, period: Period, public: bool) -> str:
    approved = (
        indicator.commentary.filter(period=period.label, status=Commentary.APPROVED)
        .order_by("-at", "-id")
        .first()
    )
    if approved is None:
        return "Commentary not yet approved."
    return suppress_text(approved.text) if public else approved.text


def _sentences(
    indicator, analysis, period: Period, public: bool, edits: dict[tuple[str, str], NarrativeEdit]
) -> list[str]:
    assessment = analysis.assessment
    previous = queries.assess_only(indicator, period.previous())
    drafted = narrative.draft(
        indicator.to_core(),
        assessment,
        analysis.projection,
        analysis.benchmarks[0] if analysis.benchmarks else None,
        previous,
        assessment.period if assessment.stale else None,
    )
    texts = []
    for sentence in drafted:
        edit = edits.get((indicator.code, sentence.key))
        if edit is not None and not edit.included:
            continue
        if edit is not None and edit.text:
            texts.append(suppress_text(edit.text) if public else edit.text)
        else:
            texts.append(sentence.render(suppression.suppress_figure if public else None))
    return texts


def drafts(period: Period) -> list[dict]:
    """Every drafted sentence of the period with the analyst's edits, for the editing page."""
    edits = {(e.code, e.key): e for e in NarrativeEdit.objects.filter(period=period.label)}
    result = []
    for area in Area.objects.all():
        for indicator in area.indicators.filter(active=True):
            analysis = queries.analyse(indicator, period)
            if not is_reported(analysis.assessment):
                continue
            previous = queries.assess_only(indicator, period.previous())
            for sentence in narrative.draft(
                indicator.to_core(),
                analysis.assessment,
                analysis.projection,
                analysis.benchmarks[0] if analysis.benchmarks else None,
                previous,
                analysis.assessment.period if analysis.assessment.stale else None,
            ):
                edit = edits.get((indicator.code, sentence.key))
                result.append(
                    {
                        "area": area.name,
                        "indicator": indicator,
                        "key": sentence.key,
                        "drafted": sentence.text,
                        "text": edit.text if edit and edit.text else "",
                        "included": edit.included if edit else True,
                        "edited": edit is not None,
                    }
                )
    return result


def build(period: Period, public: bool, provenance: str = "", frozen_at: str = "") -> Report:
    partnership = Partnership.current()
    details = ReportDetails.objects.filter(period=period.label).first() or ReportDetails(
        period=period.label
    )
    board = partnership.board if partnership and partnership.board else "Children's Trust Board"
    edits = {(e.code, e.key): e for e in NarrativeEdit.objects.filter(period=period.label)}
    areas: list[AreaSection] = []
    for area in Area.objects.all():
        bullets: list[str] = []
        rows: list[IndicatorRow] = []
        area_charts: list[Chart] = []
        for indicator in area.indicators.filter(active=True).prefetch_related("targets"):
            analysis = queries.analyse(indicator, period)
            assessment = analysis.assessment
            if not is_reported(assessment):
                continue
            bullets.extend(_sentences(indicator, analysis, period, public, edits))
            rows.append(
                IndicatorRow(
                    code=indicator.code,
                    title=indicator.title,
                    rag=assessment.rag.value,
                    rag_name=RAG_NAMES[assessment.rag],
                    value=(
                        f"{_shown(assessment.value, indicator.unit, public)} ({assessment.period})"
                        if assessment.period
                        else "No data"
                    ),
                    target=_shown(assessment.target, indicator.unit, public)
                    if assessment.target is not None
                    else "None set",
                    commentary=_commentary(indicator, period, public),
                )
            )
            if assessment.rag in (Rag.RED, Rag.AMBER):
                totals = list(
                    indicator.observations.filter(
                        is_current=True, breakdown="", period_end__lte=period.end
                    ).order_by("period_start")
                )
                points = [p for p in indicator.current_points() if p.period.end <= period.end]
                found = queries.series_charts(
                    indicator,
                    indicator.to_core(),
                    totals,
                    points,
                    queries.UNIT_TITLES[Unit(indicator.unit)],
                )
                if found:
                    chart = found[0]
                    if public:
                        chart = _public_chart(chart, indicator.unit)
                    area_charts.append(chart)
        if bullets or rows:
            areas.append(AreaSection(area.name, tuple(bullets), tuple(rows), tuple(area_charts)))
    items = [
        MeetingItem(
            number=index,
            title=item.title,
            body=suppress_text(item.body) if public else item.body,
            recommendations=tuple(
                line.strip() for line in item.recommendations.splitlines() if line.strip()
            ),
        )
        for index, item in enumerate(MeetingItemRow.objects.filter(period=period.label), 1)
    ]
    summary = details.summary or DEFAULT_SUMMARY.format(report_to=details.report_to, board=board)
    forward_plan = tuple(line.strip() for line in details.forward_plan.splitlines() if line.strip())
    report = Report(
        title=f"Report to {details.report_to}",
        cover=Cover(
            board=board,
            chair=partnership.chair if partnership else "",
            report_to=details.report_to,
            report_date=f"{details.report_date:%-d %B %Y}" if details.report_date else "",
            period=long_label(period),
            meetings=tuple(line.strip() for line in details.meetings.splitlines() if line.strip()),
            priorities=details.priorities,
            partnership=partnership.name if partnership else "",
        ),
        summary=summary,
        items=tuple(items),
        forward_plan=forward_plan,
        appendix_title=APPENDIX_TITLE,
        appendix_intro=(
            f"The data and information below are for Performance Report {long_label(period)}."
        ),
        areas=tuple(areas),
        public=public,
        marking=PUBLIC_MARKING if public else BOARD_MARKING,
        provenance=provenance,
        extra={"next_meeting": details.next_meeting, "frozen_at": frozen_at},
    )
    return expand_report(report)


def render(report: Report, fmt: str) -> tuple[bytes, str, str]:
    """The file's bytes, content type and extension for one format."""
    if fmt == "html":
        from trustboard.reports.render_html import render_html

        return render_html(report).encode("utf-8"), "text/html; charset=utf-8", "html"
    if fmt == "pdf":
        from trustboard.reports.render_pdf import render_pdf

        return render_pdf(report), "application/pdf", "pdf"
    if fmt == "docx":
        from trustboard.reports.render_docx import render_docx

        return (
            render_docx(report),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        )
    raise ValueError(f"format {fmt!r}: expected html, pdf or docx")


FORMATS = ("html", "pdf", "docx")

"""Build the board report for a period from today's figures, commentary and report details.

The result is a :class:`trustboard.reports.model.Report`: plain data, which is frozen in a
snapshot and rendered to HTML, PDF or Word. The public version is built from the same inputs
with small-number suppression applied to every figure, table, chart and sentence.
"""

from __future__ import annotations

from trustboard.core import narrative, suppression
from trustboard.core.assessment import RAG_NAMES, Rag, attention_rank, is_reported
from trustboard.core.catalogue import Unit
from trustboard.core.formatting import figure
from trustboard.core.periods import Kind, Period
from trustboard.reports import free_text
from trustboard.reports.glossary import expand_report
from trustboard.reports.model import (
    AreaSection,
    Chart,
    Cover,
    IndicatorRow,
    MeetingItem,
    Report,
)
from trustboard.web.framework import queries
from trustboard.web.framework.models import Area, Partnership
from trustboard.web.reports.models import Commentary, NarrativeEdit, ReportDetails
from trustboard.web.reports.models import MeetingItem as MeetingItemRow

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


def long_label(period: Period) -> str:
    """ "Q3 2022/23" -> "Quarter 3 2022/23", as the reports write it."""
    if period.kind is Kind.QUARTER:
        number, year = period.label.split(" ", 1)
        return f"Quarter {number[1:]} {year}"
    return period.label


def _is_small(value: float | None) -> bool:
    return suppression.suppress_count(value) is not None


def _small(indicator, assessment, observations) -> bool:
    """Whether the public version must withhold this indicator's latest figure: a count of 1
    to 4, or a percentage or rate whose numerator is."""
    if assessment.value is None:
        return False
    if indicator.unit == Unit.COUNT and _is_small(assessment.value):
        return True
    latest = next((o for o in observations if o.period == assessment.period), None)
    return latest is not None and _is_small(latest.numerator)


def _any_small(indicator, observations) -> bool:
    """Whether any figure a chart would draw is a small count (or has a small numerator)."""
    return any(
        (indicator.unit == Unit.COUNT and _is_small(o.value)) or _is_small(o.numerator)
        for o in observations
    )


def _commentary(indicator, period: Period, public: bool) -> str:
    approved = (
        indicator.commentary.filter(period=period.label, status=Commentary.APPROVED)
        .order_by("-at", "-id")
        .first()
    )
    if approved is None:
        return "Commentary not yet approved."
    return approved.text


def _drafted(indicator, analysis, period: Period) -> list:
    """The sentences drafted for one indicator: the report and the editing page use these."""
    assessment = analysis.assessment
    return narrative.draft(
        indicator.to_core(),
        assessment,
        analysis.projection,
        analysis.benchmarks[0] if analysis.benchmarks else None,
        queries.assess_only(indicator, period.previous()),
        assessment.period if assessment.stale else None,
    )


def _sentences(
    indicator, analysis, period: Period, public: bool, edits: dict[tuple[str, str], NarrativeEdit]
) -> list[str]:
    drafted = _drafted(indicator, analysis, period)
    texts = []
    for sentence in drafted:
        edit = edits.get((indicator.code, sentence.key))
        if edit is not None and not edit.included:
            continue
        if edit is not None and edit.text:
            texts.append(edit.text)
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
            for sentence in _drafted(indicator, analysis, period):
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
        reported = []
        for indicator in area.indicators.filter(active=True).prefetch_related("targets"):
            analysis = queries.analyse(indicator, period)
            if is_reported(analysis.assessment):
                reported.append((indicator, analysis))
        # Red first, then amber, then figures that have gone out of date, as the board reads.
        reported.sort(key=lambda pair: attention_rank(pair[1].assessment.rag))
        for indicator, analysis in reported:
            assessment = analysis.assessment
            current = indicator.observations.filter(
                is_current=True, breakdown="", period_end__lte=period.end
            ).order_by("period_start")
            withheld = public and _small(indicator, assessment, current)
            if withheld:
                # A hidden figure beside its target, its rating or its sentences could be
                # worked out again (a target of 3, rated red, lower is better: it is 4), so
                # the row keeps only what the figure cannot be recovered from.
                rows.append(
                    IndicatorRow(
                        code=indicator.code,
                        title=indicator.title,
                        rag="N/A",
                        rag_name="Withheld",
                        value=f"{suppression.SUPPRESSED} ({assessment.period})",
                        target="Withheld",
                        commentary=_commentary(indicator, period, public),
                    )
                )
                continue
            bullets.extend(_sentences(indicator, analysis, period, public, edits))
            rows.append(
                IndicatorRow(
                    code=indicator.code,
                    title=indicator.title,
                    rag=assessment.rag.value,
                    rag_name=RAG_NAMES[assessment.rag],
                    value=(
                        f"{figure(assessment.value, indicator.unit)} ({assessment.period})"
                        if assessment.period
                        else "No data"
                    ),
                    target=figure(assessment.target, indicator.unit)
                    if assessment.target is not None
                    else "None set",
                    commentary=_commentary(indicator, period, public),
                )
            )
            if assessment.rag in (Rag.RED, Rag.AMBER):
                totals = list(current)
                if public and _any_small(indicator, totals):
                    # Rolling totals and lines drawn across a gap give small months away.
                    continue
                points = [p for p in indicator.current_points() if p.period.end <= period.end]
                found = queries.series_charts(
                    indicator,
                    indicator.to_core(),
                    totals,
                    points,
                    queries.UNIT_TITLES[Unit(indicator.unit)],
                )
                if found:
                    area_charts.append(found[0])
        if bullets or rows:
            areas.append(AreaSection(area.name, tuple(bullets), tuple(rows), tuple(area_charts)))
    items = [
        MeetingItem(
            number=index,
            title=item.title,
            body=item.body,
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
            report_date=(
                f"{details.report_date.day} {details.report_date:%B %Y}"
                if details.report_date
                else ""
            ),
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
    report = expand_report(report)
    return free_text.suppress_free_text(report) if public else report


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
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

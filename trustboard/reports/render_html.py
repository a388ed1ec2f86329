"""The board report as one self-contained, accessible HTML document.

The HTML is the download for screen readers and the browser, and it is also the PDF's source
(WeasyPrint renders this same markup), so it carries everything inline: the stylesheet, the
charts as SVG, no scripts, fonts or links to fetch. The layout follows the Children's Trust
Board's reports to the Health and Wellbeing Board: the cover details, the numbered items with
their recommendations, the forward plan, then the appendix on areas rated Red or Amber.

Headings run in order (h1 title, h2 for each section, h3 for each area of focus) because they
are how a screen reader user moves about, and how the PDF gets its bookmarks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from importlib import resources

from trustboard.reports import charts
from trustboard.reports.model import AreaSection, Chart, IndicatorRow, MeetingItem, Report

RAG_SHAPES = {"R": "▲", "A": "◆", "G": "●"}
"""The same shapes as the dashboard, so a rating reads without colour (printed in grey)."""
RAG_SHAPE_OTHER = "○"

TABLE_HEADERS = ("Indicator Number", "RAG", "What is being done to improve performance?")
"""The appendix table's columns, worded as in the board's reports."""

APPENDIX_LABEL = "Appendix"
NO_AREAS = "No indicator is rated red or amber in this period."
"""What the appendix says when no area has anything to report."""
UNRATED = "N/A"
"""The rating of a row listed for another reason: its figures are out of date (or withheld)."""
PUBLISHED_SUFFIX = " (published version)"
FORWARD_PLAN_LEAD = "The following items are due to be considered in forthcoming meetings:"


def rag_shape(rag: str) -> str:
    return RAG_SHAPES.get(rag, RAG_SHAPE_OTHER)


def rag_label(row: IndicatorRow) -> str:
    """The rating as shape and word ("▲ Red"): what Word and plain text show."""
    return f"{rag_shape(row.rag)} {row.rag_name or row.rag}"


def rag_class(rag: str) -> str:
    return "rag-" + (re.sub(r"[^A-Za-z0-9]", "", rag) or "none")


def forward_plan_heading(report: Report) -> str:
    """The forward plan's heading: "Forward plan for the May 2023 meeting" when known."""
    next_meeting = str(report.extra.get("next_meeting") or "").strip()
    return f"Forward plan for the {next_meeting} meeting" if next_meeting else "Forward plan"


def forward_plan_number(report: Report) -> int:
    """The forward plan is numbered after the last item, as in the board's reports."""
    return max((item.number for item in report.items), default=0) + 1


def report_from(report: Report) -> str:
    """Who the report is from: "Children's Trust Board Chair – Cllr Liz Brighthouse"."""
    board, chair = report.cover.board.strip(), report.cover.chair.strip()
    if board and chair:
        return f"{board} Chair – {chair}"
    return board or chair


def cover_heading(report: Report) -> str:
    """The cover's heading: "Report to ...", or "Report details" if that is the title already.

    Two headings with the same words, one under the other, would say nothing to a screen
    reader user moving by heading.
    """
    heading = f"Report to {report.cover.report_to}"
    return "Report details" if heading.casefold() == report.title.strip().casefold() else heading


def author(report: Report) -> str:
    """The document's author in PDF and Word properties: the board (and its chair)."""
    return report_from(report) or "Children's Trust Board"


def appendix_heading(report: Report) -> tuple[str, str]:
    """("Appendix", "What is being done in areas rated Red or Amber ...").

    The label is split off (the print stylesheet sets it in capitals, as the board's reports
    do) so that a title already starting "Appendix" or "Appendix B:" is not doubled; a letter
    given there is kept in the label.
    """
    match = re.match(
        r"\s*appendix(?:\s+(?P<letter>[A-Z])\b)?\s*[—–:-]?\s*", report.appendix_title, re.I
    )
    if match is None:
        return APPENDIX_LABEL, report.appendix_title.strip()
    label = APPENDIX_LABEL + (f" {match.group('letter').upper()}" if match["letter"] else "")
    return label, report.appendix_title[match.end() :].strip()


def document_title(report: Report) -> str:
    """The title a browser tab, a bookmark or a PDF viewer shows: the published version says
    so, so that it is not mistaken for (or saved over) the board's own."""
    return report.title + (PUBLISHED_SUFFIX if report.public else "")


def table_caption(area: AreaSection) -> str:
    """The appendix table's caption: what its rows are.

    Red and amber indicators, and also any listed unrated because its figures are out of date:
    the caption says so only when the table holds such a row.
    """
    caption = f"{area.name}: indicators rated Red or Amber"
    if any(row.rag == UNRATED for row in area.rows):
        caption += ", or with out-of-date figures"
    return caption


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks inside one are kept as spaces."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def chart_id(area_index: int, chart_index: int) -> str:
    return f"chart-{area_index + 1}-{chart_index + 1}"


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return resources.files("trustboard.reports").joinpath("report.css").read_text("utf-8")


def _e(text: str) -> str:
    return escape(text or "", quote=True)


def _paras(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f"<p{attr}>{_e(p)}</p>\n" for p in paragraphs(text))


def _marking(report: Report, where: str) -> str:
    if not report.marking:
        return ""
    kind = "marking-public" if report.public else "marking-restricted"
    return f'<p class="marking {kind}" id="marking-{where}">{_e(report.marking)}</p>\n'


def _cover(report: Report) -> str:
    cover = report.cover
    rows: list[tuple[str, str]] = [("Report from:", _e(report_from(report)))]
    if cover.report_date:
        rows.append(("Report Date:", _e(cover.report_date)))
    if cover.period:
        rows.append(("Performance period:", _e(cover.period)))
    if cover.meetings:
        if len(cover.meetings) == 1:
            meetings = _e(cover.meetings[0])
        else:
            meetings = "<ul>" + "".join(f"<li>{_e(m)}</li>" for m in cover.meetings) + "</ul>"
        rows.append(("Dates of meetings held since the last report:", meetings))
    if cover.priorities:
        rows.append(
            (f"{cover.report_to} priorities addressed in this report:", _e(cover.priorities))
        )
    if cover.partnership:
        rows.append(("Partnership:", _e(" ".join(cover.partnership.split()))))
    details = "".join(f"<dt>{_e(label)}</dt><dd>{value}</dd>\n" for label, value in rows)
    out = [
        '<section aria-labelledby="cover-heading">\n',
        f'<h2 id="cover-heading">{_e(cover_heading(report))}</h2>\n',
        f'<dl class="cover-details">\n{details}</dl>\n',
    ]
    out.append(_paras(report.summary))
    out.append("</section>\n")
    return "".join(out)


def _item(item: MeetingItem) -> str:
    hid = f"item-{item.number}"
    out = [
        f'<section aria-labelledby="{hid}">\n',
        f'<h2 id="{hid}">{item.number}. {_e(item.title)}</h2>\n',
        _paras(item.body),
    ]
    if item.recommendations:
        out.append(f'<p class="recommendations-label" id="{hid}-recs">Recommendations</p>\n')
        out.append(f'<ol class="recommendations" aria-labelledby="{hid}-recs">\n')
        out.extend(f"<li>{_e(r)}</li>\n" for r in item.recommendations)
        out.append("</ol>\n")
    out.append("</section>\n")
    return "".join(out)


def _forward_plan(report: Report) -> str:
    number = forward_plan_number(report)
    out = [
        '<section aria-labelledby="forward-plan">\n',
        f'<h2 id="forward-plan">{number}. {_e(forward_plan_heading(report))}</h2>\n',
    ]
    if report.forward_plan:
        out.append(f"<p>{_e(FORWARD_PLAN_LEAD)}</p>\n<ul>\n")
        out.extend(f"<li>{_e(entry)}</li>\n" for entry in report.forward_plan)
        out.append("</ul>\n")
    else:
        out.append("<p>No items are yet planned.</p>\n")
    out.append("</section>\n")
    return "".join(out)


def _row(row: IndicatorRow) -> str:
    figures = []
    if row.value:
        figures.append(f"Latest: {row.value}")
    if row.target:
        figures.append(f"Target: {row.target}")
    figure_text = f'<span class="figures">{_e("; ".join(figures))}</span>' if figures else ""
    return (
        "<tr>"
        f'<th scope="row"><span class="indicator-code">{_e(row.code)}</span> '
        f"{_e(row.title)}{figure_text}</th>"
        f'<td><span class="rag {rag_class(row.rag)}">'
        f'<span class="rag-shape" aria-hidden="true">{rag_shape(row.rag)}</span> '
        f"{_e(row.rag_name or row.rag)}</span></td>"
        f"<td>{'<br>'.join(_e(p) for p in paragraphs(row.commentary))}</td>"
        "</tr>\n"
    )


def _with_title(svg: str, text: str) -> str:
    """The SVG with a <title> child: its name for WeasyPrint's tagged PDF (the figure's Alt).

    Browsers and screen readers name the chart from aria-label, which ``to_svg`` sets to the
    same description; the PDF structure tree only reads <title>.
    """
    if not text or re.search(r"<svg\b[^>]*>\s*<title\b", svg):
        return svg
    opening = re.search(r"<svg\b[^>]*>", svg)
    if opening is None:
        return svg
    return f"{svg[: opening.end()]}<title>{_e(text)}</title>{svg[opening.end() :]}"


def _chart(chart: Chart, id_prefix: str, number: int) -> str:
    svg = _with_title(charts.to_svg(chart.spec, id_prefix), chart.description)
    return (
        f'<figure id="{id_prefix}">\n{svg}\n'
        f"<figcaption>Figure {number}: {_e(chart.title)}</figcaption>\n</figure>\n"
    )


def _area(area: AreaSection, index: int, first_figure: int) -> str:
    hid = f"area-{index + 1}"
    out = [
        f'<section aria-labelledby="{hid}">\n',
        f'<h3 id="{hid}">{_e(area.name)}</h3>\n',
    ]
    if area.bullets:
        out.append("<ul>\n")
        out.extend(f"<li>{_e(b)}</li>\n" for b in area.bullets)
        out.append("</ul>\n")
    if area.rows:
        out.append("<table>\n")
        out.append(f"<caption>{_e(table_caption(area))}</caption>\n")
        headers = "".join(f'<th scope="col">{_e(h)}</th>' for h in TABLE_HEADERS)
        out.append(f"<thead><tr>{headers}</tr></thead>\n<tbody>\n")
        out.extend(_row(row) for row in area.rows)
        out.append("</tbody>\n</table>\n")
    for i, chart in enumerate(area.charts):
        out.append(_chart(chart, chart_id(index, i), first_figure + i))
    out.append("</section>\n")
    return "".join(out)


def _appendix(report: Report) -> str:
    label, title = appendix_heading(report)
    out = [
        '<section aria-labelledby="appendix">\n',
        f'<h2 id="appendix" class="new-page"><span class="appendix-label">{label}</span>'
        f"{' — ' + _e(title) if title else ''}</h2>\n",
        _paras(report.appendix_intro),
    ]
    if not report.areas:
        out.append(f"<p>{_e(NO_AREAS)}</p>\n")
    figure = 1
    for index, area in enumerate(report.areas):
        out.append(_area(area, index, figure))
        figure += len(area.charts)
    out.append("</section>\n")
    return "".join(out)


def _glossary(report: Report) -> str:
    if not report.glossary:
        return ""
    rows = "".join(
        f'<tr><th scope="row"><abbr>{_e(g.acronym)}</abbr></th><td>{_e(g.meaning)}</td></tr>\n'
        for g in report.glossary
    )
    return (
        '<section aria-labelledby="glossary">\n'
        '<h2 id="glossary">Glossary</h2>\n'
        '<table class="glossary">\n<caption>Acronyms used in this report</caption>\n'
        '<thead><tr><th scope="col">Acronym</th><th scope="col">Meaning</th></tr></thead>\n'
        f"<tbody>\n{rows}</tbody>\n</table>\n</section>\n"
    )


def render_html(report: Report) -> str:
    """The whole report as one HTML page, styles and charts inline."""
    meta_description = f"{report.cover.board} report to the {report.cover.report_to}"
    if report.cover.period:
        meta_description += f", {report.cover.period}"
    footer = [_marking(report, "bottom")]
    if report.provenance:
        footer.append(f'<p class="provenance">{_e(report.provenance)}</p>\n')
    return "".join(
        [
            "<!DOCTYPE html>\n",
            '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{_e(document_title(report))}</title>\n",
            f'<meta name="author" content="{_e(author(report))}">\n',
            f'<meta name="description" content="{_e(meta_description)}">\n',
            '<meta name="generator" content="trustboard">\n',
            f"<style>\n{stylesheet()}</style>\n",
            "</head>\n<body>\n",
            f"<header>\n{_marking(report, 'top')}</header>\n",
            "<main>\n",
            f"<h1>{_e(report.title)}</h1>\n",
            _cover(report),
            *(_item(item) for item in report.items),
            _forward_plan(report),
            _appendix(report),
            _glossary(report),
            "</main>\n",
            f"<footer>\n{''.join(footer)}</footer>\n",
            "</body>\n</html>\n",
        ]
    )

"""The board report as a Word document, for partners who edit or re-use the text.

Word is what the council's committee system and most partners work in, so the report is also
offered as .docx. It says what the HTML says, in Word's own structures so that it stays
accessible once edited: the title and headings use the built-in Title and Heading styles (the
navigation pane and any table of contents read them), bullets and recommendations use List
Bullet and List Number, the appendix tables repeat their header row on every page, ratings
are a shape and a word as well as a colour, and each chart is a PNG with the chart's
description as its alternative text. The marking ("Not for publication ...") is in the page
header and footer, so it is on every printed page.

Heading levels follow the HTML one down: h1 → Title, h2 → Heading 1, h3 → Heading 2.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from trustboard.reports.model import AreaSection, Chart, IndicatorRow, MeetingItem, Report
from trustboard.reports.render_html import (
    FORWARD_PLAN_LEAD,
    NO_AREAS,
    TABLE_HEADERS,
    appendix_heading,
    author,
    cover_heading,
    forward_plan_heading,
    forward_plan_number,
    paragraphs,
    rag_label,
    report_from,
    table_caption,
)

FONT = "Arial"
TEXT = RGBColor(0x0B, 0x0C, 0x0C)
SECONDARY = RGBColor(0x50, 0x5A, 0x5F)
RAG_COLOURS = {
    "R": RGBColor(0xB5, 0x25, 0x0F),
    "A": RGBColor(0x8A, 0x4B, 0x00),
    "G": RGBColor(0x00, 0x70, 0x3C),
}
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
APPENDIX_COLUMNS = (Mm(50), Mm(24), TEXT_WIDTH - Mm(74))
GLOSSARY_COLUMNS = (Mm(30), TEXT_WIDTH - Mm(30))
CHART_WIDTH = Mm(165)


def _set_font(style, size: float | None = None, colour: RGBColor = TEXT) -> None:
    """Arial in black, replacing the template's theme fonts and blue headings."""
    style.font.name = FONT
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:cs"), FONT)
    if size:
        style.font.size = Pt(size)
    style.font.color.rgb = colour


def set_language(document, language: str = "en-GB") -> None:
    """British English for spelling and for screen readers, on every run by default."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)


def apply_styles(document) -> None:
    """The report's type: Arial throughout, black headings, plain title, small captions. Other
    Word files the app writes use it too, so they read as one family."""
    styles = document.styles
    _set_font(styles["Normal"], 11)
    for name, size in (("Title", 22), ("Heading 1", 15), ("Heading 2", 13), ("Heading 3", 12)):
        _set_font(styles[name], size)
        styles[name].font.bold = True
        styles[name].paragraph_format.space_after = Pt(6)
    title = styles["Title"]
    # The template's Title has a blue rule under it and tight spacing; plain is clearer.
    ppr = title.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    title.paragraph_format.space_after = Pt(12)
    _set_font(styles["Caption"], 10)
    styles["Caption"].font.bold = True
    styles["Caption"].font.italic = False
    for name in ("Header", "Footer"):
        _set_font(styles[name], 9)


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laying out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _header_footer(document, report: Report) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.marking:
        header.add_run(report.marking).bold = True
    footer = section.footer.paragraphs[0]
    if report.marking:
        footer.add_run(report.marking).bold = True
        footer = section.footer.add_paragraph()
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _properties(document, report: Report) -> None:
    props = document.core_properties
    props.title = report.title
    props.author = author(report)
    props.last_modified_by = author(report)
    subject = f"{report.cover.board} report to the {report.cover.report_to}"
    props.subject = subject + (f", {report.cover.period}" if report.cover.period else "")
    props.comments = report.provenance
    props.keywords = report.marking
    props.language = "en-GB"
    props.category = "Published" if report.public else "Not for publication"
    # A frozen report carries the moment it was frozen, so rendering it again gives the same
    # file; a report built on the fly is dated now.
    frozen = _frozen_at(report)
    now = frozen if frozen else datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = 1


def _frozen_at(report: Report) -> datetime | None:
    """When the report was frozen, in UTC without a zone; None for a report built on the fly."""
    frozen = report.extra.get("frozen_at")
    if not frozen:
        return None
    return datetime.fromisoformat(frozen).astimezone(UTC).replace(tzinfo=None)


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry, for a report with no frozen_at."""
ZIP_LAST_YEAR = 2107


def _fixed_zip(data: bytes, report: Report) -> bytes:
    """The same package with every entry dated the frozen moment (or 1980-01-01).

    python-docx dates each zip entry with the time of saving, so the same report would give
    different bytes on every render; with fixed dates, and the entries in the same order and
    compression, a frozen report's .docx is the same file whenever it is rendered.
    """
    frozen = _frozen_at(report)
    stamp = (
        ZIP_EPOCH
        if frozen is None or not ZIP_EPOCH[0] <= frozen.year <= ZIP_LAST_YEAR
        else (frozen.year, frozen.month, frozen.day, frozen.hour, frozen.minute, frozen.second)
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            entry.create_system = info.create_system
            target.writestr(entry, source.read(info))
    return out.getvalue()


def _paragraphs(document, text: str, style: str | None = None) -> None:
    for para in paragraphs(text):
        document.add_paragraph(para, style=style)


def _labelled(document, label: str, value: str) -> Paragraph:
    """A cover line such as "Report Date: 3rd March 2023", the label in bold, as in the seeds."""
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(" " + value)
    paragraph.paragraph_format.space_after = Pt(2)
    return paragraph


def _cover(document, report: Report) -> None:
    cover = report.cover
    document.add_paragraph(cover_heading(report), style="Heading 1")
    _labelled(document, "Report from:", report_from(report))
    if cover.report_date:
        _labelled(document, "Report Date:", cover.report_date)
    if cover.period:
        _labelled(document, "Performance period:", cover.period)
    if cover.meetings:
        _labelled(
            document, "Dates of meetings held since the last report:", "; ".join(cover.meetings)
        )
    if cover.priorities:
        _labelled(
            document, f"{cover.report_to} priorities addressed in this report:", cover.priorities
        )
    if cover.partnership:
        _labelled(document, "Partnership:", " ".join(cover.partnership.split()))
    _paragraphs(document, report.summary)


def _restart_numbering(document, paragraph: Paragraph) -> None:
    """Start this List Number paragraph's list again at 1.

    Every List Number paragraph shares one Word list, so item 2's recommendations would carry
    on from item 1's; a new list instance with a start override begins each at 1.
    """
    style_numpr = document.styles["List Number"].element.pPr.numPr
    numbering = document.part.numbering_part.element
    style_num_id = style_numpr.numId.val
    abstract_id = next(
        num.abstractNumId.val for num in numbering.num_lst if num.numId == style_num_id
    )
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num.numId


def _item(document, item: MeetingItem) -> None:
    document.add_paragraph(f"{item.number}. {item.title}", style="Heading 1")
    _paragraphs(document, item.body)
    if not item.recommendations:
        return
    label = document.add_paragraph()
    label.add_run("Recommendations").bold = True
    label.paragraph_format.keep_with_next = True
    for i, recommendation in enumerate(item.recommendations):
        paragraph = document.add_paragraph(style="List Number")
        paragraph.add_run(recommendation).bold = True
        if i == 0:
            _restart_numbering(document, paragraph)


def _forward_plan(document, report: Report) -> None:
    number = forward_plan_number(report)
    document.add_paragraph(f"{number}. {forward_plan_heading(report)}", style="Heading 1")
    if report.forward_plan:
        document.add_paragraph(FORWARD_PLAN_LEAD)
        for entry in report.forward_plan:
            document.add_paragraph(entry, style="List Bullet")
    else:
        document.add_paragraph("No items are yet planned.")


def _repeat_header(row) -> None:
    """Mark a table row as a header row, repeated at the top of each page the table spans."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    trpr.insert(0, cant)


def _describe_table(table: Table, caption: str) -> None:
    """Cell padding, and the table's title for assistive technology (Word's "Alt Text")."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", 40), ("left", 100), ("bottom", 40), ("right", 100)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(width))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = tblpr.find(qn("w:tblLook"))
    # The schema orders tblPr's children: cell margins before tblLook, caption after it.
    if look is not None:
        look.addprevious(margins)
    else:
        tblpr.append(margins)
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), caption[:255])
    tblpr.append(element)


def add_table(document, caption: str, headers, widths) -> Table:
    """A captioned table with a bold header row that repeats on each page; screen readers get
    the caption as the table's description."""
    paragraph = document.add_paragraph(caption, style="Caption")
    paragraph.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _describe_table(table, caption)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    head = table.rows[0]
    _repeat_header(head)
    for cell, text, width in zip(head.cells, headers, widths, strict=True):
        cell.width = width
        cell.paragraphs[0].add_run(text).bold = True
    return table


def add_row(table: Table, widths) -> list:
    """A row that never splits across pages, its cells at the column widths."""
    row = table.add_row()
    _cant_split(row)
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = width
    return row.cells


def _indicator_row(table: Table, row: IndicatorRow) -> None:
    indicator, rag, commentary = add_row(table, APPENDIX_COLUMNS)
    first = indicator.paragraphs[0]
    first.add_run(row.code).bold = True
    first.add_run(" " + row.title)
    figures = [f"Latest: {row.value}"] if row.value else []
    figures += [f"Target: {row.target}"] if row.target else []
    if figures:
        run = indicator.add_paragraph().add_run("; ".join(figures))
        run.font.size = Pt(9)
        run.font.color.rgb = SECONDARY
    rag_paragraph = rag.paragraphs[0]
    run = rag_paragraph.add_run(rag_label(row))
    run.bold = True
    run.font.color.rgb = RAG_COLOURS.get(row.rag, SECONDARY)
    texts = paragraphs(row.commentary) or [""]
    commentary.paragraphs[0].add_run(texts[0])
    for text in texts[1:]:
        commentary.add_paragraph(text)


def _chart(document, chart: Chart, number: int) -> None:
    import vl_convert

    png = vl_convert.vegalite_to_png(chart.spec, scale=2)
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(12)
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=CHART_WIDTH)
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", chart.description)
    doc_pr.set("title", chart.title)
    document.add_paragraph(f"Figure {number}: {chart.title}", style="Caption")


def _area(document, area: AreaSection, first_figure: int) -> None:
    document.add_paragraph(area.name, style="Heading 2")
    for bullet in area.bullets:
        document.add_paragraph(bullet, style="List Bullet")
    if area.rows:
        table = add_table(document, table_caption(area), TABLE_HEADERS, APPENDIX_COLUMNS)
        for row in area.rows:
            _indicator_row(table, row)
    for i, chart in enumerate(area.charts):
        _chart(document, chart, first_figure + i)


def _appendix(document, report: Report) -> None:
    label, title = appendix_heading(report)
    heading = document.add_paragraph(style="Heading 1")
    heading.paragraph_format.page_break_before = True
    heading.add_run(label).font.all_caps = True
    if title:
        heading.add_run(f" — {title}")
    _paragraphs(document, report.appendix_intro)
    if not report.areas:
        document.add_paragraph(NO_AREAS)
    figure = 1
    for area in report.areas:
        _area(document, area, figure)
        figure += len(area.charts)


def _glossary(document, report: Report) -> None:
    if not report.glossary:
        return
    document.add_paragraph("Glossary", style="Heading 1")
    table = add_table(
        document, "Acronyms used in this report", ("Acronym", "Meaning"), GLOSSARY_COLUMNS
    )
    for entry in report.glossary:
        acronym, meaning = add_row(table, GLOSSARY_COLUMNS)
        acronym.paragraphs[0].add_run(entry.acronym).bold = True
        meaning.paragraphs[0].add_run(entry.meaning)


"""The earlier private names, still imported by the action plan's Word export."""


def render_docx(report: Report) -> bytes:
    """The report as .docx bytes, built on python-docx's default template."""
    document = Document()
    apply_styles(document)
    set_language(document)
    _page_setup(document)
    _header_footer(document, report)
    _properties(document, report)
    if report.marking:
        document.add_paragraph().add_run(report.marking).bold = True
    document.add_paragraph(report.title, style="Title")
    _cover(document, report)
    for item in report.items:
        _item(document, item)
    _forward_plan(document, report)
    _appendix(document, report)
    _glossary(document, report)
    if report.marking:
        closing = document.add_paragraph()
        closing.paragraph_format.space_before = Pt(18)
        closing.add_run(report.marking).bold = True
    if report.provenance:
        run = document.add_paragraph().add_run(report.provenance)
        run.font.size = Pt(9)
        run.font.color.rgb = SECONDARY
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue(), report)

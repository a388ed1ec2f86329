"""The plan as Excel (to edit and re-import) and as Word (for the board's papers).

The workbook keeps the progress spreadsheet's layout (heading row per priority, the six
columns, Indicators), with the latest update in Progress, so an exported plan can be edited and
imported again; the columns it adds (the indicators' RAG, the date of the latest update,
overdue) are ignored by the importer. Every text cell goes through
:func:`trustboard.web.exports.safe_cell`, since progress is typed by partners and the file is
opened by others: "=HYPERLINK(...)" must stay text.

The Word document follows the board report's conventions (its styles, British English, tables
with a caption and a header row repeated on every page, ratings as a shape and a word).
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from trustboard.ingest.plan import COLUMNS
from trustboard.reports.render_docx import (
    RAG_COLOURS,
    SECONDARY,
    add_row,
    add_table,
    apply_styles,
    set_language,
)
from trustboard.reports.render_html import rag_shape
from trustboard.web.exports import safe_cell, safe_row
from trustboard.web.plan.queries import ActionLine, AreaSection

TITLE = "Children and Young People's Plan: progress"
XLSX_EXTRA = ("Indicator RAG", "Latest update", "Update overdue")
XLSX_WIDTHS = (50, 30, 40, 25, 16, 60, 12, 40, 14, 12)
DOCX_HEADERS = (
    "Actions",
    "Responsible agencies",
    "How we will know this area of focus has improved",
    "Indicators (latest RAG)",
    "Children's Trust Board leads",
    "Reporting timetable",
    "Latest update",
)
LANDSCAPE_WIDTH, LANDSCAPE_HEIGHT, MARGIN = Mm(297), Mm(210), Mm(15)
DOCX_WIDTHS = (Mm(50), Mm(32), Mm(40), Mm(38), Mm(28), Mm(20), Mm(59))


def heading(section: AreaSection, title: str) -> str:
    """The plan's heading row: "BE SUCCESSFUL – Focus on ...", as the importer reads it."""
    area = section.area.name.upper()
    return area if title.lower() == section.area.name.lower() else f"{area} – {title}"


def _overdue_text(line: ActionLine) -> str:
    return f"Yes, due {line.due:%d/%m/%Y}" if line.overdue else "No"


def plan_xlsx(sections: list[AreaSection], today: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append(safe_row([f"{TITLE} at {today:%d/%m/%Y}"]))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    wrap = Alignment(wrap_text=True, vertical="top")
    headers = [*COLUMNS.values(), *XLSX_EXTRA]
    for section in sections:
        for block in section.priorities:
            sheet.append([])
            sheet.append(safe_row([heading(section, block.priority.title)]))
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
            sheet.append(safe_row(headers))
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
                cell.alignment = wrap
            for line in block.lines:
                action = line.action
                sheet.append(
                    [
                        safe_cell(action.text),
                        safe_cell(", ".join(line.responsible)),
                        safe_cell(action.measures),
                        safe_cell(action.board_leads),
                        safe_cell(action.timetable),
                        safe_cell(line.latest.text if line.latest else ""),
                        safe_cell(", ".join(r.indicator.code for r in line.rags)),
                        safe_cell("\n".join(r.label for r in line.rags)),
                        line.latest.date if line.latest else None,
                        safe_cell(_overdue_text(line)),
                    ]
                )
                for cell in sheet[sheet.max_row]:
                    cell.alignment = wrap
                sheet.cell(row=sheet.max_row, column=9).number_format = "DD/MM/YYYY"
                sheet.cell(row=sheet.max_row, column=7).number_format = "@"
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(cell, text: str, size: float | None = None) -> None:
    """Text into a table cell, a paragraph per line."""
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0].add_run(lines[0])
    if size:
        first.font.size = Pt(size)
    for extra in lines[1:]:
        run = cell.add_paragraph().add_run(extra)
        if size:
            run.font.size = Pt(size)


def plan_docx(sections: list[AreaSection], today: date, partnership: str = "") -> bytes:
    document = Document()
    apply_styles(document)
    set_language(document)
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = LANDSCAPE_WIDTH, LANDSCAPE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, side, MARGIN)
    document.core_properties.title = TITLE
    document.core_properties.language = "en-GB"
    document.add_paragraph(TITLE, style="Title")
    lead = f"As at {today:%d %B %Y}."
    if partnership:
        lead = f"{partnership}. {lead}"
    document.add_paragraph(
        lead + " Ratings are those of the framework's latest reporting period: ▲ Red, ◆ Amber, "
        "● Green, ○ not rated. An update is overdue when none is as recent as the action's "
        "reporting frequency."
    )
    if not sections:
        document.add_paragraph("The plan has no actions yet.")
    for section in sections:
        document.add_heading(section.area.name, level=1)
        for block in section.priorities:
            if block.priority.title.lower() != section.area.name.lower():
                document.add_heading(block.priority.title, level=2)
            table = add_table(
                document,
                f"{section.area.name}: {block.priority.title}",
                DOCX_HEADERS,
                DOCX_WIDTHS,
            )
            for line in block.lines:
                action = line.action
                cells = add_row(table, DOCX_WIDTHS)
                _text(cells[0], action.text, 9)
                _text(cells[1], ", ".join(line.responsible), 9)
                _text(cells[2], action.measures, 9)
                rags = cells[3].paragraphs[0]
                if not line.rags:
                    rags.add_run("None linked").font.size = Pt(9)
                for index, rated in enumerate(line.rags):
                    paragraph = rags if index == 0 else cells[3].add_paragraph()
                    run = paragraph.add_run(f"{rated.indicator.code} {rated.indicator.title}: ")
                    run.font.size = Pt(9)
                    run = paragraph.add_run(f"{rag_shape(rated.rag)} {rated.name}")
                    run.bold = True
                    run.font.size = Pt(9)
                    run.font.color.rgb = RAG_COLOURS.get(rated.rag, SECONDARY)
                _text(cells[4], action.board_leads, 9)
                _text(cells[5], action.timetable, 9)
                if line.latest:
                    stamp = (
                        cells[6]
                        .paragraphs[0]
                        .add_run(
                            f"{line.latest.date:%d/%m/%Y}"
                            + (" (update overdue)" if line.overdue else "")
                        )
                    )
                    stamp.bold = True
                    stamp.font.size = Pt(9)
                    for text in line.latest.text.split("\n"):
                        cells[6].add_paragraph().add_run(text).font.size = Pt(9)
                else:
                    _text(cells[6], "No update yet" + (" (overdue)" if line.overdue else ""), 9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

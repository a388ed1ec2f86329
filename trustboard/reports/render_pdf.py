"""The board report as a PDF, printed by WeasyPrint from the report's own HTML.

Printing the HTML rather than drawing a second layout keeps the PDF and the web download word
for word the same. What PDF needs beyond that comes from report.css's @page rules (A4, the
marking at the top of every page, "Page n of N" at the foot) and from the HTML head: the
<title> and <meta name="author"> become the PDF's title and author, and the h1-h3 headings
become its bookmarks (WeasyPrint's default bookmark-level for h1-h6), so a reader can jump to
any item or area of focus.

The PDF is tagged (structure for screen readers, the document language en-GB) because the
published version goes on the council's website, where the accessibility regulations apply.
"""

from __future__ import annotations

from trustboard.reports.model import Report
from trustboard.reports.render_html import render_html


def render_pdf(report: Report) -> bytes:
    """The report as A4 PDF bytes, with bookmarks, metadata and page numbers."""
    from weasyprint import HTML

    document = HTML(string=render_html(report)).render()
    return document.write_pdf(pdf_tags=True)

"""The PDF: the report's words, A4 pages numbered, bookmarks for every heading, metadata."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from trustboard.reports.render_pdf import render_pdf


@pytest.fixture(scope="module")
def pdf(report) -> PdfReader:
    data = render_pdf(report)
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


@pytest.fixture(scope="module")
def text(pdf) -> str:
    """All pages' text with line breaks and runs of spaces made single spaces."""
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def _outline(reader: PdfReader) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def walk(entries, depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title))

    walk(reader.outline, 0)
    return found


def test_words_of_the_report_are_in_the_pdf(report, text, expected):
    assert expected.title in text
    for area in report.areas:
        assert area.name in text
    assert expected.commentary in text
    assert "APPENDIX — What is being done in areas rated Red or Amber" in text
    assert "The data and information below are for Performance Report Quarter 3 2022/23." in text
    assert "▲ Red" in text and "◆ Amber" in text
    assert expected.provenance in text


def test_marking_is_on_every_page(pdf, expected):
    for page in pdf.pages:
        assert expected.marking in " ".join(page.extract_text().split())


def test_pages_are_a4_and_numbered(pdf):
    count = len(pdf.pages)
    assert count >= 2
    for number, page in enumerate(pdf.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        assert f"Page {number} of {count}" in page.extract_text()


def test_outline_lists_the_headings(report, pdf, expected):
    outline = _outline(pdf)
    assert outline[0] == (0, expected.title)
    sections = [title for depth, title in outline if depth == 1]
    assert sections[0] == "Report to Health and Wellbeing Board"
    assert "1. Performance for Early Help" in sections
    assert "4. Forward plan for the May 2023 meeting" in sections
    assert any(s.startswith("Appendix — What is being done") for s in sections)
    assert sections[-1] == "Glossary"
    assert [title for depth, title in outline if depth == 2] == [a.name for a in report.areas]


def test_metadata(pdf, expected):
    meta = pdf.metadata
    assert meta.title == expected.title
    assert meta.author == "Children's Trust Board Chair – Cllr Liz Brighthouse"


def test_tagged_in_british_english(pdf):
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]


def _structure(node, found: list) -> list:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        found.append(node)
        if "/K" in node:
            _structure(node["/K"], found)
    elif isinstance(node, list):
        for child in node:
            _structure(child, found)
    return found


def test_chart_figure_has_its_description_as_alt_text(report, pdf):
    elements = _structure(pdf.trailer["/Root"]["/StructTreeRoot"], [])
    alts = [e["/Alt"] for e in elements if e.get("/S") == "/Figure" and "/Alt" in e]
    assert alts == [c.description for a in report.areas for c in a.charts]
    assert [e for e in elements if e.get("/S") == "/H1"]


def test_public_version_carries_its_marking(public_report):
    reader = PdfReader(io.BytesIO(render_pdf(public_report)))
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Published version: small numbers suppressed" in first

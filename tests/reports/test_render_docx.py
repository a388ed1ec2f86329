"""The Word document: built-in styles for navigation, repeating table headers, alt text.

The last test opens the file in LibreOffice (headless, converting it to PDF): a document Word
or LibreOffice has to repair is one the board's officers cannot simply edit and re-send.
"""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
import time
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from trustboard.reports.model import IndicatorRow
from trustboard.reports.render_docx import render_docx


@pytest.fixture(scope="module")
def docx_bytes(report) -> bytes:
    return render_docx(report)


@pytest.fixture(scope="module")
def document(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def _styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_headings_use_built_in_styles(report, document, expected):
    assert _styled(document, "Title") == [expected.title]
    headings = _styled(document, "Heading 1")
    assert headings[0] == "Report to Health and Wellbeing Board"
    assert "1. Performance for Early Help" in headings
    assert "4. Forward plan for the May 2023 meeting" in headings
    assert any(h.startswith("Appendix — What is being done") for h in headings)
    assert headings[-1] == "Glossary"
    assert _styled(document, "Heading 2") == [a.name for a in report.areas]
    # No heading level is skipped: h1 → Title, h2 → Heading 1, h3 → Heading 2.
    assert _styled(document, "Heading 3") == []


def test_cover_lines(document):
    texts = [p.text for p in document.paragraphs]
    assert "Report from: Children's Trust Board Chair – Cllr Liz Brighthouse" in texts
    assert "Report Date: 3rd March 2023" in texts
    assert (
        "Dates of meetings held since the last report: 22nd February 2023 – Virtual meeting"
        in texts
    )
    assert any(t.startswith("Partnership: Working together") for t in texts)


def test_lists_use_list_styles(report, document):
    bullets = _styled(document, "List Bullet")
    for area in report.areas:
        for bullet in area.bullets:
            assert bullet in bullets
    for entry in report.forward_plan:
        assert entry in bullets
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == [r for i in report.items for r in i.recommendations]


def test_each_items_recommendations_start_at_one(document):
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    first, second = numbered[0], numbered[2]  # item 1's first, item 3's first
    ids = [p._p.pPr.numPr.numId.val for p in (first, second)]
    assert ids[0] != ids[1]
    numbering = document.part.numbering_part.element
    for num_id in ids:
        num = next(n for n in numbering.num_lst if n.numId == num_id)
        start = num.find(qn("w:lvlOverride")).find(qn("w:startOverride"))
        assert start.get(qn("w:val")) == "1"


def test_appendix_tables(report, document):
    tables = document.tables
    assert len(tables) == len(report.areas) + 1  # one per area, and the glossary
    for table, area in zip(tables, report.areas, strict=False):
        head = table.rows[0]
        assert [c.text for c in head.cells] == [
            "Indicator Number",
            "RAG",
            "What is being done to improve performance?",
        ]
        header_flag = head._tr.trPr.find(qn("w:tblHeader"))
        assert header_flag is not None and header_flag.get(qn("w:val")) == "true"
        assert len(table.rows) == 1 + len(area.rows)
        for row, indicator in zip(table.rows[1:], area.rows, strict=True):
            cells = [c.text for c in row.cells]
            assert cells[0].startswith(f"{indicator.code} {indicator.title}")
            assert cells[2] == indicator.commentary
    rag = [row.cells[1].text for table in tables[:2] for row in table.rows[1:]]
    assert rag == ["◆ Amber", "▲ Red", "◆ Amber"]


def test_a_table_listing_out_of_date_figures_says_so_in_its_caption(report):
    stale = IndicatorRow(
        "1.3a", "Mean wait for core CAMHS (days)", "N/A", "Not rated", "124 (Jul 2022)", "", ""
    )
    healthy, safe = report.areas
    safe = dataclasses.replace(safe, rows=(*safe.rows, stale))
    document = Document(io.BytesIO(render_docx(dataclasses.replace(report, areas=(healthy, safe)))))
    captions = [c for c in _styled(document, "Caption") if ": indicators" in c]
    assert captions == [
        "Be healthy: indicators rated Red or Amber",
        "Be safe: indicators rated Red or Amber, or with out-of-date figures",
    ]
    alt = document.tables[1]._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
    assert alt == captions[1]


def test_an_appendix_without_areas_says_nothing_is_rated_red_or_amber(report, document):
    bare = Document(io.BytesIO(render_docx(dataclasses.replace(report, areas=()))))
    texts = [p.text for p in bare.paragraphs]
    appendix = next(i for i, t in enumerate(texts) if t.startswith("Appendix"))
    assert "No indicator is rated red or amber in this period." in texts[appendix:]
    assert "No indicator is rated red or amber in this period." not in [
        p.text for p in document.paragraphs
    ]


FROZEN_AT = "2023-03-03T10:15:30+00:00"


def _an_hour_later(monkeypatch) -> None:
    """The clock an hour on: zip entries and anything else dated "now" would change."""
    real_localtime = time.localtime

    def later(secs: float | None = None) -> time.struct_time:
        return real_localtime((time.time() if secs is None else secs) + 3600)

    monkeypatch.setattr(time, "localtime", later)


def test_the_same_frozen_report_gives_the_same_bytes(report, monkeypatch):
    frozen = dataclasses.replace(report, extra={**report.extra, "frozen_at": FROZEN_AT})
    first = render_docx(frozen)
    _an_hour_later(monkeypatch)
    second = render_docx(frozen)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        entries = package.infolist()
    assert {e.date_time for e in entries} == {(2023, 3, 3, 10, 15, 30)}
    assert entries[0].filename == "[Content_Types].xml"  # the order python-docx wrote
    assert {e.compress_type for e in entries} == {zipfile.ZIP_DEFLATED}
    assert Document(io.BytesIO(second)).core_properties.title == frozen.title


def test_zip_entries_of_a_report_never_frozen_are_dated_1980(report):
    with zipfile.ZipFile(io.BytesIO(render_docx(report))) as package:
        assert {e.date_time for e in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_glossary_table(report, document):
    glossary = document.tables[-1]
    rows = [tuple(c.text for c in row.cells) for row in glossary.rows]
    assert rows[0] == ("Acronym", "Meaning")
    assert rows[1:] == [(g.acronym, g.meaning) for g in report.glossary]


def test_charts_are_pictures_with_alt_text(report, document):
    charts = [c for a in report.areas for c in a.charts]
    shapes = document.inline_shapes
    assert len(shapes) == len(charts) == 1
    doc_pr = shapes[0]._inline.docPr
    assert doc_pr.get("descr") == charts[0].description
    assert doc_pr.get("title") == charts[0].title
    assert f"Figure 1: {charts[0].title}" in _styled(document, "Caption")


def test_marking_in_header_and_footer(document, expected):
    section = document.sections[0]
    assert expected.marking in section.header.paragraphs[0].text
    footer = " ".join(p.text for p in section.footer.paragraphs)
    assert expected.marking in footer
    assert "Page" in footer
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == expected.marking and expected.marking in texts[-2:]
    assert texts[-1] == expected.provenance


def test_core_properties_and_page(document, expected):
    props = document.core_properties
    assert props.title == expected.title
    assert props.author == "Children's Trust Board Chair – Cllr Liz Brighthouse"
    assert props.language == "en-GB"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_public_version_marking(public_report):
    document = Document(io.BytesIO(render_docx(public_report)))
    header = document.sections[0].header.paragraphs[0].text
    assert header == "Published version: small numbers suppressed"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_opens_in_libreoffice(docx_bytes, tmp_path, expected):
    """LibreOffice converts the file without complaint, and the result has the title."""
    soffice = _soffice()
    if soffice is None:
        if os.environ.get("TRUSTBOARD_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("TRUSTBOARD_REQUIRE_LIBREOFFICE=1 but soffice/libreoffice is not on PATH")
        pytest.skip(
            "LibreOffice (soffice) is not on PATH; install libreoffice-writer-nogui to check "
            "that the .docx opens without repair"
        )
    source = tmp_path / "report.docx"
    source.write_bytes(docx_bytes)
    profile = tmp_path / "lo-profile"
    out = tmp_path / "out"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = out / "report.pdf"
    assert result.returncode == 0, result.stderr
    assert converted.exists(), f"no PDF; stdout: {result.stdout!r} stderr: {result.stderr!r}"
    reader = PdfReader(converted)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert expected.title in text
    assert expected.marking in text

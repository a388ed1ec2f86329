"""The HTML report: self-contained, headings in order, tables a screen reader can follow."""

from __future__ import annotations

import dataclasses
import itertools
import re
from html.parser import HTMLParser

import pytest

from trustboard.reports.model import IndicatorRow
from trustboard.reports.render_html import appendix_heading, render_html


class Outline(HTMLParser):
    """Collects what the checks need: headings, table headers, captions, figures, markings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.headings: list[tuple[str, str]] = []
        self.th: list[tuple[str | None, str]] = []
        self.captions: list[str] = []
        self.figcaptions: list[str] = []
        self.svgs_in_figures = 0
        self.rag_cells: list[str] = []
        self.markings: list[tuple[str, str]] = []
        self.html_lang: str | None = None
        self.external: list[str] = []
        self.scripts = 0
        self.text: list[tuple[tuple[str, ...], str]] = []
        self._buffers: list[list] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "script":
            self.scripts += 1
        for name in ("src", "href"):
            if attrs.get(name) and not attrs[name].startswith("#"):
                self.external.append(attrs[name])
        if tag == "svg" and any(t == "figure" for t, _ in self.stack):
            self.svgs_in_figures += 1
        if tag in {"br", "meta", "link", "img", "input", "hr"}:
            return
        self.stack.append((tag, attrs))
        self._buffers.append([])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in {"br", "meta", "link", "img", "input", "hr"}:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            return
        tag, attrs = self.stack.pop()
        text = " ".join("".join(self._buffers.pop()).split())
        if self._buffers:
            self._buffers[-1].append(text + " ")
        classes = attrs.get("class", "").split()
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((tag, text))
        elif tag == "th":
            self.th.append((attrs.get("scope"), text))
        elif tag == "caption":
            self.captions.append(text)
        elif tag == "figcaption":
            self.figcaptions.append(text)
        elif tag == "span" and "rag" in classes:
            self.rag_cells.append(text)
        elif tag == "p" and "marking" in classes:
            where = next((t for t, _ in reversed(self.stack) if t in {"header", "footer"}), "")
            self.markings.append((where, text))
        self.text.append(((*(t for t, _ in self.stack), tag), text))

    def handle_data(self, data):
        if self._buffers:
            self._buffers[-1].append(data)


@pytest.fixture(scope="module")
def html(report) -> str:
    return render_html(report)


@pytest.fixture(scope="module")
def outline(html) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


def test_is_a_self_contained_en_gb_document(html, outline, expected):
    assert html.startswith("<!DOCTYPE html>")
    assert outline.html_lang == "en-GB"
    assert outline.scripts == 0
    assert outline.external == []
    assert "@page" in html  # the print stylesheet is inline
    title = expected.title.replace("'", "&#x27;")
    assert f"<title>{title}</title>" in html


def test_headings_run_in_order(report, outline, expected):
    levels = [int(tag[1]) for tag, _ in outline.headings]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    h2 = [text for tag, text in outline.headings if tag == "h2"]
    assert h2 == [
        "Report to Health and Wellbeing Board",
        "1. Performance for Early Help",
        "2. Mock Inspection – findings and learning",
        "3. Special Educational Needs and Disabilities (SEND) Update & Ordinarily Available "
        "Toolkit",
        "4. Forward plan for the May 2023 meeting",
        "Appendix — What is being done in areas rated Red or Amber in the Performance Framework",
        "Glossary",
    ]
    assert [text for tag, text in outline.headings if tag == "h3"] == [a.name for a in report.areas]
    assert outline.headings[0] == ("h1", expected.title)


def test_cover_details_follow_the_board_reports(html):
    for text in (
        "Report from:",
        "Children&#x27;s Trust Board Chair – Cllr Liz Brighthouse",
        "Report Date:",
        "3rd March 2023",
        "Dates of meetings held since the last report:",
        "22nd February 2023 – Virtual meeting",
        "Partnership:",
        "Working together to help children, young people, and families to thrive.",
    ):
        assert text in html


def test_recommendations_are_an_ordered_list(report, html):
    first = re.search(r'<ol class="recommendations"[^>]*>(.*?)</ol>', html, re.S)
    assert first is not None
    items = re.findall(r"<li>(.*?)</li>", first.group(1))
    assert items == list(report.items[0].recommendations)


def test_tables_have_captions_and_scoped_headers(report, outline):
    assert outline.captions[:2] == [
        "Be healthy: indicators rated Red or Amber",
        "Be safe: indicators rated Red or Amber",
    ]
    cols = [text for scope, text in outline.th if scope == "col"]
    assert cols[:3] == ["Indicator Number", "RAG", "What is being done to improve performance?"]
    rows = [text for scope, text in outline.th if scope == "row"]
    assert any(r.startswith("1.1 Reduce the number of children we care for") for r in rows)
    assert all(scope in {"col", "row"} for scope, _ in outline.th)


OUT_OF_DATE = IndicatorRow(
    code="1.3a",
    title="Mean wait for core CAMHS (days)",
    rag="N/A",
    rag_name="Not rated",
    value="124 (Jul 2022)",
    target="None set",
    commentary="Data on mean wait for core CAMHS (days) has not been updated since July 2022.",
)


def with_out_of_date_row(report):
    """The report with an unrated, out-of-date row added to its second area's table."""
    healthy, safe = report.areas
    safe = dataclasses.replace(safe, rows=(*safe.rows, OUT_OF_DATE))
    return dataclasses.replace(report, areas=(healthy, safe))


def _captions(html: str) -> list[str]:
    parser = Outline()
    parser.feed(html)
    return parser.captions


def test_a_table_listing_out_of_date_figures_says_so_in_its_caption(report):
    assert _captions(render_html(with_out_of_date_row(report)))[:2] == [
        "Be healthy: indicators rated Red or Amber",
        "Be safe: indicators rated Red or Amber, or with out-of-date figures",
    ]


def test_rag_is_shape_and_word_not_colour_alone(outline):
    assert outline.rag_cells == ["◆ Amber", "▲ Red", "◆ Amber"]


def test_commentary_is_in_the_table(outline, expected):
    cells = [text for path, text in outline.text if path[-1] == "td" and "table" in path]
    assert any(cell.startswith(expected.commentary) for cell in cells)


def test_charts_are_inline_svg_in_figures(report, outline, html):
    charts = [c for a in report.areas for c in a.charts]
    assert outline.svgs_in_figures == len(charts) == 1
    assert outline.figcaptions == [f"Figure 1: {charts[0].title}"]
    assert 'role="img"' in html
    assert 'aria-label="Children we care for each month' in html


def test_acronyms_are_expanded_on_first_use_only(html, outline):
    body = html.split("<main>", 1)[1]
    assert body.count("Multi-Agency Safeguarding Hub (MASH)") == 1
    first = body.index("Multi-Agency Safeguarding Hub (MASH)")
    assert "MASH" not in body[:first]
    assert "Early Help Assessments (EHAs)" in body
    assert "Accident and Emergency (A&amp;E)" in body
    glossary = [text for path, text in outline.text if path[-1] == "th" and "tbody" in path]
    assert "MASH" in glossary and "A&E" in glossary


def test_marking_top_and_bottom_and_provenance_in_footer(outline, html, expected):
    assert outline.markings == [("header", expected.marking), ("footer", expected.marking)]
    footer = html.split("<footer>", 1)[1]
    assert expected.provenance in footer


def test_public_marking(public_report):
    html = render_html(public_report)
    assert html.count("Published version: small numbers suppressed") == 2
    assert "marking-public" in html


def test_text_is_escaped(report):
    hostile = dataclasses.replace(report, title="<script>alert(1)</script> & Co")
    html = render_html(hostile)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


def test_report_without_items_or_areas_still_renders(report):
    bare = dataclasses.replace(report, items=(), areas=(), forward_plan=(), glossary=())
    html = render_html(bare)
    assert "1. Forward plan for the May 2023 meeting" in html
    assert "<table" not in html


def test_an_appendix_without_areas_says_nothing_is_rated_red_or_amber(report, html):
    appendix = render_html(dataclasses.replace(report, areas=())).split('id="appendix"', 1)[1]
    assert "<p>No indicator is rated red or amber in this period.</p>" in appendix
    assert "No indicator is rated red or amber" not in html  # only when there is nothing


def test_the_published_version_has_its_own_title(report, public_report, expected):
    board = re.search(r"<title>(.*?)</title>", render_html(report))
    public = re.search(r"<title>(.*?)</title>", render_html(public_report))
    assert board is not None and public is not None
    title = expected.title.replace("'", "&#x27;")
    assert (board.group(1), public.group(1)) == (title, f"{title} (published version)")
    assert "<h1>" + title + "</h1>" in render_html(public_report)  # the page itself is the same


def test_cover_heading_does_not_repeat_the_title(report):
    titled = dataclasses.replace(report, title="Report to Health and Wellbeing Board")
    parser = Outline()
    parser.feed(render_html(titled))
    assert parser.headings[:2] == [
        ("h1", "Report to Health and Wellbeing Board"),
        ("h2", "Report details"),
    ]


@pytest.mark.parametrize(
    ("title", "label", "rest"),
    [
        ("What is being done", "Appendix", "What is being done"),
        ("Appendix — What is being done", "Appendix", "What is being done"),
        ("APPENDIX B: What is being done", "Appendix B", "What is being done"),
        ("Appendix What is being done", "Appendix", "What is being done"),
        ("Appendices", "Appendix", "Appendices"),
    ],
)
def test_appendix_heading_is_not_doubled(report, title, label, rest):
    assert appendix_heading(dataclasses.replace(report, appendix_title=title)) == (label, rest)

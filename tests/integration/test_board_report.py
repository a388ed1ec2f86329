"""The board report: commentary workflow, report details, freezing, downloads, the public
version. Files are opened and read back, as a reader would."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from tests.conftest import FIXTURES
from trustboard.core import periods
from trustboard.web.performance import report_services as reports
from trustboard.web.performance.models import Commentary, Indicator, ReportSnapshot

pytestmark = pytest.mark.django_db

Q3 = periods.parse("Q3 2022/23")
SLUG = "q3-2022-23"


@pytest.fixture
def owner(db):
    from tests.conftest import _user

    return _user("an.owner", "owner")


@pytest.fixture
def as_owner(owner):
    from tests.conftest import _client_for

    return _client_for(owner)


@pytest.fixture
def figures(import_file):
    import_file("observations.csv", (FIXTURES / "observations.csv").read_bytes())


def test_commentary_is_requested_drafted_submitted_and_approved_with_every_step_kept(
    as_analyst, as_owner, analyst, figures
):
    response = as_analyst.post(
        reverse("report_workspace", args=[SLUG]),
        {"action": "request_commentary", "message": "Due Friday"},
    )
    assert response.status_code == 302
    listing = as_owner.get(reverse("commentary")).content.decode()
    assert "1.1 Children we care for" in listing  # red in Q3 2022/23
    page = reverse("commentary_edit", args=[SLUG, "1.1"])
    as_owner.post(page, {"action": "save", "text": "Draft: placements panel reviewing."})
    as_owner.post(page, {"action": "submit", "text": "Placements panel reviews every case."})
    refused = as_owner.post(page, {"action": "approve", "text": "x", "note": ""})
    assert refused.status_code == 400  # an owner cannot approve
    returned = as_analyst.post(page, {"action": "return", "text": "x", "note": ""})
    assert "Say what needs changing" in returned.content.decode()
    as_analyst.post(
        page, {"action": "approve", "text": "Placements panel reviews every case.", "note": ""}
    )
    steps = list(
        Commentary.objects.filter(indicator__code="1.1")
        .order_by("at", "id")
        .values_list("status", flat=True)
    )
    assert steps == ["draft", "submitted", "approved"]
    again = as_owner.post(page, {"action": "save", "text": "Changed after approval"})
    assert "is approved" in again.content.decode()


def test_last_quarters_approved_commentary_is_the_starting_point(analyst, figures):
    indicator = Indicator.objects.get(code="1.1")
    reports.request_commentary(period=Q3, actor=analyst)
    reports.save_commentary(
        indicator=indicator, period=Q3, text="Q3 words", actor=analyst, submit=True
    )
    reports.review_commentary(indicator=indicator, period=Q3, actor=analyst, approve=True)
    assert reports.starting_point(indicator, periods.parse("Q4 2022/23")) == "Q3 words"


def test_a_frozen_report_is_the_same_after_figures_are_restated(
    as_analyst, analyst, figures, import_file, tmp_path
):
    reports.save_details(
        period=Q3,
        actor=analyst,
        report_to="Health and Wellbeing Board",
        meetings="22 February 2023",
        summary="",
        forward_plan="SEND update",
    )
    reports.save_item(
        period=Q3,
        actor=analyst,
        title="Performance for Early Help",
        body="EHAs are rising.",
        recommendations="HWBB note the report",
    )
    snapshot = reports.freeze_report(period=Q3, actor=analyst)
    first = as_analyst.get(reverse("report_download", args=[snapshot.pk, "board", "html"]))
    assert first.status_code == 200
    html = first.content.decode()
    assert "803" in html and "Performance for Early Help" in html
    assert "Early Help Assessments (EHAs)" in html  # acronym expanded on first use
    import_file("restated.csv", "indicator,period,value\n1.1,Dec 2022,811\n")
    again = as_analyst.get(reverse("report_download", args=[snapshot.pk, "board", "html"]))
    assert again.content == first.content
    assert "811" not in again.content.decode()


def test_the_public_version_suppresses_small_numbers_and_the_board_version_says_so(
    as_analyst, analyst, figures, import_file
):
    rows, month = ["indicator,period,value"], periods.month(2021, 10)
    for _ in range(12):  # three early help assessments a month: red against 5,000 a year
        rows.append(f"1.4,{month.label},3")
        month = month.next()
    import_file("eha.csv", "\n".join(rows) + "\n")
    snapshot = reports.freeze_report(period=periods.parse("Q2 2022/23"), actor=analyst)
    board = as_analyst.get(reverse("report_download", args=[snapshot.pk, "board", "html"]))
    public = as_analyst.get(reverse("report_download", args=[snapshot.pk, "public", "html"]))
    assert "Not for publication" in board.content.decode()
    assert "3 (Sep 2022)" in board.content.decode()
    text = public.content.decode()
    assert "&lt;5 (Sep 2022)" in text or "<5 (Sep 2022)" in text
    assert "3 (Sep 2022)" not in text


def test_downloads_check_roles_and_publication(
    as_analyst, as_board_member, as_anonymous, as_owner, analyst, figures
):
    snapshot = reports.freeze_report(period=Q3, actor=analyst)
    board_pdf = reverse("report_download", args=[snapshot.pk, "board", "pdf"])
    public_pdf = reverse("report_download", args=[snapshot.pk, "public", "pdf"])
    assert as_board_member.get(board_pdf).status_code == 200
    assert as_owner.get(board_pdf).status_code == 403
    assert as_anonymous.get(board_pdf).status_code == 302
    assert as_anonymous.get(public_pdf).status_code == 302  # not published yet
    as_analyst.post(
        reverse("report_workspace", args=[SLUG]), {"action": "publish", "snapshot": snapshot.pk}
    )
    assert ReportSnapshot.objects.get().published
    opened = as_anonymous.get(public_pdf)
    assert opened.status_code == 200 and opened.content.startswith(b"%PDF")
    assert "Q3 2022/23" in as_anonymous.get(reverse("published")).content.decode()


def test_the_word_and_pdf_downloads_open_and_read_back(as_analyst, analyst, figures):
    import docx
    import pypdf

    snapshot = reports.freeze_report(period=Q3, actor=analyst)
    word = as_analyst.get(reverse("report_download", args=[snapshot.pk, "board", "docx"]))
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "What is being done in areas rated Red or Amber" in text
    assert any(p.style.name.startswith("Heading") for p in document.paragraphs)
    pdf = as_analyst.get(reverse("report_download", args=[snapshot.pk, "board", "pdf"]))
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    assert "Children we care for" in "".join(page.extract_text() for page in reader.pages)


def test_the_analyst_edits_and_drops_drafted_sentences(as_analyst, figures):
    page = reverse("report_workspace", args=[SLUG])
    html = as_analyst.get(page).content.decode()
    assert 'name="key"' in html  # at least one drafted sentence for red 1.1
    key = html.split('name="key" value="')[1].split('"')[0]
    as_analyst.post(
        page,
        {
            "action": "edit_sentence",
            "code": "1.1",
            "key": key,
            "text": "Our own words about children we care for.",
        },
    )
    snapshot = reports.freeze_report(period=Q3, actor=None)
    assert "Our own words about children we care for." in str(snapshot.board)
    as_analyst.post(page, {"action": "drop_sentence", "code": "1.1", "key": key, "text": ""})
    snapshot = reports.freeze_report(period=Q3, actor=None)
    assert "Our own words" not in str(snapshot.board)


@pytest.mark.parametrize(
    "client_name,status",
    [
        ("as_analyst", 200),
        ("as_board_member", 403),
        ("as_owner", 403),
        ("as_anonymous", 302),
    ],
)
def test_only_analysts_prepare_the_report(request, figures, client_name, status):
    client = request.getfixturevalue(client_name)
    assert client.get(reverse("report_workspace", args=[SLUG])).status_code == status

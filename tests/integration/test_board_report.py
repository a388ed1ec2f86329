"""The board report: commentary workflow, report details, freezing, downloads, the public
version. Files are opened and read back, as a reader would."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from tests.conftest import FIXTURES
from trustboard.core import periods
from trustboard.web.framework.models import Indicator
from trustboard.web.reports import services as reports
from trustboard.web.reports.models import Commentary, ReportSnapshot

pytestmark = pytest.mark.django_db

Q3 = periods.parse("Q3 2022/23")
SLUG = "q3_2022-23"


@pytest.fixture
def owner(db):
    from tests.conftest import _user

    return _user("an.owner", "owner")


@pytest.fixture
def as_owner(owner):
    from tests.conftest import _client_for

    return _client_for(owner)


def three_a_month(import_file, month: periods.Period, months: int) -> None:
    """Three early help assessments a month: red against 5,000 a year, and a small count."""
    rows = ["indicator,period,value"]
    for _ in range(months):
        rows.append(f"1.4,{month.label},3")
        month = month.next()
    import_file("eha.csv", "\n".join(rows) + "\n")


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
    assert response.status_code == 302, response.content.decode().split("<main")[1][:800]
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
    three_a_month(import_file, periods.month(2021, 10), 12)
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


def test_written_text_is_suppressed_in_the_public_version_and_checked_before_publishing(
    as_analyst, analyst, figures
):
    reports.save_details(
        period=Q3,
        actor=analyst,
        summary="Three children were placed.",
        forward_plan="Review the 2 looked-after children in Term 4",
    )
    reports.save_item(
        period=Q3,
        actor=analyst,
        title="4 YP missing education",
        body="Of the 40 referred, 3 families declined help.",
        recommendations="Note that 1 in 3 schools replied",
    )
    snapshot = reports.freeze_report(period=Q3, actor=analyst)
    public = str(snapshot.public)
    for leaked in ["Three children", "2 looked-after", "4 Young People", "3 families"]:
        assert leaked not in public, leaked
    assert "<5 children were placed" in public or "<5 were placed" in public
    assert "3 families" in str(snapshot.board)  # the board version is unchanged
    page = reverse("report_workspace", args=[SLUG])
    refused = as_analyst.post(page, {"action": "publish", "snapshot": snapshot.pk}, follow=True)
    assert "small number(s) in the written text" in refused.content.decode()
    assert not ReportSnapshot.objects.get(pk=snapshot.pk).published
    as_analyst.post(page, {"action": "publish", "snapshot": snapshot.pk, "confirmed": "yes"})
    assert ReportSnapshot.objects.get(pk=snapshot.pk).published
    newer = reports.freeze_report(period=Q3, actor=analyst)
    as_analyst.post(page, {"action": "publish", "snapshot": newer.pk, "confirmed": "yes"})
    published = ReportSnapshot.objects.filter(published=True)
    assert list(published) == [newer]  # one published version per period


def test_a_withheld_figure_takes_its_target_rating_sentences_and_chart_with_it(
    analyst, figures, import_file
):
    """Beside a target and a rating, "<5" could be worked out again."""
    three_a_month(import_file, periods.month(2020, 10), 24)
    snapshot = reports.freeze_report(period=periods.parse("Q2 2022/23"), actor=analyst)
    board_area = next(a for a in snapshot.board["areas"] for r in a["rows"] if r["code"] == "1.4")
    public_area = next(a for a in snapshot.public["areas"] for r in a["rows"] if r["code"] == "1.4")
    row = next(r for r in public_area["rows"] if r["code"] == "1.4")
    assert (row["value"], row["target"], row["rag_name"]) == (
        "<5 (Sep 2022)",
        "Withheld",
        "Withheld",
    )
    assert not any("early help" in b.lower() for b in public_area["bullets"])
    assert any("early help" in b.lower() for b in board_area["bullets"])
    assert not any("1.4" in c["title"] for c in public_area["charts"])


def test_a_frozen_download_is_the_same_file_every_time(as_analyst, analyst, figures):
    snapshot = reports.freeze_report(period=Q3, actor=analyst)
    for fmt in ("html", "pdf", "docx"):
        url = reverse("report_download", args=[snapshot.pk, "board", fmt])
        assert as_analyst.get(url).content == as_analyst.get(url).content, fmt


def test_a_period_that_has_not_started_cannot_be_frozen(as_analyst):
    response = as_analyst.post(
        reverse("report_workspace", args=["q3_2090-91"]), {"action": "freeze"}, follow=True
    )
    assert "has not started yet" in response.content.decode()
    assert ReportSnapshot.objects.count() == 0


def test_a_hand_edited_form_is_not_found_rather_than_a_server_error(as_analyst, figures):
    page = reverse("report_workspace", args=[SLUG])
    assert as_analyst.post(page, {"action": "publish", "snapshot": "abc"}).status_code == 404
    assert as_analyst.post(page, {"action": "delete_item", "item": "abc"}).status_code == 404
    bad = as_analyst.post(
        page, {"action": "edit_sentence", "code": "9.9", "key": "x" * 80}, follow=True
    )
    assert "No drafted sentence" in bad.content.decode()


def test_a_saved_report_date_shows_in_the_date_box(as_analyst, analyst, figures):
    """A browser's date box only reads ISO dates; a British-format value shows as empty."""
    import datetime

    reports.save_details(period=Q3, actor=analyst, report_date=datetime.date(2023, 3, 3))
    html = as_analyst.get(reverse("report_workspace", args=[SLUG])).content.decode()
    assert 'type="date" name="report_date" value="2023-03-03"' in html

"""The dashboard pages, as each role sees them."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import FIXTURES
from trustboard.web.framework.models import Observation

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("overview"),
    reverse("indicator", args=["1.1"]),
    reverse("indicator", args=["3.5"]),
    reverse("imports"),
]


@pytest.fixture
def figures(import_file):
    return import_file("observations.csv", (FIXTURES / "observations.csv").read_bytes())


@pytest.mark.parametrize("url", PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(as_anonymous, framework, url):
    response = as_anonymous.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_login_page_is_open_to_everyone(as_anonymous):
    response = as_anonymous.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


@pytest.mark.parametrize("url", PAGES)
def test_an_analyst_sees_every_page(as_analyst, figures, url):
    assert as_analyst.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES[:3])
def test_a_board_member_reads_the_dashboard(as_board_member, figures, url):
    assert as_board_member.get(url).status_code == 200


def test_a_board_member_cannot_import_figures(as_board_member, framework):
    assert as_board_member.get(reverse("imports")).status_code == 403
    response = as_board_member.post(reverse("imports"), {})
    assert response.status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_a_user_without_a_role_sees_nothing(as_user_without_role, framework, url):
    assert as_user_without_role.get(url).status_code == 403


def test_the_overview_counts_ratings_by_area_and_shows_a_tile_per_indicator(as_analyst, figures):
    page = as_analyst.get(reverse("overview")).content.decode()
    assert "Performance framework: Q4 2023/24" in page
    for title in [
        "Children we care for",
        "Early help assessments",
        "Mean wait for core CAMHS (days)",
        "Taxi drivers",
    ]:
        assert title in page
    # Every figure in the small framework is old by Q4 2023/24, so all four are N/A, with why.
    assert "stale: latest figure is for Jul 2022" in page.replace("Stale", "stale")


def test_the_overview_can_be_seen_as_at_an_earlier_quarter(as_analyst, figures):
    page = as_analyst.get(reverse("overview"), {"as_at": "Q3 2022/23"}).content.decode()
    assert "Performance framework: Q3 2022/23" in page
    # Children we care for: 803 in Dec 2022 against 750 is more than 5% over: red, by text.
    tile = page.split("Children we care for")[1].split("</li>")[0]
    assert "Red" in tile and "803" in tile and "750" in tile


def test_a_bad_as_at_period_is_explained_not_a_crash(as_analyst, figures):
    response = as_analyst.get(reverse("overview"), {"as_at": "Smarch"})
    assert response.status_code == 200
    assert "is not a period" in response.content.decode()


def test_the_indicator_page_has_chart_comparisons_definition_and_history(
    as_analyst, figures, import_file
):
    import_file("restated.csv", "indicator,period,value\n1.1,Mar 2023,774\n")
    page = as_analyst.get(reverse("indicator", args=["1.1"]), {"as_at": "Q4 2022/23"})
    html = page.content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "Same period last year" in html
    assert "Rolling 12 months against the previous 12" in html
    assert "Amber" in html  # 774 against 750 is within 5%
    assert "Lower is better" in html
    assert "750 for 2022/23" in html
    # Both vintages of March 2023 are listed, the first marked superseded.
    history = html.split('id="history-heading"')[1]
    assert "770" in history and "774" in history and "superseded" in history


def test_the_indicator_page_shows_the_breakdown_as_a_table_and_a_chart(as_analyst, figures):
    html = as_analyst.get(reverse("indicator", args=["3.5"])).content.decode()
    section = html.split('id="breakdown-heading"')[1]
    for district in ["City", "Cherwell", "West", "South &amp; Vale"]:
        assert district in section
    assert "72.0%" in section and "96.0%" in section
    assert "<svg" in section


def test_an_unknown_indicator_is_not_found(as_analyst, framework):
    assert as_analyst.get(reverse("indicator", args=["9.99"])).status_code == 404


def test_an_analyst_uploads_a_file_and_sees_the_summary(as_analyst, framework):
    with open(FIXTURES / "observations.csv", "rb") as handle:
        response = as_analyst.post(reverse("imports"), {"file": handle})
    assert response.status_code == 200
    assert "8 new" in response.content.decode()
    assert Observation.objects.count() == 8


def test_an_upload_with_bad_rows_lists_them_and_loads_nothing(as_analyst, framework):
    with open(FIXTURES / "bad_observations.csv", "rb") as handle:
        response = as_analyst.post(reverse("imports"), {"file": handle})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported: 8 problems found" in html
    assert "Smarch 2023" in html
    assert Observation.objects.count() == 0


def test_an_upload_of_the_wrong_type_is_refused_before_reading(as_analyst, framework):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("report.docx", b"PK\x03\x04")
    response = as_analyst.post(reverse("imports"), {"file": upload})
    assert response.status_code == 400
    assert "is not a .csv, .xlsx, .parquet or .xml file" in response.content.decode()


def test_a_flow_with_a_yearly_target_is_charted_as_its_rolling_12_months(as_analyst, import_file):
    """A month of assessments beside a 5,000-a-year target would say nothing to the board."""
    from trustboard.core import periods

    rows = ["indicator,period,value"]
    month = periods.month(2022, 4)
    for _ in range(24):
        rows.append(f"1.4,{month.label},400")
        month = month.next()
    import_file("eha.csv", "\n".join(rows) + "\n")
    html = as_analyst.get(reverse("indicator", args=["1.4"])).content.decode()
    over_time = html.split('id="chart-heading"')[1].split("</section>")[0]
    assert over_time.count('role="img"') == 2
    assert "rolling 12 months against target" in html
    assert "Rolling 12 months" in html  # the legend names the line
    # Rated on the rolling 12 months: 4,800 against 7,500 for 2023/24.
    assert "4,800 (rolling 12 months to Mar 2024)" in html


ROLE_MATRIX = {
    # client fixture: (overview and indicator pages, import page)
    "as_analyst": (200, 200),
    "as_board_member": (200, 403),
    # Contributors will see their own agency's returns; the dashboard shows every agency's.
    "as_health_contributor": (403, 403),
    "as_user_without_role": (403, 403),
    "as_anonymous": (302, 302),
}


@pytest.mark.parametrize("client_name", ROLE_MATRIX)
def test_every_role_against_every_page(request, figures, client_name):
    """One table of who may see what, checked against every page (DESIGN.md, permissions)."""
    client = request.getfixturevalue(client_name)
    reading, importing = ROLE_MATRIX[client_name]
    for url in PAGES[:3]:
        assert client.get(url).status_code == reading, (client_name, url)
    assert client.get(reverse("imports")).status_code == importing, client_name
    with open(FIXTURES / "observations.csv", "rb") as handle:
        posted = client.post(reverse("imports"), {"file": handle})
    assert posted.status_code == importing, client_name
    assert Observation.objects.filter(batch__file_name="observations.csv").count() == 8


def test_the_import_template_lists_every_indicator_and_imports_once_filled(
    as_analyst, as_board_member, figures
):
    assert as_board_member.get(reverse("import_template")).status_code == 403
    response = as_analyst.get(reverse("import_template"))
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "indicator,period,value,breakdown,numerator,denominator,status"
    assert {line.split(",")[0] for line in lines[1:]} == {"1.1", "1.4", "1.3a", "3.5", "4.16"}
    filled = "\n".join([lines[0]] + [line.replace(",,", ",5,", 1) for line in lines[1:]])
    upload = SimpleUploadedFile("filled.csv", filled.encode())
    result = as_analyst.post(reverse("imports"), {"file": upload})
    assert result.status_code == 200, result.content.decode()


def test_the_overview_counts_each_rating(as_analyst, figures):
    """As at Q3 2022/23: 1.1 (803 against 750) and 3.5 (75% against 90%) are red; 1.3a is
    stale and 1.4 has no data, so N/A; the counts add up to every indicator."""
    page = as_analyst.get(reverse("overview"), {"as_at": "Q3 2022/23"}).content.decode()
    summary = page.split('id="summary-heading"')[1].split("</section>")[0]
    counts = {
        name: re.search(rf"{re.escape(name)}</span>\s*<strong>(\d+)</strong>", summary)[1]
        for name in ["Red", "Amber", "Green", "N/A"]
    }
    assert counts == {"Red": "2", "Amber": "0", "Green": "0", "N/A": "3"}

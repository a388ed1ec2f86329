"""The early help page: who may see it, and the figures it shows from the measures' rows.

The figures are MeasureFigure rows made by hand in ``early_help_figures``, shaped as ``trustboard
compute`` writes them (monthly counts by agency, the pilot flag, rolling 12-month ratios and NFA
shares), so each number on the page can be traced to a row there.
"""

from __future__ import annotations

import html as html_lib
import itertools
import re

import pytest
from django.urls import reverse

from tests.integration.early_help_figures import eha_observations_csv, make_early_help_figures
from trustboard.web.framework.models import Partnership

pytestmark = pytest.mark.django_db

PAGE = reverse("early_help")


@pytest.fixture
def measure_figures(framework, import_file):
    """Two years of early help figures to Jan 2023; the partnership is as at Q3 2022/23."""
    Partnership.objects.update(reporting_period="Q3 2022/23")
    rows = make_early_help_figures()
    import_file("eha.csv", eha_observations_csv())
    return rows


def text_of(fragment: str) -> str:
    """What a reader sees: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def row(fragment: str, name: str) -> list[str]:
    """The cells after the row header ``name`` in the first row that has it."""
    match = re.search(
        rf'<th scope="row">{re.escape(html_lib.escape(name))}</th>(.*?)</tr>', fragment, re.S
    )
    assert match, f"no row {name!r}"
    return [text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


def page_of(client, **params) -> str:
    response = client.get(PAGE, params)
    assert response.status_code == 200
    return response.content.decode()


# -- who may see it ---------------------------------------------------------------------------
def test_an_anonymous_visitor_is_sent_to_the_login_page(as_anonymous, framework):
    response = as_anonymous.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_analyst_and_a_board_member_read_the_page(as_analyst, as_board_member, measure_figures):
    assert as_analyst.get(PAGE).status_code == 200
    assert as_board_member.get(PAGE).status_code == 200


def test_a_contributor_and_a_user_without_a_role_are_refused(
    as_health_contributor, as_user_without_role, measure_figures
):
    assert as_health_contributor.get(PAGE).status_code == 403
    assert as_user_without_role.get(PAGE).status_code == 403


def test_the_site_navigation_links_to_the_page_next_to_the_overview(as_board_member, framework):
    page = page_of(as_board_member)
    nav = page.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)
    assert links[:2] == [("/", "Overview"), (PAGE, "Early help")]


# -- empty ------------------------------------------------------------------------------------
def test_with_no_measure_figures_the_page_says_how_to_compute_them(as_analyst, framework):
    page = text_of(page_of(as_analyst))
    assert "No early help figures yet" in page
    assert "trustboard compute" in page and "trustboard import FILE" in page


def test_with_no_framework_and_no_figures_the_page_still_explains(as_analyst):
    page = text_of(page_of(as_analyst))
    assert "No early help figures yet" in page


# -- assessments by agency --------------------------------------------------------------------
def test_the_pilot_is_taken_out_of_health_and_shown_as_its_own_segment(as_analyst, measure_figures):
    html = page_of(as_analyst)
    part = section(html, "agency-heading")
    header = re.search(r"<thead>(.*?)</thead>", part, re.S).group(1)
    assert re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', header) == [
        "Month",
        "Education",
        "County Council",
        "Health",
        "Health visitor pilot",
        "Police",
        "Other",
        "Total",
    ]
    # Health's 40 a month is 25 of its own and 15 of the pilot's from October 2022.
    assert row(part, "Dec 2022") == ["30", "150", "25", "15", "2", "3", "225"]
    assert row(part, "Sep 2022") == ["30", "150", "40", "0", "2", "3", "225"]
    assert "white part of each bar" in text_of(part)
    assert 'role="img"' in part and "white segment above Health" in part


def test_the_months_are_the_last_24_up_to_the_reporting_period(as_analyst, measure_figures):
    part = section(page_of(as_analyst), "agency-heading")
    assert "Jan 2021 to Dec 2022" in text_of(part)
    assert '<th scope="row">Jan 2023</th>' not in part and "999" not in text_of(part)
    later = section(page_of(as_analyst, as_at="Q4 2022/23"), "agency-heading")
    assert "Feb 2021 to Jan 2023" in text_of(later)
    assert row(later, "Jan 2023")[0] == "999"


# -- agency ratios ----------------------------------------------------------------------------
def test_the_ratio_reads_the_way_round_the_report_prints_it(as_analyst, measure_figures):
    part = section(page_of(as_analyst), "ratio-heading")
    assert "12 months Jan 2022 to Dec 2022" in text_of(part)
    # County Council completes more S&Ns than it makes contacts; Education the other way round.
    assert row(part, "County Council")[:3] == ["1.8 S&Ns per MASH contact", "1,000", "1,800"]
    assert row(part, "Education")[:3] == ["3.7 MASH contacts per S&N", "1,332", "360"]
    assert row(part, "Police")[0] == "75 MASH contacts per S&N"
    assert row(part, "Other")[0] == "55 MASH contacts per S&N"


def test_health_is_shown_without_the_pilot_and_with_it(as_analyst, measure_figures):
    part = section(page_of(as_analyst), "ratio-heading")
    names = re.findall(r'<th scope="row">([^<]+)</th>', part)
    assert names == [
        "Education",
        "County Council",
        "Health",
        "Health with pilot",
        "Police",
        "Other",
        "All agencies",
    ]
    assert row(part, "Health")[:3] == ["4.1 MASH contacts per S&N", "1,000", "244"]
    assert row(part, "Health with pilot")[:3] == ["2.5 MASH contacts per S&N", "1,000", "400"]


def test_the_ratio_a_year_earlier_is_put_the_same_way_round_with_the_change(
    as_analyst, measure_figures
):
    part = section(page_of(as_analyst), "ratio-heading")
    assert "A year earlier: Jan 2021 to Dec 2021" in text_of(part)
    assert row(part, "County Council")[3:] == [
        "1.3 S&Ns per MASH contact",
        "900",
        "1,200",
        "↑ More S&Ns per contact (better)",
    ]
    assert row(part, "Education")[3:] == [
        "4.0 MASH contacts per S&N",
        "1,400",
        "350",
        "↓ Fewer contacts per S&N (better)",
    ]
    assert row(part, "Health")[-1] == "↑ More contacts per S&N (worse)"
    assert row(part, "Health with pilot")[-1] == "↓ Fewer contacts per S&N (better)"
    # No S&Ns from the police a year earlier: said so, and no change is claimed.
    assert row(part, "Police")[3:] == ["No S&Ns", "1,400", "0", "Not available"]


def test_the_ratios_follow_the_reporting_period(as_analyst, measure_figures):
    part = section(page_of(as_analyst, as_at="Q4 2022/23"), "ratio-heading")
    assert "12 months Feb 2022 to Jan 2023" in text_of(part)
    assert row(part, "County Council")[:4] == [
        "2.0 S&Ns per MASH contact",
        "1,000",
        "2,000",
        "No figures",
    ]


# -- no further action ------------------------------------------------------------------------
def test_nfa_shares_overall_and_by_source_agency(as_analyst, measure_figures):
    part = section(page_of(as_analyst), "nfa-heading")
    text = text_of(part)
    assert (
        "62% of MASH contacts in the 12 months to Dec 2022 ended in no further action: by source "
        "agency, from 45% of contacts from Health to 80% from Police." in text
    )
    assert row(part, "All agencies") == ["62.0%", "3,100", "5,000", "60.0%"]
    assert row(part, "County Council") == ["57.0%", "570", "1,000", "55.0%"]
    assert row(part, "Police") == ["80.0%", "800", "1,000", "–"]
    assert part.count('role="img"') == 2  # the bar chart by agency and the monthly line
    assert row(part, "Dec 2022") == ["62.0%", "248", "400"]  # 240 + 4 x (12 mod 5)


# -- targets ----------------------------------------------------------------------------------
def test_the_years_against_the_targets_with_the_indicator_pages_projection(
    as_analyst, measure_figures
):
    part = section(page_of(as_analyst), "target-heading")
    text = text_of(part)
    sentence = (
        "Projecting 3,600 for the year (range 3,510 to 3,690), 28% below the target of 5,000."
    )
    assert f"2022/23: {sentence}" in text
    assert (
        "The target for 2023/24 is 7,500: 108% more than the 3,600 projected for 2022/23." in text
    )
    assert row(part, "2021/22") == ["3,000", "12 of 12", "–", "–", "–", "No target"]
    assert row(part, "2022/23") == [
        "2,700 so far",
        "9 of 12",
        "3,600",
        "3,510 to 3,690",
        "5,000",
        "28% below (projected)",
    ]
    assert row(part, "2023/24") == ["–", "None yet", "–", "–", "7,500", "Not yet known"]
    indicator = as_analyst.get(reverse("indicator", args=["1.4"]), {"as_at": "Q3 2022/23"})
    assert sentence in indicator.content.decode()


def test_headings_run_in_order_and_every_table_has_a_caption(as_analyst, measure_figures):
    html = page_of(as_analyst)
    main = html.split('<main id="main"', 1)[1]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    tables = re.findall(r"<table.*?</table>", main, re.S)
    assert len(tables) == 5
    for table in tables:
        assert "<caption" in table
        assert '<th scope="col"' in table or '<th scope="colgroup"' in table

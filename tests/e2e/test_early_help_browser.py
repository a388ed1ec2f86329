"""The early help page in a real Chromium: an analyst reaches it by keyboard, axe finds no
serious or critical problems, and the agency ratio table can be reached and read.

The browser, the live server with the small framework and the named users are the dashboard
tests' own fixtures, imported so both files start Chromium the same way.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_dashboard_browser import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    dashboard,
    page,
    sign_in,
)
from tests.integration.early_help_figures import make_early_help_figures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RATIO_CAPTION = "Agency ratios, 12 months Jan 2022 to Dec 2022"


@pytest.fixture
def early_help(dashboard):  # noqa: F811
    make_early_help_figures()
    return dashboard


def test_an_analyst_reads_the_early_help_page_by_keyboard(early_help, page):  # noqa: F811
    sign_in(page, early_help, "an.analyst")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Early help", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/early-help/**")
    page.get_by_label("Reporting period").fill("Q3 2022/23")
    page.get_by_label("Reporting period").press("Enter")
    page.wait_for_url("**as_at=Q3*")
    assert page.get_by_role("heading", level=1).inner_text() == "Early help: Q3 2022/23"
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings == [
        "Assessments by agency",
        "MASH contacts and assessments: agency ratios",
        "MASH contacts ending in no further action",
        "Assessments against the targets",
    ]
    assert page.locator("figure.chart svg[role=img]").count() == 4
    assert_accessible(page, "early help page")

    # Every data table behind a chart is opened and checked too.
    for summary in page.locator("details summary").all():
        summary.focus()
        page.keyboard.press("Enter")
    assert_accessible(page, "early help page with its data tables open")


def test_the_agency_ratio_table_is_reachable_and_readable(early_help, page):  # noqa: F811
    sign_in(page, early_help, "an.analyst")
    page.goto(f"{early_help}/early-help/?as_at=Q3+2022/23")
    region = page.get_by_role("region", name=RATIO_CAPTION)
    # Tabbing from the top of the page reaches the scrolling region that holds the table.
    page.get_by_role("heading", level=1).click()
    for _ in range(40):
        page.keyboard.press("Tab")
        if region.evaluate("node => node === document.activeElement"):
            break
    else:
        pytest.fail("the agency ratio table cannot be reached with the Tab key")
    table = page.get_by_role("table", name=RATIO_CAPTION)
    assert table.is_visible()
    council = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="County Council", exact=True)
    )
    assert "1.8 S&Ns per MASH contact" in council.inner_text()
    health = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Health", exact=True)
    )
    assert "4.1 MASH contacts per S&N" in health.inner_text()
    assert table.get_by_role("columnheader", name="Change").is_visible()
    assert_accessible(page, "early help page, agency ratios")

"""Early help returns in a real Chromium: a police contributor signs in, fills in and submits
the agency's return with the keyboard alone (Tab, typing, Enter), meeting a validation error on
the way; axe finds no serious or critical problem on the returns list, the return form with
the error shown, or the analyst's partnership view.

The browser, live server, users and axe check are the dashboard tests' own fixtures, imported
as the early help tests import them.
"""

from __future__ import annotations

from datetime import timedelta

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

POLICE = "a.police.contributor"
POLICE_PASSWORD = "a-long-police-password"
TAB_LIMIT = 60
"""More Tab presses than any returns page has stops before its last field."""


@pytest.fixture
def returns_site(dashboard):  # noqa: F811
    """The dashboard's site with agencies, a police contributor and Q3 2022/23 opened."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from trustboard.web.accounts.models import Agency
    from trustboard.web.accounts.roles import Role, grant_role, set_agency
    from trustboard.web.returns import services

    for order, (code, name, records_as) in enumerate(
        [
            ("council", "Oxfordshire County Council", "County Council"),
            ("health", "Health", "Health"),
            ("police", "Thames Valley Police", "Police"),
        ]
    ):
        Agency.objects.create(code=code, name=name, records_as=records_as, order=order)
    police = User.objects.create_user(POLICE, password=POLICE_PASSWORD)
    grant_role(police, Role.CONTRIBUTOR)
    set_agency(police, Agency.objects.get(code="police"))
    make_early_help_figures()
    analyst = User.objects.get(username="an.analyst")
    services.open_round(
        actor=analyst,
        period="Q3 2022/23",
        due=timezone.localdate() + timedelta(days=14),
        message="Please include the assessments your officers started.",
    )
    return dashboard


def _is_focused(locator) -> bool:
    return locator.evaluate("node => node === document.activeElement")


def tab_to(page, locator) -> None:  # noqa: F811
    """Press Tab until ``locator`` has the focus, as a keyboard user would."""
    for _ in range(TAB_LIMIT):
        if _is_focused(locator):
            return
        page.keyboard.press("Tab")
    if not _is_focused(locator):
        pytest.fail(f"{locator} cannot be reached with the Tab key")


def type_into(page, locator, text: str) -> None:  # noqa: F811
    tab_to(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def test_a_contributor_submits_the_return_by_keyboard(returns_site, page):  # noqa: F811
    page.goto(f"{returns_site}/returns/")
    assert "/login/" in page.url
    type_into(page, page.get_by_label("Username"), POLICE)
    type_into(page, page.get_by_label("Password"), POLICE_PASSWORD)
    page.keyboard.press("Enter")
    # "**/returns/" would also match the login page's ?next=/returns/: wait for the page itself.
    page.wait_for_url(f"{returns_site}/returns/")
    assert page.get_by_role("heading", level=1).inner_text() == "Early help returns"
    assert page.get_by_role("heading", name="Thames Valley Police: your returns").is_visible()
    assert "Not started" in page.get_by_role("table").inner_text()
    assert "Health" not in page.locator("main").inner_text()
    assert_accessible(page, "returns list")

    tab_to(page, page.get_by_role("link", name="Q3 2022/23"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/returns/*/police/")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Early help return: Thames Valley Police, Q3 2022/23"
    achieved = page.get_by_label("EHAs completed in 2022/23 to the end of Q3 2022/23")
    # The records' count of the agency's assessments is read out with the box (2 a month).
    assert "records count 18 assessments by Police" in achieved.evaluate(
        "node => node.getAttribute('aria-describedby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )

    # A first try without a narrative and with a target that is not a whole number.
    type_into(page, page.get_by_label("Early help assessment (EHA) target for 2022/23"), "forty")
    tab_to(page, page.get_by_role("button", name="Submit return"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert summary.get_by_role("link", name="Enter a whole number, like 120").is_visible()
    assert summary.get_by_role("link", name="Write a narrative").is_visible()
    target = page.get_by_label("Early help assessment (EHA) target for 2022/23")
    assert target.get_attribute("aria-invalid") == "true"
    assert target.input_value() == "forty"  # what was typed is kept, to be corrected
    assert_accessible(page, "return form with validation errors")

    type_into(page, target, "40")
    type_into(page, page.get_by_label("EHA target for 2023/24"), "60")
    type_into(page, achieved, "21")
    type_into(
        page,
        page.get_by_label("Narrative: performance against the targets"),
        "Neighbourhood officers have started S&Ns with schools.",
    )
    type_into(page, page.get_by_label("Barriers and challenges"), "Shift patterns.")
    type_into(
        page,
        page.get_by_label("Early help internal governance and reporting"),
        "Reported to the force's vulnerability board each quarter.",
    )
    tab_to(page, page.get_by_role("button", name="Submit return"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Your return has been submitted." in page.get_by_role("status").inner_text()
    facts = page.locator("dl.facts").first.inner_text()
    assert "Submitted" in facts
    assert page.get_by_role("button", name="Submit return").count() == 0
    assert "Neighbourhood officers have started S&Ns" in page.locator("main").inner_text()
    assert_accessible(page, "submitted return")


def test_the_partnership_view_is_accessible(returns_site, page):  # noqa: F811
    from trustboard.web.accounts.models import Agency
    from trustboard.web.returns import services
    from trustboard.web.returns.models import AgencyReturn

    police = AgencyReturn.objects.get(agency=Agency.objects.get(code="police"))
    from django.contrib.auth.models import User

    services.submit(
        actor=User.objects.get(username=POLICE),
        agency_return=police,
        values={"target_this_year": 40, "achieved": 21, "narrative": "=SUM(A1) started."},
    )
    sign_in(page, returns_site, "an.analyst")
    page.goto(f"{returns_site}/returns/")
    assert page.get_by_role("heading", name="Open a round").is_visible()
    assert_accessible(page, "returns list for an analyst")
    page.get_by_role("link", name="Q3 2022/23").click()
    page.wait_for_url("**/returns/*/")
    table = page.get_by_role("table", name="Early help returns for Q3 2022/23")
    police_row = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Thames Valley Police")
    )
    assert "Submitted" in police_row.inner_text() and "18" in police_row.inner_text()
    assert page.get_by_role("button", name="Accept the return from Thames Valley Police")
    assert page.get_by_role("table", name="Agency ratios").is_visible()
    assert_accessible(page, "partnership view of the returns")

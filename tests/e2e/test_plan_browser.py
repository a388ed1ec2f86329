"""The CYPP action plan in a real Chromium: a health contributor finds an action its agency
answers for and adds a progress update with the keyboard alone (meeting a validation error on
the way), and axe finds no serious or critical problems on the plan's pages.

The browser, the live server with the small framework and the named users are the dashboard
tests' own fixtures, imported so every e2e file starts Chromium the same way.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.test_dashboard_browser import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    dashboard,
    page,
    sign_in,
)
from tests.integration.plan_fixture import CAMHS, EHA, FIXTURE, make_plan_framework

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONTRIBUTOR, CONTRIBUTOR_PASSWORD = "a.health.lead", "a-long-health-password"
MAX_TABS = 80


@pytest.fixture
def plan(dashboard):  # noqa: F811
    """The fixture plan imported, and a contributor who works for Health."""
    from django.contrib.auth.models import User

    from trustboard.web.accounts.models import Agency
    from trustboard.web.accounts.roles import Role, grant_role, set_agency
    from trustboard.web.plan.importer import import_plan

    make_plan_framework()
    import_plan(FIXTURE.name, FIXTURE.read_bytes(), today=date(2022, 5, 31))
    user = User.objects.create_user(CONTRIBUTOR, password=CONTRIBUTOR_PASSWORD)
    grant_role(user, Role.CONTRIBUTOR)
    set_agency(user, Agency.objects.get(code="health"))
    return dashboard


def _sign_in_by_keyboard(page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/plan/")
    assert "/login/" in page.url
    page.get_by_label("Username").focus()
    page.keyboard.type(CONTRIBUTOR)
    page.keyboard.press("Tab")
    page.keyboard.type(CONTRIBUTOR_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    assert page.url.endswith("/plan/")


def _tab_to(page, locator) -> None:  # noqa: F811
    """Press Tab until the element has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if locator.evaluate("node => node === document.activeElement"):
            return
    pytest.fail(f"{locator} cannot be reached with the Tab key")


def test_a_contributor_adds_a_progress_update_with_the_keyboard_only(plan, page):  # noqa: F811
    _sign_in_by_keyboard(page, plan)
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Action plan").is_visible()
    link = page.get_by_role("link", name=CAMHS[:40])
    _tab_to(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/actions/*/")
    assert page.get_by_role("heading", name="Add a progress update").is_visible()

    # Submitting with no progress written: the error is announced and leads to the field.
    _tab_to(page, page.get_by_role("button", name="Add update"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert "Enter the progress." in alert.inner_text()
    assert_accessible(page, "action page with a validation error")
    page.get_by_role("heading", level=1).click()
    page.keyboard.press("Shift+Tab")
    error_link = alert.get_by_role("link", name="Enter the progress.")
    _tab_to(page, error_link)
    page.keyboard.press("Enter")
    progress = page.get_by_label("Progress", exact=True)
    assert progress.evaluate("node => node === document.activeElement")
    page.keyboard.type("The waiting list fell to 1,200 children in March.")
    _tab_to(page, page.get_by_role("button", name="Add update"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Your progress update was added." in page.get_by_role("status").inner_text()
    updates = page.locator("section", has=page.get_by_role("heading", name="Progress updates"))
    assert "The waiting list fell to 1,200 children in March." in updates.inner_text()
    assert "By a.health.lead" in updates.inner_text()


def test_the_plan_pages_are_accessible(plan, page):  # noqa: F811
    sign_in(page, plan, "an.analyst")
    page.goto(f"{plan}/plan/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Children and Young")
    assert page.get_by_role("heading", level=2, name="Be healthy").is_visible()
    assert_accessible(page, "action plan")
    page.get_by_label("Only actions overdue for an update").check()
    page.get_by_label("Responsible agency").select_option(label="Thames Valley Police")
    page.get_by_role("button", name="Filter").click()
    assert "overdue=1" in page.url and "agency=police" in page.url
    assert_accessible(page, "action plan, filtered")

    page.goto(f"{plan}/plan/")
    page.get_by_role("link", name=EHA[:40]).click()
    assert page.get_by_role("heading", name="Change this action").is_visible()
    page.get_by_label("Date the progress is as at").fill("2999-01-01")
    page.get_by_label("Progress", exact=True).fill("Too early.")
    page.get_by_role("button", name="Add update").click()
    assert "The date cannot be in the future." in page.get_by_role("alert").inner_text()
    assert_accessible(page, "action page with a validation error (analyst)")

    page.goto(f"{plan}/plan/overdue/")
    assert page.get_by_role("heading", level=1).inner_text() == "Actions overdue for an update"
    assert_accessible(page, "overdue actions")

    page.goto(f"{plan}/plan/import/")
    assert_accessible(page, "plan import page")
    page.get_by_label("Progress spreadsheet").set_input_files(
        files=[{"name": "plan.xlsx", "mimeType": "text/plain", "buffer": b"not a workbook"}]
    )
    page.get_by_role("button", name="Import").click()
    assert "is not an Excel workbook" in page.get_by_role("alert").inner_text()
    assert_accessible(page, "plan import page with an error")

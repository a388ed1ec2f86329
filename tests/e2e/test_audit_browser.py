"""The audit trail in a real Chromium: an analyst filters it by keyboard alone and reads an
event's before and after; axe finds no serious or critical problems; and no page the analyst
visits breaks the Content-Security-Policy.

The browser, the live server with the small framework and the named users are the dashboard
tests' own fixtures, imported so every file starts Chromium the same way.
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

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trail(dashboard):  # noqa: F811
    """The dashboard's own events (catalogue, import) and an agency renamed by the analyst."""
    from django.contrib.auth.models import User

    from trustboard.web.audit.models import AuditEvent

    AuditEvent.objects.create(
        actor=User.objects.get(username="an.analyst"),
        action="agency.update",
        object_type="Agency",
        object_id="2",
        summary="Changed agency Police",
        before={"name": "Thames Valley Police", "records_as": "Police", "active": True},
        after={"name": "Police", "records_as": "Police", "active": True},
    )
    return dashboard


def _csp_violations(page) -> list[str]:  # noqa: F811
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def _tab_to(page, selector: str, limit: int = 40) -> None:  # noqa: F811
    """Press Tab until the element matching the CSS selector has focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector!r} not reached by Tab")


def test_an_analyst_filters_the_trail_by_keyboard_and_reads_an_event(trail, page):  # noqa: F811
    violations = _csp_violations(page)
    sign_in(page, trail, "an.analyst")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Audit trail").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/audit/")
    assert page.get_by_role("heading", level=1).inner_text() == "Audit trail"
    assert page.locator("table.audit-table tbody tr").count() >= 2
    assert_accessible(page, "audit trail")

    # From the top of the page, Tab to each filter: type to choose the action in its closed
    # list, as a keyboard user does, then the text, then Tab to the button and press Enter.
    _tab_to(page, "#id_action")
    page.keyboard.type("agency.update")
    assert page.get_by_label("Action").input_value() == "agency.update"
    _tab_to(page, "#id_text")
    page.keyboard.type("police")
    _tab_to(page, "button[type=submit].button")
    assert page.evaluate("() => document.activeElement.innerText") == "Filter"
    page.keyboard.press("Enter")
    page.wait_for_url("**/audit/?*action=agency.update*")
    assert page.get_by_role("heading", level=2, name="1 event match the filters").is_visible()
    rows = page.locator("table.audit-table tbody tr")
    assert rows.count() == 1
    assert "Changed agency Police" in rows.inner_text()
    assert "name" in rows.inner_text()
    assert_accessible(page, "filtered audit trail")

    rows.get_by_role("link").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/audit/*/**")
    assert "agency.update" in page.get_by_role("heading", level=1).inner_text()
    changed = page.locator("section", has=page.get_by_role("heading", name="What changed"))
    row = changed.get_by_role("row", name="name")
    assert "Thames Valley Police" in row.inner_text() and "Police" in row.inner_text()
    assert_accessible(page, "audit event")

    page.get_by_role("link", name="Back to the audit trail").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/audit/?*action=agency.update*")
    assert page.get_by_label("Action").input_value() == "agency.update"
    assert not violations, violations


def test_a_bad_filter_is_explained_accessibly(trail, page):  # noqa: F811
    sign_in(page, trail, "an.analyst")
    page.goto(f"{trail}/audit/?date_from=2024-04-01&date_to=2024-03-01")
    alert = page.get_by_role("alert")
    assert "The to date must be on or after the from date" in alert.inner_text()
    assert_accessible(page, "audit trail with a filter error")


def test_pages_load_without_breaking_the_content_security_policy(trail, page):  # noqa: F811
    """Styles, charts and forms all come from this site: the browser reports no violation."""
    violations = _csp_violations(page)
    sign_in(page, trail, "an.analyst")
    for path in ["/", "/indicators/1.1/", "/indicators/3.5/", "/early-help/", "/imports/"]:
        response = page.goto(f"{trail}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    # The stylesheet applied: the header is dark, as trustboard.css makes it.
    colour = page.evaluate(
        "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert colour == "rgb(11, 12, 12)"
    assert not violations, violations

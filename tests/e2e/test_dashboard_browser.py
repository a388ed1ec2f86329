"""The dashboard in a real Chromium: sign in, read the overview and an indicator, check with axe.

Uses Debian's Chromium (``/usr/bin/chromium``) through Playwright, since no browser can be
downloaded at test time. Where Chromium is missing the tests skip, unless
``TRUSTBOARD_REQUIRE_BROWSER=1`` (as in CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import FIXTURES

CHROMIUM = os.environ.get("TRUSTBOARD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

# Playwright's sync API runs an event loop in this thread; the test's own database set-up is
# synchronous and safe here, so Django's guard against async contexts is lifted for this module.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("TRUSTBOARD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def dashboard(live_server, analytics_path):
    """The small framework with figures, and a board member who can sign in."""
    from django.contrib.auth.models import User

    from trustboard.core.catalogue import load_framework
    from trustboard.web.accounts.roles import Role, grant_role
    from trustboard.web.framework import services

    services.load_catalogue(framework=load_framework(FIXTURES / "framework.yaml"))
    services.import_observations(
        name="observations.csv", data=(FIXTURES / "observations.csv").read_bytes()
    )
    for username, role in [
        ("board.member", Role.BOARD_MEMBER),
        ("an.analyst", Role.ANALYST),
        ("an.owner", Role.OWNER),
    ]:
        grant_role(User.objects.create_user(username, password=PASSWORDS[username]), role)
    return live_server.url


def assert_accessible(page, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    details = "\n".join(
        f"{v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
        f"{[n['target'] for n in v['nodes'][:3]]})"
        for v in violations
    )
    assert not blocking, f"axe found serious or critical problems on the {name}:\n{details}"


PASSWORDS = {
    "board.member": "a-long-board-password",
    "an.analyst": "a-long-analyst-password",
    "an.owner": "a-long-owner-password",
}


def sign_in(page, base_url: str, username: str = "board.member") -> None:
    page.goto(f"{base_url}/")
    assert "/login/" in page.url
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_the_login_page_is_accessible(dashboard, page):
    page.goto(f"{dashboard}/login/")
    assert_accessible(page, "login page")


def test_a_board_member_signs_in_and_reads_the_overview_and_an_indicator(dashboard, page):
    sign_in(page, dashboard)
    page.get_by_label("Reporting period").fill("Q3 2022/23")
    page.get_by_role("button", name="Show").click()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Performance framework: Q3 2022/23"
    tile = page.locator("li.tile", has_text="1.1 Children we care for")
    assert "Red" in tile.inner_text()
    assert_accessible(page, "overview")

    tile.get_by_role("link").click()
    page.wait_for_url("**/indicators/1.1/**")
    assert "Children we care for" in page.get_by_role("heading", level=1).inner_text()
    over_time = page.locator("section", has=page.get_by_role("heading", name="Over time"))
    assert over_time.locator("figure.chart svg[role=img]").count() == 1
    assert page.get_by_role("heading", name="Comparisons").is_visible()
    spc = page.locator("section", has=page.get_by_role("heading", name="process control"))
    assert "too short to judge" in spc.inner_text().lower()
    assert_accessible(page, "indicator page")


def test_the_breakdown_table_and_chart_are_accessible(dashboard, page):
    sign_in(page, dashboard)
    page.goto(f"{dashboard}/indicators/3.5/")
    table = page.locator("table", has_text="South & Vale")
    assert table.is_visible()
    by_district = page.locator("section", has=page.get_by_role("heading", name="By district"))
    assert by_district.locator("figure.chart svg[role=img]").count() == 1
    assert_accessible(page, "indicator page with a breakdown")


def test_an_analyst_uploads_a_bad_file_by_keyboard_and_reads_every_problem(dashboard, page):
    sign_in(page, dashboard, "an.analyst")
    page.get_by_role("link", name="Import figures").click()
    assert_accessible(page, "import page")
    page.get_by_label("File of observations, or a record-level extract").set_input_files(
        str(FIXTURES / "bad_observations.csv")
    )
    page.get_by_label("File of observations, or a record-level extract").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    assert "Nothing was imported: 8 problems found" in alert.inner_text()
    assert "Smarch 2023" in alert.inner_text()
    assert_accessible(page, "import page with errors")


def test_an_analyst_uploads_an_ssda903_returns_tables_together(dashboard, page, tmp_path):
    """The tables of one return chosen at once in the file picker are one import."""
    from tests.integration.test_statutory_upload import EPISODES, HEADER, UASC

    files = []
    for name, data in (("header.csv", HEADER), ("episodes.csv", EPISODES), ("uasc.csv", UASC)):
        (tmp_path / name).write_bytes(data)
        files.append(str(tmp_path / name))
    sign_in(page, dashboard, "an.analyst")
    page.get_by_role("link", name="Import figures").click()
    page.get_by_label("or a statutory return").set_input_files(files)
    page.get_by_role("button", name="Import").click()
    status = page.get_by_role("status")
    assert "Loaded the SSDA903 return 2023/24 from header.csv, episodes.csv, uasc.csv" in (
        status.inner_text()
    )
    assert_accessible(page, "import page after a statutory return")


def test_benchmarks_projection_and_spc_sections_are_accessible(dashboard, page):
    """The sections an analyst reads in depth: SPC icons, trajectory and benchmarks."""
    from trustboard.core import periods
    from trustboard.web.framework import services

    rows, month = ["indicator,period,value"], periods.month(2021, 4)
    for index in range(30):
        rows.append(f"1.4,{month.label},{300 + 10 * (index % 7)}")
        month = month.next()
    services.import_observations(name="eha.csv", data="\n".join(rows).encode())
    services.import_observations(
        name="cla.csv",
        data=(FIXTURES / "dfe" / "cla_number_and_rate_per_10k_children.csv").read_bytes(),
    )
    sign_in(page, dashboard)
    page.goto(f"{dashboard}/indicators/1.4/?as_at=Q2+2023/24")
    projection = page.locator("section", has=page.get_by_role("heading", name="projection"))
    assert "Projecting" in projection.inner_text()
    spc = page.locator("section", has=page.get_by_role("heading", name="process control"))
    assert "Common cause" in spc.inner_text() or "Special cause" in spc.inner_text()
    assert_accessible(page, "indicator page with a projection and SPC")
    page.goto(f"{dashboard}/indicators/4.16/")
    compared = page.locator("section", has=page.get_by_role("heading", name="other areas"))
    assert "below the national rate" in compared.inner_text()
    page.get_by_text("Each statistical neighbour").click()
    assert "not published" in compared.inner_text()  # Cumbria's "z", never a zero
    assert_accessible(page, "indicator page with benchmarks")


def test_the_board_report_is_prepared_commented_frozen_and_published(dashboard, browser):
    """Analyst asks for commentary, the owner writes it by keyboard, the analyst approves,
    freezes and publishes; a visitor then reads the published version. axe on every page."""
    analyst = browser.new_context().new_page()
    sign_in(analyst, dashboard, "an.analyst")
    analyst.goto(f"{dashboard}/reports/")
    assert_accessible(analyst, "board reports page")
    analyst.goto(f"{dashboard}/reports/q3_2022-23/")
    assert_accessible(analyst, "report workspace")
    analyst.get_by_label("Item title").fill("Performance for Early Help")
    analyst.get_by_label("What the board discussed").fill("EHAs are rising but below target.")
    analyst.get_by_role("button", name="Add item").click()
    analyst.get_by_role("button", name="Ask owners for commentary").click()
    assert "Asked owners for commentary" in analyst.get_by_role("status").inner_text()

    owner = browser.new_context().new_page()
    sign_in(owner, dashboard, "an.owner")
    assert owner.url.endswith("/commentary/")
    assert_accessible(owner, "commentary list")
    owner.get_by_role("link", name="1.1 Children we care for").click()
    box = owner.get_by_label("What is being done to improve performance?")
    box.focus()
    owner.keyboard.type("The placements panel reviews every child's plan each month.")
    owner.get_by_role("button", name="Submit for approval").focus()
    owner.keyboard.press("Enter")
    assert "submitted for approval" in owner.get_by_role("status").inner_text()
    assert_accessible(owner, "commentary form")

    analyst.goto(f"{dashboard}/commentary/q3_2022-23/1.1/")
    analyst.get_by_role("button", name="Approve").click()
    analyst.goto(f"{dashboard}/reports/q3_2022-23/")
    analyst.get_by_role("button", name="Freeze the report").click()
    analyst.get_by_role("button", name="Publish").click()

    visitor = browser.new_context().new_page()
    visitor.goto(f"{dashboard}/published/")
    assert_accessible(visitor, "published reports")
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="DOCX").first.click()
    assert download.value.suggested_filename.endswith("-public.docx")
    visitor.goto(f"{dashboard}/published/")
    visitor.get_by_role("link", name="HTML").first.click()
    assert "placements panel reviews every child" in visitor.content()
    assert_accessible(visitor, "published report in HTML")

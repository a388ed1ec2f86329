"""Every page and endpoint, as every role: allowed or refused, exactly as the table says.

The table below is the whole access policy in one place. A route added to the site without a
row here fails ``test_every_route_is_in_the_table``, so no page ships without a decision about
who may see it. Refused means: an anonymous visitor is sent to sign in; a signed-in user gets
403, or 404 where even the existence of another agency's return is not to be revealed.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from trustboard.web.accounts.models import Agency
from trustboard.web.accounts.roles import Role, grant_role, set_agency
from trustboard.web.audit.models import AuditEvent
from trustboard.web.framework.models import Indicator
from trustboard.web.reports import services as reports
from trustboard.web.reports.models import CommentaryRequest

pytestmark = pytest.mark.db_backend

ANONYMOUS = "anonymous"
ANALYST = "analyst"
ADMIN = "admin"
BOARD = "board member"
OWNER = "owner"
HEALTH = "health contributor"
POLICE = "police contributor"
NO_ROLE = "no role"
EVERYONE = (ANONYMOUS, ANALYST, ADMIN, BOARD, OWNER, HEALTH, POLICE, NO_ROLE)
STAFF = {ANALYST, ADMIN}

# route name -> who may open it (GET). Everyone else is refused.
POLICY: dict[str, set[str]] = {
    "overview": STAFF | {BOARD},
    "start": set(EVERYONE) - {ANONYMOUS, NO_ROLE},
    "early_help": STAFF | {BOARD},
    "indicator": STAFF | {BOARD},
    "imports": STAFF,
    "import_template": STAFF,
    "reports": STAFF | {BOARD},
    "report_workspace": STAFF,
    "report_download": STAFF | {BOARD},
    "published": set(EVERYONE),
    "commentary": STAFF | {OWNER},
    "commentary_edit": STAFF | {OWNER},
    "returns": STAFF | {HEALTH, POLICE},
    "return_round": STAFF,
    "returns_export": STAFF,
    # The health return: the health contributor and the analysts, nobody else.
    "agency_return": STAFF | {HEALTH},
    "plan": STAFF | {BOARD, OWNER, HEALTH, POLICE},
    "plan_action": STAFF | {BOARD, OWNER, HEALTH, POLICE},
    "plan_action_edit": STAFF,
    "plan_overdue": STAFF | {BOARD, OWNER, HEALTH, POLICE},
    "plan_import": STAFF,
    "plan_export_xlsx": STAFF | {BOARD, OWNER, HEALTH, POLICE},
    "plan_export_docx": STAFF | {BOARD, OWNER, HEALTH, POLICE},
    "audit": STAFF,
    "audit_event": STAFF,
    "audit_export": STAFF,
    "login": set(EVERYONE),
    "logout": set(),  # POST only: tested by the login tests
}

POST_ONLY = {"plan_action_edit", "logout"}
"""Routes that answer GET with 405 to everyone; their POST is what the table governs."""


def _route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_route_is_in_the_table():
    assert _route_names() == set(POLICY)


@pytest.fixture
def world(framework, analyst):
    """One of everything a route can point at, and one user per role."""
    from django.contrib.auth.models import User

    from trustboard.web.framework.models import Area
    from trustboard.web.plan.models import Action, Priority
    from trustboard.web.returns import services as returns

    health = Agency.objects.create(code="health", name="Health", records_as="Health")
    police = Agency.objects.create(code="police", name="Thames Valley Police", order=1)
    users = {ANALYST: analyst}
    for label, role, agency in (
        (ADMIN, Role.ADMIN, None),
        (BOARD, Role.BOARD_MEMBER, None),
        (OWNER, Role.OWNER, None),
        (HEALTH, Role.CONTRIBUTOR, health),
        (POLICE, Role.CONTRIBUTOR, police),
        (NO_ROLE, None, None),
    ):
        user = User.objects.create_user(label.replace(" ", "."), password="x-long-password-1")
        if role is not None:
            grant_role(user, role)
        if agency is not None:
            set_agency(user, agency)
        users[label] = user
    opened = returns.open_round(actor=analyst, period="Q3 2022/23", due=date(2023, 1, 31))
    priority = Priority.objects.create(area=Area.objects.first(), title="Focus on early help")
    action = Action.objects.create(priority=priority, text="Increase early help assessments")
    action.agencies.add(health, police)
    asked = CommentaryRequest.objects.create(period="Q3 2022/23", requested_by=analyst)
    asked.indicators.add(Indicator.objects.get(code="1.1"))
    snapshot = reports.freeze_report(period=reports.period_from_slug("q3_2022-23"), actor=None)
    args = {
        "indicator": ["1.1"],
        "report_workspace": ["q3_2022-23"],
        "report_download": [snapshot.pk, "board", "html"],
        "commentary_edit": ["q3_2022-23", "1.1"],
        "return_round": [opened.pk],
        "returns_export": [opened.pk],
        "agency_return": [opened.pk, "health"],
        "plan_action": [action.pk],
        "plan_action_edit": [action.pk],
        "audit_event": [AuditEvent.objects.first().pk],
    }
    return users, args


def _client(users, who):
    from django.test import Client

    client = Client()
    if who != ANONYMOUS:
        client.force_login(users[who])
    return client


REDIRECTS = {"start", "login"}
"""Routes whose answer, when allowed, is to send the user on (to their first page)."""


def _shown(name: str, response) -> bool:
    return response.status_code == 200 or (name in REDIRECTS and response.status_code == 302)


def _refused(response, who) -> bool:
    if who == ANONYMOUS:
        return response.status_code == 302 and "/login/" in response["Location"]
    # 403; 404 for what is not theirs to know of; or sent to their own work (an owner who
    # follows a link to the dashboard lands on the commentary asked of them).
    return response.status_code in (302, 403, 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_each_role_opens_exactly_the_pages_the_table_gives_it(world, who):
    users, args = world
    client = _client(users, who)
    wrong = []
    for name, allowed in sorted(POLICY.items()):
        if name in POST_ONLY:
            continue
        url = reverse(name, args=args.get(name, []))
        response = client.get(url)
        ok = _shown(name, response) if who in allowed else _refused(response, who)
        if not ok:
            wrong.append(f"{name} {url}: HTTP {response.status_code}")
    assert not wrong, f"{who}: " + "; ".join(wrong)


@pytest.mark.parametrize("who", EVERYONE)
def test_a_refused_role_cannot_post_either(world, who):
    """Forms are refused the same way as pages: a refused POST changes nothing."""
    users, args = world
    client = _client(users, who)
    before = AuditEvent.objects.count()
    for name, allowed in sorted(POLICY.items()):
        if who in allowed or name in {"login", "logout", "published"}:
            continue
        url = reverse(name, args=args.get(name, []))
        response = client.post(url, {"action": "submit", "narrative": "x", "text": "x"})
        assert response.status_code in (302, 403, 404, 405), f"{who} POST {name}"
        if who == ANONYMOUS and response.status_code == 302:
            assert "/login/" in response["Location"]
    assert AuditEvent.objects.count() == before


def test_a_contributor_cannot_reach_another_agencys_return_by_editing_the_address(world):
    users, args = world
    round_id = args["agency_return"][0]
    police = _client(users, POLICE)
    for url in (
        reverse("agency_return", args=[round_id, "health"]),
        reverse("agency_return", args=[round_id + 1, "police"]),
        reverse("agency_return", args=[round_id, "HEALTH"]),
    ):
        assert police.get(url).status_code == 404
        assert police.post(url, {"action": "submit", "narrative": "x"}).status_code == 404
    assert police.get(reverse("agency_return", args=[round_id, "police"])).status_code == 200

"""The audit trail: analysts and administrators read, filter and export it; no one changes it."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from tests.conftest import FIXTURES
from trustboard.core import periods
from trustboard.core.catalogue import load_framework
from trustboard.web.accounts.roles import Role, grant_role
from trustboard.web.audit.models import AuditEvent, AuditEventImmutable
from trustboard.web.framework import services
from trustboard.web.framework.models import Indicator
from trustboard.web.reports import services as report_services

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
AGENCIES = """
agencies:
  - {code: health, name: Health, records_as: Health}
  - {code: police, name: Thames Valley Police, records_as: Police}
"""


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests make several users; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _client(username: str, role: Role | None) -> Client:
    user = User.objects.create_user(username, password=f"{username}-test-password")
    if role is not None:
        grant_role(user, role)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_admin(db) -> Client:
    return _client("an.admin", Role.ADMIN)


@pytest.fixture
def as_owner(db) -> Client:
    return _client("an.owner", Role.OWNER)


def _framework_file(tmp_path, police_name: str = "Thames Valley Police"):
    path = tmp_path / f"framework-{len(police_name)}.yaml"
    text = (FIXTURES / "framework.yaml").read_text() + AGENCIES
    path.write_text(text.replace("Thames Valley Police", police_name))
    return load_framework(path)


@pytest.fixture
def trail(analyst, tmp_path, analytics_path) -> dict[str, AuditEvent]:
    """A framework loaded and changed, figures imported and commentary written, by name."""
    services.load_catalogue(framework=_framework_file(tmp_path), actor=analyst)
    services.import_observations(
        name="observations.csv", data=(FIXTURES / "observations.csv").read_bytes(), actor=analyst
    )
    # The command line loads the changed file: no one signed in.
    services.load_catalogue(framework=_framework_file(tmp_path, "Police"))
    report_services.save_commentary(
        indicator=Indicator.objects.get(code="1.1"),
        period=periods.parse("Q3 2022/23", "financial"),
        text="The placements panel reviews every plan.",
        actor=analyst,
        submit=False,
    )
    return {
        "import": AuditEvent.objects.get(action="observations.import"),
        "agency": AuditEvent.objects.get(action="agency.update"),
        "commentary": AuditEvent.objects.get(action__startswith="commentary."),
    }


def _event(**fields) -> AuditEvent:
    defaults = {"action": "test.event", "object_type": "Thing", "summary": "A test event"}
    return AuditEvent.objects.create(**(defaults | fields))


def _event_at(when: datetime, **fields) -> AuditEvent:
    """An event written at a chosen time ("at" is set by the database layer on insert)."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        return _event(**fields)


def _ids(response) -> list[int]:
    return [row.event.pk for row in response.context["page"].object_list]


# Who may read it


@pytest.mark.parametrize("client_name", ["as_analyst", "as_admin"])
def test_analysts_and_administrators_read_the_trail(request, client_name, trail):
    client = request.getfixturevalue(client_name)
    response = client.get(reverse("audit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Audit trail" in html
    for event in trail.values():
        assert event.summary.replace("'", "&#x27;") in html
    event_page = client.get(reverse("audit_event", args=[trail["agency"].pk]))
    assert event_page.status_code == 200
    assert client.get(reverse("audit_export")).status_code == 200


@pytest.mark.parametrize(
    "client_name",
    ["as_board_member", "as_owner", "as_health_contributor", "as_user_without_role"],
)
def test_everyone_else_signed_in_is_refused(request, client_name, trail):
    client = request.getfixturevalue(client_name)
    for url in [
        reverse("audit"),
        reverse("audit_event", args=[trail["import"].pk]),
        reverse("audit_export"),
    ]:
        assert client.get(url).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_sign_in(as_anonymous, trail):
    for url in [
        reverse("audit"),
        reverse("audit_event", args=[trail["import"].pk]),
        reverse("audit_export"),
    ]:
        response = as_anonymous.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_menu_links_to_the_trail_only_for_those_who_may_read_it(as_analyst, as_board_member):
    assert 'href="/audit/"' in as_analyst.get(reverse("imports")).content.decode()
    assert 'href="/audit/"' not in as_board_member.get(reverse("overview")).content.decode()


def test_imports_catalogue_loads_agencies_and_commentary_are_all_in_the_trail(trail):
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "indicator.create",
        "agency.create",
        "agency.update",
        "observations.import",
        "commentary.draft",
    } <= actions


# Reading and filtering


def test_events_are_listed_newest_first(as_analyst, trail):
    ids = _ids(as_analyst.get(reverse("audit")))
    ats = list(AuditEvent.objects.filter(pk__in=ids).order_by("-at", "-id").values_list("pk"))
    assert ids == [pk for (pk,) in ats]
    assert ids[0] == trail["commentary"].pk


def test_filter_by_who(as_analyst, analyst, trail):
    mine = _ids(as_analyst.get(reverse("audit"), {"who": analyst.username}))
    assert mine and all(AuditEvent.objects.get(pk=pk).actor == analyst for pk in mine)
    nobody = _ids(as_analyst.get(reverse("audit"), {"who": "(none)"}))
    assert trail["agency"].pk in nobody
    assert all(AuditEvent.objects.get(pk=pk).actor is None for pk in nobody)
    assert set(mine).isdisjoint(nobody)


def test_filter_by_action_object_type_and_object_id(as_analyst, trail):
    agency = trail["agency"]
    by_action = _ids(as_analyst.get(reverse("audit"), {"action": "agency.update"}))
    assert by_action == [agency.pk]
    by_type = _ids(as_analyst.get(reverse("audit"), {"object_type": "Agency"}))
    assert agency.pk in by_type
    assert set(AuditEvent.objects.filter(pk__in=by_type).values_list("object_type", flat=True)) == {
        "Agency"
    }
    by_id = _ids(
        as_analyst.get(reverse("audit"), {"object_type": "Agency", "object_id": agency.object_id})
    )
    assert agency.pk in by_id
    assert all(AuditEvent.objects.get(pk=pk).object_id == agency.object_id for pk in by_id)


def test_filter_by_text_in_the_summary_ignores_case(as_analyst, trail):
    found = _ids(as_analyst.get(reverse("audit"), {"text": "OBSERVATIONS.CSV"}))
    assert found == [trail["import"].pk]


def test_filter_by_dates_in_the_partnerships_time_zone(as_analyst, db):
    march = _event_at(datetime(2024, 3, 1, 23, 30, tzinfo=LONDON), summary="Late on 1 March")
    # 00:30 on 1 April in London is 23:30 on 31 March in UTC: the London date counts.
    april = _event_at(datetime(2024, 4, 1, 0, 30, tzinfo=LONDON), summary="Early on 1 April")
    in_march = _ids(
        as_analyst.get(reverse("audit"), {"date_from": "2024-03-01", "date_to": "2024-03-31"})
    )
    assert in_march == [march.pk]
    from_april = _ids(as_analyst.get(reverse("audit"), {"date_from": "01/04/2024"}))
    assert april.pk in from_april and march.pk not in from_april
    until_april = _ids(as_analyst.get(reverse("audit"), {"date_to": "2024-04-01"}))
    assert set(until_april) == {march.pk, april.pk}


def test_filters_combine_and_an_empty_result_says_so(as_analyst, trail):
    response = as_analyst.get(reverse("audit"), {"action": "agency.update", "text": "nothing"})
    assert _ids(response) == []
    assert "No events match the filters" in response.content.decode()


def test_bad_filters_are_explained_not_a_crash(as_analyst, trail):
    response = as_analyst.get(reverse("audit"), {"date_from": "Smarch", "action": "no.such"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem with the filters" in html
    assert "From date: Enter a valid date." in html
    assert 'aria-describedby="id_date_from-error"' in html
    backwards = as_analyst.get(
        reverse("audit"), {"date_from": "2024-04-01", "date_to": "2024-03-01"}
    )
    assert "The to date must be on or after the from date." in backwards.content.decode()


def test_the_list_is_paginated_keeping_the_filters(as_analyst, db):
    for number in range(60):
        _event(summary=f"Paged event {number}")
    _event(summary="Not this one", action="other.event")
    first = as_analyst.get(reverse("audit"), {"action": "test.event"})
    assert len(_ids(first)) == 50
    html = first.content.decode()
    assert "60 events match the filters" in html
    assert "Page 1 of 2" in html
    assert 'href="?action=test.event&amp;page=2"' in html
    second = as_analyst.get(reverse("audit"), {"action": "test.event", "page": 2})
    assert len(_ids(second)) == 10
    assert "Paged event 0" in second.content.decode()


def test_the_list_names_the_fields_each_event_changed(as_analyst, trail):
    html = as_analyst.get(reverse("audit"), {"action": "agency.update"}).content.decode()
    row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "name" in row and "records_as" not in row


# One event: before and after


def test_an_event_shows_each_changed_field_before_and_after(as_analyst, trail):
    agency = trail["agency"]
    response = as_analyst.get(reverse("audit_event", args=[agency.pk]))
    html = response.content.decode()
    changed = html.split('id="changes-heading"')[1].split("</section>")[0]
    assert '<th scope="row">name</th>' in changed
    assert "Thames Valley Police" in changed and ">Police<" in changed
    assert "records_as" not in changed
    unchanged = html.split('id="unchanged-heading"')[1]
    assert "records_as" in unchanged and "active" in unchanged
    assert "No one signed in (command line)" in html


def test_a_created_object_shows_every_field_as_new(as_analyst, trail):
    created = AuditEvent.objects.filter(action="indicator.create").first()
    html = as_analyst.get(reverse("audit_event", args=[created.pk])).content.decode()
    changed = html.split('id="changes-heading"')[1].split("</section>")[0]
    assert "title" in changed and "—" in changed
    assert "an.analyst" in html


def test_commentary_shows_its_text_and_status(as_analyst, trail):
    html = as_analyst.get(reverse("audit_event", args=[trail["commentary"].pk])).content.decode()
    assert "The placements panel reviews every plan." in html
    assert "draft" in html


def test_an_unknown_event_is_not_found(as_analyst, db):
    assert as_analyst.get(reverse("audit_event", args=[999999])).status_code == 404


def test_values_in_an_event_are_escaped(as_analyst, db):
    event = _event(summary="<script>alert(1)</script>", after={"text": "<b>bold</b>"})
    html = as_analyst.get(reverse("audit_event", args=[event.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


# Nothing can change it


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_pages_offer_no_way_to_change_an_event(as_analyst, trail, method):
    event = trail["import"]
    for url in [reverse("audit"), reverse("audit_event", args=[event.pk]), reverse("audit_export")]:
        assert getattr(as_analyst, method)(url).status_code == 405, url
    assert AuditEvent.objects.get(pk=event.pk).summary == event.summary


def test_the_model_refuses_to_update_an_event(trail):
    event = AuditEvent.objects.get(pk=trail["import"].pk)
    event.summary = "Nothing happened"
    with pytest.raises(AuditEventImmutable):
        event.save()
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(summary="Nothing happened")
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.update(summary="Nothing happened")
    assert AuditEvent.objects.get(pk=event.pk).summary == trail["import"].summary


def test_a_new_event_cannot_overwrite_an_old_one_by_its_id(trail):
    original = trail["import"]
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent(pk=original.pk, action="forged", object_type="X", summary="Forged").save()
    assert AuditEvent.objects.get(pk=original.pk).action == "observations.import"


def test_the_model_refuses_to_delete_an_event(trail):
    count = AuditEvent.objects.count()
    with pytest.raises(AuditEventImmutable):
        trail["import"].delete()
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.filter(pk=trail["import"].pk).delete()
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == count


def test_a_user_who_acted_cannot_be_deleted_so_the_trail_keeps_who_acted(analyst, trail):
    with pytest.raises(AuditEventImmutable), transaction.atomic():
        analyst.delete()
    assert AuditEvent.objects.get(pk=trail["import"].pk).actor == analyst


# Export


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_the_export_has_the_filtered_events_with_before_and_after(as_analyst, trail):
    response = as_analyst.get(reverse("audit_export"), {"object_type": "Agency"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    rows = _rows(response)
    assert rows[0] == [
        "id",
        "when",
        "who",
        "action",
        "object type",
        "object id",
        "summary",
        "changed fields",
        "before",
        "after",
    ]
    assert {row[4] for row in rows[1:]} == {"Agency"}
    update = next(row for row in rows[1:] if row[3] == "agency.update")
    assert update[7] == "name"
    assert '"Thames Valley Police"' in update[8] and '"Police"' in update[9]


def test_the_export_neutralises_spreadsheet_formulas(as_analyst, db):
    attacker = User.objects.create_user("@attacker", password="an-attacker-password")
    for summary in ['=HYPERLINK("http://evil")', "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]:
        _event(summary=summary, actor=attacker, object_id="=1+1")
    rows = _rows(as_analyst.get(reverse("audit_export")))[1:]
    assert len(rows) == 6
    for row in rows:
        assert row[2] == "'@attacker"
        assert row[5] == "'=1+1"
        assert row[6].startswith("'")
    summaries = {row[6] for row in rows}
    assert '\'=HYPERLINK("http://evil")' in summaries and "'-2+3" in summaries


def test_the_export_link_carries_the_filters(as_analyst, trail):
    html = as_analyst.get(
        reverse("audit"), {"action": "agency.update", "page": "1"}
    ).content.decode()
    assert 'href="/audit/export.csv?action=agency.update"' in html


def test_the_export_of_bad_filters_is_refused(as_analyst, trail):
    assert as_analyst.get(reverse("audit_export"), {"date_to": "never"}).status_code == 400


def test_old_events_stay_in_the_trail(as_analyst, db):
    """Nothing ages out: no retention rule deletes events."""
    old = _event_at(datetime.now(tz=LONDON) - timedelta(days=3650))
    assert old.pk in _ids(as_analyst.get(reverse("audit")))

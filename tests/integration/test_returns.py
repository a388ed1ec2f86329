"""Partners' early help returns: the cycle, the partnership view, the export, reminders, and
who may see what (a police contributor never sees or changes the health return)."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO, StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.integration.early_help_figures import Rows, make_early_help_figures
from trustboard.web.accounts.models import Agency
from trustboard.web.accounts.roles import Role, grant_role, set_agency
from trustboard.web.audit.models import AuditEvent
from trustboard.web.returns import reminders, services
from trustboard.web.returns.models import AgencyReturn, ReminderSent, ReturnRound, ReturnStatus
from trustboard.web.returns.services import ReturnError

pytestmark = pytest.mark.django_db

PERIOD = "Q3 2022/23"
GOOD = {
    "target_this_year": "1,200",
    "target_next_year": "1500",
    "achieved": "850",
    "narrative": "Health visitors now complete S&Ns as part of their visits.",
    "barriers": "Staff turnover in two localities.",
    "governance": "Reported quarterly to the trust's safeguarding committee.",
}


# -- people and agencies ----------------------------------------------------------------------
@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Test users need no strong hashing; it is most of these tests' time otherwise."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(username: str, role: Role | None, agency: Agency | None = None, email: str = ""):
    from django.contrib.auth.models import User

    user = User.objects.create_user(username, email=email, password=f"{username}-password")
    if role is not None:
        grant_role(user, role)
    if agency is not None:
        set_agency(user, agency)
    return user


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def agencies(db) -> dict[str, Agency]:
    rows = [
        ("council", "Oxfordshire County Council", "County Council"),
        ("health", "Health", "Health"),
        ("police", "Thames Valley Police", "Police"),
        ("voluntary", "Voluntary and community sector", ""),
    ]
    found = {
        code: Agency.objects.create(code=code, name=name, records_as=records_as, order=i)
        for i, (code, name, records_as) in enumerate(rows)
    }
    found["retired"] = Agency.objects.create(code="retired", name="Old agency", active=False)
    return found


@pytest.fixture
def health_member(health_contributor, agencies):
    """The shared health contributor, linked to the Health agency, with an email address."""
    set_agency(health_contributor, agencies["health"])
    health_contributor.email = "health.lead@example.org"
    health_contributor.save()
    return health_contributor


@pytest.fixture
def police_contributor(agencies):
    return _user("a.police.contributor", Role.CONTRIBUTOR, agencies["police"], "police@example.org")


@pytest.fixture
def owner(db):
    return _user("an.owner", Role.OWNER)


@pytest.fixture
def as_health(health_member) -> Client:
    return _client(health_member)


@pytest.fixture
def as_police(police_contributor) -> Client:
    return _client(police_contributor)


@pytest.fixture
def round_(analyst, agencies) -> ReturnRound:
    """Q3 2022/23, due in a month: nobody is late yet."""
    return services.open_round(
        actor=analyst, period=PERIOD, due=timezone.localdate() + timedelta(days=30)
    )


def _return(round_: ReturnRound, code: str) -> AgencyReturn:
    return AgencyReturn.objects.get(round=round_, agency__code=code)


def _url(round_: ReturnRound, code: str) -> str:
    return reverse("agency_return", args=[round_.pk, code])


# -- the cycle --------------------------------------------------------------------------------
def test_the_full_cycle_from_opening_to_acceptance(as_analyst, as_health, analyst, agencies):
    due = timezone.localdate() + timedelta(days=30)
    response = as_analyst.post(
        reverse("returns"),
        {"period": "q3 22/23", "due": due.isoformat(), "message": "Please include the pilot."},
    )
    round_ = ReturnRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("return_round", args=[round_.pk])
    assert (round_.period, round_.financial_year, round_.next_financial_year) == (
        "Q3 2022/23",
        "2022/23",
        "2023/24",
    )
    assert (round_.period_start, round_.period_end) == (date(2022, 10, 1), date(2022, 12, 31))
    # Every active agency is asked; the retired one is not.
    assert sorted(round_.returns.values_list("agency__code", flat=True)) == [
        "council",
        "health",
        "police",
        "voluntary",
    ]
    url = _url(round_, "health")

    listing = as_health.get(reverse("returns")).content.decode()
    assert "Q3 2022/23" in listing and "Not started" in listing and url in listing

    page = as_health.get(url).content.decode()
    assert "EHA) target for 2022/23" in page and "EHA target for 2023/24" in page
    assert "Please include the pilot." in page

    # A draft may be incomplete.
    response = as_health.post(url, {"action": "save", "target_this_year": "1,200"})
    assert response.status_code == 302
    row = _return(round_, "health")
    assert (row.status, row.target_this_year, row.achieved) == ("draft", 1200, None)

    # Submitting needs a narrative; the numbers must be whole numbers of 0 or more.
    response = as_health.post(url, GOOD | {"action": "submit", "narrative": "", "achieved": "-3"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert '<a href="#id_narrative">Write a narrative' in page
    assert '<a href="#id_achieved">Enter 0 or more</a>' in page
    assert 'aria-describedby="id_narrative_helptext id_narrative_error"' in page
    assert 'aria-invalid="true"' in page
    assert _return(round_, "health").status == "draft"
    response = as_health.post(url, GOOD | {"action": "submit", "target_next_year": "12.5"})
    assert "Enter a whole number, like 120" in response.content.decode()

    response = as_health.post(url, GOOD | {"action": "submit"})
    assert response.status_code == 302
    row = _return(round_, "health")
    assert row.status == "submitted" and row.submitted_by.username == "a.health.contributor"
    assert (row.target_this_year, row.target_next_year, row.achieved) == (1200, 1500, 850)

    # Submitted: read-only to the contributor.
    page = as_health.get(url).content.decode()
    assert "Submit return" not in page and "Submitted" in page
    assert "quarterly to the trust&#x27;s safeguarding committee" in page
    as_health.post(url, GOOD | {"action": "save", "narrative": "changed"})
    assert _return(round_, "health").narrative == GOOD["narrative"]

    # Sending back needs a comment.
    response = as_analyst.post(url, {"action": "send_back", "comment": " "})
    assert "Say what the agency needs to change" in response.content.decode()
    assert _return(round_, "health").status == "submitted"
    response = as_analyst.post(
        url, {"action": "send_back", "comment": "Please split the pilot out.", "from": "round"}
    )
    assert response["Location"] == reverse("return_round", args=[round_.pk])
    assert _return(round_, "health").status == "sent_back"

    page = as_health.get(url).content.decode()
    assert "Please split the pilot out." in page and "Submit return" in page
    as_health.post(url, GOOD | {"action": "save", "achieved": "900"})
    assert _return(round_, "health").status == "sent_back"  # still owed until resubmitted
    as_health.post(url, GOOD | {"action": "submit", "achieved": "910"})
    assert _return(round_, "health").status == "submitted"

    response = as_analyst.post(url, {"action": "accept", "comment": "", "from": "round"})
    assert response.status_code == 302
    row = _return(round_, "health")
    assert row.status == "accepted" and row.reviewed_by == analyst and row.achieved == 910
    assert "Accepted" in as_health.get(reverse("returns")).content.decode()

    events = list(AuditEvent.objects.filter(object_type="AgencyReturn").order_by("id"))
    assert [e.action for e in events] == [
        "returns.save_draft",
        "returns.submit",
        "returns.send_back",
        "returns.save_draft",
        "returns.submit",
        "returns.accept",
    ]
    assert [(e.before["status"], e.after["status"]) for e in events] == [
        ("not_started", "draft"),
        ("draft", "submitted"),
        ("submitted", "sent_back"),
        ("sent_back", "sent_back"),
        ("sent_back", "submitted"),
        ("submitted", "accepted"),
    ]
    assert (events[3].before["achieved"], events[3].after["achieved"]) == (850, 900)
    assert events[2].after["reviewer_comment"] == "Please split the pilot out."
    assert events[0].actor.username == "a.health.contributor"
    opened = AuditEvent.objects.get(action="returns.open_round")
    assert opened.after["agencies"] == ["council", "health", "police", "voluntary"]


def test_opening_a_round_checks_the_period_and_refuses_a_second_for_it(as_analyst, round_):
    due = "2023-01-31"
    response = as_analyst.post(reverse("returns"), {"period": "Q5 2022/23", "due": due})
    page = response.content.decode()
    assert response.status_code == 200 and '<a href="#id_period">' in page
    response = as_analyst.post(reverse("returns"), {"period": "Term 2 2022/23", "due": due})
    assert "Enter a quarter, a month or a financial year" in response.content.decode()
    response = as_analyst.post(reverse("returns"), {"period": "Q3 2022/23", "due": due})
    assert "A round for Q3 2022/23 is already open" in response.content.decode()
    response = as_analyst.post(reverse("returns"), {"period": "Q4 2022/23", "due": ""})
    assert '<a href="#id_due">Enter the due date</a>' in response.content.decode()
    assert ReturnRound.objects.count() == 1


def test_answers_are_checked_the_same_way_whoever_calls(health_member, round_):
    row = _return(round_, "health")
    with pytest.raises(ReturnError) as raised:
        services.submit(
            actor=health_member,
            agency_return=row,
            values={"target_this_year": "ten", "target_next_year": -1, "achieved": True},
        )
    assert set(raised.value.errors) == {
        "target_this_year",
        "target_next_year",
        "achieved",
        "narrative",
    }
    saved = services.save_draft(
        actor=health_member, agency_return=row, values={"achieved": " 1 234 ", "narrative": " x "}
    )
    assert (saved.achieved, saved.narrative) == (1234, "x")


def test_a_late_return_says_so_in_words(as_analyst, analyst, health_member, agencies):
    due = timezone.localdate() - timedelta(days=3)
    round_ = services.open_round(actor=analyst, period=PERIOD, due=due)
    services.submit(actor=health_member, agency_return=_return(round_, "health"), values=GOOD)
    page = as_analyst.get(reverse("return_round", args=[round_.pk])).content.decode()
    assert page.count("Not started, late by 3 days") == 3  # council, police, voluntary
    assert "Submitted, late" not in page
    assert "1 of 4 agencies have submitted; 3 late" in page
    listing = as_analyst.get(reverse("returns")).content.decode()
    assert '<td class="num">3</td>' in listing  # the late column of the round


# -- the partnership view ---------------------------------------------------------------------
def test_the_partnership_view_puts_each_agencys_count_beside_the_records(
    as_analyst, round_, health_member, police_contributor
):
    make_early_help_figures()  # 40 Health, 2 Police, 150 Council assessments a month, 2021-23
    services.submit(
        actor=health_member,
        agency_return=_return(round_, "health"),
        values=GOOD | {"achieved": "400"},
    )
    services.save_draft(
        actor=police_contributor,
        agency_return=_return(round_, "police"),
        values={"target_this_year": "50", "achieved": "12"},
    )
    page = as_analyst.get(reverse("return_round", args=[round_.pk])).content.decode()
    assert "EHAs in the records, Apr 2022 to Dec 2022" in page
    rows = {
        name: page.split(f">{name}</a></th>", 1)[1].split("</tr>", 1)[0]
        for name in ["Health", "Thames Valley Police", "Oxfordshire County Council"]
    }
    # Apr to Dec 2022: 9 months; Jan 2023 (999 Education) lies after the period.
    health = rows["Health"]
    assert "Submitted" in health
    assert ">1,200<" in health and ">1,500<" in health and ">400<" in health
    assert ">360<" in health and ">+40<" in health
    police = rows["Thames Valley Police"]
    assert "Draft" in police and ">50<" in police and ">12<" in police and ">18<" in police
    assert ">−6<" in police
    assert ">1,350<" in rows["Oxfordshire County Council"]
    assert "Not in the records" in page  # the voluntary sector has no group in the extracts
    # The agency ratio table, as the early help page has it, to the end of the round's period.
    assert "Agency ratios, 12 months Jan 2022 to Dec 2022" in page
    assert "1.8 S&amp;Ns per MASH contact" in page
    # Health's return waits for review, with its own accept and send-back buttons.
    assert 'id="id_health_comment"' in page
    assert 'Accept<span class="visually-hidden"> the return from Health</span>' in page
    # The contributor sees the records' count beside the achieved box too.
    form = _client(police_contributor).get(_url(round_, "police")).content.decode()
    assert "The partnership&#x27;s records count 18 assessments by Police" in form
    assert 'aria-describedby="id_achieved_helptext"' in form


def test_months_missing_from_the_records_are_said(as_analyst, round_):
    rows = Rows()
    for label in ["Mar 2022", "Apr 2022", "May 2022", "Jun 2022", "Dec 2022", "Jan 2023"]:
        rows.add("eha_started", label, "Health", 10)
        rows.add("eha_started", label, "", 10)
    rows.add("eha_started", "Jul 2022", "", 5)  # the measure ran; no Health assessments
    rows.save()
    page = as_analyst.get(reverse("return_round", args=[round_.pk])).content.decode()
    health = page.split(">Health</a></th>", 1)[1].split("</tr>", 1)[0]
    assert ">40 <span" in health and "(figures for 5 of 9 months)" in health
    police = page.split(">Thames Valley Police</a></th>", 1)[1].split("</tr>", 1)[0]
    assert ">0 <span" in police
    assert "No ratios have been computed up to the end of Q3 2022/23" in page


# -- the export -------------------------------------------------------------------------------
def test_the_export_has_every_field_and_no_formula(as_analyst, round_, health_member):
    from openpyxl import load_workbook

    make_early_help_figures()
    services.submit(
        actor=health_member,
        agency_return=_return(round_, "health"),
        values=GOOD | {"narrative": "=SUM(A1)", "barriers": "-5 staff", "governance": "@board"},
    )
    response = as_analyst.get(reverse("returns_export", args=[round_.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "early-help-returns-Q3-2022-23.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    heading = rows[0]
    by_code = {
        r[heading.index("Agency code")]: dict(zip(heading, r, strict=True)) for r in rows[1:]
    }
    assert sorted(by_code) == ["council", "health", "police", "voluntary"]
    health = by_code["health"]
    assert health["Narrative"] == "'=SUM(A1)"
    assert health["Barriers and challenges"] == "'-5 staff"
    assert health["Internal governance and reporting"] == "'@board"
    assert health["EHA target this financial year"] == 1200
    assert health["EHA target next financial year"] == 1500
    assert health["EHAs achieved (agency's count)"] == 850
    assert health["EHAs in the records (year to date)"] == 360
    assert health["Months of records"] == 9
    assert (health["Status"], health["Late"], health["Round"]) == ("Submitted", "No", PERIOD)
    assert health["Submitted by"] == "a.health.contributor"
    assert health["Submitted at"] is not None
    assert by_code["voluntary"]["EHAs in the records (year to date)"] is None
    # No cell anywhere is a formula.
    for cells in sheet.iter_rows():
        for cell in cells:
            assert cell.data_type != "f", cell.coordinate


# -- reminders --------------------------------------------------------------------------------
@pytest.fixture
def reminder_round(analyst, agencies, health_member, police_contributor):
    """Q3 2022/23 due Tuesday 31 January 2023; Health has submitted, the others have not."""
    round_ = services.open_round(actor=analyst, period=PERIOD, due=date(2023, 1, 31))
    services.submit(actor=health_member, agency_return=_return(round_, "health"), values=GOOD)
    _user("council.lead", Role.CONTRIBUTOR, agencies["council"])  # no email address
    _user("council.reader", Role.BOARD_MEMBER, agencies["council"], "reader@example.org")
    return round_


def _sent(day: date) -> list[tuple[str, str]]:
    before = len(mail.outbox)
    reminders.send_reminders(day)
    return [(m.to[0], m.subject) for m in mail.outbox[before:]]


def test_reminders_go_a_week_and_a_day_before_and_each_day_late_once(reminder_round):
    week_before = date(2023, 1, 24)
    report = reminders.send_reminders(week_before, base_url="https://trustboard.example.org")
    assert [(r.username, r.when) for r in report.sent] == [
        ("a.police.contributor", "due in 7 days")
    ]
    # Council's contributor has no email address; the board member in the council is no
    # contributor; Health has submitted.
    assert [(n.username, n.reason) for n in report.not_reminded] == [
        ("council.lead", "no email address")
    ]
    (message,) = mail.outbox
    assert message.to == ["police@example.org"]
    assert message.subject == "Early help return for Q3 2022/23: due Tuesday 31 January 2023"
    link = f"https://trustboard.example.org/returns/{reminder_round.pk}/police/"
    assert link in message.body and "It has not been started." in message.body

    again = reminders.send_reminders(week_before)
    assert again.sent == [] and len(again.already_sent) == 1 and len(mail.outbox) == 1

    assert _sent(date(2023, 1, 25)) == []
    assert _sent(date(2023, 1, 30)) == [
        ("police@example.org", "Early help return for Q3 2022/23: due Tuesday 31 January 2023")
    ]
    assert _sent(date(2023, 1, 31)) == []  # due today: not late yet
    late = "Early help return for Q3 2022/23 is late"
    assert _sent(date(2023, 2, 1)) == [("police@example.org", late)]
    assert _sent(date(2023, 2, 1)) == []
    assert "is 1 day late" in mail.outbox[-1].body
    assert _sent(date(2023, 2, 2)) == [("police@example.org", late)]
    assert "is 2 days late" in mail.outbox[-1].body
    assert list(ReminderSent.objects.order_by("sent_on").values_list("kind", "days")) == [
        ("before", 7),
        ("before", 1),
        ("late", -1),
        ("late", -2),
    ]
    assert AuditEvent.objects.filter(action="returns.remind").count() == 4


def test_a_return_sent_back_is_reminded_and_a_submitted_one_is_not(
    reminder_round, analyst, police_contributor
):
    services.submit(
        actor=police_contributor, agency_return=_return(reminder_round, "police"), values=GOOD
    )
    assert _sent(date(2023, 2, 1)) == []
    services.send_back(
        actor=analyst, agency_return=_return(reminder_round, "health"), comment="Add the pilot."
    )
    sent = _sent(date(2023, 2, 2))
    assert sent == [("health.lead@example.org", "Early help return for Q3 2022/23 is late")]
    assert "sent back for changes" in mail.outbox[-1].body


def test_the_reminder_command_lists_who_was_not_reminded(reminder_round):
    out = StringIO()
    call_command("send_return_reminders", "--date", "2023-02-01", stdout=out)
    text = out.getvalue()
    assert "Reminded a.police.contributor <police@example.org> (Thames Valley Police)" in text
    assert "late by 1 day" in text
    assert "Not reminded: council.lead (Oxfordshire County Council), Q3 2022/23: no email" in text
    assert "1 reminder sent on 01/02/2023; 1 not reminded." in text
    out = StringIO()
    call_command("send_return_reminders", "--date", "2023-02-01", stdout=out)
    assert "0 reminders sent" in out.getvalue() and "Already reminded today" in out.getvalue()
    assert len(mail.outbox) == 1
    # As `trustboard remind` calls it: options by name.
    out = StringIO()
    call_command(
        "send_return_reminders", date="2023-02-02", days="7,1", base_url="https://x.org", stdout=out
    )
    assert "1 reminder sent on 02/02/2023" in out.getvalue()
    assert f"https://x.org/returns/{reminder_round.pk}/police/" in mail.outbox[-1].body


# -- who may see what -------------------------------------------------------------------------
def test_a_police_contributor_never_sees_or_changes_the_health_return(
    as_police, round_, analyst, health_member, agencies
):
    services.save_draft(actor=health_member, agency_return=_return(round_, "health"), values=GOOD)
    other_round = services.open_round(actor=analyst, period="Q2 2022/23", due=date(2022, 10, 31))
    health = _return(round_, "health")
    for url in [
        _url(round_, "health"),
        _url(other_round, "health"),
        _url(round_, "council"),
        reverse("agency_return", args=[round_.pk + 100, "health"]),
        reverse("agency_return", args=[round_.pk, "no-such-agency"]),
    ]:
        assert as_police.get(url).status_code == 404, url
        assert as_police.post(url, GOOD | {"action": "submit"}).status_code == 404, url
        assert as_police.post(url, {"action": "accept"}).status_code == 404, url
    for url in [
        reverse("return_round", args=[round_.pk]),
        reverse("returns_export", args=[round_.pk]),
    ]:
        assert as_police.get(url).status_code == 403, url
    # Naming the health return in a post to the police one changes the police one only.
    response = as_police.post(
        _url(round_, "police"),
        GOOD | {"action": "save", "agency": "health", "id": health.pk, "return": health.pk},
    )
    assert response.status_code == 302
    assert _return(round_, "health").narrative == GOOD["narrative"]
    assert _return(round_, "health").status == "draft"
    assert _return(round_, "police").status == "draft"
    # A contributor may not open a round or review a return.
    assert as_police.post(reverse("returns"), {"period": "Q4 2022/23"}).status_code == 403
    assert as_police.post(_url(round_, "police"), {"action": "accept"}).status_code == 403

    listing = as_police.get(reverse("returns")).content.decode()
    assert "Thames Valley Police: your returns" in listing
    assert "Health" not in listing and "/health/" not in listing and "Rounds" not in listing
    assert listing.count("/returns/") == 1 + 2  # the nav link, and the two police returns


def test_the_services_refuse_another_agencys_contributor(police_contributor, round_, health_member):
    health = _return(round_, "health")
    for change in (services.save_draft, services.submit):
        with pytest.raises(PermissionDenied):
            change(actor=police_contributor, agency_return=health, values=GOOD)
    with pytest.raises(PermissionDenied):
        services.accept(actor=health_member, agency_return=health)
    with pytest.raises(PermissionDenied):
        services.send_back(actor=health_member, agency_return=health, comment="no")
    with pytest.raises(PermissionDenied):
        services.open_round(actor=health_member, period="Q4 2022/23", due=date(2023, 4, 30))
    assert _return(round_, "health").status == "not_started"


def test_an_analyst_reviews_but_does_not_write_an_agencys_return(as_analyst, analyst, round_):
    url = _url(round_, "health")
    page = as_analyst.get(url).content.decode()
    assert "Submit return" not in page and "Not started" in page
    assert as_analyst.post(url, GOOD | {"action": "submit"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.submit(actor=analyst, agency_return=_return(round_, "health"), values=GOOD)
    response = as_analyst.post(url, {"action": "accept"})
    assert "Only a submitted return can be accepted" in response.content.decode()
    assert _return(round_, "health").status == ReturnStatus.NOT_STARTED


@pytest.mark.parametrize("who", ["board_member", "owner", "user_without_role"])
def test_other_roles_are_refused_every_returns_page(request, who, round_):
    client = _client(request.getfixturevalue(who))
    for url in [
        reverse("returns"),
        reverse("return_round", args=[round_.pk]),
        reverse("returns_export", args=[round_.pk]),
        _url(round_, "health"),
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"action": "submit"}).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_sign_in(as_anonymous, round_):
    for url in [
        reverse("returns"),
        reverse("return_round", args=[round_.pk]),
        reverse("returns_export", args=[round_.pk]),
        _url(round_, "health"),
    ]:
        response = as_anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        response = as_anonymous.post(url, GOOD | {"action": "submit"})
        assert response.status_code == 302
    assert _return(round_, "health").status == "not_started"


def test_a_contributor_without_an_agency_is_told_and_sees_no_return(health_contributor, round_):
    client = _client(health_contributor)
    page = client.get(reverse("returns")).content.decode()
    assert "You are not linked to an agency" in page
    assert client.get(_url(round_, "health")).status_code == 404


def test_the_menu_offers_returns_to_contributors_and_analysts_only(
    as_health, as_analyst, as_board_member, round_
):
    link = '<a href="/returns/">Early help returns</a>'
    assert link in as_health.get(reverse("returns")).content.decode()
    assert link in as_analyst.get(reverse("overview")).content.decode()
    assert link not in as_board_member.get(reverse("overview")).content.decode()

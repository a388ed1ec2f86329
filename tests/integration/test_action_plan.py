"""The CYPP action plan: import from the board's progress spreadsheet, progress updates and who
may add them, overdue updates, the indicators' RAG beside each action, and the exports."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.integration.plan_fixture import (
    CAMHS,
    DA_TRAINING,
    EHA,
    ENCOMPASS,
    FIXTURE,
    NOT_ENGAGED,
    SECTIONS,
    TIMELINESS,
    TITLE,
    WORKING_GROUP,
    fixture_bytes,
    make_plan_framework,
)
from trustboard.examples.oxfordshire.plan import Row, Section, plan_workbook
from trustboard.ingest.observations import ImportError_
from trustboard.web.accounts.models import Agency
from trustboard.web.accounts.roles import Role, grant_role, set_agency
from trustboard.web.audit.models import AuditEvent
from trustboard.web.framework import queries as performance_queries
from trustboard.web.framework import services as performance_services
from trustboard.web.framework.models import Indicator
from trustboard.web.plan import services
from trustboard.web.plan.importer import import_plan, match_agencies
from trustboard.web.plan.models import Action, ActionUpdate, PlanImport, Priority

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

IMPORTED_ON = date(2022, 5, 31)


@pytest.fixture
def plan_framework(framework):
    make_plan_framework()
    return framework


@pytest.fixture
def plan(plan_framework):
    """The fixture plan imported as at 31 May 2022."""
    return import_plan(FIXTURE.name, FIXTURE.read_bytes(), today=IMPORTED_ON)


def action(text: str) -> Action:
    return Action.objects.get(text=text)


def agency_codes(found: Action) -> list[str]:
    return sorted(a.code for a in found.agencies.all())


def _person(username: str, role: Role, agency_code: str | None = None) -> User:
    user = User.objects.create_user(username, password=f"{username}-password")
    grant_role(user, role)
    if agency_code:
        set_agency(user, Agency.objects.get(code=agency_code))
    return user


def _client(user: User):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


# -- Import ----------------------------------------------------------------------------------


def test_the_committed_fixture_is_the_one_the_helper_writes():
    from openpyxl import load_workbook

    def cells(data: bytes) -> list:
        sheet = load_workbook(io.BytesIO(data)).active
        return [list(r) for r in sheet.iter_rows(values_only=True)]

    assert cells(FIXTURE.read_bytes()) == cells(fixture_bytes())


def test_import_reads_areas_priorities_and_actions(plan):
    assert plan.batch is not None
    assert plan.actions_created == 7
    assert plan.priorities_created == 4
    priorities = {(p.area.code, p.title) for p in Priority.objects.select_related("area")}
    assert priorities == {
        ("successful", "Focus on Children who are not engaged in Education"),
        ("healthy", "Focus on Social, Emotional, Physical & Mental Well-Being"),
        ("safe", "Focus on Domestic Abuse"),
        ("supported", "Be supported"),
    }
    assert [a.text for a in Action.objects.filter(priority__area__code="successful")] == [
        NOT_ENGAGED,
        TIMELINESS,
    ]
    first = action(NOT_ENGAGED)
    assert first.measures.startswith("a. Number of children with EHCP awaiting placement")
    assert first.board_leads == "SEND (OCC), Learner Engagement (OCC)"
    assert first.timetable == "Sep 21"
    assert first.update_every_months == 3
    assert "Imported cypp_progress_plan.xlsx: 7 new actions" in plan.summary()


def test_agencies_are_matched_and_other_bodies_kept_as_text(plan):
    first = action(NOT_ENGAGED)
    assert agency_codes(first) == ["council", "education", "police"]
    assert first.other_responsible == "City & District Councils"
    assert agency_codes(action(EHA)) == ["council", "education", "health", "police", "voluntary"]
    assert agency_codes(action(CAMHS)) == ["health"]
    encompass = action(ENCOMPASS)
    assert agency_codes(encompass) == ["police"]
    assert encompass.other_responsible == "Oxfordshire Domestic Abuse Strategic Board"
    assert agency_codes(action(WORKING_GROUP)) == []
    assert "Engagement & Consultation Team" in plan.summary()


def test_agency_names_and_aliases():
    agencies = [
        Agency(
            pk=1, code="council", name="Oxfordshire County Council", records_as="County Council"
        ),
        Agency(pk=2, code="health", name="Health (Oxford Health NHS FT)", records_as="Health"),
        Agency(pk=3, code="education", name="Schools", records_as="Education"),
        Agency(pk=4, code="police", name="Thames Valley Police", records_as="Police"),
    ]

    def codes(text: str) -> tuple[list[str], str]:
        found, other = match_agencies(text, agencies)
        return [a.code for a in found], other

    assert codes("County Council") == (["council"], "")
    assert codes("Thames Valley Police") == (["police"], "")
    assert codes("TVP") == (["police"], "")
    assert codes("Health") == (["health"], "")
    assert codes("Public Health") == (["council"], "")
    assert codes("School Health Nurses; CAMHS") == (["health"], "")
    assert codes("Health (Oxford Health NHS FT), Schools") == (["health", "education"], "")
    assert codes("City & District Councils, Soccer clubs") == (
        [],
        "City & District Councils, Soccer clubs",
    )


def test_continued_rows_and_inherited_columns(plan):
    first = action(NOT_ENGAGED)
    (update,) = first.updates.all()
    assert update.text == (
        "47 missing a registered base; 25 awaiting provision (age 16+).\n"
        "Weekly attendance figures are provided every Monday."
    )
    # "for all actions stated": the second action takes the first one's agencies and leads.
    second = action(TIMELINESS)
    assert agency_codes(second) == agency_codes(first)
    assert second.board_leads == first.board_leads
    assert second.timetable == "Sep 21"


def test_progress_is_the_first_update_dated_by_the_import(plan):
    eha = action(EHA)
    (update,) = eha.updates.all()
    assert update.date == IMPORTED_ON
    assert update.text == "Expectations as now set out in the CYPP plan."
    assert update.plan_import == plan.batch
    assert not action(WORKING_GROUP).updates.exists()
    assert ActionUpdate.objects.count() == 6


def test_reporting_timetables_set_how_often_progress_is_expected(plan):
    assert action(EHA).update_every_months == 3
    assert action(CAMHS).update_every_months == 1
    assert action(ENCOMPASS).update_every_months == 3


def test_indicators_are_linked(plan):
    assert [i.code for i in action(EHA).indicators.all()] == ["1.4"]
    assert [i.code for i in action(CAMHS).indicators.all()] == ["1.3a"]
    assert [i.code for i in action(ENCOMPASS).indicators.all()] == ["1.1"]
    assert not action(DA_TRAINING).indicators.exists()


def test_the_import_is_audited(plan):
    events = AuditEvent.objects.filter(action__startswith="plan.")
    kinds = sorted({e.action for e in events})
    assert kinds == ["plan.action.create", "plan.import", "plan.priority.create", "plan.update.add"]
    created = events.get(action="plan.action.create", object_id=str(action(EHA).pk))
    assert created.before is None
    assert created.after["agencies"] == ["council", "education", "health", "police", "voluntary"]
    assert created.after["indicators"] == ["1.4"]
    imported = events.get(action="plan.import")
    assert imported.after["actions_created"] == 7


def test_re_importing_the_same_file_changes_nothing(plan):
    events = AuditEvent.objects.count()
    again = import_plan("renamed.xlsx", FIXTURE.read_bytes(), today=IMPORTED_ON + timedelta(90))
    assert again.already_imported == plan.batch
    assert "already imported" in again.summary()
    assert Action.objects.count() == 7
    assert ActionUpdate.objects.count() == 6
    assert PlanImport.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_newer_plan_changes_its_actions_and_adds_new_progress(plan):
    newer = (
        Section(
            SECTIONS[1].heading,
            (
                Row(
                    EHA,
                    "Health, Thames Valley Police",
                    "Number of early help assessments completed by every agency.",
                    "OCC Early Help",
                    "Quarterly",
                    "5,000 assessments reached in March 2023.",
                    "1.4",
                ),
                Row(
                    CAMHS,
                    "Health, CAMHS",
                    "Children waiting for core CAMHS.",
                    timetable="Monthly",
                    progress="Referrals to CAMHS still the same; work around reducing the "
                    "waiting list.",
                    indicators="1.3a",
                ),
            ),
        ),
    )
    result = import_plan("plan-2023.xlsx", plan_workbook(newer, TITLE), today=date(2023, 4, 30))
    assert (result.actions_created, result.actions_changed, result.actions_unchanged) == (0, 1, 1)
    assert result.updates_added == 1
    eha = action(EHA)
    assert agency_codes(eha) == ["health", "police"]
    assert [(u.date, u.text) for u in eha.updates.all()] == [
        (date(2023, 4, 30), "5,000 assessments reached in March 2023."),
        (IMPORTED_ON, "Expectations as now set out in the CYPP plan."),
    ]
    changed = AuditEvent.objects.get(action="plan.action.update")
    assert changed.before["agencies"] == ["council", "education", "health", "police", "voluntary"]
    assert changed.after["agencies"] == ["health", "police"]
    # Actions the newer file leaves out keep their history.
    assert Action.objects.count() == 7


def test_a_csv_plan_imports_too(plan_framework):
    rows = [
        ["Children and Young People's Plan"],
        ["BE HEALTHY – Focus on Mental Well-Being"],
        [
            "Actions",
            "Responsible Agencies",
            "How we will know this area of focus has improved",
            "Board Leads",
            "Reporting Timetable",
            "Progress",
            "Indicators",
        ],
        ["Increase early help assessments.", "Health", "EHAs", "OCC", "Quarterly", "Up.", "1.4"],
    ]
    out = io.StringIO()
    import csv

    csv.writer(out).writerows(rows)
    result = import_plan("plan.csv", out.getvalue().encode(), today=IMPORTED_ON)
    assert result.actions_created == 1
    assert agency_codes(Action.objects.get()) == ["health"]


def _bad_plan() -> bytes:
    return plan_workbook(
        (
            Section(
                "BE SUCCESSFUL – Focus on Children who are not engaged in Education",
                (
                    Row(progress="A continuation with no action above it."),
                    Row("An action.", "Health", indicators="1.4, 9.99"),
                    Row("An action.", "Health"),
                ),
            ),
            Section("BE INSPIRED – Focus on something the framework lacks", (Row("Ignored."),)),
            Section("BE SAFE – Focus on Domestic Abuse", ()),
        ),
        TITLE,
    )


def test_a_bad_spreadsheet_names_every_problem_and_saves_nothing(plan_framework):
    with pytest.raises(ImportError_) as raised:
        import_plan("bad-plan.xlsx", _bad_plan())
    problems = [(e.file, e.row, e.column, e.value) for e in raised.value.errors]
    assert problems == [
        ("bad-plan.xlsx", 6, "Actions", ""),
        ("bad-plan.xlsx", 7, "Indicators", "9.99"),
        ("bad-plan.xlsx", 8, "Actions", "An action."),
        ("bad-plan.xlsx", 10, "Actions", "BE INSPIRED – Focus on something the framework lacks"),
        ("bad-plan.xlsx", 14, "Actions", "Focus on Domestic Abuse"),
    ]
    expected = [e.expected for e in raised.value.errors]
    assert "continues the action above" in expected[0]
    assert "codes of the framework's indicators" in expected[1]
    assert "already on row 7" in expected[2]
    assert "Be successful" in expected[3] and "Be safe" in expected[3]
    assert "at least one action" in expected[4]
    assert str(raised.value.errors[1]).startswith("bad-plan.xlsx: row 7, column 'Indicators'")
    assert not Action.objects.exists()
    assert not Priority.objects.exists()
    assert not PlanImport.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="plan.").exists()


def test_missing_columns_and_a_missing_header_are_named(plan_framework):
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(
        [
            ["BE SAFE – Focus on Domestic Abuse"],
            ["Actions", "Responsible Agencies", "Board Leads", "Progress"],
            ["An action.", "Health", "OCC", "Done."],
        ]
    )
    with pytest.raises(ImportError_) as raised:
        import_plan("plan.csv", out.getvalue().encode())
    (problem,) = raised.value.errors
    assert (problem.row, problem.column) == (2, "(header)")
    assert "'How we will know this area of focus has improved'" in problem.expected
    assert "'Reporting Timetable'" in problem.expected

    out = io.StringIO()
    csv.writer(out).writerows([["BE SAFE – Focus on Domestic Abuse"], ["An action.", "Health"]])
    with pytest.raises(ImportError_) as raised:
        import_plan("plan.csv", out.getvalue().encode())
    problem = raised.value.errors[0]
    assert (problem.row, problem.column) == (2, "(header)")
    assert "above the first action" in problem.expected


def test_files_that_are_not_plans_are_refused(plan_framework):
    for name, data, expected in [
        ("plan.xlsx", b"not a zip", "an Excel workbook"),
        ("plan.txt", b"text", "a .xlsx or .csv file"),
        ("plan.csv", b"just,some\ncells,here\n", "a heading row per area of focus"),
    ]:
        with pytest.raises(ImportError_) as raised:
            import_plan(name, data)
        assert expected in raised.value.errors[0].expected, name
    assert not PlanImport.objects.exists()


def test_the_example_plan_imports_into_the_example_framework(db, analytics_path):
    from trustboard.core.catalogue import load_framework
    from trustboard.examples.oxfordshire.plan import EXAMPLE as EXAMPLE_SECTIONS
    from trustboard.examples.oxfordshire.plan import EXAMPLE_PATH, plan_workbook

    examples = EXAMPLE_PATH.parent
    performance_services.load_catalogue(framework=load_framework(examples / "framework.yaml"))
    # The committed example is the one the script writes.
    assert EXAMPLE_PATH.read_bytes() == plan_workbook(
        EXAMPLE_SECTIONS, "Children and Young People's Plan: progress update, May 2022"
    )
    result = import_plan(EXAMPLE_PATH.name, EXAMPLE_PATH.read_bytes(), today=IMPORTED_ON)
    assert 8 <= result.actions_created <= 14
    assert {p.area.code for p in Priority.objects.all()} == {
        "successful",
        "healthy",
        "safe",
        "supported",
    }
    linked = set(
        Indicator.objects.filter(plan_actions__isnull=False).values_list("code", flat=True)
    )
    assert {"1.4", "2.5", "2.9", "4.14", "1.12", "2.7"} <= linked
    eha = Action.objects.get(indicators__code="1.4")
    assert agency_codes(eha) == ["council", "education", "health", "police", "voluntary"]


# -- Updates and who may add them -----------------------------------------------------------


def _post_update(
    client, target: Action, text: str = "Progress this quarter.", on: date | None = None
):
    return client.post(
        f"/plan/actions/{target.pk}/",
        {"on": (on or timezone.localdate()).isoformat(), "text": text},
    )


def test_the_owner_of_an_action_may_add_an_update(plan):
    owner = _person("an.owner", Role.OWNER)
    target = action(DA_TRAINING)
    services.edit_action(
        action=target,
        actor=_person("lead.analyst", Role.ANALYST),
        owner=owner,
        update_every_months=3,
        agencies=[],
        other_responsible="",
        indicators=[],
        board_leads="",
        timetable="",
    )
    response = _post_update(_client(owner), target, "Delivered twice more.")
    assert response.status_code == 302
    latest = target.latest_update()
    assert (latest.text, latest.author) == ("Delivered twice more.", owner)
    event = AuditEvent.objects.filter(action="plan.update.add").first()
    assert event.actor == owner
    assert event.after["text"] == "Delivered twice more."


def test_a_contributor_of_a_responsible_agency_may_add_an_update(plan, health_contributor):
    set_agency(health_contributor, Agency.objects.get(code="health"))
    client = _client(health_contributor)
    page = client.get(f"/plan/actions/{action(CAMHS).pk}/")
    assert page.status_code == 200
    assert "Add a progress update" in page.content.decode()
    assert _post_update(client, action(CAMHS)).status_code == 302
    assert action(CAMHS).updates.count() == 2


def test_another_agency_contributor_is_refused(plan):
    police = _person("a.police.contributor", Role.CONTRIBUTOR, "police")
    client = _client(police)
    # Police answer for Operation Encompass, not for CAMHS waits.
    assert _post_update(client, action(ENCOMPASS)).status_code == 302
    page = client.get(f"/plan/actions/{action(CAMHS).pk}/")
    assert page.status_code == 200
    assert "Add a progress update" not in page.content.decode()
    assert _post_update(client, action(CAMHS)).status_code == 403
    assert action(CAMHS).updates.count() == 1


def test_a_contributor_without_an_agency_and_a_board_member_are_refused(
    plan, health_contributor, as_health_contributor, as_board_member
):
    assert _post_update(as_health_contributor, action(CAMHS)).status_code == 403
    assert as_board_member.get(f"/plan/actions/{action(CAMHS).pk}/").status_code == 200
    assert _post_update(as_board_member, action(CAMHS)).status_code == 403
    assert action(CAMHS).updates.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in_and_others_refused(
    plan, as_anonymous, as_user_without_role
):
    target = action(CAMHS)
    for url in ["/plan/", f"/plan/actions/{target.pk}/", "/plan/overdue/", "/plan/import/"]:
        response = as_anonymous.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
        assert as_user_without_role.get(url).status_code == 403, url
    response = _post_update(as_anonymous, target)
    assert response.status_code == 302 and "/login/" in response["Location"]
    for url in ["/plan/export.xlsx", "/plan/export.docx"]:
        assert as_anonymous.get(url).status_code == 302
        assert as_user_without_role.get(url).status_code == 403
    assert target.updates.count() == 1


def test_an_analyst_may_update_any_action_and_only_an_analyst_imports(
    plan, as_analyst, as_board_member, health_contributor
):
    assert _post_update(as_analyst, action(WORKING_GROUP)).status_code == 302
    assert action(WORKING_GROUP).updates.count() == 1
    set_agency(health_contributor, Agency.objects.get(code="health"))
    assert _client(health_contributor).get("/plan/import/").status_code == 403
    assert as_board_member.get("/plan/import/").status_code == 403
    assert as_analyst.get("/plan/import/").status_code == 200


def test_an_update_in_the_future_or_empty_is_refused_with_the_reason(plan, as_analyst):
    target = action(CAMHS)
    response = _post_update(as_analyst, target, on=timezone.localdate() + timedelta(days=1))
    assert response.status_code == 400
    body = response.content.decode()
    assert "The date cannot be in the future." in body
    assert 'aria-invalid="true"' in body
    assert "id_on_error" in body
    response = _post_update(as_analyst, target, text="   ")
    assert response.status_code == 400
    assert target.updates.count() == 1


def test_updates_are_never_edited_or_deleted(plan):
    update = action(EHA).latest_update()
    update.text = "Rewritten."
    with pytest.raises(ValueError, match="never edited"):
        update.save()
    with pytest.raises(ValueError, match="never deleted"):
        update.delete()
    with pytest.raises(ValueError):
        ActionUpdate.objects.filter(pk=update.pk).update(text="Rewritten.")
    with pytest.raises(ValueError):
        ActionUpdate.objects.all().delete()


def test_an_analyst_edits_an_action_and_the_change_is_audited(plan, as_analyst):
    owner = _person("an.owner", Role.OWNER)
    target = action(DA_TRAINING)
    response = as_analyst.post(
        f"/plan/actions/{target.pk}/edit/",
        {
            "owner": owner.pk,
            "update_every_months": 6,
            "agencies": [Agency.objects.get(code="police").pk],
            "other_responsible": "Domestic Abuse Strategic Board",
            "indicator_codes": "1.1, 1.4",
            "board_leads": "OCC Public Health Programmes",
            "timetable": "Six-monthly",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.owner, target.update_every_months) == (owner, 6)
    assert sorted(i.code for i in target.indicators.all()) == ["1.1", "1.4"]
    event = AuditEvent.objects.get(action="plan.action.edit")
    assert event.before["owner"] is None and event.after["owner"] == "an.owner"
    assert event.before["indicators"] == [] and event.after["indicators"] == ["1.1", "1.4"]

    bad = as_analyst.post(
        f"/plan/actions/{target.pk}/edit/", {"update_every_months": 0, "indicator_codes": "7.7"}
    )
    assert bad.status_code == 400
    assert "No indicator with the code 7.7" in bad.content.decode()


def test_only_analysts_edit_actions(plan, health_contributor):
    set_agency(health_contributor, Agency.objects.get(code="health"))
    target = action(CAMHS)
    response = _client(health_contributor).post(
        f"/plan/actions/{target.pk}/edit/", {"update_every_months": 1}
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="plan.action.edit").exists()


# -- Overdue ---------------------------------------------------------------------------------


def test_overdue_is_no_update_within_the_action_s_frequency(plan, as_analyst):
    today = timezone.localdate()
    camhs, eha, group = action(CAMHS), action(EHA), action(WORKING_GROUP)
    assert camhs.is_overdue(today) and eha.is_overdue(today)  # updates dated 31 May 2022
    services.add_update(
        action=eha, actor=User.objects.get(username="an.analyst"), on=today, text="Recent."
    )
    assert not eha.is_overdue(today)
    # No update at all: due the frequency after the action was added.
    assert not group.is_overdue(today)
    Action.objects.filter(pk=group.pk).update(created_at=timezone.now() - timedelta(days=200))
    group.refresh_from_db()
    assert group.is_overdue(today)
    # Monthly: an update 40 days old is overdue; quarterly it would not be.
    assert camhs.update_every_months == 1
    services.add_update(
        action=camhs,
        actor=User.objects.get(username="an.analyst"),
        on=today - timedelta(days=40),
        text="Five weeks ago.",
    )
    assert camhs.is_overdue(today)
    assert not camhs.is_overdue(today - timedelta(days=15))

    page = as_analyst.get("/plan/overdue/")
    body = page.content.decode()
    assert page.status_code == 200
    # Oldest first: the May 2022 updates, then the action with none, then CAMHS.
    positions = [body.index(text[:40]) for text in (NOT_ENGAGED, WORKING_GROUP, CAMHS)]
    assert positions == sorted(positions)
    assert EHA[:40] not in body


def test_the_plan_filters_overdue_actions_and_by_agency(plan, as_analyst):
    services.add_update(
        action=action(EHA),
        actor=User.objects.get(username="an.analyst"),
        on=timezone.localdate(),
        text="Recent.",
    )
    everything = as_analyst.get("/plan/").content.decode()
    assert EHA[:40] in everything and WORKING_GROUP[:40] in everything
    assert "Update overdue" in everything and "Up to date" in everything
    overdue = as_analyst.get("/plan/?overdue=1").content.decode()
    assert EHA[:40] not in overdue and CAMHS[:40] in overdue
    police = as_analyst.get("/plan/?agency=police").content.decode()
    assert ENCOMPASS[:40] in police and EHA[:40] in police and CAMHS[:40] not in police
    both = as_analyst.get("/plan/?agency=police&overdue=1").content.decode()
    assert ENCOMPASS[:40] in both and EHA[:40] not in both


# -- RAG beside the action -------------------------------------------------------------------


def test_the_latest_rag_of_linked_indicators_is_shown_beside_the_action(
    plan, import_file, as_board_member
):
    # The test partnership reports as at Q4 2023/24: 900 children against a target of 750.
    import_file("figures.csv", "indicator,period,value\n1.1,Feb 2024,880\n1.1,Mar 2024,900\n")
    indicator = Indicator.objects.get(code="1.1")
    expected = performance_queries.assess_only(indicator, performance_queries.default_as_at())
    assert expected.rag.value == "R"
    body = as_board_member.get("/plan/").content.decode()
    start = body.index(ENCOMPASS[:40])
    block = body[start : body.index("</li>\n      \n", start)]
    assert "Children we care for" in block
    assert "rag rag-R" in block
    assert "▲" in block and "Red" in block and "(Mar 2024)" in block
    # An indicator without figures reads N/A, in words and an outline shape.
    eha_start = body.index(EHA[:40])
    assert "rag rag-NA" in body[eha_start : body.index("</li>\n      \n", eha_start)]


def test_the_action_page_shows_rag_updates_and_who_wrote_them(plan, as_analyst):
    target = action(EHA)
    services.add_update(
        action=target,
        actor=User.objects.get(username="an.analyst"),
        on=date(2023, 3, 31),
        text="4,800 assessments in the year.",
    )
    body = as_analyst.get(f"/plan/actions/{target.pk}/").content.decode()
    assert "31 March 2023" in body and "By an.analyst" in body
    assert "31 May 2022" in body and "From the imported plan cypp_progress_plan.xlsx" in body
    assert body.index("31 March 2023") < body.index("31 May 2022")
    assert "Early help assessments" in body and "rag rag-" in body


# -- Import page ----------------------------------------------------------------------------


def test_the_import_page_imports_and_shows_every_problem(plan_framework, as_analyst):
    upload = SimpleUploadedFile(FIXTURE.name, FIXTURE.read_bytes())
    response = as_analyst.post("/plan/import/", {"file": upload, "progress_date": "2022-05-31"})
    assert response.status_code == 200
    assert "7 new actions" in response.content.decode()
    assert ActionUpdate.objects.filter(date=IMPORTED_ON).count() == 6
    assert AuditEvent.objects.get(action="plan.import").actor.username == "an.analyst"

    bad = as_analyst.post("/plan/import/", {"file": SimpleUploadedFile("bad.xlsx", _bad_plan())})
    body = bad.content.decode()
    assert bad.status_code == 400
    assert "Nothing was imported: 5 problems found" in body
    assert "9.99" in body and "BE INSPIRED" in body


def test_the_import_page_checks_type_and_size(plan_framework, as_analyst, settings):
    fake = as_analyst.post(
        "/plan/import/", {"file": SimpleUploadedFile("plan.xlsx", b"<html>not excel</html>")}
    )
    assert fake.status_code == 400
    assert "is not an Excel workbook" in fake.content.decode()
    other = as_analyst.post("/plan/import/", {"file": SimpleUploadedFile("plan.pdf", b"%PDF")})
    assert other.status_code == 400
    assert "plan.pdf is not a .xlsx or .csv file" in other.content.decode()
    settings.IMPORT_MAX_BYTES = 100
    large = as_analyst.post(
        "/plan/import/", {"file": SimpleUploadedFile(FIXTURE.name, FIXTURE.read_bytes())}
    )
    assert large.status_code == 400
    assert "the limit is" in large.content.decode()
    assert not PlanImport.objects.exists()


# -- Exports ---------------------------------------------------------------------------------


INJECTIONS = ['=HYPERLINK("http://example.com/x","click")', "+44 1865 000000", "-5 on last year"]


def _add_injections() -> None:
    analyst = User.objects.get(username="an.analyst")
    for target, text in zip((EHA, CAMHS, ENCOMPASS), INJECTIONS, strict=True):
        services.add_update(
            action=action(target), actor=analyst, on=timezone.localdate(), text=text
        )


def test_the_excel_export_reads_back_with_formulas_neutralised(plan, as_analyst):
    from openpyxl import load_workbook

    _add_injections()
    response = as_analyst.get("/plan/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    headings = [r[0] for r in rows if r[0] and str(r[0]).startswith("BE ")]
    assert headings == [
        "BE SUCCESSFUL – Focus on Children who are not engaged in Education",
        "BE HEALTHY – Focus on Social, Emotional, Physical & Mental Well-Being",
        "BE SAFE – Focus on Domestic Abuse",
        "BE SUPPORTED",
    ]
    by_action = {r[0]: r for r in rows if r[0] in {EHA, CAMHS, ENCOMPASS}}
    assert by_action[EHA][5] == "'" + INJECTIONS[0]
    assert by_action[CAMHS][5] == "'" + INJECTIONS[1]
    assert by_action[ENCOMPASS][5] == "'" + INJECTIONS[2]
    assert by_action[EHA][6] == "1.4"
    assert by_action[EHA][7].startswith("1.4 Early help assessments: ")
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_an_exported_plan_imports_again_without_changes(plan, as_analyst):
    response = as_analyst.get("/plan/export.xlsx")
    result = import_plan("exported.xlsx", response.content, today=date(2023, 1, 1))
    assert (result.actions_created, result.actions_changed, result.updates_added) == (0, 0, 0)
    assert result.actions_unchanged == 7


def test_the_word_export_has_a_table_per_priority_with_repeated_headers(
    plan, analyst, as_board_member
):
    from docx import Document
    from docx.oxml.ns import qn

    _add_injections()
    response = as_board_member.get("/plan/export.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "Be successful") in headings
    assert ("Heading 2", "Focus on Domestic Abuse") in headings
    assert [h for h in headings if h[0] == "Heading 1"] == [
        ("Heading 1", "Be successful"),
        ("Heading 1", "Be healthy"),
        ("Heading 1", "Be safe"),
        ("Heading 1", "Be supported"),
    ]
    assert len(document.tables) == 4
    for table in document.tables:
        head = table.rows[0]
        assert head.cells[0].text == "Actions"
        assert "Indicators (latest RAG)" in [c.text for c in head.cells]
        assert head._tr.trPr.find(qn("w:tblHeader")) is not None
    healthy = document.tables[1]
    texts = {row.cells[0].text: row for row in healthy.rows[1:]}
    assert "1.4 Early help assessments: ○ N/A" in texts[EHA].cells[3].text
    assert INJECTIONS[0] in texts[EHA].cells[6].text

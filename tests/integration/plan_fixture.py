"""The action plan test fixture: a small progress spreadsheet from the board's plan, and the
areas and agencies it needs beside the small test framework.

``tests/fixtures/plan/cypp_progress_plan.xlsx`` is written by :func:`write_fixture` (run this
module to regenerate it); a test checks the committed file still matches. Its indicators are
the test framework's codes (1.4 early help assessments, 1.3a CAMHS waits, 1.1 children we care
for), and it has each shape the reader handles: a title and a bracketed note above the first
heading, a continuation row, actions that take the agencies, leads and timetable of the action
above, a heading without a priority (BE SUPPORTED) and an action without progress.
"""

from __future__ import annotations

from pathlib import Path

from trustboard.examples.oxfordshire.plan import Row, Section, plan_workbook

FIXTURE = Path(__file__).parents[1] / "fixtures" / "plan" / "cypp_progress_plan.xlsx"
TITLE = "Children and Young People's Plan: progress (test copy)"

AGENCIES = [
    ("council", "Oxfordshire County Council", "County Council"),
    ("health", "Health (Oxford Health NHS FT, Oxford University Hospitals)", "Health"),
    ("education", "Schools and early years settings", "Education"),
    ("police", "Thames Valley Police", "Police"),
    ("voluntary", "Voluntary and community sector", "Other"),
]
"""The example framework's agencies (the test framework has none)."""
AREAS = [
    ("successful", "Be successful"),
    ("healthy", "Be healthy"),
    ("safe", "Be safe"),
    ("supported", "Be supported"),
]

NOT_ENGAGED = "Children not engaged in education: revised priorities up to 2023."
TIMELINESS = "Timeliness and placements of children with plans."
EHA = "Increase the number of early help assessments to 5,000 by April 2023."
CAMHS = "Measure timely access to services including CAMHS since the suspension."
ENCOMPASS = "Test out the effectiveness of Operation Encompass."
DA_TRAINING = "Continue to deliver the Domestic Abuse and Young People training."
WORKING_GROUP = "Establish a CTB working group to respond to the survey findings."

SECTIONS = (
    Section(
        "BE SUCCESSFUL – Focus on Children who are not engaged in Education",
        (
            Row(
                NOT_ENGAGED,
                "County Council – education service, City & District Councils, Schools and "
                "Early Years settings, Thames Valley Police",
                "a. Number of children with EHCP awaiting placement. b. Number of EHE.",
                "SEND (OCC), Learner Engagement (OCC)",
                "Sep 21",
                "47 missing a registered base; 25 awaiting provision (age 16+).",
            ),
            Row(progress="Weekly attendance figures are provided every Monday."),
            Row(
                TIMELINESS,
                measures="Timeliness of EHCPs is a standard measure recorded monthly.",
                progress="The DfE are putting in additional monitoring of timeliness.",
            ),
        ),
    ),
    Section(
        "Be healthy - Focus on Social, Emotional, Physical & Mental Well-Being",
        (
            Row(
                EHA,
                "County Council – Early Help/LCSS, Health, Schools, Thames Valley Police, "
                "Community & Voluntary Sector",
                "Number of early help assessments completed by every agency.",
                "OCC Early Help",
                "Quarterly",
                "Expectations as now set out in the CYPP plan.",
                "1.4",
            ),
            Row(
                CAMHS,
                "Health, CAMHS",
                "Children waiting for core CAMHS.",
                timetable="Monthly",
                progress="Referrals to CAMHS still the same; work around reducing the waiting "
                "list.",
                indicators="1.3a",
            ),
        ),
    ),
    Section(
        "BE SAFE – Focus on Domestic Abuse",
        (
            Row(
                ENCOMPASS,
                "Oxfordshire Domestic Abuse Strategic Board, Thames Valley Police",
                "Increased number of Operation Encompass notifications to schools.",
                "OCC Public Health Programmes",
                "Feb 22",
                "Notifications to schools in 2021-22: Q1 202, Q2 129, Q3 334, Q4 290.",
                "1.1",
            ),
            Row(
                DA_TRAINING,
                measures="Number and range of delegates attending.",
                progress="'Domestic Abuse and Young People' was delivered 10 times.",
            ),
        ),
    ),
    Section(
        "BE SUPPORTED",
        (
            Row(
                WORKING_GROUP,
                "Engagement & Consultation Team",
                "Measures from recommended CTB working group met.",
                "Engagement & Consultation Team",
                "Mar 22",
            ),
        ),
    ),
)


def fixture_bytes() -> bytes:
    return plan_workbook(SECTIONS, TITLE)


def write_fixture(path: Path = FIXTURE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(fixture_bytes())
    return path


def make_plan_framework() -> None:
    """The four areas of focus in the plan's order (the test framework has two), and the
    example's agencies."""
    from trustboard.web.accounts.models import Agency
    from trustboard.web.framework.models import Area

    for order, (code, name) in enumerate(AREAS):
        Area.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name, records_as) in enumerate(AGENCIES):
        Agency.objects.get_or_create(
            code=code, defaults={"name": name, "records_as": records_as, "order": order}
        )


if __name__ == "__main__":
    print(write_fixture())

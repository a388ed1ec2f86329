"""The example area's CYPP progress plan as a spreadsheet, written from the board's own plan.

``trustboard/examples/oxfordshire/cypp_action_plan.xlsx`` is made by :func:`write_example_plan`
from the actions of the Children's Trust's CYPP progress plan (2021-22 update, extended to 2023),
their text shortened where it was very long and its tables summarised. The Indicators column
links each action's "how we will know" to the example framework's indicators where the plan
names one (EHCPs awaiting placement 2.7, children on plans not in education 2.8, EHE 1.12 and
2.5, EHCP timeliness 2.9, EHAs 1.4, CAMHS waits 1.3a/1.3b, Operation Encompass 4.14, ...).

The file is written the same way each time (fixed zip and document dates), so regenerating it
changes its bytes only when its content changes, and re-importing it is recognised.

Regenerate with ``uv run python -m trustboard.examples.oxfordshire.plan``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from trustboard.ingest.plan import COLUMNS

EXAMPLE_PATH = Path(__file__).parent / "cypp_action_plan.xlsx"
FIXED_TIME = (2022, 5, 31, 0, 0, 0)
"""The date the example's progress is as at (the plan's May 2022 update), used for every
timestamp in the file."""
HEADINGS = (
    "Actions (All priority areas to include a focus on children who are being exploited)",
    "Responsible Agencies (for all actions stated)",
    "How we will know this area of focus has improved",
    "Children's Trust Board Leads (for all actions unless otherwise stated)",
    "Reporting Timetable (for all actions unless otherwise stated)",
    "Progress",
    "Indicators",
)
"""The plan's column headings as it words them, with the Indicators column added."""
NOTE = "(Agreement with Children's Trust members to extend the CYPP for a further year until 2023)"


@dataclass(frozen=True)
class Row:
    """One spreadsheet row under a heading; an empty ``action`` continues the row above."""

    action: str = ""
    agencies: str = ""
    measures: str = ""
    leads: str = ""
    timetable: str = ""
    progress: str = ""
    indicators: str = ""

    def cells(self) -> list[str]:
        return [
            self.action,
            self.agencies,
            self.measures,
            self.leads,
            self.timetable,
            self.progress,
            self.indicators,
        ]


@dataclass(frozen=True)
class Section:
    heading: str
    rows: tuple[Row, ...]


EXAMPLE: tuple[Section, ...] = (
    Section(
        "BE SUCCESSFUL – Focus on Children who are not engaged in Education",
        (
            Row(
                "Revised priorities up to 2023 as agreed at Education SLT: children not engaged "
                "in education.",
                "County Council – education service, Early Help/LCSS, City & District Councils, "
                "Health Visiting, Schools and Early Years settings, School Health Nurses, CAMHS, "
                "Community & Voluntary Sector, Thames Valley Police, Oxfordshire Strategic "
                "Schools Partnership",
                "a. Number of children with EHCP awaiting placement. b. Number of children "
                "CPP/CIN not in education. c. Number of EHE.",
                "SEND (OCC), Learner Engagement (OCC)",
                "Sep 21",
                "The figures below are a snapshot of recent figures rather than for the year "
                "(21-22). a. Children without an education placement: 47 missing a registered "
                "base; 25 awaiting provision (age 16+); 12 awaiting provision (age 5-15); 4 "
                "awaiting provision (under 5); 51 awaiting a decision to cease. b. & c. "
                "Processes have improved: weekly attendance figures are provided every Monday "
                "and monitored for Children Missing Education and persistent absentees. "
                "Attendance in the week of 04/04/2022: EHCP (all) 81%, EHCP (open to CS) 76%, "
                "open to EH/LCSS 74%, ChIN plan 75%, CPP 75%.",
                "2.7, 2.8, 1.12, 2.5, 2.6",
            ),
            Row(
                "d. Review the 100 children we are most worried about who are missing out on "
                "education and cross check with police data re: risk including child/youth "
                "exploitation.",
                progress="Please refer to the briefing for OSCB partners, Dec 21.",
            ),
            Row(
                "Timeliness and placements of children with plans.",
                measures="Timeliness of EHCPs is a standard measure recorded monthly. "
                "(Placement information in the point above.)",
                leads="SEND (OCC)",
                progress="The DfE are putting in additional monitoring to look at timeliness "
                "for 30 and 52 weeks, acknowledging that there are challenges in meeting the "
                "20-week timeframe. Refer to document: Timeliness of EHCPs.pdf",
                indicators="2.9",
            ),
            Row(
                "Strategic school improvement – education attainment of disadvantaged children.",
                measures="Measuring educational attainment of our most vulnerable children who "
                "fell behind in COVID lockdowns.",
                leads="Learning/School Improvement (OCC)",
                progress="Data collection was paused: there has been no published attainment "
                "data for the last 2 years (KS2 to KS5).",
                indicators="2.11, 2.12",
            ),
        ),
    ),
    Section(
        "BE HEALTHY – Focus on Social, Emotional, Physical & Mental Well-Being",
        (
            Row(
                "Plan our recovery as a system with an emphasis on prevention and early "
                "intervention: a gap analysis of the impact of COVID, including how we work as a "
                "system around backlog of work, potential surge and impact of recovery.",
                "County Council – Early Help, City & District Councils, Public Health, Health, "
                "Schools, Community & Voluntary Sector",
                "Build on strong systems partnership that has been achieved during the pandemic, "
                "reflecting on what young people and families are telling us.",
                "OCC Early Help, OCC Health Improvement, Public Health, Oxford Health, CAMHS, "
                "Oxfordshire Youth",
                "Dec 21",
                "Partners work around the Early Help Strategy. Ongoing work and increase in "
                "complexity of children's and families' needs across the children's system. "
                "Updating the EH strategy, which will include an update on how service delivery "
                "has been affected by the pandemic.",
            ),
            Row(
                "Carry out a review of support available to children from birth to 5 years old "
                "(0-5 offer) and their families, seeking opportunities to improve the quality "
                "and reach of services, the way we use data analytics and the connections "
                "between organisations.",
                measures="Total number of children and young people that had a 1:1 intervention "
                "by the Public Health Workforce (School Health Nurses) at an attended "
                "appointment during the academic term (primary, secondary and colleges).",
                progress="Health services have continued to deliver interventions for children "
                "and families throughout the pandemic, with adapted delivery methods; work "
                "continues post-pandemic.",
                indicators="3.6",
            ),
            Row(
                "EHNs are now established networks and will continue to provide an important "
                "multi-agency consultation forum which supports professionals in completing EHAs "
                "and facilitating the TAF process.",
                measures="Number of EH Network meetings and of families spoken about.",
                progress="Between 1/9/21 and 30/4/22 meetings were held in every locality most "
                "months; where there were none, they were cancelled because no one requested a "
                "slot. Monthly meetings from May.",
                indicators="3.7, 3.8",
            ),
            Row(
                progress="Action is to promote the networks again and review attendees.",
            ),
            Row(
                "Continue to increase the proportion of children with diagnosable mental "
                "illness accessing CAMHS (national measure). Measure timely access to services "
                "including CAMHS, since the suspension due to the pandemic.",
                "Health, CAMHS",
                progress="Referrals to CAMHS still the same; work around reducing the waiting "
                "list. Increase in anxiety, eating disorders and neurodiversity conditions. "
                "Monitoring is now back to normal.",
                indicators="1.3a, 1.3b, 3.1",
            ),
            Row(
                "Increase the number of early help assessments to just under 2,000 EHAs for the "
                "financial year 21/22; 2024/25 – increase to 15,000 (the same as low-income "
                "families); 2026/27 – increase to 28,000 (the same as children in poverty).",
                "County Council – Early Help/LCSS, Health, Schools, Thames Valley Police, "
                "Community & Voluntary Sector",
                "Number of early help assessments completed by every agency.",
                timetable="Quarterly",
                progress="Expectations as now set out in the CYPP plan: increase early help "
                "assessments to 5,000 by April 2023 and further to 10,000 by 2024-25. We have "
                "seen an increase in EHAs.",
                indicators="1.4",
            ),
        ),
    ),
    Section(
        "BE SAFE – Focus on Domestic Abuse",
        (
            Row(
                "Oxfordshire County Council's Strategic Lead for Domestic Abuse to work with CEF "
                "and TVP domestic abuse leads to test out the effectiveness of Operation "
                "Encompass.",
                "Oxfordshire Domestic Abuse Strategic Board, Thames Valley Police",
                "Increased number of Operation Encompass notifications to schools. All schools "
                "will receive best practice guidance on how to respond to Operation Encompass "
                "notifications.",
                "OCC Public Health Programmes",
                "Feb 22",
                "The recent automation resulted in a significant increase in successful "
                "notifications. Operation Encompass notifications to schools in 2021-22: Q1 "
                "202, Q2 129, Q3 334, Q4 290. National best practice guidance is in the "
                "'Resources for Schools' section of the Operation Encompass website.",
                "4.14",
            ),
            Row(
                "Continue to deliver the programme of Domestic Abuse and Young People training, "
                "informed by the 2020 audit of the Oxfordshire Domestic Abuse Pathway for Young "
                "People (an introductory module, and 'Let's Talk About: Domestic Abuse with "
                "Young People', in pilot).",
                measures="Number and range of delegates attending. Collation of evaluated data, "
                "measuring any perceived improvement in knowledge, skills and confidence.",
                progress="'Domestic Abuse and Young People' was delivered 10 times; 98 delegates "
                "attended from schools and FE providers, housing, children's services, school "
                "nursing, health visiting, the Youth Justice Service and specialist VCS "
                "providers. Two pilot sessions of 'Let's Talk About' were delivered in May "
                "2021. Evaluation showed increased professional confidence and competence.",
                indicators="4.15",
            ),
        ),
    ),
    Section(
        "BE SUPPORTED",
        (
            Row(
                "Recommend the CTB establishes a working group including professionals, children "
                "and young people to respond to the survey findings, including taking actions "
                "and setting appropriate targets for improvements (e.g. the role of the OXME "
                "mental health well-being hub for young people).",
                "Engagement & Consultation Team",
                "Measures from recommended CTB working group met.",
                "Engagement & Consultation Team",
                "Mar 22",
                "Following the CTB meeting on 9 June, it was recommended that 3 strategic groups "
                "will review and take on board the summary findings and include the results of "
                "other similar local surveys.",
                "5.1",
            ),
            Row(
                "Repeat survey in 2022.",
                measures="Findings of the repeat survey (commencing Mar 22).",
                progress="Survey commenced mid-Mar 22 until mid-Apr 22. Verbal update May 2022; "
                "full report late May 22/early Jun 22.",
                indicators="5.1",
            ),
        ),
    ),
)


def _fixed(data: bytes) -> bytes:
    """The workbook with every zip entry and the document's dates set to :data:`FIXED_TIME`."""
    stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*FIXED_TIME)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>" + stamp.encode(),
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def plan_workbook(sections: Sequence[Section], title: str, notes: Sequence[str] = (NOTE,)) -> bytes:
    """A progress spreadsheet laid out as the board's plan: title, notes, then per area of
    focus its heading, the column headings and the actions."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "CYPP progress"
    sheet.append([title])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for note in notes:
        sheet.append([note])
    wrap = Alignment(wrap_text=True, vertical="top")
    for section in sections:
        sheet.append([])
        sheet.append([section.heading])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append(list(HEADINGS))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.alignment = wrap
        for row in section.rows:
            sheet.append([value or None for value in row.cells()])
            for cell in sheet[sheet.max_row]:
                cell.alignment = wrap
            # Codes stay text: typed as numbers, 1.10 would become 1.1.
            sheet.cell(row=sheet.max_row, column=len(COLUMNS)).number_format = "@"
    for letter, width in zip("ABCDEFG", (55, 35, 40, 28, 14, 70, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return _fixed(out.getvalue())


def write_example_plan(path: Path | str = EXAMPLE_PATH) -> Path:
    """Write the example area's progress plan; returns the path written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        plan_workbook(EXAMPLE, "Children and Young People's Plan: progress update, May 2022")
    )
    return path


if __name__ == "__main__":
    print(write_example_plan())

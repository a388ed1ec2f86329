"""Importing Ofsted's Annex A: one workbook of lists, checked whole and stored all or nothing,
with no identifier or date of birth ever stored or quoted."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from trustboard.ingest.cells import ImportError_
from trustboard.ingest.statutory import File, adapter_for, annex_a, import_return
from trustboard.measures import store
from trustboard.measures.sources import ColumnType

AREA = "E10000025"
NAME = "annex_a_2024.xlsx"
FIRST, SECOND, THIRD = "ANX0000101", "ANX0000102", "ANX0000103"
BIRTHS = (date(2015, 6, 1), date(2008, 1, 15), date(2012, 2, 29))
SOURCES = (
    "mash_contacts",
    "referrals",
    "social_care_assessments",
    "section_47_enquiries",
    "plans",
    "care_episodes",
)

# -- the template's layout: headings on row 1 of sheets "List 1" to "List 8" -------------------
COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
TEAM = ["Allocated Team", "Allocated Worker"]
HEADINGS: dict[str, list[str]] = {
    "List 1": [*COMMON, "Date of Contact", "Contact Source"],
    "List 2": [*COMMON, "Assessment start date", "Assessment completion date",
               "Organisation completing assessment"],
    "List 3": [*COMMON, "Date of referral", "Referral Source", "Referral NFA?",
               "Number of Referrals in Last 12 Months", *TEAM],
    "List 4": [*COMMON, "Does the Child have a Disability", "Continuous Assessment Start Date",
               "Child Seen During Continuous Assessment",
               "Continuous Assessment Date of Authorisation",
               "Was the child assessed as requiring LA children's social care support?", *TEAM],
    "List 5": [*COMMON, "Does the Child have a Disability",
               "Strategy discussion initiating Section 47 Enquiry Start Date",
               "Was an Initial Child Protection Conference deemed unnecessary?",
               "Date of Initial Child Protection Conference",
               "Did the Initial Child Protection Conference Result in a Child Protection Plan",
               "Number of Section 47 Enquiries in the last 12 months",
               "Number of ICPCs in the last 12 months", *TEAM],
    "List 6": [*COMMON, "Does the Child have a Disability", "CIN Start Date",
               "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date",
               "Reason for Closure", "Case Status", *TEAM],
    "List 7": [*COMMON, "Does the Child have a Disability", "Child Protection Plan Start Date",
               "Initial Category of Abuse", "Latest Category of Abuse",
               "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
               "Date of latest review conference", "Child Protection Plan End Date",
               "Subject to Emergency Protection Order or Protected Under Police Powers in Last "
               "Six Months (Y/N)", "Number of Previous Child Protection Plans", *TEAM],
    "List 8": [*COMMON,
               "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
               "Does the Child have a Disability", "Date Started to be Looked After",
               "Child's Category of Need",
               "Is this a second or subsequent period of being a Looked After Child within the "
               "last 12 months (Y/N)", "Start date of current legal status",
               "Child's Legal Status", "Date of Latest Statutory Review",
               "Date of Last Social Work Visit", "What is the permanence plan for this child?",
               "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment",
               "Date of Last Dental Check", "Number of Placements in the Last 12 months",
               "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
               "Start Date of Most Recent Placement", "Placement Type", "Placement Provider",
               "Placement postcode", "URN of Placement", "Placement Location",
               "LA of Placement",
               "Number of Episodes the Child has been 'Missing' from their Placement in the "
               "last 12 months",
               "Number of Episodes the Child has been 'Absent' from their Placement in the "
               "last 12 months",
               "Was the child offered a Return Interview after their last missing episode (Y/N)?",
               "Did the child accept a Return Interview after their last missing episode (Y/N)?",
               *TEAM],
}  # fmt: skip
"""The headings of Lists 1 to 8 as the template writes them."""

# The children, as each list's first five columns give them: a date of birth as an Excel date
# for two of them and as DD/MM/YYYY text for the other.
CHILD = {
    FIRST: [FIRST, "a) Male", "a) WBRI", BIRTHS[0], 8],
    SECOND: [SECOND, "b) Female", "f) MWBC", "15/01/2008", 16],
    THIRD: [THIRD, "c) Not stated/recorded", "s) NOBT", BIRTHS[2], 11],
}


def lists() -> dict[str, list[list[object]]]:
    """An Annex A of three children: every list's headings and rows, Excel dates in some date
    cells and DD/MM/YYYY text in others."""
    rows: dict[str, list[list[object]]] = {
        "List 1": [
            [*CHILD[FIRST], date(2024, 1, 10), "q) 6: Police"],
            [*CHILD[FIRST], "10/01/2024", "e) 2A: Schools"],
            [*CHILD[SECOND], "15/01/2024", "g) 3A: Health services"],
            [*CHILD[THIRD], date(2024, 2, 1), "p1) 5D: LA services"],
            [*CHILD[THIRD], date(2024, 2, 2), "a) 1A: Individual"],
        ],
        "List 2": [[*CHILD[FIRST], date(2023, 11, 1), date(2023, 12, 1), "Top Town School"]],
        "List 3": [
            [*CHILD[FIRST], date(2024, 1, 11), "q) 6: Police", "b) No", 0, "MASH", "Ann Lee"],
            [*CHILD[SECOND], "16/01/2024", "g) 3A: Health services", "a) Yes", 1, "MASH",
             "Ann Lee"],
            [*CHILD[THIRD], date(2024, 2, 3), "u) 10: Unknown", "c) Unknown", 2, "MASH",
             "Bo Chan"],
        ],
        "List 4": [
            [*CHILD[FIRST], "b) No", date(2024, 1, 12), "a) Yes", "09/02/2024", "a) Yes",
             "Locality 1", "Ann Lee"],
            [*CHILD[SECOND], "a) Yes", "17/01/2024", "a) Yes", None, None, "Locality 2",
             "Bo Chan"],
        ],
        "List 5": [
            [*CHILD[FIRST], "b) No", date(2024, 1, 15), "b) No", date(2024, 1, 29), "a) Yes", 1,
             1, "Locality 1", "Ann Lee"],
            [*CHILD[THIRD], "c) Unknown", "05/02/2024", "a) Yes", None, None, 0, 0,
             "Locality 3", "Bo Chan"],
        ],
        "List 6": [
            [*CHILD[SECOND], "a) Yes", date(2023, 9, 1), "N4 - Family in acute stress",
             date(2024, 1, 20), None, None, "c) Child in need plan", "Locality 2", "Bo Chan"],
        ],
        "List 7": [
            [*CHILD[FIRST], "b) No", date(2024, 1, 29), "a) Neglect", "d) Emotional abuse",
             date(2024, 2, 20), "a) Yes", date(2024, 2, 26), None, "b) No", 1, "CP Team",
             "Ann Lee"],
            [*CHILD[SECOND], "a) Yes", "01/11/2023", "b) Physical abuse",
             "e) Multiple/not recommended", "20/02/2024", "b) No", "01/02/2024", "01/03/2024",
             "b) No", 0, "CP Team", "Bo Chan"],
        ],
        "List 8": [
            [*CHILD[THIRD], "b) No", "b) No", date(2023, 6, 1), "N1 - Abuse or neglect", "b) No",
             date(2023, 6, 1), "C2: FCO", date(2024, 1, 5), date(2024, 2, 1),
             "f) Long-term fostering", date(2024, 1, 5), date(2023, 9, 1), date(2023, 10, 1), 1,
             None, None, date(2023, 6, 1), "f) U6: Foster placement - not FFA",
             "b) PR1: Own provision", "OX1 1AA", "SC123456", "a) In", "Oxfordshire", 0, 0, None,
             None, "Children in Care", "Cy Dee"],
            [*CHILD[SECOND], "a) Yes", "a) Yes", "10/09/2023", "N4 - Family in acute stress",
             "b) No", "10/09/2023", "V2: Single period under S20", None, None, None, None,
             None, None, 2, "20/02/2024",
             "n) E6: Moved into independent living - no support", "01/12/2023",
             "p) K2: Children's Homes", "e) PR4: Private provision", "OX2 2BB", None,
             "b) Out", "Buckinghamshire", 1, 0, "a) Yes", "b) No", "Children in Care", "Cy Dee"],
        ],
    }  # fmt: skip
    return {sheet: [list(HEADINGS[sheet]), *body] for sheet, body in rows.items()}


def later_lists() -> dict[str, list[list[object]]]:
    """A later Annex A: the first child's plan has ended and they were referred again, the
    third child has left care, and the second child's contact is past its look-back."""
    data = lists()
    del data["List 1"][3]
    data["List 3"].append(
        [*CHILD[FIRST], date(2024, 4, 2), "e) 2A: Schools", "b) No", 1, "MASH", "Ann Lee"]
    )
    put(data, "List 7", 2, "Child Protection Plan End Date", date(2024, 4, 15))
    put(data, "List 8", 2, "Date Ceased to be Looked After", "01/04/2024")
    put(
        data,
        "List 8",
        2,
        "Reason Ceased to be Looked After",
        "t) E8: Care ceased for any other reason",
    )
    return data


# -- helpers ----------------------------------------------------------------------------------
def put(data: dict[str, list[list[object]]], sheet: str, row: int, heading: str, value) -> None:
    """Set the cell of spreadsheet row ``row`` (the headings are row 1) under ``heading``."""
    data[sheet][row - 1][data[sheet][0].index(heading)] = value


def workbook(data: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in data.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "analytics.duckdb"


def load(store_path: Path, data: bytes, name: str = NAME):
    return import_return([File(name, data)], store_path, area_code=AREA)


def rows(store_path: Path, sql: str) -> list[tuple]:
    connection = store.connect(store_path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def hashed(store_path: Path, identifier: str) -> str:
    return store.pseudonymise(store.salt(store_path), AREA, identifier)


def counts(store_path: Path) -> dict[str, int]:
    return {source: store.record_count(store_path, source) for source in SOURCES}


def refused(store_path: Path, data: bytes) -> ImportError_:
    with pytest.raises(ImportError_) as caught:
        load(store_path, data)
    text = str(caught.value)
    for secret in (FIRST, SECOND, THIRD):
        assert secret not in text
    for birth in BIRTHS:
        assert f"{birth:%d/%m/%Y}" not in text
        assert birth.isoformat() not in text
    assert counts(store_path) == dict.fromkeys(SOURCES, 0)
    assert rows(store_path, "select count(*) from record_batches") == [(0,)]
    return caught.value


# -- a good workbook --------------------------------------------------------------------------
def test_a_workbook_is_recognised_by_its_lists():
    data = workbook(lists())
    renamed = workbook({f"Sheet{n}": rows for n, (_, rows) in enumerate(lists().items())})
    figures = workbook({"Figures": [["indicator", "period", "value"], ["1.1", "2024-03", 4]]})
    headless = workbook({"List 1": [["Date of Contact", "Contact Source"]]})

    assert adapter_for(NAME, data) is annex_a
    assert adapter_for(NAME, renamed) is annex_a  # its headings say which lists it holds
    assert adapter_for("annex_a_2024.csv", data) is None
    assert adapter_for(NAME, figures) is None
    assert adapter_for(NAME, headless) is None
    assert adapter_for(NAME, b"not a workbook") is None


def test_a_workbook_loads_each_list_into_its_record_source(store_path):
    result = load(store_path, workbook(lists()))

    assert (result.source, result.title, result.rows, result.restated) == (
        "annex_a",
        "Annex A (records to 5 February 2024)",
        16,
        0,
    )
    assert [(p.source, p.rows) for p in result.parts] == [
        ("mash_contacts", 5),
        ("referrals", 3),
        ("social_care_assessments", 2),
        ("section_47_enquiries", 2),
        ("plans", 2),
        ("care_episodes", 2),
    ]
    assert rows(
        store_path,
        "select contact_date, source_agency, outcome, la_code from mash_contacts "
        "order by contact_date, source_agency",
    ) == [
        (date(2024, 1, 10), "Education", None, AREA),
        (date(2024, 1, 10), "Police", None, AREA),
        (date(2024, 1, 15), "Health", None, AREA),
        (date(2024, 2, 1), "County Council", None, AREA),
        (date(2024, 2, 2), "Other", None, AREA),
    ]
    assert rows(
        store_path,
        "select referral_date, referral_source, source_agency, nfa, primary_need, closure_date, "
        "sex, ethnicity, age_at_referral from referrals order by referral_date",
    ) == [
        (date(2024, 1, 11), "6", "Police", False, "", None, "male", "WBRI", 8),
        (date(2024, 1, 16), "3A", "Health", True, "", None, "female", "MWBC", 16),
        (date(2024, 2, 3), "10", "Other", None, "", None, "unknown", "NOBT", 11),
    ]
    assert rows(
        store_path,
        "select start_date, authorised_date, factors from social_care_assessments "
        "order by start_date",
    ) == [(date(2024, 1, 12), date(2024, 2, 9), ""), (date(2024, 1, 17), None, "")]
    assert rows(
        store_path,
        "select start_date, icpc_date, icpc_not_required from section_47_enquiries "
        "order by start_date",
    ) == [(date(2024, 1, 15), date(2024, 1, 29), False), (date(2024, 2, 5), None, True)]
    assert rows(
        store_path,
        "select plan_type, start_date, end_date, category, latest_category, previous_plans "
        "from plans order by start_date",
    ) == [
        ("child_protection", date(2023, 11, 1), date(2024, 3, 1), "physical_abuse",
         "multiple", 0),
        ("child_protection", date(2024, 1, 29), None, "neglect", "emotional_abuse", 1),
    ]  # fmt: skip
    assert rows(
        store_path,
        "select start_date, end_date, legal_status, uasc, placement_type, registered, "
        "uasc_ceased, placement_provider, reason_new_episode, reason_ceased, category_of_need, "
        "sex, ethnicity, age_at_start from care_episodes order by start_date",
    ) == [
        (date(2023, 6, 1), None, "C2", False, "U6", None, None, "PR1", "S", "", "N1",
         "unknown", "NOBT", 11),
        (date(2023, 9, 10), date(2024, 2, 20), "V2", True, "K2", None, None, "PR4", "S", "E6",
         "N4", "female", "MWBC", 15),
    ]  # fmt: skip


def test_the_lists_not_stored_and_what_annex_a_does_not_record_are_told(store_path):
    result = load(store_path, workbook(lists()))

    assert result.notes == (
        f"{NAME} (List 2): List 2 (early help assessments) is checked for its headings, not "
        "stored (no record source holds it).",
        f"{NAME} (List 6): List 6 (children in need) is checked for its headings, not stored "
        "(no record source holds it).",
        "Not in this return: Annex A's list of contacts does not record what a contact led to.",
        "Not in this return: Annex A's list of referrals does not record a referral's primary "
        "need or closure.",
        "Not in this return: Annex A's list of assessments does not record the factors identified.",
        "Not in this return: SSDA903 and Annex A do not record whether a placement is "
        "registered with Ofsted.",
    )


def test_children_are_pseudonymised_and_no_birth_date_or_name_is_stored(store_path):
    load(store_path, workbook(lists()))

    first = hashed(store_path, FIRST)
    assert rows(
        store_path, "select record_id, child_id from mash_contacts where source_agency = 'Police'"
    ) == [(hashed(store_path, f"{FIRST}|2024-01-10|1"), first)]
    # A referral and a plan have the CIN census's ids, so the two returns restate each other.
    assert rows(store_path, "select record_id from referrals where age_at_referral = 8") == [
        (hashed(store_path, f"{FIRST}|2024-01-11"),)
    ]
    assert rows(store_path, "select record_id from plans where previous_plans = 1") == [
        (hashed(store_path, f"{FIRST}|cp_plan|2024-01-29"),)
    ]
    assert rows(
        store_path,
        "select count(*) from mash_contacts c join referrals r using (child_id) "
        "join social_care_assessments a using (child_id) "
        "join section_47_enquiries s using (child_id) join plans p using (child_id)",
    ) == [(2,)]
    columns = {name for (name,) in rows(store_path, "select column_name from duckdb_columns()")}
    assert not {c for c in columns if any(w in c for w in ("birth", "worker", "post", "name_"))}
    births = ", ".join(f"date '{b.isoformat()}'" for b in BIRTHS)
    for source in SOURCES:
        for column in store.SOURCES[source].columns:
            if column.type is ColumnType.DATE:
                assert rows(
                    store_path, f'select count(*) from {source} where "{column.name}" in ({births})'
                ) == [(0,)], (source, column.name)
    everything = store_path.read_bytes()
    for raw in (b"ANX00001", b"Ann Lee", b"Cy Dee", b"OX1 1AA", b"Top Town"):
        assert raw not in everything


def test_the_same_workbook_imported_again_changes_nothing(store_path):
    data = workbook(lists())
    first = load(store_path, data)
    again = load(store_path, data)

    assert again.already_imported
    assert again.content_hash == first.content_hash
    assert counts(store_path)["mash_contacts"] == 5
    assert rows(store_path, "select count(*) from record_batches") == [(1,)]


def test_a_later_workbook_restates_the_records_it_shares_with_an_earlier_one(store_path):
    load(store_path, workbook(lists()))
    later = load(store_path, workbook(later_lists()), name="annex_a_2024_05.xlsx")

    assert later.title == "Annex A (records to 2 April 2024)"
    # Four contacts, three referrals, two assessments, two enquiries, two plans, two periods.
    assert later.restated == 15
    # Nothing is replaced by date: the contact the later workbook no longer lists is kept.
    assert counts(store_path) == {
        "mash_contacts": 5,
        "referrals": 4,
        "social_care_assessments": 2,
        "section_47_enquiries": 2,
        "plans": 2,
        "care_episodes": 2,
    }
    assert rows(store_path, "select start_date, end_date from plans order by start_date") == [
        (date(2023, 11, 1), date(2024, 3, 1)),
        (date(2024, 1, 29), date(2024, 4, 15)),
    ]
    assert rows(
        store_path, "select end_date, reason_ceased from care_episodes where legal_status = 'C2'"
    ) == [(date(2024, 4, 1), "E8")]
    assert rows(
        store_path, "select referral_date, age_at_referral from referrals order by referral_date"
    )[-1] == (date(2024, 4, 2), 8)


def test_other_sheets_columns_and_empty_lists_are_not_read(store_path):
    data = lists()
    data["List 3"][0].append("Locality")
    for row in data["List 3"][1:]:
        row.append("North")
    data["List 5"] = data["List 5"][:1]  # no enquiries in the look-back: its headings only
    data = {"Cover": [["Annex A for the inspection"], ["Prepared by the data team"]], **data}
    data["List 9"] = []  # an empty sheet

    result = load(store_path, workbook(data))

    assert result.rows == 14
    assert ("section_47_enquiries", 0) in [(p.source, p.rows) for p in result.parts]
    assert result.notes[:2] == (
        f"{NAME} (Cover): not an Annex A list, so not read.",
        f"{NAME} (List 3): not in the Annex A template, so not read: 'Locality'.",
    )


# -- refused ----------------------------------------------------------------------------------
def test_an_unknown_lettered_value_is_refused_naming_the_sheet_row_heading_and_list(store_path):
    data = lists()
    put(data, "List 1", 4, "Contact Source", "v) 11: Carrier pigeon")

    error = refused(store_path, workbook(data))

    (found,) = error.errors
    assert (found.file, found.row, found.column, found.value) == (
        f"{NAME} (List 1)",
        4,
        "Contact Source",
        "v) 11: Carrier pigeon",
    )
    assert found.expected.startswith(
        "one of the template's values, read by their code (1A, 1B, 1C, 1D, 2A, 2B, 3A"
    )
    assert found.expected.endswith("as in 'q) 6: Police'")
    assert str(found).startswith(f"{NAME} (List 1): row 4, column 'Contact Source'")


@pytest.mark.parametrize(
    ("sheet", "row", "heading", "value", "shown", "expected"),
    [
        ("List 3", 3, "Date of referral", "31/02/2024", "31/02/2024", "a real date"),
        ("List 3", 4, "Date of referral", "2024.02.03", "2024.02.03", "a date as YYYY-MM-DD"),
        ("List 3", 2, "Gender", "e) Robot", "e) Robot",
         "one of the template's values: a) Male, b) Female"),
        ("List 3", 2, "Referral NFA?", "d) Maybe", "d) Maybe",
         "one of the template's values: a) Yes, b) No, c) Unknown"),
        ("List 7", 3, "Initial Category of Abuse", "f) Bullying", "f) Bullying",
         "one of the template's values: a) Neglect, b) Physical abuse"),
        ("List 7", 3, "Child Protection Plan End Date", "01/10/2023", "01/10/2023",
         "a date on or after its Child Protection Plan Start Date, 01/11/2023"),
        ("List 7", 2, "Number of Previous Child Protection Plans", "1.5", "1.5",
         "a whole number from 0 to 50"),
        ("List 8", 2, "Child's Legal Status", "Z9: Made up", "Z9: Made up",
         "one of the template's values, read by their code (C1, C2"),
        ("List 8", 3, "Placement Type", "a) Foster placement", "a) Foster placement",
         "one of the template's values, read by their code (A3, A4"),
        ("List 8", 2, "Date of Birth", "32/13/2012", "(a date of birth)", "a real date"),
        ("List 8", 2, "Date of Birth", date(2024, 1, 1), "01/06/2023",
         "a date on or after the child's birth"),
        ("List 1", 2, "Child Unique ID", None, "", "a value (the column is required)"),
    ],
)  # fmt: skip
def test_a_bad_value_is_refused_naming_the_file_sheet_row_and_heading(
    store_path, sheet, row, heading, value, shown, expected
):
    data = lists()
    put(data, sheet, row, heading, value)

    error = refused(store_path, workbook(data))

    (found,) = error.errors
    column = "Date Started to be Looked After" if shown == "01/06/2023" else heading
    assert (found.file, found.row, found.column, found.value) == (
        f"{NAME} ({sheet})",
        row,
        column,
        shown,
    )
    assert found.expected.startswith(expected)


def test_a_sheet_missing_a_heading_is_refused_naming_the_heading(store_path):
    data = lists()
    index = data["List 3"][0].index("Referral Source")
    for row in data["List 3"]:
        del row[index]

    error = refused(store_path, workbook(data))

    assert [(e.file, e.row, e.column, e.value, e.expected) for e in error.errors] == [
        (f"{NAME} (List 3)", 1, "Referral Source", "",
         "a column headed 'Referral Source', as List 3 of the template has"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sheet", "heading"),
    [("List 7", "Child's name"), ("List 3", "Child Surname"), ("List 6", "Home address")],
)
def test_a_column_that_identifies_a_child_is_refused(store_path, sheet, heading):
    data = lists()
    data[sheet][0].append(heading)
    for row in data[sheet][1:]:
        row.append("Alex Smith")

    error = refused(store_path, workbook(data))

    (found,) = error.errors
    assert (found.file, found.row, found.column, found.value) == (
        f"{NAME} ({sheet})",
        1,
        heading,
        "",
    )
    assert found.expected.startswith("no column that identifies a person")
    assert "Alex Smith" not in str(error)


def test_a_record_listed_twice_is_refused(store_path):
    data = lists()
    data["List 3"].append(list(data["List 3"][1]))

    error = refused(store_path, workbook(data))

    assert [(e.file, e.row, e.column, e.value, e.expected) for e in error.errors] == [
        (f"{NAME} (List 3)", 5, "Date of referral", "11/01/2024",
         "each record once: row 2 has the same child and date"),
    ]  # fmt: skip


def test_every_problem_of_the_workbook_is_told_at_once(store_path):
    data = lists()
    put(data, "List 1", 3, "Contact Source", "Pigeon")
    put(data, "List 4", 3, "Continuous Assessment Start Date", "yesterday")
    put(data, "List 8", 3, "Date of Birth", "1st March")
    data["List 5"][0].append("Allocated Social Worker Name")

    error = refused(store_path, workbook(data))

    assert [(e.file, e.row, e.column, e.value) for e in error.errors] == [
        (f"{NAME} (List 1)", 3, "Contact Source", "Pigeon"),
        (f"{NAME} (List 4)", 3, "Continuous Assessment Start Date", "yesterday"),
        (f"{NAME} (List 5)", 1, "Allocated Social Worker Name", ""),
        (f"{NAME} (List 8)", 3, "Date of Birth", "(a date of birth)"),
    ]


def test_a_workbook_that_is_no_annex_a_is_refused(store_path):
    with pytest.raises(ImportError_) as caught:
        annex_a.read([File(NAME, b"not a workbook")], today=date.today())
    assert "an Excel workbook (.xlsx) that opens" in str(caught.value)
    with pytest.raises(ImportError_) as caught:
        annex_a.read([File(NAME, workbook({"Notes": [["Hello"]]}))], today=date.today())
    assert "an Annex A workbook" in str(caught.value)


# -- the public sample's layout -----------------------------------------------------------------
SAMPLE_HEADINGS = {
    "List 1": ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age",
               "Date of Contact", "Contact Source"],
    "List 2": ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age",
               "Assessment start date", "Assessment completion date",
               "Organisation completing assessment"],
    "List 3": ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age",
               "Date of Referral", "Referral Source", "Referral NFA?",
               "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"],
    "List 7": ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age",
               "Does the Child have a Disability", "Child Protection Plan Start Date",
               "Initial Category of Abuse", "Latest Category of Abuse",
               "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
               "Date of latest review conference", "Child Protection Plan End Date",
               "Subject to Emergency Protection Order or Protected Under Police Powers in Last "
               "Six Months (Y/N)", "Number of Previous Child Protection Plans", "Allocated Team",
               "Allocated Worker"],
    "List 8": [*(h if h != "Age of Child (Years)" else "Age" for h in HEADINGS["List 8"])],
    "List 9": ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age",
               "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
               "Does the Child have a Disability", "Allocated Team", "Allocated Worker",
               "Allocated Personal Advisor", "Eligibility Category",
               "Latest Pathway Plan Review Date", "LA in Touch", "Latest Date of Contact",
               "Type of Accommodation", "Suitability of Accommodation", "Activity Status"],
    "List 11": ["Individual adopter identifier", "Family identifier", "Gender", "Ethnicity",
                "Disability", "Is the (prospective) adopter fostering for adoption?",
                "Date enquiry received", "Date Stage 1 started", "Date Stage 1 ended",
                "Date Stage 2 started", "Date Stage 2 ended", "Date application submitted",
                "Date application approved", "Date adopter matched with child(ren)",
                "Date child/children placed with adopter(s)", "No. of children placed",
                "Date of Adoption Order", "Date of leaving adoption process",
                "Reason for leaving adoption process"],
}  # fmt: skip
"""Social Finance's public sample (liia-tools-pipeline, ``Annex_A_2024_Jan.xlsx``) writes
"Age" for "Age of Child (Years)", "Date of Referral", curly quotes in List 8's 'Missing' and
'Absent' and a stray bracket at the end of its UASC heading."""
SAMPLE_HEADINGS["List 8"][5] += ")"
SAMPLE_HEADINGS["List 8"][28:30] = [
    h.replace("'Missing'", "‘Missing’").replace("'Absent'", "‘Absent’")
    for h in SAMPLE_HEADINGS["List 8"][28:30]
]


def sample() -> bytes:
    """A workbook in the sample's layout and style: numeric ids, ages as fractions of years,
    unlettered values beside lettered ones ("Female", "No", "Physical abuse"), the provider
    with a hyphen ("e) PR4 - Private provision"), Excel dates, a non-breaking space in a
    worker's name; the values are made up."""
    born, start = date(2014, 1, 25), date(2020, 9, 16)
    care = [4410009, "b) Female", "s) NOBT", date(2006, 2, 13), 14.6, "b) No", "b) No",
            date(2009, 8, 6), "N1 - Abuse or Neglect", "b) No", date(2010, 7, 12),
            "E1: Placement order", date(2021, 1, 12), date(2021, 1, 6), None, date(2021, 1, 12),
            date(2020, 5, 27), date(2020, 1, 17), 1, None, None, date(2009, 11, 2),
            "f) U6: Foster placement - not FFA", "e) PR4 - Private provision", "ZZ9 9ZZ", None,
            None, "Home Town", 0, 0, None, None, "Children in Care Team 1",
            "Pat\xa0Quinn"]  # fmt: skip
    rows = {
        "List 1": [[4410001, "Female", "a) WBRI", born, 6.64, start, "q) 6: Police"],
                   [4410002, "b) Female", "k) APKN", None, 8.88, start, "b) 1B: Individual"]],
        "List 2": [[4410003, "a) Male", "a) WBRI", born, 6.6, start, date(2020, 9, 30),
                    "Top Town Academy"]],
        "List 3": [[4410004, "a) Male", "a) WBRI", date(2004, 7, 18), 16.66, start,
                    "s) 8: Other", "No", 0, "Multi Agency Safeguarding Hub",
                    "Sam\xa0Reed"]],
        "List 7": [[4410005, "b) Female", "s) NOBT", date(2020, 10, 4), 0.19, "b) No",
                    date(2020, 11, 23), "Physical abuse", "Physical abuse", date(2021, 1, 22),
                    "a) Yes", date(2021, 2, 16), date(2021, 2, 16), "b) No", 0,
                    "Locality 4 Unit 1", "Lee Hart"]],
        "List 8": [care],
        "List 9": [[4410006, "a) Male", "r) OOTH", date(2002, 8, 7), 18.6, None, "b) No",
                    "Care Leavers Team", "Kit Moss", None, "b) Former relevant child", None,
                    "a) Yes", None, "Y: Other accommodation", "a) Suitable",
                    "F1: Full time in higher education"]],
        "List 11": [[4410007, 4410008, "a) Male", "s) NOBT", "b) No", "Yes",
                     date(2009, 8, 6), *[None] * 12]],
    }  # fmt: skip
    return workbook({s: [SAMPLE_HEADINGS[s], *body] for s, body in rows.items()})


def test_the_public_samples_layout_loads(store_path):
    result = load(store_path, sample(), name="Annex_A_2024_Jan.xlsx")

    assert result.title == "Annex A (records to 23 November 2020)"
    assert [(p.source, p.rows) for p in result.parts] == [
        ("mash_contacts", 2),
        ("referrals", 1),
        ("plans", 1),
        ("care_episodes", 1),
    ]
    assert rows(store_path, "select source_agency from mash_contacts order by 1") == [
        ("Other",),
        ("Police",),
    ]
    assert rows(
        store_path,
        "select referral_source, source_agency, nfa, sex, ethnicity, age_at_referral "
        "from referrals",
    ) == [("8", "Other", False, "male", "WBRI", 16)]
    assert rows(
        store_path,
        "select start_date, end_date, category, latest_category, previous_plans from plans",
    ) == [(date(2020, 11, 23), date(2021, 2, 16), "physical_abuse", "physical_abuse", 0)]
    assert rows(
        store_path,
        "select start_date, end_date, legal_status, uasc, placement_type, placement_provider, "
        "category_of_need, sex, ethnicity, age_at_start from care_episodes",
    ) == [(date(2009, 8, 6), None, "E1", False, "U6", "PR4", "N1", "female", "NOBT", 3)]
    assert rows(
        store_path, "select record_id from mash_contacts where source_agency = 'Police'"
    ) == [(hashed(store_path, "4410001|2020-09-16|1"),)]
    # Lists 2, 9 and 11 are not stored; what contacts, referrals and care do not say.
    assert len(result.notes) == 6


def test_a_list_the_ssda903_return_already_holds_is_not_stored_twice(store_path):
    """Annex A's periods of care cannot share the SSDA903 return's ids: stored beside the
    return's episodes, the same children would be counted twice. The return's are kept."""
    from tests.integration.test_statutory_upload import EPISODES, HEADER

    import_return(
        [File("header.csv", HEADER), File("episodes.csv", EPISODES)], store_path, area_code=AREA
    )
    before = counts(store_path)

    result = load(store_path, workbook(lists()))

    after = counts(store_path)
    assert after["care_episodes"] == before["care_episodes"] == 3
    assert after["referrals"] > 0  # the lists no return holds are stored
    assert (
        "Children we care for: episodes of care: checked, not stored, as the store holds them "
        "from the SSDA903 return for the same area and dates" in result.summary()
    )

"""Importing record-level extracts: pseudonymised, checked whole, all or nothing, restatable."""

from __future__ import annotations

import io
import stat
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest

from tests.conftest import FIXTURES
from trustboard.ingest.observations import ImportError_
from trustboard.ingest.records import import_extract
from trustboard.measures import store

RECORDS = FIXTURES / "records"
AREA = "E10000025"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "analytics.duckdb"


def load(store_path: Path, file_name: str, **options):
    return import_extract(
        file_name, (RECORDS / file_name).read_bytes(), store_path, area_code=AREA, **options
    )


def rows(store_path: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    connection = store.connect(store_path)
    try:
        return connection.execute(sql, parameters or []).fetchall()
    finally:
        connection.close()


def hashed(store_path: Path, identifier: str, area: str = AREA) -> str:
    return store.pseudonymise(store.salt(store_path), area, identifier)


def test_an_extract_is_stored_with_pseudonyms_and_never_the_case_system_ids(store_path):
    result = load(store_path, "early_help_assessments.csv")

    assert (result.source, result.rows, result.restated) == ("early_help_assessments", 3, 0)
    assert not result.already_imported
    stored = rows(
        store_path,
        "select record_id, child_id, start_date, agency, organisation_type, pilot, age, "
        "locality, la_code, batch_hash from early_help_assessments order by start_date",
    )
    assert stored == [
        (
            hashed(store_path, "EHA-1001"),
            hashed(store_path, "CHILD-7731"),
            date(2023, 4, 3),
            "Health",
            "Health - Health Visitor",
            True,
            2,
            "City",
            AREA,
            result.content_hash,
        ),
        (
            hashed(store_path, "EHA-1002"),
            hashed(store_path, "CHILD-7732"),
            date(2023, 4, 5),
            "Education",
            "School",
            False,
            9,
            "West",
            AREA,
            result.content_hash,
        ),
        (
            hashed(store_path, "EHA-1003"),
            hashed(store_path, "CHILD-7733"),
            date(2023, 4, 12),
            "County Council",
            "",
            False,
            None,
            "South & Vale",
            AREA,
            result.content_hash,
        ),
    ]
    everything = store_path.read_bytes()
    for raw in (b"EHA-100", b"CHILD-773"):
        assert raw not in everything
    assert rows(store_path, "select source, file_name, rows, restated from record_batches") == [
        ("early_help_assessments", "early_help_assessments.csv", 3, 0)
    ]


def test_a_child_has_the_same_pseudonym_in_every_source_of_an_area(store_path):
    load(store_path, "early_help_assessments.csv")
    load(store_path, "mash_contacts.csv")
    load(store_path, "plans.csv")

    joined = rows(
        store_path,
        "select count(*) from early_help_assessments e "
        "join mash_contacts m using (child_id) join plans p using (child_id)",
    )
    assert joined == [(1,)]  # CHILD-7731 has an assessment, a contact and a plan
    other_area = store.pseudonymise(store.salt(store_path), "E09000001", "CHILD-7731")
    assert other_area != hashed(store_path, "CHILD-7731")


def test_the_salt_is_made_once_beside_the_store_and_readable_only_by_its_owner(store_path):
    first = store.salt(store_path)
    salt_file = store_path.parent / "pseudonym.salt"
    assert len(first) == 32
    assert stat.S_IMODE(salt_file.stat().st_mode) == 0o600
    assert store.salt(store_path.parent) == first == store.salt(store_path)


def test_choices_are_read_in_any_case_with_spaces_or_hyphens_and_stored_canonically(store_path):
    load(store_path, "mash_contacts.csv")
    load(store_path, "plans.csv")

    assert rows(
        store_path,
        "select outcome, source_agency, urgency, decision_hours from mash_contacts "
        "order by contact_date, outcome",
    ) == [
        ("no_further_action", "Police", "red", 4.5),
        ("early_help", "Health", None, None),
        ("social_care_assessment", "Other", "green", 1.0),
    ]
    assert rows(
        store_path, "select plan_type, category, end_date from plans order by start_date"
    ) == [
        ("child_protection", "neglect", date(2023, 5, 1)),
        ("child_protection", "emotional_abuse", None),
        ("child_in_need", "multiple", None),
    ]


def test_a_plans_extract_and_a_care_episodes_extract_are_told_apart(store_path):
    plans = load(store_path, "plans.csv")
    episodes = load(store_path, "care_episodes.csv")

    assert plans.source == "plans"
    assert episodes.source == "care_episodes"
    assert rows(
        store_path, "select uasc, registered, end_date from care_episodes order by start_date"
    ) == [(True, False, date(2023, 3, 31)), (False, True, None)]


def test_a_column_that_identifies_a_person_refuses_the_whole_file(store_path):
    with pytest.raises(ImportError_) as caught:
        load(store_path, "identifying.csv")

    assert {(e.file, e.column) for e in caught.value.errors} == {
        ("identifying.csv", "Date of Birth"),
        ("identifying.csv", "Surname"),
    }
    message = str(caught.value)
    assert "identifying.csv: column 'Date of Birth' identifies a person" in message
    assert "remove this column before the extract is sent" in message
    for value in ("Smithson", "2015-06-30", "CHILD-9001", "EHA-1"):
        assert value not in message
    assert store.record_count(store_path, "early_help_assessments") == 0
    assert rows(store_path, "select count(*) from record_batches") == [(0,)]


def test_every_bad_cell_is_reported_with_its_row_and_column_and_nothing_is_stored(store_path):
    with pytest.raises(ImportError_) as caught:
        load(store_path, "bad_plans.csv")

    problems = {(e.file, e.row, e.column) for e in caught.value.errors}
    assert problems == {
        ("bad_plans.csv", 3, "child_id"),
        ("bad_plans.csv", 4, "start_date"),
        ("bad_plans.csv", 5, "start_date"),
        ("bad_plans.csv", 6, "end_date"),
        ("bad_plans.csv", 7, "plan_type"),
        ("bad_plans.csv", 8, "category"),
        ("bad_plans.csv", 9, "record_id"),
    }
    text = str(caught.value)
    assert "bad_plans.csv: row 3, column 'child_id': (empty): expected a value" in text
    assert "row 4, column 'start_date': '31/02/2023': expected a real date" in text
    assert "row 5, column 'start_date': 'March 2023': expected a date as YYYY-MM-DD" in text
    assert "a date on or after the start_date (2023-01-15)" in text
    assert "one of child_protection, child_in_need" in text
    assert "one of neglect, physical_abuse" in text
    assert (
        "row 9, column 'record_id': '(an identifier)': expected each record once "
        "(row 2 has the same record_id)"
    ) in text
    assert "CP-1" not in text and "CHILD-775" not in text
    assert store.record_count(store_path, "plans") == 0
    assert rows(store_path, "select count(*) from record_batches") == [(0,)]


def test_booleans_numbers_and_choices_are_checked_against_the_schema(store_path):
    with pytest.raises(ImportError_) as caught:
        load(store_path, "bad_early_help_assessments.csv")

    errors = {(e.row, e.column): e for e in caught.value.errors}
    assert set(errors) == {
        (2, "pilot"),
        (2, "age"),
        (3, "agency"),
        (3, "age"),
        (4, "start_date"),
    }
    assert errors[2, "pilot"].expected == "true or false (or yes/no, y/n, 1/0)"
    assert errors[2, "age"].expected == "a whole number from 0 to 25"
    assert errors[3, "age"].value == "2.5"
    assert errors[3, "agency"].expected == (
        "one of Education, County Council, Health, Police, Other"
    )


def test_a_missing_required_column_is_one_error_for_the_file(store_path):
    data = b"record_id,child_id,start_date\nCP-1,CHILD-1,2023-01-01\n"
    with pytest.raises(ImportError_) as caught:
        import_extract("plans.csv", data, store_path, source="plans")

    [error] = caught.value.errors
    assert (error.file, error.row, error.column) == ("plans.csv", None, "category")
    assert "a column named 'category'" in error.expected


def test_an_extract_of_no_known_kind_lists_each_source_and_what_it_needs(store_path):
    data = b"case,opened\nA1,2023-01-01\n"
    with pytest.raises(ImportError_) as caught:
        import_extract("mystery.csv", data, store_path)

    [error] = caught.value.errors
    assert error.file == "mystery.csv"
    for needs in (
        "early_help_assessments (Early help (strengths and needs) assessments) needs "
        "record_id, child_id, start_date, agency",
        "mash_contacts (MASH contacts) needs record_id, child_id, contact_date, source_agency, "
        "outcome",
        "plans (Child protection and child in need plans) needs record_id, child_id, "
        "start_date, told apart by plan_type or category",
        "care_episodes (Children we care for: episodes of care) needs record_id, child_id, "
        "start_date",
    ):
        assert needs in error.expected


def test_unknown_columns_are_not_loaded_and_are_named(store_path):
    result = load(store_path, "early_help_assessments.csv")

    assert result.ignored_columns == ("Notes",)
    assert result.summary() == (
        "Loaded 3 early help assessments from early_help_assessments.csv (0 restated); "
        "not loaded: column 'Notes'."
    )
    assert b"called twice" not in store_path.read_bytes()


def test_importing_the_same_bytes_again_changes_nothing(store_path):
    first = load(store_path, "plans.csv")
    again = load(store_path, "plans.csv", replace=True)

    assert again.already_imported
    assert again.content_hash == first.content_hash
    assert "plans.csv was already imported on" in again.summary()
    assert "nothing changed" in again.summary()
    assert store.record_count(store_path, "plans") == 3
    assert rows(store_path, "select count(*) from record_batches") == [(1,)]


def test_a_later_extract_restates_its_records_and_keeps_the_others(store_path):
    load(store_path, "plans.csv")
    later = (
        b"record_id,child_id,start_date,end_date,category\n"
        b"CP-2,CHILD-7750,2023-01-15,2023-06-30,emotional abuse\n"
        b"CP-9,CHILD-7790,2023-06-01,,neglect\n"
    )
    result = import_extract("plans_june.csv", later, store_path, area_code=AREA)

    assert (result.rows, result.restated) == (2, 1)
    assert result.summary() == "Loaded 2 plans from plans_june.csv (1 restated)."
    assert store.record_count(store_path, "plans") == 4
    [(end_date, batch)] = rows(
        store_path,
        "select end_date, batch_hash from plans where record_id = ?",
        [hashed(store_path, "CP-2")],
    )
    assert (end_date, batch) == (date(2023, 6, 30), result.content_hash)


def test_a_full_refresh_replaces_the_areas_records_and_leaves_other_areas_alone(store_path):
    load(store_path, "plans.csv")
    neighbour = (
        b"record_id,child_id,start_date,category,la_code\n"
        b"CP-1,CHILD-1,2023-01-01,neglect,E09000001\n"
    )
    import_extract("neighbour.csv", neighbour, store_path)
    refresh = b"record_id,child_id,start_date,category\nCP-2,CHILD-7750,2023-01-15,neglect\n"

    result = import_extract("refresh.csv", refresh, store_path, area_code=AREA, replace=True)

    assert (result.rows, result.restated, result.removed) == (1, 1, 2)
    assert "full refresh: 2 earlier plans not in this file removed" in result.summary()
    assert rows(store_path, "select la_code, category from plans order by la_code") == [
        ("E09000001", "neglect"),
        (AREA, "neglect"),
    ]


def test_a_workbook_loads_with_excel_dates_numbers_and_booleans(store_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Record ID", "Child ID", "Start Date", "Agency", "Pilot", "Age"])
    sheet.append(["EHA-1", "CHILD-1", datetime(2023, 4, 3), "Health", True, 4])
    sheet.append(["EHA-2", 20001, "04/04/2023", "Police", False, None])
    sheet["C2"].number_format = "dd/mm/yyyy"
    data = io.BytesIO()
    book.save(data)

    result = import_extract("eha.xlsx", data.getvalue(), store_path, area_code=AREA)

    assert (result.source, result.rows) == ("early_help_assessments", 2)
    assert rows(
        store_path,
        "select child_id, start_date, pilot, age from early_help_assessments order by start_date",
    ) == [
        (hashed(store_path, "CHILD-1"), date(2023, 4, 3), True, 4),
        (hashed(store_path, "20001"), date(2023, 4, 4), False, None),
    ]


def test_a_parquet_extract_loads_with_its_date_columns(store_path, tmp_path):
    parquet = tmp_path / "contacts.parquet"
    connection = duckdb.connect()
    connection.execute(
        "copy (select * from (values "
        "('MASH-1', 'CHILD-1', date '2023-04-01', 'police', 'No further action', 2.5), "
        "('MASH-2', 'CHILD-2', date '2023-04-02', 'Health', 'early help', null)"
        ") as t(record_id, child_id, contact_date, source_agency, outcome, decision_hours)) "
        f"to '{parquet}' (format parquet)"
    )
    connection.close()

    result = import_extract("contacts.parquet", parquet.read_bytes(), store_path, area_code=AREA)

    assert (result.source, result.rows) == ("mash_contacts", 2)
    assert rows(
        store_path,
        "select child_id, contact_date, source_agency, outcome, decision_hours "
        "from mash_contacts order by contact_date",
    ) == [
        (hashed(store_path, "CHILD-1"), date(2023, 4, 1), "Police", "no_further_action", 2.5),
        (hashed(store_path, "CHILD-2"), date(2023, 4, 2), "Health", "early_help", None),
    ]


def test_a_parquet_extract_with_an_identifying_column_is_refused(store_path, tmp_path):
    parquet = tmp_path / "contacts.parquet"
    connection = duckdb.connect()
    connection.execute(
        "copy (select 'MASH-1' as record_id, 'CHILD-1' as child_id, 'AB1 2CD' as postcode) "
        f"to '{parquet}' (format parquet)"
    )
    connection.close()

    with pytest.raises(ImportError_) as caught:
        import_extract("contacts.parquet", parquet.read_bytes(), store_path)

    assert [e.column for e in caught.value.errors] == ["postcode"]
    assert "AB1 2CD" not in str(caught.value)

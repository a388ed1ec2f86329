"""Record extracts are routed safely, never quote an identifier, and carry only plausible dates.

Each test is a file a council really sent, or one a slip of a spreadsheet makes: a renamed
heading, a stray comma, an open quotation mark, a case system's "no date".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from trustboard.ingest.observations import ImportError_
from trustboard.ingest.records import SHOWN_LENGTH, import_extract
from trustboard.measures import store

RECORDS = FIXTURES / "records"
AREA = "E10000025"
CHILD_IDS = [f"CHILD-{n}" for n in range(9000, 9040)]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "analytics.duckdb"


def _refused(store_path: Path, name: str, text: str, **options) -> ImportError_:
    with pytest.raises(ImportError_) as caught:
        import_extract(name, text.encode(), store_path, area_code=AREA, **options)
    assert not store_path.exists() or store.record_count(store_path, "care_episodes") == 0
    return caught.value


def _early_help(heading: str = "Agency") -> str:
    """The early help fixture with one heading changed, as a case system's export renames it."""
    text = (RECORDS / "early_help_assessments.csv").read_text()
    return text.replace("Agency,", f"{heading},", 1)


def test_a_renamed_heading_is_not_read_as_another_kind_of_extract(store_path):
    """It holds record_id, child_id and start_date, all a care episodes extract needs; its
    pilot and organisation type say it is early help, short of its agency column."""
    refused = _refused(store_path, "eha.csv", _early_help("Agency name"))

    [error] = refused.errors
    assert error.column == "(header)"
    assert "early_help_assessments" in error.expected
    assert "is the closest kind of extract, but there is no column named 'agency'" in (
        error.expected
    )


def test_a_renamed_heading_cannot_replace_the_real_episodes(store_path):
    episodes = (RECORDS / "care_episodes.csv").read_bytes()
    import_extract("care_episodes.csv", episodes, store_path, area_code=AREA)

    with pytest.raises(ImportError_):
        import_extract(
            "eha.csv", _early_help("Agency name").encode(), store_path, area_code=AREA, replace=True
        )
    assert store.record_count(store_path, "care_episodes") == 2


def test_a_full_refresh_needs_a_file_that_is_surely_its_source(store_path):
    episodes = (RECORDS / "care_episodes.csv").read_text() + ""
    with_notes = episodes.replace("registered\n", "registered,Notes\n", 1)

    refused = _refused(store_path, "care.csv", with_notes, replace=True)
    [error] = refused.errors
    assert "for a full refresh (--replace), only care_episodes columns" in error.expected
    assert "--source care_episodes" in error.expected

    named = import_extract(
        "care.csv",
        with_notes.encode(),
        store_path,
        area_code=AREA,
        replace=True,
        source="care_episodes",
    )
    assert named.rows == 2 and named.replaced


@pytest.mark.parametrize(
    "heading",
    [
        "HOME_POST",
        "PL_POST",
        "PersonBirthDate",
        "Child's Full Name",
        "DOB (dd/mm/yyyy)",
        "Former UPN",
        "Allocated worker",
        "Mother's name",
    ],
)
def test_identifying_columns_are_refused_in_the_spellings_real_files_use(store_path, heading):
    text = _early_help().replace("Notes\n", f"{heading}\n", 1)
    refused = _refused(store_path, "eha.csv", text)

    [error] = refused.errors
    assert error.column == heading
    assert "identifies a person" in str(error)


def test_an_agencys_or_a_schools_name_is_not_a_persons(store_path):
    text = _early_help().replace("Notes\n", "School name\n", 1)
    result = import_extract("eha.csv", text.encode(), store_path, area_code=AREA)
    assert result.ignored_columns == ("School name",)


def test_an_open_quotation_mark_does_not_put_child_ids_in_the_message(store_path):
    rows = ["record_id,child_id,start_date,end_date,legal_status"]
    rows.append('EP-0,CHILD-0001,2022-06-01,,"C2')  # the quote is never closed
    rows += [f"EP-{i},{child},2022-06-01,,C2" for i, child in enumerate(CHILD_IDS, 1)]
    refused = _refused(store_path, "care.csv", "\n".join(rows) + "\n")

    message = str(refused)
    assert "care.csv: row 2, column 'legal_status'" in message
    assert "is a quotation mark left open in this row?" in message
    assert not [child for child in CHILD_IDS if child in message]
    assert "CHILD-0001" not in message


def test_a_stray_comma_does_not_put_a_child_id_in_the_message(store_path):
    text = (
        "record_id,child_id,start_date,end_date,legal_status\n"
        "EP-1,Smith, CHILD-4471,2022-06-01,,C2\n"
    )
    refused = _refused(store_path, "care.csv", text)

    message = str(refused)
    assert "CHILD-4471" not in message and "Smith" not in message
    assert "care.csv: row 2, column 'start_date': '(text that is not a date)'" in message


def test_a_long_value_is_described_not_quoted(store_path):
    text = (
        "record_id,child_id,start_date,end_date,legal_status\n"
        f"EP-1,CHILD-1,{'2022-06-01 ' * 5},,C2\n"
    )
    refused = _refused(store_path, "care.csv", text)
    [error] = refused.errors
    assert error.value == f"(text of {len(('2022-06-01 ' * 5).strip())} characters)"
    assert len(error.value) <= SHOWN_LENGTH


@pytest.mark.parametrize("written", ["0001-01-01", "9999-12-31", "2099-04-01", "31/12/1899"])
def test_a_date_out_of_range_is_refused_where_it_is(store_path, written):
    text = (
        "record_id,child_id,start_date,end_date,legal_status\n"
        "EP-1,CHILD-1,2022-06-01,,C2\n"
        f"EP-2,CHILD-2,2022-07-01,{written},C2\n"
    )
    refused = _refused(store_path, "care.csv", text)

    [error] = refused.errors
    assert (error.file, error.row, error.column) == ("care.csv", 3, "end_date")
    assert error.expected.startswith(f"a date from 1950-01-01 to today ({date.today():%Y-%m-%d})")

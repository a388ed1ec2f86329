"""Importing partner figures: all or nothing, harmless to repeat, restatements keep history."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from tests.conftest import FIXTURES
from trustboard.ingest.observations import ImportError_
from trustboard.measures import store
from trustboard.web.audit.models import AuditEvent
from trustboard.web.framework.models import ImportBatch, Observation

pytestmark = pytest.mark.django_db

GOOD = (FIXTURES / "observations.csv").read_bytes()


def test_a_good_file_loads_every_row_and_lands_it_in_the_analytic_store(
    import_file, analytics_path
):
    result = import_file("observations.csv", GOOD)
    assert (result.created, result.revised, result.unchanged) == (8, 0, 0)
    assert Observation.objects.count() == 8
    taxi_city = Observation.objects.get(indicator__code="3.5", breakdown="City")
    assert taxi_city.value == 72
    assert taxi_city.period == "Q2 2022/23"
    march = Observation.objects.get(indicator__code="1.1", period="Mar 2023")
    assert march.status == "provisional"
    assert store.landed_count(analytics_path, result.batch.content_hash) == 8
    assert AuditEvent.objects.filter(action="observations.import").count() == 1


def test_a_file_with_bad_rows_loads_nothing_and_names_every_problem(import_file):
    with pytest.raises(ImportError_) as caught:
        import_file("bad_observations.csv", (FIXTURES / "bad_observations.csv").read_bytes())
    problems = {(e.row, e.column) for e in caught.value.errors}
    assert problems == {
        (3, "indicator"),
        (4, "period"),
        (5, "period"),
        (6, "value"),
        (7, "value"),
        (8, "breakdown"),
        (9, "status"),
        (10, "period"),
    }
    text = str(caught.value)
    assert "bad_observations.csv: row 3, column 'indicator': '9.9'" in text
    assert "a month such as 'Mar 2023' (indicator 1.1 is monthly)" in text
    assert "one of City, Cherwell, West, South & Vale" in text
    assert "row 2 has the same" in text
    # Row 2 was good, but nothing at all was stored.
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_importing_the_same_file_twice_changes_nothing(import_file, analytics_path):
    first = import_file("observations.csv", GOOD)
    second = import_file("observations.csv", GOOD)
    assert second.already_imported
    assert second.batch.pk == first.batch.pk
    assert "already imported" in second.summary()
    assert Observation.objects.count() == 8
    assert store.landed_count(analytics_path) == 8


def test_the_same_figures_in_another_file_are_recognised_as_unchanged(import_file):
    import_file("observations.csv", GOOD)
    again = import_file("copy.csv", GOOD + b"\n")
    assert (again.created, again.revised, again.unchanged) == (0, 0, 8)
    assert Observation.objects.count() == 8


def test_a_restated_figure_becomes_a_new_vintage_and_the_old_one_is_kept(import_file):
    import_file("observations.csv", GOOD)
    restated = import_file(
        "restated.csv", "indicator,period,value,status\n1.1,Mar 2023,774,final\n"
    )
    assert (restated.created, restated.revised) == (0, 1)
    vintages = list(
        Observation.objects.filter(indicator__code="1.1", period="Mar 2023").order_by("vintage")
    )
    assert [(o.vintage, o.value, o.status, o.is_current) for o in vintages] == [
        (1, 770, "provisional", False),
        (2, 774, "final", True),
    ]


def test_an_excel_workbook_imports_like_a_csv(import_file):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Period", "Value", "Numerator", "Denominator"])
    sheet.append(["3.5", "Q3 2022/23", 80, 400, 500])
    sheet.append(["1.4", "Apr 2023", 512, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_file("figures.xlsx", buffer.getvalue())
    assert result.created == 2
    taxi = Observation.objects.get(indicator__code="3.5", period="Q3 2022/23")
    assert (taxi.value, taxi.numerator, taxi.denominator) == (80, 400, 500)


def test_a_percentage_that_disagrees_with_its_numerator_and_denominator_is_refused(import_file):
    with pytest.raises(ImportError_) as caught:
        import_file(
            "taxi.csv", "indicator,period,value,numerator,denominator\n3.5,Q3 2022/23,90,400,500\n"
        )
    (error,) = caught.value.errors
    assert (error.row, error.column) == (2, "value")
    assert "80.0" in error.expected


@pytest.mark.parametrize(
    ("content", "column", "expected"),
    [
        ("indicator,value\n1.1,3\n", "period", "a column named 'period'"),
        ("indicator,period,value,colour\n1.1,Mar 2023,3,red\n", "colour", "only the columns"),
        ("indicator,period,value\n", "(rows)", "at least one row"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_with_the_column_named(
    import_file, content, column, expected
):
    with pytest.raises(ImportError_) as caught:
        import_file("shape.csv", content)
    assert any(e.column == column and expected in e.expected for e in caught.value.errors)


def test_a_file_that_is_not_a_spreadsheet_is_refused(import_file):
    with pytest.raises(ImportError_) as caught:
        import_file("figures.xlsx", b"this is not a workbook")
    assert "an Excel workbook (.xlsx) that opens" in str(caught.value)
    with pytest.raises(ImportError_) as caught:
        import_file("figures.pdf", b"%PDF")
    assert "a .csv or .xlsx file" in str(caught.value)


def _workbook(*rows, formats=None):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_excel_code_typed_as_a_number_is_refused_and_nothing_is_stored(import_file):
    """A code cell holding the number 3.5 could be "3.50": never file a figure on a guess."""
    data = _workbook(["indicator", "period", "value"], [3.5, "Q3 2022/23", 80])
    with pytest.raises(ImportError_) as caught:
        import_file("figures.xlsx", data)
    (error,) = caught.value.errors
    assert str(error) == (
        "figures.xlsx: row 2, column 'indicator': '3.5': expected a code typed as text, e.g. "
        "'3.5 (Excel read this cell as the number 3.5)"
    )
    assert Observation.objects.count() == 0


def test_excel_months_and_percentages_import_as_they_are_shown(import_file):
    """A month Excel made a date (shown Mar-23) and a percentage stored as 0.8 (shown 80%)."""
    data = _workbook(
        ["indicator", "period", "value"],
        ["1.1", datetime(2023, 3, 1), 770],
        ["3.5", "Q3 2022/23", 0.8],
        formats={"B2": "mmm-yy", "C3": "0%"},
    )
    assert import_file("figures.xlsx", data).created == 2
    assert Observation.objects.get(indicator__code="1.1").period == "Mar 2023"
    assert Observation.objects.get(indicator__code="3.5").value == 80


def test_a_semicolon_separated_file_is_refused_saying_how_to_save_it(import_file):
    with pytest.raises(ImportError_) as caught:
        import_file("figures.csv", "indicator;period;value\n1.1;Mar 2023;770\n")
    assert "separated by ';': save it as comma-separated CSV" in str(caught.value)
    assert ImportBatch.objects.count() == 0


def test_a_utf16_file_imports(import_file):
    data = "indicator,period,value\n1.1,Mar 2023,770\n".encode("utf-16")
    assert import_file("figures.csv", data).created == 1

"""Reading one series from a CSV or Excel file, and listing every problem in it at once."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from trustboard.ingest.observations import ImportError_
from trustboard.ingest.series_file import read_series


def csv(text: str) -> bytes:
    return text.encode()


def problems(name: str, data: bytes) -> list[str]:
    with pytest.raises(ImportError_) as caught:
        read_series(name, data)
    return [str(e) for e in caught.value.errors]


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_reads_and_sorts_by_period_with_canonical_labels():
    data = csv("Month,Count\nMar-23,30\nJan 2023,10\n2023-02,20\n")
    assert read_series("s.csv", data) == [("Jan 2023", 10), ("Feb 2023", 20), ("Mar 2023", 30)]


def test_quarters_sort_in_financial_year_order():
    data = csv("period,value\nQ1 2023/24,4\nQ4 2022/23,3\nQ3 2022/23,2\n")
    labels = [label for label, _ in read_series("s.csv", data)]
    assert labels == ["Q3 2022/23", "Q4 2022/23", "Q1 2023/24"]


@pytest.mark.parametrize("period", ["period", "Date", "MONTH", "week"])
@pytest.mark.parametrize("value", ["value", "Count", "rate", "Percentage"])
def test_accepts_each_header_in_any_case(period, value):
    data = csv(f"{period},{value}\nMar 2023,1\n")
    assert read_series("s.csv", data) == [("Mar 2023", 1)]


def test_other_columns_are_ignored():
    data = csv("indicator,period,notes,value\n1.1,Mar 2023,late return,5\n")
    assert read_series("s.csv", data) == [("Mar 2023", 5)]


def test_an_empty_value_is_a_gap():
    data = csv("period,value\nJan 2023,1\nFeb 2023,\nMar 2023,3\n")
    assert read_series("s.csv", data) == [("Jan 2023", 1), ("Feb 2023", None), ("Mar 2023", 3)]


def test_thousands_commas_and_percent_signs_are_read():
    data = csv('period,percentage\nJan 2023,85.5%\nFeb 2023,"1,234"\n')
    assert read_series("s.csv", data) == [("Jan 2023", 85.5), ("Feb 2023", 1234)]


def test_missing_columns_say_which_headers_are_accepted():
    assert problems("s.csv", csv("when,how many\nMar 2023,1\n")) == [
        "s.csv: row 1, column '(header)': 'when, how many': expected a period column headed "
        "period, date, month or week (any case)",
        "s.csv: row 1, column '(header)': 'when, how many': expected a figure column headed "
        "value, count, rate or percentage (any case)",
    ]


def test_two_candidate_columns_are_ambiguous():
    found = problems("s.csv", csv("period,value,count\nMar 2023,1,2\n"))
    assert found == [
        "s.csv: row 1, column '(header)': 'value, count': expected one figure column, not 2"
    ]


def test_every_bad_row_is_listed_with_row_column_value_and_expectation():
    data = csv(
        "Month,Count\n"
        "Jan 2023,1\n"
        "Smarch 2023,2\n"  # row 3: not a month
        "Feb 2023,lots\n"  # row 4: not a number
        "Jan 2023,3\n"  # row 5: Jan 2023 again
        "Q4 2022/23,4\n"  # row 6: a quarter among months
        "Mar 2023,inf\n"  # row 7: not a finite number
    )
    found = problems("s.csv", data)
    assert len(found) == 5
    assert found[0].startswith("s.csv: row 3, column 'month': 'Smarch 2023': expected ")
    assert "not a month name" in found[0]
    assert found[1] == "s.csv: row 4, column 'count': 'lots': expected a number, or empty for a gap"
    assert found[2] == (
        "s.csv: row 5, column 'month': 'Jan 2023': expected one row a period "
        "(row 2 is also Jan 2023)"
    )
    assert found[3] == (
        "s.csv: row 6, column 'month': 'Q4 2022/23': expected a month like the other rows "
        "(such as Jan 2023): one chart, one frequency"
    )
    assert found[4] == "s.csv: row 7, column 'count': 'inf': expected a number, or empty for a gap"


def test_a_file_without_rows():
    assert problems("s.csv", csv("period,value\n")) == [
        "s.csv: column '(rows)': (empty): expected at least one row of figures"
    ]


def test_a_file_that_is_not_csv_or_excel():
    assert problems("s.txt", b"period,value\n") == [
        "s.txt: column '(file)': '.txt': expected a .csv or .xlsx file"
    ]


def test_reads_excel_with_text_periods_and_numbers():
    data = xlsx([["Period", "Value"], ["Feb 2023", 2.5], ["Jan 2023", 1], ["Mar 2023", None]])
    assert read_series("s.xlsx", data) == [
        ("Jan 2023", 1),
        ("Feb 2023", 2.5),
        ("Mar 2023", None),
    ]


def test_excel_dates_are_point_in_time_periods():
    data = xlsx([["date", "count"], [datetime(2023, 3, 31), 7], [datetime(2022, 3, 31), 6]])
    assert read_series("s.xlsx", data) == [("at 31 March 2022", 6), ("at 31 March 2023", 7)]


def test_a_broken_workbook():
    assert problems("s.xlsx", b"not a workbook") == [
        "s.xlsx: column '(file)': (empty): expected an Excel workbook (.xlsx) that opens"
    ]

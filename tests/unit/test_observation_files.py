"""Reading a partner's file: what Excel and other programs do to cells on the way in.

Each case is a real way a file goes wrong: a code typed as a number, a decimal comma, a
percentage stored as a fraction, a stray cell far out, a formula never calculated. Each must be
read correctly or refused saying what to do, never crash or put a figure in the wrong place.
"""

from __future__ import annotations

import io
import time
from datetime import datetime

import openpyxl
import pytest

from trustboard.core.catalogue import Frequency, Indicator, Polarity, Unit
from trustboard.core.periods import Basis, month, quarter
from trustboard.ingest import reader
from trustboard.ingest.observations import ImportError_, read_table, validate


def _indicator(code, unit=Unit.COUNT, frequency=Frequency.MONTHLY, basis=Basis.FINANCIAL):
    return Indicator(
        code, f"Indicator {code}", "safe", unit, Polarity.NEITHER, frequency, basis=basis
    )


INDICATORS = {
    i.code: i
    for i in [
        _indicator("1.1"),
        _indicator("4.10"),
        _indicator("3.5", Unit.PERCENTAGE, Frequency.QUARTERLY),
        _indicator("2.1", Unit.RATE_PER_10000, Frequency.ANNUAL),
        _indicator("2.2", Unit.DAYS, Frequency.ANNUAL, Basis.CALENDAR),
    ]
}


def workbook(*rows, formats=None, extra=None):
    """An xlsx of ``rows`` (the first is the header); ``formats`` maps "B2" to a number format
    and ``extra`` sets further cells by coordinate."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    for coordinate, value in (extra or {}).items():
        sheet[coordinate] = value
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(name, data, indicators=INDICATORS):
    with pytest.raises(ImportError_) as caught:
        validate(name, data, indicators)
    return caught.value.errors


def only_error(name, data, indicators=INDICATORS):
    errors = refused(name, data, indicators)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


HEADER = ("indicator", "period", "value")


# -- 2. cells Excel typed as numbers --------------------------------------------------------
def test_a_code_excel_read_as_a_number_is_refused_not_filed_under_another_indicator():
    """4.10 typed into Excel is the number 4.1: its figure used to go to indicator 4.1."""
    error = only_error("f.xlsx", workbook(HEADER, (4.10, "Mar 2023", 5)))

    assert (error.row, error.column, error.value) == (2, "indicator", "4.1")
    assert error.expected == (
        "a code typed as text, e.g. '4.10 (Excel read this cell as the number 4.1)"
    )


def test_a_number_that_could_be_several_codes_names_them_all():
    indicators = {**INDICATORS, "4.1": _indicator("4.1")}
    error = only_error("f.xlsx", workbook(HEADER, (4.1, "Mar 2023", 5)), indicators)
    assert error.expected.startswith("a code typed as text, e.g. '4.1 or '4.10 (Excel read")


def test_a_whole_number_code_cell_is_refused_too():
    error = only_error("f.xlsx", workbook(HEADER, (7, "Mar 2023", 5)))
    assert error.expected == "a code typed as text, e.g. '7 (Excel read this cell as the number 7)"


def test_a_code_typed_as_text_in_excel_loads():
    (row,) = validate("f.xlsx", workbook(HEADER, ("4.10", "Mar 2023", 5)), INDICATORS)
    assert (row.indicator, row.period, row.value) == ("4.10", month(2023, 3), 5)


@pytest.mark.parametrize(
    ("code", "number", "expected"),
    [
        (
            "1.1",
            202303,
            "a period typed as text, e.g. 'Mar 2023 (Excel read this cell as the number 202303)",
        ),
        (
            "2.2",
            2023,
            "a period typed as text, e.g. '2023 (Excel read this cell as the number 2023)",
        ),
        (
            "2.1",
            2022.23,
            "a period typed as text, e.g. '2022/23 (Excel read this cell as the number 2022.23)",
        ),
    ],
)
def test_a_period_cell_excel_read_as_a_number_is_refused(code, number, expected):
    error = only_error("f.xlsx", workbook(HEADER, (code, number, 5)))
    assert (error.column, error.expected) == ("period", expected)


# -- 3. values ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["7,5", "1.234,5", "1_000", "１２", "1 000", "12,34", "ten"])
def test_numbers_written_other_than_with_thousands_commas_are_refused(text):
    """ "7,5" used to be read as 75 and "１２" as 12."""
    error = only_error("f.csv", f'indicator,period,value\n1.1,Mar 2023,"{text}"\n'.encode())
    assert (error.column, error.value) == ("value", text)
    assert error.expected == "a number such as 1,234.5"


@pytest.mark.parametrize(
    ("text", "value"), [("1,234.5", 1234.5), ("12,345,678", 12345678), ("0.5", 0.5), ("7", 7)]
)
def test_thousands_commas_are_read(text, value):
    (row,) = validate(
        "f.csv", f'indicator,period,value\n1.1,Mar 2023,"{text}"\n'.encode(), INDICATORS
    )
    assert row.value == value


@pytest.mark.parametrize(
    ("code", "period", "text", "limit"),
    [
        ("1.1", "Mar 2023", "1e999", "1,000,000,000"),
        ("1.1", "Mar 2023", "2000000000", "1,000,000,000"),
        ("1.1", "Mar 2023", "-3", "1,000,000,000"),
        ("2.2", "2023", "1e10", "1,000,000,000"),
        ("2.1", "2022/23", "10000.5", "10,000"),
        ("3.5", "Q3 2022/23", "100.5", "100"),
        ("3.5", "Q3 2022/23", "-0.1%", "100"),
    ],
)
def test_implausible_or_infinite_values_are_refused_with_the_range(code, period, text, limit):
    error = only_error("f.csv", f"indicator,period,value\n{code},{period},{text}\n".encode())
    assert error.expected == f"a number from 0 to {limit}"


@pytest.mark.parametrize("text", ["inf", "nan", "NaN", "Infinity"])
def test_words_for_infinity_are_not_numbers(text):
    error = only_error("f.csv", f"indicator,period,value\n1.1,Mar 2023,{text}\n".encode())
    assert error.column == "value"


def test_an_implausible_numerator_or_denominator_is_refused():
    errors = refused(
        "f.csv",
        b"indicator,period,value,numerator,denominator\n3.5,Q3 2022/23,50,2e9,4e9\n",
    )
    assert {(e.column, e.expected) for e in errors} == {
        ("numerator", "a number from 0 to 1,000,000,000"),
        ("denominator", "a number from 0 to 1,000,000,000"),
    }


def test_an_excel_percentage_cell_is_read_as_the_percentage_it_shows():
    """Excel stores 65.5% as 0.655; read as 0.655 it would rate the indicator red."""
    data = workbook(
        HEADER, ("3.5", "Q3 2022/23", 0.655), ("3.5", "Q4 2022/23", 70.5), formats={"C2": "0.0%"}
    )
    rows = validate("f.xlsx", data, INDICATORS)
    assert [(r.period, r.value) for r in rows] == [
        (quarter(2022, 3), 65.5),
        (quarter(2022, 4), 70.5),
    ]


def test_excel_numbers_are_taken_as_they_are_not_reparsed_as_text():
    data = workbook(HEADER, ("1.1", "Mar 2023", 0.00001), ("1.1", "Apr 2023", 1234.5))
    assert [r.value for r in validate("f.xlsx", data, INDICATORS)] == [0.00001, 1234.5]


# -- 4. size ----------------------------------------------------------------------------------
def test_a_stray_cell_far_out_does_not_widen_every_row():
    """A 5 KB workbook with one cell at XFD1048576 made every row 16,384 cells long."""
    data = workbook(HEADER, ("1.1", "Mar 2023", 5), extra={"XFD1048576": "x"})
    assert len(data) < 10_000

    started = time.perf_counter()
    header, body = read_table("f.xlsx", data)

    assert header == list(HEADER)
    assert body == [(2, ["1.1", "Mar 2023", "5"])]
    assert time.perf_counter() - started < 5
    assert len(validate("f.xlsx", data, INDICATORS)) == 1


def test_a_sheet_with_more_rows_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    rows = [("1.1", f"{m} 2023", 5) for m in ("Jan", "Feb", "Mar", "Apr")]
    for name, data in [
        ("f.xlsx", workbook(HEADER, *rows)),
        (
            "f.csv",
            ("indicator,period,value\n" + "\n".join(",".join(map(str, r)) for r in rows)).encode(),
        ),
    ]:
        with pytest.raises(ImportError_) as caught:
            read_table(name, data)
        assert "at most 3 rows of figures below the header; row 5 has a value" in str(caught.value)


def test_a_value_far_below_the_figures_is_refused_naming_its_row():
    data = workbook(HEADER, ("1.1", "Mar 2023", 5), extra={"A1048576": "x"})
    with pytest.raises(ImportError_, match=r"at most 200,000 rows .* row 1,048,576 has a value"):
        read_table("f.xlsx", data)


def test_a_header_wider_than_the_limit_is_refused():
    data = workbook(HEADER, ("1.1", "Mar 2023", 5), extra={"XFD1": "note"})
    with pytest.raises(ImportError_, match="at most 100 columns; row 1 has a cell in column XFD"):
        read_table("f.xlsx", data)


def test_cells_beyond_the_header_in_a_csv_row_are_a_row_error():
    data = b"indicator,period,value\n1.1,Mar 2023,5,,\n1.1,Apr 2023,5,,extra,\n"
    error = only_error("f.csv", data)
    assert (error.row, error.column, error.value) == (3, "(row)", ", extra")
    assert "row has 5 cells but the header has 3" in error.expected


# -- 5. readable errors -----------------------------------------------------------------------
def test_a_cell_over_the_csv_field_limit_names_the_file_and_row():
    """An unclosed quote swallows the rest of the file into one cell: _csv.Error used to escape."""
    data = b'indicator,period,value\n1.1,Mar 2023,5\n1.1,"Apr 2023,' + b"x" * 200_000 + b"\n"
    with pytest.raises(ImportError_) as caught:
        read_table("big.csv", data)
    (error,) = caught.value.errors
    assert (error.file, error.row) == ("big.csv", 3)
    assert "big.csv: row 3" in str(caught.value)
    assert "is a quotation mark left open?" in error.expected


@pytest.mark.parametrize(("separator", "called"), [(";", "';'"), ("\t", "tabs")])
def test_a_csv_separated_by_semicolons_or_tabs_says_how_to_save_it(separator, called):
    data = separator.join(HEADER) + "\n" + separator.join(["1.1", "Mar 2023", "7,5"]) + "\n"
    with pytest.raises(ImportError_) as caught:
        validate("f.csv", data.encode(), INDICATORS)
    assert f"the file's columns are separated by {called}: save it as comma-separated CSV" in str(
        caught.value
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_csv_files_are_decoded(encoding):
    text = "indicator,period,value\n1.1,Mar 2023,5\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (row,) = validate("f.csv", data, INDICATORS)
    assert (row.indicator, row.value) == ("1.1", 5)


def test_a_formula_without_a_saved_value_says_to_save_the_file_in_excel():
    """openpyxl and some exports write formulas without values; the cell looked empty."""
    data = workbook(HEADER, ("1.1", "Mar 2023", "=2+3"), ("1.1", "Apr 2023", 4))
    error = only_error("f.xlsx", data)
    assert (error.row, error.column, error.value) == (2, "value", "=2+3")
    assert error.expected == (
        "a number (this cell holds a formula with no saved value: open and save the file in Excel)"
    )


def test_an_empty_value_is_still_just_missing():
    data = workbook(HEADER, ("1.1", "Mar 2023", None))
    error = only_error("f.xlsx", data)
    assert (error.column, error.expected) == ("value", "a number")


@pytest.mark.parametrize("number_format", ["mmm-yy", "mmmm yyyy", "[$-809]mmm-yy;@", "yyyy-mm"])
def test_a_month_excel_turned_into_a_date_is_read_as_that_month(number_format):
    """Typed "Mar-23", Excel stores 1 March 2023 and shows Mar-23."""
    data = workbook(HEADER, ("1.1", datetime(2023, 3, 1), 5), formats={"B2": number_format})
    (row,) = validate("f.xlsx", data, INDICATORS)
    assert row.period == month(2023, 3)


@pytest.mark.parametrize(
    ("when", "number_format"),
    [(datetime(2023, 3, 1), "dd/mm/yyyy"), (datetime(2023, 3, 15), "mmm-yy")],
)
def test_a_date_that_is_not_a_month_stays_a_day_and_is_refused_for_a_monthly_indicator(
    when, number_format
):
    data = workbook(HEADER, ("1.1", when, 5), formats={"B2": number_format})
    error = only_error("f.xlsx", data)
    assert error.column == "period"
    assert "a month such as 'Mar 2023'" in error.expected
    assert f"Excel read this cell as the date {when:%d/%m/%Y}" in error.expected


@pytest.mark.parametrize("name", ["f.csv", "f.xlsx"])
def test_a_header_below_row_1_says_the_header_must_be_on_row_1(name):
    if name == "f.csv":
        data = b"\n,,\nindicator,period,value\n1.1,Mar 2023,5\n"
    else:
        data = workbook((), (), HEADER, ("1.1", "Mar 2023", 5))
    with pytest.raises(ImportError_) as caught:
        read_table(name, data)
    (error,) = caught.value.errors
    assert (error.row, error.column) == (1, "(header)")
    assert "column headings on row 1: row 1 is empty and the first filled row is row 3" in str(
        error
    )


def test_an_annual_figure_for_a_year_of_another_basis_is_refused_saying_which_years():
    data = b"indicator,period,value\n2.1,AY 2022/23,5\n2.2,2022/23,5\n"
    errors = refused("f.csv", data)
    assert [(e.row, e.column) for e in errors] == [(2, "period"), (3, "period")]
    assert "a financial year such as '2022/23'" in errors[0].expected
    assert "counted in financial years" in errors[0].expected
    assert "a calendar year such as '2022'" in errors[1].expected

"""Reading the DfE's published statistics files and picking out one indicator.

The children looked after fixtures are the DfE's own files (trimmed to England, the South East,
Oxfordshire and twelve other authorities); every figure checked below can be found by eye in
them. The school absence file is made up in the same format with other columns, to show that
the reader follows the format rather than one publication.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trustboard.core.catalogue import (
    Frequency,
    Indicator,
    Polarity,
    PublishedSource,
    Unit,
)
from trustboard.core.periods import (
    Basis,
    PeriodError,
    academic_year,
    calendar_year,
    financial_year,
    month,
    quarter,
)
from trustboard.ingest.dfe import (
    EXPECTED_MEASURE,
    GEOGRAPHY_LEVELS,
    SYMBOLS,
    BenchmarkValue,
    DfeCell,
    DfeMapping,
    DfeTable,
    dfe_period,
    looks_like_dfe,
    read_dfe,
    select,
)
from trustboard.ingest.observations import ImportError_

FIXTURES = Path(__file__).parent.parent / "fixtures" / "dfe"
RATES = "cla_number_and_rate_per_10k_children.csv"
SERIES = "cla_time_series_1994_2024.csv"
ABSENCE = "school_absence_made_up.csv"

OXFORDSHIRE = "E10000025"
SOUTH_EAST = "E12000008"
NEIGHBOURS = ("E06000060", "E06000037", "E10000014", "E10000006")
AT_31_MARCH = "Children looked after at 31 March each year"

CLA = Indicator(
    code="4.16",
    title="Children looked after",
    area="Children in care",
    unit=Unit.RATE_PER_10000,
    polarity=Polarity.NEITHER,
    frequency=Frequency.ANNUAL,
)
ABSENCE_INDICATOR = Indicator(
    code="2.3",
    title="Overall absence",
    area="Education",
    unit=Unit.PERCENTAGE,
    polarity=Polarity.LOWER_IS_BETTER,
    frequency=Frequency.ANNUAL,
    basis=Basis.ACADEMIC,
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="module")
def rates() -> DfeTable:
    return read_dfe(RATES, fixture(RATES))


def messages(error: pytest.ExceptionInfo[ImportError_]) -> list[str]:
    return [str(e) for e in error.value.errors]


def edited(name: str, replace: dict[str, str] | None = None, append: str = "") -> bytes:
    """A fixture with a few cells changed or a line added: the smallest broken file."""
    text = fixture(name).decode("utf-8-sig")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return (text + append).encode("utf-8")


# -- reading ----------------------------------------------------------------------------------
def test_the_real_file_reads_with_its_filter_and_measure_columns(rates):
    assert rates.filter_columns == ("population_count",)
    assert rates.measure_columns == ("population_estimate", "number", "rate_per_10000")
    # England, the South East and 13 authorities, 5 years, 3 populations each.
    assert len(rates.rows) == 15 * 15
    assert rates.levels == ("National", "Regional", "Local authority")
    assert rates.rows[0].row == 2  # the header is row 1, as in a spreadsheet


def test_the_byte_order_mark_and_quoted_names_with_commas_are_read(rates):
    assert fixture(RATES).startswith(b"\xef\xbb\xbf")
    assert rates.rows[0].time_period == "2024"
    names = {row.name for row in rates.rows if row.level == "Local authority"}
    assert {"Bristol, City of", "Kingston upon Hull, City of"} <= names


def test_each_row_is_placed_at_its_own_geography(rates):
    national = next(r for r in rates.rows if r.level == "National")
    regional = next(r for r in rates.rows if r.level == "Regional")
    oxfordshire = next(r for r in rates.rows if r.code == OXFORDSHIRE)
    assert (national.code, national.name, national.region_code) == ("E92000001", "England", "")
    assert (regional.code, regional.name) == (SOUTH_EAST, "South East")
    assert (oxfordshire.name, oxfordshire.old_la_code) == ("Oxfordshire", "931")
    assert (oxfordshire.region_code, oxfordshire.region_name) == (SOUTH_EAST, "South East")


def test_symbols_are_kept_as_what_they_mean_and_never_read_as_numbers(rates):
    scilly = [r for r in rates.rows if r.name == "Isles of Scilly" and r.time_period == "2021"]
    suppressed = [r.measures["number"] for r in scilly if r.measures["number"].symbol]
    assert suppressed == [DfeCell(None, "c")]
    assert suppressed[0].meaning == "confidential (suppressed)"
    assert str(suppressed[0]) == "c"

    cumbria = next(r for r in rates.rows if r.name == "Cumbria" and r.time_period == "2024")
    assert cumbria.measures["population_estimate"] == DfeCell(None, "x")
    assert cumbria.measures["rate_per_10000"] == DfeCell(None, "z")
    assert cumbria.measures["rate_per_10000"].meaning == "not applicable"

    for row in rates.rows:
        for cell in row.measures.values():
            assert (cell.value is None) == (cell.symbol is not None)


def test_every_symbol_in_the_made_up_file_is_kept():
    table = read_dfe(ABSENCE, fixture(ABSENCE))
    symbols = {c.symbol for r in table.rows for c in r.measures.values() if c.symbol}
    assert symbols == {"c", "z", "x", "low", "k", "u", ":", "~"}
    assert SYMBOLS["low"] == SYMBOLS["k"] == SYMBOLS["~"]
    assert SYMBOLS[":"] == SYMBOLS["x"] == "not available"
    assert SYMBOLS["u"] == "low reliability"


def test_a_cell_is_a_number_or_a_symbol():
    assert str(DfeCell(770.0, None)) == "770"
    assert str(DfeCell(7.25, None)) == "7.25"
    assert DfeCell(770.0, None).meaning == ""
    assert DfeCell.parse("low") == DfeCell(None, "low")
    assert DfeCell.parse("C") == DfeCell(None, "c")
    assert DfeCell.parse("1.5e-3") == DfeCell(0.0015, None)
    for text in ("", "1,234", "12%", "nan", "inf", "n/a", "*", "[c]"):
        assert DfeCell.parse(text) is None, text
    with pytest.raises(ValueError):
        DfeCell(None, None)
    with pytest.raises(ValueError):
        DfeCell(0.0, "c")
    with pytest.raises(ValueError):
        DfeCell(None, "q")


def test_the_import_can_tell_an_ees_file_by_its_header():
    assert looks_like_dfe(["\ufefftime_period", "Time_Identifier", "geographic_level", "number"])
    assert not looks_like_dfe(["indicator", "period", "value"])
    assert not looks_like_dfe(["time_period", "geographic_level", "number"])
    assert GEOGRAPHY_LEVELS["Local authority"] == ("new_la_code", "la_name")


def test_a_made_up_file_with_other_columns_and_levels_reads():
    table = read_dfe(ABSENCE, fixture(ABSENCE))
    assert table.filter_columns == ("school_type",)
    assert table.measure_columns == ("enrolments", "sess_overall_percent", "pupils_pa_percent")
    district = next(r for r in table.rows if r.level == "Local authority district")
    assert (district.code, district.name) == ("E07000177", "Cherwell")
    unknown = next(r for r in table.rows if r.level == "Made-up level")
    assert (unknown.code, unknown.name) == ("", "")


def test_a_workbook_saved_from_an_ees_file_reads_the_same():
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for line in fixture(ABSENCE).decode().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    from_workbook = read_dfe("absence.xlsx", buffer.getvalue())
    from_csv = read_dfe(ABSENCE, fixture(ABSENCE))
    assert from_workbook.rows == from_csv.rows
    assert from_workbook.measure_columns == from_csv.measure_columns


# -- reading errors ---------------------------------------------------------------------------
def test_missing_required_columns_are_named():
    data = b"time_period,geographic_level,number\n2024,National,5\n"
    with pytest.raises(ImportError_) as error:
        read_dfe("bad.csv", data)
    found = messages(error)
    assert [e.column for e in error.value.errors] == [
        "time_identifier",
        "country_code",
        "country_name",
    ]
    assert all(m.startswith("bad.csv: row 1, column '") for m in found)


def test_local_authority_rows_need_their_code_and_name_columns():
    data = (
        b"time_period,time_identifier,geographic_level,country_code,country_name,la_name,number\n"
        b"2024,Reporting year,Local authority,E92000001,England,Oxfordshire,5\n"
    )
    with pytest.raises(ImportError_) as error:
        read_dfe("la.csv", data)
    assert messages(error) == [
        "la.csv: row 1, column 'new_la_code': (empty): expected a column named 'new_la_code' "
        "(the file has Local authority rows)"
    ]


def test_every_measure_cell_that_is_not_a_number_or_a_symbol_is_listed():
    data = edited(
        RATES,
        {
            "Oxfordshire,E10000025,Children looked after at 31 March each year,152505,770,50": (
                "Oxfordshire,E10000025,Children looked after at 31 March each year,152505,n/a,5O"
            ),
            "Hampshire,E10000014,Children ceasing to be looked after each year,285610,641,": (
                "Hampshire,E10000014,Children ceasing to be looked after each year,285610,-,"
            ),
        },
    )
    with pytest.raises(ImportError_) as error:
        read_dfe("rates.csv", data)
    found = [(e.file, e.column, e.value, e.expected) for e in error.value.errors]
    assert found == [
        ("rates.csv", "number", "-", EXPECTED_MEASURE),
        ("rates.csv", "number", "n/a", EXPECTED_MEASURE),
        ("rates.csv", "rate_per_10000", "5O", EXPECTED_MEASURE),
    ]
    assert EXPECTED_MEASURE == "a number or one of the DfE symbols c, z, x, low, k, u, :, ~"
    rows = [e.row for e in error.value.errors]
    assert rows[1] == rows[2] and all(isinstance(r, int) and r > 1 for r in rows)
    assert messages(error)[1].startswith(f"rates.csv: row {rows[1]}, column 'number': 'n/a'")


def test_an_unquoted_name_with_a_comma_is_reported_with_its_row():
    data = edited(RATES, {'"Bristol, City of"': "Bristol, City of"})
    with pytest.raises(ImportError_) as error:
        read_dfe("rates.csv", data)
    assert len(error.value.errors) == 15
    assert "double quotes" in messages(error)[0]


def test_an_empty_file_and_a_header_alone_are_refused():
    with pytest.raises(ImportError_, match="a header row"):
        read_dfe("empty.csv", b"")
    header = fixture(RATES).splitlines()[0] + b"\n"
    with pytest.raises(ImportError_, match="at least one row"):
        read_dfe("header.csv", header)


# -- periods ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("time_period", "identifier", "basis", "expected"),
    [
        ("2024", "Reporting year", Basis.FINANCIAL, financial_year(2023)),
        ("2024", "Reporting year", Basis.ACADEMIC, academic_year(2023)),
        ("2024", "Reporting year", Basis.CALENDAR, calendar_year(2024)),
        ("202324", "Financial year", Basis.FINANCIAL, financial_year(2023)),
        ("202223", "Academic year", Basis.ACADEMIC, academic_year(2022)),
        ("202223", "Academic Year", Basis.FINANCIAL, academic_year(2022)),
        ("2023", "Calendar year", Basis.CALENDAR, calendar_year(2023)),
        ("202324", "Financial year Q1", Basis.FINANCIAL, quarter(2023, 1)),
        ("202324", "Financial year Q4", Basis.FINANCIAL, quarter(2023, 4)),
        ("2024", "Calendar year Q1", Basis.CALENDAR, quarter(2023, 4)),
        ("2024", "Calendar year Q3", Basis.CALENDAR, quarter(2024, 2)),
        ("2024", "January", Basis.FINANCIAL, month(2024, 1)),
        ("2023", "September", Basis.ACADEMIC, month(2023, 9)),
        ("199900", "Financial year", Basis.FINANCIAL, financial_year(1999)),
    ],
)
def test_ees_time_periods_become_trustboard_periods(time_period, identifier, basis, expected):
    assert dfe_period(time_period, identifier, basis) == expected


def test_a_calendar_quarter_covers_the_same_months():
    period = dfe_period("2024", "Calendar year Q1", Basis.CALENDAR)
    assert (period.start.isoformat(), period.end.isoformat()) == ("2024-01-01", "2024-03-31")


@pytest.mark.parametrize(
    ("time_period", "identifier", "says"),
    [
        ("2024", "Fortnight 3", "'Fortnight 3' is not an EES time identifier; supported: "),
        ("202324", "Autumn term", "'Autumn term' is an EES time period trustboard cannot hold"),
        ("2024", "Week 5", "EES does not say how its weeks are numbered"),
        ("202324", "Tax year", "6 April"),
        ("202324", "Academic year Q2", "academic-year quarter"),
        ("2023", "Financial year", "expected a year pair of 6 digits such as 202324"),
        ("202325", "Academic year", "the two years must be consecutive"),
        ("202324", "Reporting year", "expected a year of 4 digits"),
    ],
)
def test_unknown_or_unsupported_time_periods_say_what_is_supported(time_period, identifier, says):
    with pytest.raises(PeriodError) as error:
        dfe_period(time_period, identifier, Basis.FINANCIAL)
    assert says in str(error.value)
    if "identifier" in says or "cannot hold" in says:
        assert "Reporting year" in str(error.value) and "Financial year Q1 to Q4" in str(
            error.value
        )


# -- selecting an indicator -------------------------------------------------------------------
def mapping(measure: str = "number", **filters: str) -> DfeMapping:
    return DfeMapping("4.16", measure, filters or {"population_count": AT_31_MARCH})


def test_oxfordshire_children_looked_after_at_31_march(rates):
    numbers = select(rates, mapping("number"), CLA, OXFORDSHIRE)
    by_period = {period: cell for period, cell, _ in numbers.own}
    assert by_period[financial_year(2023)] == DfeCell(770.0, None)
    assert by_period[financial_year(2022)] == DfeCell(882.0, None)
    assert [p for p, _, _ in numbers.own] == [financial_year(y) for y in range(2019, 2024)]

    rates_ = select(rates, mapping("rate_per_10000"), CLA, OXFORDSHIRE)
    assert dict((p, c) for p, c, _ in rates_.own)[financial_year(2023)] == DfeCell(50.0, None)
    # The row number points at the line in the file the figure came from.
    _, _, row = rates_.own[-1]
    line = fixture(RATES).decode("utf-8-sig").splitlines()[row - 1]
    assert line.endswith(
        "Oxfordshire,E10000025,Children looked after at 31 March each year,152505,770,50"
    )


def test_the_area_is_not_its_own_neighbour_whichever_code_names_it(rates):
    chosen = select(rates, mapping(), CLA, "931", [OXFORDSHIRE, "E06000060"])
    assert len(chosen.own) == 5
    assert {b.code for b in chosen.at_level("neighbour")} == {"E06000060"}


def test_the_old_la_code_finds_the_area_too(rates):
    assert (
        select(rates, mapping(), CLA, "931").own == select(rates, mapping(), CLA, OXFORDSHIRE).own
    )


def test_national_regional_and_neighbour_benchmarks(rates):
    chosen = select(rates, mapping("rate_per_10000"), CLA, OXFORDSHIRE, NEIGHBOURS)
    assert (chosen.region_code, chosen.region_name) == (SOUTH_EAST, "South East")
    latest = [b for b in chosen.benchmarks if b.period == financial_year(2023)]
    assert latest == [
        BenchmarkValue(financial_year(2023), "national", "E92000001", "England", DfeCell(70, None)),
        BenchmarkValue(
            financial_year(2023), "regional", SOUTH_EAST, "South East", DfeCell(56, None)
        ),
        BenchmarkValue(
            financial_year(2023), "neighbour", "E06000037", "West Berkshire", DfeCell(53, None)
        ),
        BenchmarkValue(
            financial_year(2023), "neighbour", "E06000060", "Buckinghamshire", DfeCell(41, None)
        ),
        BenchmarkValue(
            financial_year(2023), "neighbour", "E10000006", "Cumbria", DfeCell(None, "z")
        ),
        BenchmarkValue(
            financial_year(2023), "neighbour", "E10000014", "Hampshire", DfeCell(67, None)
        ),
    ]
    assert len(chosen.benchmarks) == 5 * (1 + 1 + len(NEIGHBOURS))
    assert len(chosen.at_level("national")) == 5


def test_the_mapping_can_come_from_the_catalogue(rates):
    source = PublishedSource("rate_per_10000", (("population_count", AT_31_MARCH),))
    from_catalogue = DfeMapping.from_published("4.16", source)
    assert from_catalogue == DfeMapping("4.16", "rate_per_10000", {"population_count": AT_31_MARCH})
    assert select(rates, from_catalogue, CLA, OXFORDSHIRE).own


def test_the_made_up_absence_file_selects_by_school_type_in_academic_years():
    table = read_dfe(ABSENCE, fixture(ABSENCE))
    chosen = select(
        table,
        DfeMapping("2.3", "sess_overall_percent", {"school_type": "Total"}),
        ABSENCE_INDICATOR,
        OXFORDSHIRE,
        ["E06000060"],
    )
    assert [(p, c) for p, c, _ in chosen.own] == [
        (academic_year(2022), DfeCell(7.6, None)),
        (academic_year(2023), DfeCell(7.0, None)),
    ]
    assert chosen.region_name == "South East"
    regional = chosen.at_level("regional")
    assert {b.name for b in regional} == {"South East"}  # not London
    assert [str(b.cell) for b in chosen.at_level("national")] == ["8", "7.4"]

    secondary = select(
        table,
        DfeMapping("2.3", "pupils_pa_percent", {"school_type": "State-funded secondary"}),
        ABSENCE_INDICATOR,
        OXFORDSHIRE,
    )
    assert secondary.own[-1][1] == DfeCell(None, "k")
    assert secondary.own[-1][1].meaning.startswith("rounds to zero")


def test_the_national_time_series_gives_benchmarks_and_no_figures_of_the_area():
    series = read_dfe(SERIES, fixture(SERIES))
    at_march = DfeMapping(
        "4.16", "number", {"population_count": "Children looked after at 31 March"}
    )
    chosen = select(series, at_march, CLA, OXFORDSHIRE, NEIGHBOURS)
    assert chosen.own == ()
    assert chosen.region_code == ""
    assert {b.level for b in chosen.benchmarks} == {"national"}
    assert len(chosen.benchmarks) == 31
    by_period = {b.period: b.cell for b in chosen.benchmarks}
    assert by_period[financial_year(2023)] == DfeCell(83630, None)
    assert by_period[financial_year(1993)] == DfeCell(47590, None)

    asylum = "Children looked after at 31 March who were unaccompanied asylum-seeking children"
    uasc = select(series, DfeMapping("4.17", "number", {"population_count": asylum}), CLA, "")
    by_period = {b.period: b.cell for b in uasc.benchmarks}
    assert by_period[financial_year(2002)] == DfeCell(None, "x")  # not collected before 2004
    assert by_period[financial_year(2003)] == DfeCell(3000, None)

    with pytest.raises(ImportError_) as error:
        select(series, at_march, CLA, OXFORDSHIRE, require_own=True)
    assert messages(error) == [
        f"{SERIES}: column 'geographic_level': (empty): expected Local authority rows for area "
        f"{OXFORDSHIRE}: this file has only National rows, so it gives benchmarks and no "
        "figures for the area"
    ]


def test_a_breakdown_by_number_without_a_total_can_still_be_chosen():
    data = (
        b"time_period,time_identifier,geographic_level,country_code,country_name,age,pupils\n"
        b"2024,Calendar year,National,E92000001,England,15,100\n"
        b"2024,Calendar year,National,E92000001,England,16,90\n"
    )
    table = read_dfe("ages.csv", data)
    assert table.measure_columns == ("age", "pupils")
    indicator = Indicator(
        "9.1", "Pupils", "x", Unit.COUNT, Polarity.NEITHER, Frequency.ANNUAL, basis=Basis.CALENDAR
    )
    chosen = select(table, DfeMapping("9.1", "pupils", {"age": "16"}), indicator, "")
    assert [str(b.cell) for b in chosen.benchmarks] == ["90"]

    with pytest.raises(ImportError_) as error:
        select(table, DfeMapping("9.1", "pupils"), indicator, "")
    (message,) = messages(error)
    assert message.startswith("ages.csv: row 3, column 'time_period': '2024': expected one row ")
    assert "row 2 has the same period" in message and "name it and its value" in message


# -- selection errors -------------------------------------------------------------------------
def test_a_measure_the_file_does_not_have_names_the_ones_it_has(rates):
    with pytest.raises(ImportError_) as error:
        select(rates, mapping("rate"), CLA, OXFORDSHIRE)
    assert messages(error) == [
        f"{RATES}: row 1, column 'rate': (empty): expected a measure column named 'rate' for "
        "indicator 4.16; the file's measure columns are population_estimate, number, "
        "rate_per_10000"
    ]
    with pytest.raises(ImportError_, match="'population_count' holds text, so it is a filter"):
        select(rates, mapping("population_count"), CLA, OXFORDSHIRE)


def test_a_filter_column_or_value_the_file_does_not_have_is_named(rates):
    with pytest.raises(ImportError_) as error:
        select(
            rates,
            DfeMapping("4.16", "number", {"population_count": "Children in care", "sex": "Total"}),
            CLA,
            OXFORDSHIRE,
        )
    assert messages(error) == [
        f"{RATES}: column 'population_count': 'Children in care': expected one of the values of "
        "filter column population_count for indicator 4.16: Children ceasing to be looked after "
        "each year, Children looked after at 31 March each year, Children starting to be looked "
        "after each year",
        f"{RATES}: row 1, column 'sex': (empty): expected a filter column named 'sex' for "
        "indicator 4.16; the file's filter columns are population_count",
    ]


def test_a_filter_the_mapping_does_not_mention_must_have_one_value(rates):
    with pytest.raises(ImportError_) as error:
        select(rates, DfeMapping("4.16", "number"), CLA, OXFORDSHIRE)
    (message,) = messages(error)
    assert message.startswith(f"{RATES}: column 'population_count': ")
    assert message.endswith(
        "filter column population_count has several values (Children ceasing to be looked after "
        "each year, Children looked after at 31 March each year, Children starting to be looked "
        "after each year): say which one indicator 4.16 uses"
    )


def test_an_unknown_filter_column_in_the_made_up_file_is_named():
    table = read_dfe(ABSENCE, fixture(ABSENCE))
    with pytest.raises(ImportError_, match="filter column school_type has several values"):
        select(table, DfeMapping("2.3", "enrolments"), ABSENCE_INDICATOR, OXFORDSHIRE)


def test_an_area_the_file_does_not_have_lists_some_it_does(rates):
    with pytest.raises(ImportError_) as error:
        select(rates, mapping(), CLA, "E10000099")
    (message,) = messages(error)
    assert message.startswith(
        f"{RATES}: column 'new_la_code': 'E10000099': expected the code of a local authority in "
        "the file (new_la_code or old_la_code); it has 13 authorities: "
    )
    assert "E06000001" not in message and message.endswith(" and 8 more")

    with pytest.raises(ImportError_, match="Oxfordshire is the name of E10000025: use the code"):
        select(rates, mapping(), CLA, "Oxfordshire")


def test_a_neighbour_the_file_does_not_have_is_named(rates):
    with pytest.raises(ImportError_) as error:
        select(rates, mapping(), CLA, OXFORDSHIRE, ["E06000060", "E0600006"])
    assert messages(error) == [
        f"{RATES}: column 'new_la_code': 'E0600006': expected the code of a local authority in "
        "the file (statistical neighbour E0600006 has no rows for indicator 4.16)"
    ]


def test_the_same_period_twice_for_one_area_is_refused():
    lines = fixture(RATES).decode("utf-8-sig").splitlines()
    twice = next(line for line in lines if OXFORDSHIRE in line and AT_31_MARCH in line)
    table = read_dfe("twice.csv", edited(RATES, append=twice + "\r\n"))
    with pytest.raises(ImportError_) as error:
        select(table, mapping(), CLA, OXFORDSHIRE)
    (message,) = messages(error)
    assert message.startswith(
        f"twice.csv: row {len(lines) + 1}, column 'time_period': '2024': expected one row per "
        "period for Oxfordshire (E10000025) once filtered for indicator 4.16, but row "
    )
    assert message.endswith("has the same period; the file repeats the row")


def test_periods_the_indicator_cannot_use_are_named_once_each(rates):
    tax = edited(RATES, {"Reporting year": "Tax year"})
    table = read_dfe("tax.csv", tax)
    with pytest.raises(ImportError_) as error:
        select(table, mapping(), CLA, OXFORDSHIRE)
    assert len(error.value.errors) == 5  # one per year, not one per row
    assert {e.column for e in error.value.errors} == {"time_identifier"}
    assert "6 April" in messages(error)[0]

    monthly = Indicator("4.1", "x", "x", Unit.COUNT, Polarity.NEITHER, Frequency.MONTHLY)
    with pytest.raises(ImportError_, match=r"a period indicator 4\.1 is reported in \(monthly\)"):
        select(rates, mapping(), monthly, OXFORDSHIRE)

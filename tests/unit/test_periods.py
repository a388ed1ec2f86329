"""Reporting periods as the board reports write them, and the windows the comparisons use.

Every date below is a calendar fact checked by hand (Q3 2022/23 is October to December 2022;
14 March 2022 was a Monday; 2024 is a leap year), so a wrong month boundary fails loudly.
"""

from datetime import date

import pytest

from trustboard.core.periods import (
    MAX_YEAR,
    MIN_YEAR,
    Basis,
    Kind,
    Period,
    PeriodError,
    Span,
    academic_year,
    calendar_year,
    financial_year,
    month,
    parse,
    quarter,
    snapshot,
    term,
    week,
)

# label as written in a report, kind, first day, last day (financial basis)
PARSED = [
    ("2022/23", Kind.FINANCIAL_YEAR, "2022-04-01", "2023-03-31"),
    ("22/23", Kind.FINANCIAL_YEAR, "2022-04-01", "2023-03-31"),
    ("2022-23", Kind.FINANCIAL_YEAR, "2022-04-01", "2023-03-31"),
    ("FY 2022/23", Kind.FINANCIAL_YEAR, "2022-04-01", "2023-03-31"),
    ("AY 2022/23", Kind.ACADEMIC_YEAR, "2022-09-01", "2023-08-31"),
    ("2022", Kind.CALENDAR_YEAR, "2022-01-01", "2022-12-31"),
    ("Q1 2022/23", Kind.QUARTER, "2022-04-01", "2022-06-30"),
    ("Q3 2022/23", Kind.QUARTER, "2022-10-01", "2022-12-31"),
    ("Q4 22/23", Kind.QUARTER, "2023-01-01", "2023-03-31"),
    ("Mar 2023", Kind.MONTH, "2023-03-01", "2023-03-31"),
    ("Mar-23", Kind.MONTH, "2023-03-01", "2023-03-31"),
    ("March 2023", Kind.MONTH, "2023-03-01", "2023-03-31"),
    ("2023-03", Kind.MONTH, "2023-03-01", "2023-03-31"),
    ("03/2023", Kind.MONTH, "2023-03-01", "2023-03-31"),
    ("Feb 2024", Kind.MONTH, "2024-02-01", "2024-02-29"),
    ("Sept 2022", Kind.MONTH, "2022-09-01", "2022-09-30"),
    ("Term 1 22/23", Kind.TERM, "2022-09-01", "2022-10-31"),
    ("Term 4 22/23", Kind.TERM, "2023-03-01", "2023-04-30"),
    ("Term 6 2022/23", Kind.TERM, "2023-07-01", "2023-08-31"),
    ("week of 14/03/2022", Kind.WEEK, "2022-03-14", "2022-03-20"),
    ("2022-W11", Kind.WEEK, "2022-03-14", "2022-03-20"),
    ("w/c 2022-03-14", Kind.WEEK, "2022-03-14", "2022-03-20"),
    ("at 31 March 2023", Kind.SNAPSHOT, "2023-03-31", "2023-03-31"),
    ("31/03/2023", Kind.SNAPSHOT, "2023-03-31", "2023-03-31"),
    ("on 31st March 2023", Kind.SNAPSHOT, "2023-03-31", "2023-03-31"),
    ("at 2023-03-31", Kind.SNAPSHOT, "2023-03-31", "2023-03-31"),
]


@pytest.mark.parametrize(("text", "kind", "first", "last"), PARSED, ids=[r[0] for r in PARSED])
def test_report_labels_parse_to_the_right_dates(text, kind, first, last):
    """A label read wrongly by a month puts every figure against the wrong period."""
    period = parse(text)

    assert period.kind is kind
    assert period.start == date.fromisoformat(first)
    assert period.end == date.fromisoformat(last)


# period, canonical label, short label
PRINTED = [
    (financial_year(2022), "2022/23", "22/23"),
    (academic_year(2022), "AY 2022/23", "AY 22/23"),
    (calendar_year(2022), "2022", "2022"),
    (quarter(2022, 3), "Q3 2022/23", "Q3 22/23"),
    (quarter(2022, 4), "Q4 2022/23", "Q4 22/23"),
    (month(2023, 3), "Mar 2023", "Mar-23"),
    (term(2022, 4), "Term 4 2022/23", "Term 4 22/23"),
    (week(date(2022, 3, 16)), "week of 14/03/2022", "week of 14/03/2022"),
    (snapshot(date(2023, 3, 31)), "at 31 March 2023", "at 31/03/2023"),
    (snapshot(date(2023, 4, 1)), "at 1 April 2023", "at 01/04/2023"),
]


@pytest.mark.parametrize(("period", "label", "short"), PRINTED, ids=[r[1] for r in PRINTED])
def test_periods_print_as_the_reports_write_them(period, label, short):
    """Labels are what board members read and what the store keys figures by."""
    assert period.label == label
    assert str(period) == label
    assert period.short_label == short
    basis = Basis.ACADEMIC if period.kind is Kind.ACADEMIC_YEAR else Basis.FINANCIAL
    assert parse(label, basis) == period
    assert parse(short, basis) == period


@pytest.mark.parametrize("text", ["2022/23", "22/23", "2022-23", "2022/2023"])
def test_bare_year_pair_is_financial_unless_the_indicator_counts_in_academic_years(text):
    """Education indicators write "2022/23" for the school year; everything else means April."""
    assert parse(text) == financial_year(2022)
    assert parse(text, Basis.FINANCIAL) == financial_year(2022)
    assert parse(text, Basis.ACADEMIC) == academic_year(2022)
    assert parse(text, "academic") == academic_year(2022)


def test_the_basis_changes_only_bare_year_pairs():
    """A quarter is a financial quarter and "AY" is academic whatever the indicator's basis."""
    assert parse("Q3 2022/23", "academic") == quarter(2022, 3)
    assert parse("AY 2022/23", "financial") == academic_year(2022)
    assert parse("2022", "academic") == calendar_year(2022)


def test_labels_are_read_regardless_of_case_spacing_and_dashes():
    """Labels come from spreadsheets typed by hand, with en dashes and stray spaces."""
    assert parse("  q3   2022/23 ") == quarter(2022, 3)
    assert parse("2022\u201323") == financial_year(2022)
    assert parse("MARCH 2023") == month(2023, 3)
    assert parse("2022 - 23") == financial_year(2022)


def test_a_year_pair_written_like_an_iso_month_is_the_year_pair():
    """The reports write "2011-12" for a financial year; read as a month it would be December."""
    assert parse("2011-12") == financial_year(2011)
    assert parse("2011-11") == month(2011, 11)


def test_year_pairs_across_a_century_parse_and_print():
    """Short pairs keep working past a century boundary instead of reporting non-consecutive."""
    assert parse("1999/00") == financial_year(1999)
    assert parse("2099/00") == financial_year(2099)
    assert financial_year(2099).label == "2099/00"
    assert parse(financial_year(2099).short_label) == financial_year(2099)


def test_iso_week_53_exists_only_in_long_years():
    """2020 had 53 ISO weeks and 2021 did not; a made-up week must not silently shift."""
    assert parse("2020-W53") == week(date(2020, 12, 28))
    with pytest.raises(PeriodError, match="2021-W53"):
        parse("2021-W53")


def test_parse_returns_a_period_it_is_given():
    """Callers can pass through periods they already hold without re-parsing labels."""
    assert parse(quarter(2022, 3)) == quarter(2022, 3)


BAD_LABELS = [
    ("2022/24", "consecutive"),
    ("Smarch 2023", "month name"),
    ("31/02/2023", "not a real date"),
    ("Q5 2022/23", "quarter from 1 to 4"),
    ("", "expected a period such as"),
    ("   ", "expected a period such as"),
    ("Term 7 22/23", "term from 1 to 6"),
    ("Term 0 22/23", "term from 1 to 6"),
    ("2023-13", "month from 1 to 12"),
    ("week of 31/02/2022", "not a real date"),
    ("next Tuesday", "expected a period such as"),
    ("2022/23/24", "expected a period such as"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_LABELS)
def test_bad_labels_are_refused_naming_the_label_and_what_was_expected(text, expected):
    """An analyst fixing a typo in a 300-row return needs the exact label and the rule it broke."""
    with pytest.raises(PeriodError) as raised:
        parse(text)

    message = str(raised.value)
    assert repr(text) in message
    assert expected in message


def test_an_unknown_month_name_suggests_the_labels_that_work():
    """A mistyped month should point the analyst at a label that works, not just say no."""
    with pytest.raises(PeriodError, match='"Mar 2023"'):
        parse("Smarch 2023")


def test_period_errors_are_value_errors():
    """Callers that already catch ValueError for bad input keep working."""
    with pytest.raises(ValueError):
        parse("2022/24")


def test_an_unknown_basis_is_a_period_error():
    """A catalogue typo in period_basis should surface as a period problem, not a crash."""
    with pytest.raises(PeriodError, match="fortnightly"):
        parse("2022/23", "fortnightly")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: quarter(2022, 5), "quarter 5"),
        (lambda: term(2022, 7), "term 7"),
        (lambda: month(2023, 0), "month 0"),
    ],
)
def test_constructors_refuse_numbers_outside_the_year(build, message):
    """A quarter 5 would quietly overflow into the next year's dates."""
    with pytest.raises(PeriodError, match=message):
        build()


def test_constructors_agree_with_the_calendar():
    """These are the dates the board's reports mean by each name."""
    assert financial_year(2019).span == Span(date(2019, 4, 1), date(2020, 3, 31))
    assert academic_year(2018).span == Span(date(2018, 9, 1), date(2019, 8, 31))
    assert calendar_year(2019).span == Span(date(2019, 1, 1), date(2019, 12, 31))
    assert quarter(2022, 4).span == Span(date(2023, 1, 1), date(2023, 3, 31))
    assert term(2022, 3).span == Span(date(2023, 1, 1), date(2023, 2, 28))
    assert term(2023, 3).span == Span(date(2024, 1, 1), date(2024, 2, 29))
    assert month(2023, 2).span == Span(date(2023, 2, 1), date(2023, 2, 28))


def test_week_is_monday_to_sunday_whatever_day_it_is_built_from():
    """Attendance weeks are labelled by their Monday; a Thursday figure belongs to that week."""
    assert week(date(2022, 3, 17)) == week(date(2022, 3, 14))
    assert week(date(2022, 3, 20)).start == date(2022, 3, 14)
    assert week(date(2022, 3, 21)).start == date(2022, 3, 21)


def test_snapshot_label_has_no_leading_zero():
    """The reports print "at 1 April 2023", not "at 01 April 2023"."""
    assert snapshot(date(2023, 4, 1)).label == "at 1 April 2023"
    assert snapshot(date(2023, 4, 1)).short_label == "at 01/04/2023"


# -- next and previous -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("period", "following"),
    [
        (financial_year(2022), financial_year(2023)),
        (academic_year(2022), academic_year(2023)),
        (calendar_year(2022), calendar_year(2023)),
        (quarter(2022, 4), quarter(2023, 1)),
        (quarter(2022, 2), quarter(2022, 3)),
        (month(2022, 12), month(2023, 1)),
        (month(2024, 1), month(2024, 2)),
        (term(2022, 6), term(2023, 1)),
        (term(2022, 3), term(2022, 4)),
        (week(date(2022, 12, 26)), week(date(2023, 1, 2))),
        (snapshot(date(2024, 2, 28)), snapshot(date(2024, 2, 29))),
        (snapshot(date(2023, 3, 31)), snapshot(date(2023, 4, 1))),
    ],
    ids=lambda p: p.label,
)
def test_next_and_previous_cross_year_ends(period, following):
    """Series and "figure before" comparisons step across year ends and leap days."""
    assert period.next() == following
    assert following.previous() == period
    assert period.next().label == following.label


# -- contains, ordering, Span ---------------------------------------------------------------
def test_contains_uses_whole_periods():
    """A quarter's target applies to its months, not to months that only touch it."""
    q3 = quarter(2022, 3)

    assert financial_year(2022).contains(q3)
    assert q3.contains(month(2022, 12))
    assert q3.contains(q3)
    assert not q3.contains(month(2023, 1))
    assert not q3.contains(financial_year(2022))
    assert not financial_year(2022).contains(academic_year(2022))
    assert not financial_year(2022).contains(week(date(2023, 3, 27)))  # 27 Mar to 2 Apr
    assert financial_year(2022).contains(snapshot(date(2023, 3, 31)))


def test_periods_sort_chronologically():
    """Series are drawn left to right in date order, whatever order the rows arrived in."""
    mixed = [month(2023, 1), quarter(2022, 3), month(2022, 12), financial_year(2021)]

    ordered = [financial_year(2021), quarter(2022, 3), month(2022, 12), month(2023, 1)]

    assert sorted(mixed) == ordered


def test_span_months_are_the_whole_months_inside_it():
    """Windows are summed month by month; a part month must not count as a month."""
    assert [p.label for p in financial_year(2022).span.months()] == [
        "Apr 2022", "May 2022", "Jun 2022", "Jul 2022", "Aug 2022", "Sep 2022",
        "Oct 2022", "Nov 2022", "Dec 2022", "Jan 2023", "Feb 2023", "Mar 2023",
    ]  # fmt: skip
    assert Span(date(2022, 10, 2), date(2023, 1, 30)).months() == [month(2022, 11), month(2022, 12)]
    assert Span(date(2022, 10, 2), date(2022, 10, 30)).months() == []


def test_span_contains_and_shift_years():
    """Previous-12-month windows are the current window moved back a year, month ends kept."""
    window = Span(date(2023, 3, 1), date(2024, 2, 29))

    assert window.shift_years(-1) == Span(date(2022, 3, 1), date(2023, 2, 28))
    assert window.contains(month(2024, 2))
    assert not window.contains(month(2023, 2))


# -- shift_years ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("period", "years", "expected"),
    [
        (quarter(2022, 3), -1, quarter(2021, 3)),
        (financial_year(2022), -3, financial_year(2019)),
        (month(2024, 2), -1, month(2023, 2)),
        (month(2023, 2), 1, month(2024, 2)),
        (term(2022, 4), 2, term(2024, 4)),
        (snapshot(date(2023, 3, 31)), -4, snapshot(date(2019, 3, 31))),
        # 29 February has no twin: the end of February is the same point in the year.
        (snapshot(date(2024, 2, 29)), -1, snapshot(date(2023, 2, 28))),
        (snapshot(date(2024, 2, 29)), 4, snapshot(date(2028, 2, 29))),
        # A month-end snapshot stays at the month end.
        (snapshot(date(2023, 2, 28)), 1, snapshot(date(2024, 2, 29))),
        (snapshot(date(2023, 4, 30)), -1, snapshot(date(2022, 4, 30))),
        (snapshot(date(2024, 2, 28)), -1, snapshot(date(2023, 2, 28))),
        (snapshot(date(2023, 3, 15)), -1, snapshot(date(2022, 3, 15))),
        # A week moves 52 weeks, so it stays Monday to Sunday.
        (week(date(2022, 3, 14)), -1, week(date(2021, 3, 15))),
    ],
    ids=lambda p: p.label if isinstance(p, Period) else str(p),
)
def test_shift_years_finds_the_same_period_in_another_year(period, years, expected):
    """The same period last year must compare like with like, including leap years."""
    assert period.shift_years(years) == expected


def test_shifted_month_ends_on_its_own_last_day():
    """February 2024 a year back ends on 28 February, not 29 (a date that does not exist)."""
    assert month(2024, 2).shift_years(-1).end == date(2023, 2, 28)
    assert month(2023, 2).shift_years(1).end == date(2024, 2, 29)


# -- year, year to date, months into year ---------------------------------------------------
@pytest.mark.parametrize(
    ("period", "basis", "start", "end"),
    [
        (month(2022, 12), Basis.FINANCIAL, date(2022, 4, 1), date(2022, 12, 31)),
        (month(2022, 12), Basis.ACADEMIC, date(2022, 9, 1), date(2022, 12, 31)),
        (month(2022, 12), Basis.CALENDAR, date(2022, 1, 1), date(2022, 12, 31)),
        (month(2023, 3), Basis.FINANCIAL, date(2022, 4, 1), date(2023, 3, 31)),
        (month(2023, 4), Basis.FINANCIAL, date(2023, 4, 1), date(2023, 4, 30)),
        (quarter(2022, 3), Basis.FINANCIAL, date(2022, 4, 1), date(2022, 12, 31)),
        (term(2022, 2), Basis.ACADEMIC, date(2022, 9, 1), date(2022, 12, 31)),
        (snapshot(date(2022, 12, 15)), Basis.FINANCIAL, date(2022, 4, 1), date(2022, 12, 15)),
        (snapshot(date(2023, 9, 1)), Basis.ACADEMIC, date(2023, 9, 1), date(2023, 9, 1)),
    ],
    ids=lambda v: v.label if isinstance(v, Period) else str(v),
)
def test_year_to_date_runs_from_the_start_of_the_year(period, basis, start, end):
    """Year-to-date totals are the board's headline for flows such as contacts."""
    assert period.year_to_date(basis) == Span(start, end)


def test_year_to_date_contains_a_period_that_straddles_the_year_start():
    """Term 4 is March and April: its financial year to date must include the term itself,
    not just April, or its year-to-date total would leave the term out."""
    term_4 = term(2022, 4)

    ytd = term_4.year_to_date(Basis.FINANCIAL)

    assert ytd == Span(date(2022, 4, 1), date(2023, 4, 30))
    assert ytd.contains(term_4)
    assert term_4.year(Basis.FINANCIAL) == financial_year(2022)


def test_a_week_across_the_year_start_belongs_to_the_year_it_starts_in():
    """The week of 27 March 2023 is labelled in March, so it is in 2022/23."""
    straddling = week(date(2023, 3, 27))

    assert straddling.year(Basis.FINANCIAL) == financial_year(2022)
    assert straddling.year_to_date(Basis.FINANCIAL).contains(straddling)


@pytest.mark.parametrize(
    ("period", "basis", "months"),
    [
        (month(2022, 12), Basis.FINANCIAL, 9),
        (month(2022, 12), Basis.ACADEMIC, 4),
        (month(2022, 12), Basis.CALENDAR, 12),
        (month(2022, 4), Basis.FINANCIAL, 1),
        (month(2023, 3), Basis.FINANCIAL, 12),
        (quarter(2022, 3), Basis.FINANCIAL, 9),
        (quarter(2022, 1), Basis.FINANCIAL, 3),
        (term(2022, 3), Basis.ACADEMIC, 6),
        (financial_year(2022), Basis.FINANCIAL, 12),
        (snapshot(date(2022, 12, 15)), Basis.FINANCIAL, 8),
        (snapshot(date(2022, 12, 31)), Basis.FINANCIAL, 9),
        (snapshot(date(2022, 4, 1)), Basis.FINANCIAL, 0),
    ],
    ids=lambda v: v.label if isinstance(v, Period) else str(v),
)
def test_months_into_year_counts_whole_months(period, basis, months):
    """The report heads year-to-date figures "first 9 months of the year"."""
    assert period.months_into_year(basis) == months


# -- rolling 12 months ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("period", "start"),
    [
        (month(2023, 3), date(2022, 4, 1)),
        (month(2024, 2), date(2023, 3, 1)),
        (quarter(2022, 3), date(2022, 1, 1)),
        (term(2022, 4), date(2022, 5, 1)),
        (financial_year(2022), date(2022, 4, 1)),
        (snapshot(date(2023, 3, 15)), date(2022, 3, 16)),
        (snapshot(date(2024, 2, 29)), date(2023, 3, 1)),
        (snapshot(date(2025, 2, 28)), date(2024, 3, 1)),
        # Not a month end in a leap year: the window still starts on 1 March, not 28 February.
        (snapshot(date(2024, 2, 28)), date(2023, 3, 1)),
    ],
    ids=lambda v: v.label if isinstance(v, Period) else str(v),
)
def test_rolling_12_months_ends_with_the_period(period, start):
    """Rolling 12 months smooths seasonal flows; a 13-month window would inflate them."""
    assert period.rolling_12_months() == Span(start, period.end)


def test_previous_rolling_12_months_is_the_year_before():
    """Rolling 12 months against the previous 12 must not overlap or leave a gap."""
    current = month(2024, 2).rolling_12_months()
    previous = current.shift_years(-1)

    assert previous == Span(date(2022, 3, 1), date(2023, 2, 28))
    assert len(previous.months()) == 12


# -- in_year --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("period", "year", "expected"),
    [
        (quarter(2022, 3), financial_year(2019), quarter(2019, 3)),
        (month(2023, 3), financial_year(2019), month(2020, 3)),
        (month(2022, 12), financial_year(2019), month(2019, 12)),
        (term(2022, 2), academic_year(2018), term(2018, 2)),
        (month(2023, 7), academic_year(2018), month(2019, 7)),
        (month(2023, 7), calendar_year(2019), month(2019, 7)),
        (snapshot(date(2023, 3, 31)), financial_year(2019), snapshot(date(2020, 3, 31))),
        (financial_year(2023), financial_year(2019), financial_year(2019)),
    ],
    ids=lambda v: v.label,
)
def test_in_year_finds_the_same_period_in_a_baseline_year(period, year, expected):
    """Pre-pandemic comparisons put this year's quarter beside the same quarter of 2019/20."""
    assert period.in_year(year) == expected


def test_in_year_keeps_a_week_inside_the_baseline_year():
    """52-week steps drift a day a year; a late-March week must not land in the next year."""
    last_week = week(date(2026, 3, 23))  # Monday 23 to Sunday 29 March 2026, in 2025/26

    moved = last_week.in_year(financial_year(2018))

    assert moved.kind is Kind.WEEK
    assert moved.start.weekday() == 0
    assert moved.year(Basis.FINANCIAL) == financial_year(2018)
    assert moved.start > date(2019, 3, 1)


def test_in_year_refuses_a_period_that_is_not_a_year():
    """A baseline must be a whole year; a quarter would silently compare the wrong thing."""
    with pytest.raises(PeriodError, match="Q3 2019/20 is not a year"):
        month(2023, 3).in_year(quarter(2019, 3))


# -- supported years ----------------------------------------------------------------------------
OUT_OF_RANGE = [
    "Apr 0001",  # used to parse, then printed as "Apr 1", which does not read back
    "9999/00",  # used to raise a plain ValueError: year out of range
    "Dec 9999",
    "week of 01/01/0001",
    "at 31/12/9999",
    "0000-W01",
    "2199/00",  # the second year is 2200
    "Q1 1899/00",
    "1899",
    "Jan 2200",
    "week of 30/12/2199",  # the week runs into 2200
]


@pytest.mark.parametrize("text", OUT_OF_RANGE)
def test_years_outside_the_supported_range_are_period_errors_naming_label_and_range(text):
    """A typo'd year must be refused with the rule it broke, not crash a later step."""
    with pytest.raises(PeriodError) as raised:
        parse(text)

    message = str(raised.value)
    assert repr(text) in message
    assert f"from {MIN_YEAR} to {MAX_YEAR}" in message


@pytest.mark.parametrize(
    "text", ["1900", "Jan 1900", "week of 01/01/1900", "Dec 2199", "2198/99", "at 31/12/2199"]
)
def test_the_first_and_last_supported_years_parse_and_read_back(text):
    period = parse(text)
    assert parse(period.label) == period


@pytest.mark.parametrize(
    "build",
    [
        lambda: financial_year(9999),
        lambda: calendar_year(1),
        lambda: month(0, 1),
        lambda: week(date(1, 1, 1)),
        lambda: snapshot(date(9999, 12, 31)),
    ],
)
def test_constructors_refuse_years_outside_the_supported_range(build):
    with pytest.raises(PeriodError, match=f"from {MIN_YEAR} to {MAX_YEAR}"):
        build()


@pytest.mark.parametrize(
    "step",
    [
        lambda: month(2199, 12).next(),
        lambda: calendar_year(1900).previous(),
        lambda: week(date(1900, 1, 1)).previous(),
        lambda: snapshot(date(2199, 12, 31)).next(),
        lambda: financial_year(2198).shift_years(1),
        lambda: month(2023, 3).shift_years(10**6),
        lambda: week(date(2023, 3, 13)).shift_years(-(10**6)),
        lambda: snapshot(date(2023, 3, 31)).shift_years(10**6),
    ],
)
def test_arithmetic_past_the_supported_years_is_a_period_error(step):
    """Never a bare ValueError or OverflowError from the date library."""
    with pytest.raises(PeriodError, match=f"from {MIN_YEAR} to {MAX_YEAR}"):
        step()

"""Laws every period obeys, checked on generated periods of every kind.

The example tests pin the dates the reports use; these catch the off-by-one-day and leap-year
slips that only show up in some years. Periods are generated across every supported year
(MIN_YEAR to MAX_YEAR); a step that would leave that range must be a PeriodError, and such
examples are set aside with ``within_range``. Only the short labels with two-digit years
("22/23", "Mar-23") are limited to the 2000s, because that is how they are read.
"""

import re
from datetime import date, timedelta

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from trustboard.core.periods import (
    MAX_YEAR,
    MIN_YEAR,
    Basis,
    Kind,
    Period,
    PeriodError,
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

PROPERTIES = settings(max_examples=60, deadline=None)

years = st.integers(min_value=MIN_YEAR, max_value=MAX_YEAR)
# A financial or academic year, its quarters and terms, end in the year after they start.
pair_years = st.integers(min_value=MIN_YEAR, max_value=MAX_YEAR - 1)
days = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))
# The last Monday whose week ends inside MAX_YEAR; 1 January 1900 was a Monday.
week_days = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 29)).filter(
    lambda d: week(d).end.year <= MAX_YEAR
)
shifts = st.integers(min_value=-10, max_value=4)
bases = st.sampled_from(list(Basis))

BY_KIND = {
    Kind.FINANCIAL_YEAR: pair_years.map(financial_year),
    Kind.ACADEMIC_YEAR: pair_years.map(academic_year),
    Kind.CALENDAR_YEAR: years.map(calendar_year),
    Kind.QUARTER: st.builds(quarter, pair_years, st.integers(1, 4)),
    Kind.MONTH: st.builds(month, years, st.integers(1, 12)),
    Kind.TERM: st.builds(term, pair_years, st.integers(1, 6)),
    Kind.WEEK: week_days.map(week),
    Kind.SNAPSHOT: days.map(snapshot),
}
MONTH_ALIGNED = [k for k in Kind if k not in (Kind.WEEK, Kind.SNAPSHOT)]

any_period = st.one_of(*BY_KIND.values())
month_aligned = st.one_of(*(BY_KIND[k] for k in MONTH_ALIGNED))

YEAR_START = {Basis.FINANCIAL: (4, 1), Basis.ACADEMIC: (9, 1), Basis.CALENDAR: (1, 1)}


def _basis_for(period: Period) -> Basis:
    """A bare "2022/23" is only an academic year when the indicator says so."""
    return Basis.ACADEMIC if period.kind is Kind.ACADEMIC_YEAR else Basis.FINANCIAL


def within_range(step):
    """``step()``, or the example set aside if it leaves the supported years.

    Leaving them must be a PeriodError; any other error fails the test.
    """
    try:
        return step()
    except PeriodError as error:
        assert f"from {MIN_YEAR} to {MAX_YEAR}" in str(error)
        assume(False)


def _short_label_reads_back(period: Period) -> bool:
    """Two-digit years are read as 20xx; weeks, snapshots and calendar years print four."""
    if period.kind in (Kind.WEEK, Kind.SNAPSHOT, Kind.CALENDAR_YEAR):
        return True
    # The years as the label prints them: Q4 of 1999/00 starts in 2000 but prints "99/00".
    years = [int(y) for y in re.findall(r"[0-9]{4}", period.label)]
    return all(2000 <= year <= 2099 for year in years) and period.end.year <= 2099


@PROPERTIES
@given(any_period)
@example(financial_year(MIN_YEAR))
@example(month(MAX_YEAR, 12))
@example(financial_year(1999))
@example(financial_year(2099))
def test_labels_read_back_as_the_same_period(period):
    """What trustboard prints and stores must parse back to exactly what it held."""
    basis = _basis_for(period)

    assert parse(period.label, basis) == period
    if _short_label_reads_back(period):
        assert parse(period.short_label, basis) == period


@PROPERTIES
@given(st.one_of(*(v for k, v in BY_KIND.items() if k is not Kind.FINANCIAL_YEAR)), bases)
def test_labels_other_than_a_bare_year_pair_mean_the_same_in_every_basis(period, basis):
    """Only "2022/23" depends on the indicator's basis; "Q3 2022/23" or "Mar 2023" never do."""
    assert parse(period.label, basis) == period


@PROPERTIES
@given(any_period)
def test_next_then_previous_is_the_same_period(period):
    """Stepping through a series forwards and back must not drift."""
    assert within_range(period.next).previous() == period
    assert within_range(period.previous).next() == period


@PROPERTIES
@given(any_period)
def test_periods_of_one_kind_tile_time(period):
    """Consecutive periods must neither overlap (double counting) nor leave a gap (lost days)."""
    following = within_range(period.next)

    assert following.kind is period.kind
    assert following.start == period.end + timedelta(days=1)
    assert period.start <= period.end


@PROPERTIES
@given(month_aligned)
def test_month_aligned_periods_run_from_a_first_to_a_last_day(period):
    """Monthly figures are summed into quarters and years; a stray day would break the sums."""
    assert period.start.day == 1
    assert period.end == within_range(period.next).start - timedelta(days=1)
    assert len(period.span.months()) == period.months_long


@PROPERTIES
@given(month_aligned, shifts)
def test_shift_years_there_and_back_is_the_same_period(period, n):
    """Last year's comparator, moved forward a year, must be this period again."""
    shifted = within_range(lambda: period.shift_years(n))

    assert shifted.shift_years(-n) == period
    assert shifted.kind is period.kind
    assert (shifted.start.year, shifted.start.month) == (period.start.year + n, period.start.month)
    assert within_range(shifted.next).start == shifted.end + timedelta(days=1)


@PROPERTIES
@given(BY_KIND[Kind.WEEK], shifts)
def test_weeks_shift_by_whole_weeks(period, n):
    """A week a year back is still a Monday-to-Sunday week, and comes back exactly."""
    shifted = within_range(lambda: period.shift_years(n))

    assert shifted.start.weekday() == 0
    assert shifted.shift_years(-n) == period


@PROPERTIES
@given(month_aligned)
def test_rolling_12_months_is_exactly_12_months_ending_with_the_period(period):
    """A 13-month window would inflate a flow by a month's worth against its target."""
    window = within_range(period.rolling_12_months)
    months = within_range(window.months)

    assert window.end == period.end
    assert len(months) == 12
    assert months[0].start == window.start
    assert months[-1].end == period.end


@PROPERTIES
@given(BY_KIND[Kind.SNAPSHOT])
@example(snapshot(date(2024, 2, 28)))
@example(snapshot(date(2024, 2, 29)))
@example(snapshot(date(2025, 2, 28)))
def test_rolling_12_months_to_a_day_is_a_year_of_days(period):
    """A window to a mid-month date covers 365 or 366 days, never 367."""
    window = within_range(period.rolling_12_months)

    assert window.end == period.end
    assert (window.end - window.start).days + 1 in (365, 366)
    assert window.start - timedelta(days=1) == within_range(lambda: period.shift_years(-1)).end


@PROPERTIES
@given(any_period, bases)
def test_year_to_date_starts_at_the_year_start_and_contains_the_period(period, basis):
    """Year-to-date totals must start on the basis's first day and include this period."""
    ytd = within_range(lambda: period.year_to_date(basis))

    assert (ytd.start.month, ytd.start.day) == YEAR_START[basis]
    assert ytd.end == period.end
    assert ytd.contains(period)
    assert ytd.start == period.year(basis).start


@PROPERTIES
@given(any_period, bases)
def test_months_into_year_counts_the_whole_months_of_the_year_to_date(period, basis):
    """The "first N months" heading must describe the window the figures cover."""
    ytd = within_range(lambda: period.year_to_date(basis))
    assert period.months_into_year(basis) == len(ytd.months())


@PROPERTIES
@given(st.sampled_from([Kind.QUARTER, Kind.MONTH, Kind.SNAPSHOT]), pair_years)
def test_months_into_year_is_at_most_twelve_inside_a_year(kind, year):
    """Within its own year a period is between 0 and 12 months in."""
    for period in _all_in(financial_year(year), kind):
        assert 0 <= period.months_into_year(Basis.FINANCIAL) <= 12


def _all_in(year: Period, kind: Kind) -> list[Period]:
    first = {
        Kind.QUARTER: quarter(year.start.year, 1),
        Kind.MONTH: month(year.start.year, year.start.month),
        Kind.SNAPSHOT: snapshot(year.start),
    }[kind]
    result = []
    while first.end <= year.end:
        result.append(first)
        if first.end == year.end:
            break
        first = first.next()
    return result


@PROPERTIES
@given(pair_years)
def test_every_month_is_in_exactly_one_quarter_of_its_financial_year(fy):
    """Quarterly sums of monthly figures must count each month once."""
    quarters = [quarter(fy, n) for n in range(1, 5)]

    for m in financial_year(fy).span.months():
        assert sum(q.contains(m) for q in quarters) == 1
    assert sum(len(q.span.months()) for q in quarters) == 12
    assert quarters[0].start == financial_year(fy).start
    assert quarters[-1].end == financial_year(fy).end


@PROPERTIES
@given(pair_years)
def test_every_month_is_in_exactly_one_term_of_its_academic_year(ay):
    """Termly sums of monthly figures must count each month once."""
    terms = [term(ay, n) for n in range(1, 7)]

    for m in academic_year(ay).span.months():
        assert sum(t.contains(m) for t in terms) == 1
    assert sum(len(t.span.months()) for t in terms) == 12
    assert terms[0].start == academic_year(ay).start
    assert terms[-1].end == academic_year(ay).end


@PROPERTIES
@given(any_period, bases, years)
def test_in_year_lands_in_the_requested_year(period, basis, target_start):
    """A baseline comparison must read a figure from the baseline year, not the one after."""
    target_year = within_range(
        lambda: {
            Basis.FINANCIAL: financial_year,
            Basis.ACADEMIC: academic_year,
            Basis.CALENDAR: calendar_year,
        }[basis](target_start)
    )

    moved = within_range(lambda: period.in_year(target_year))

    assert moved.kind is period.kind
    assert moved.year(basis) == target_year
    if period.kind in MONTH_ALIGNED:
        assert (moved.start.month, moved.end.month) == (period.start.month, period.end.month)


# Text shaped like labels reaches the date arithmetic; plain text mostly tests the patterns.
_WORD = st.sampled_from(
    ["q", "term ", "t", "ay ", "fy ", "week of ", "w/c ", "at ", "on ", "mar ", "sept ", "-w"]
)
_NUMBER = st.integers(min_value=0, max_value=99999).map(str) | st.from_regex(r"\A[0-9]{1,4}\Z")
_SEPARATOR = st.sampled_from(["/", "-", " ", "", "\u2013", " / "])
label_like = st.lists(st.one_of(_WORD, _NUMBER, _SEPARATOR), max_size=7).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), label_like), bases)
@example("Apr 0001", Basis.FINANCIAL)
@example("9999/00", Basis.FINANCIAL)
@example("Dec 9999", Basis.CALENDAR)
@example("week of 01/01/0001", Basis.ACADEMIC)
@example("9999-W52", Basis.FINANCIAL)
@example("at 31/12/9999", Basis.FINANCIAL)
@example("Q4 2199/00", Basis.FINANCIAL)
def test_any_text_is_a_period_that_reads_back_or_a_period_error(text, basis):
    """No text a partner types may crash an import: it is a period, or a PeriodError."""
    try:
        period = parse(text, basis)
    except PeriodError:
        return
    assert period.start.year >= MIN_YEAR and period.end.year <= MAX_YEAR
    assert parse(period.label, _basis_for(period)) == period

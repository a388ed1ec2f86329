"""Assessment: the RAG, direction and comparisons a board member reads off each indicator.

Every expected number below is worked out by hand from made-up series, so that a wrong window
(eleven months instead of twelve, a mean where the report means a total, last year's March in
this year's year to date) shows as a wrong figure, not just a different one. The board's
published reports supply the cases: children we care for 803 against 750 is Red and 770 is
Amber; early help assessments are rated on the last 12 months against a yearly target; MASH
contacts "for the first 11 months of the year are 4% higher than last year and more than 60%
higher than pre pandemic levels"; CAMHS waits last reported in July 2022 are N/A, not current.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from trustboard.core.assessment import (
    DIRECTION_LEVEL_TOLERANCE,
    Point,
    Rag,
    Series,
    assess,
    comparisons,
    percent_change,
    rate,
)
from trustboard.core.catalogue import (
    DEFAULT_TOLERANCE,
    Aggregation,
    Frequency,
    Indicator,
    Polarity,
    Target,
    Unit,
)
from trustboard.core.periods import (
    Basis,
    Period,
    academic_year,
    financial_year,
    month,
    quarter,
    snapshot,
    term,
    week,
)

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
NEITHER = Polarity.NEITHER

COMPARISON_KEYS = {
    "same_period_last_year",
    "baseline",
    "rolling_12_months",
    "year_to_date",
    "year_to_date_baseline",
}


# -- builders ---------------------------------------------------------------------------------
def make_indicator(**fields) -> Indicator:
    """A monthly stock, higher is better, financial years, no targets, unless told otherwise."""
    defaults = dict(
        code="T.1",
        title="Test indicator",
        area="safe",
        unit=Unit.COUNT,
        polarity=HIGHER,
        frequency=Frequency.MONTHLY,
        basis=Basis.FINANCIAL,
        aggregation=Aggregation.POINT,
    )
    return Indicator(**(defaults | fields))


def yearly_targets(value: float, *start_years: int) -> tuple[Target, ...]:
    return tuple(Target(financial_year(y), value) for y in start_years)


def months_from(year: int, month_: int, values: list[float]) -> list[Point]:
    """Consecutive monthly points starting at ``month_``/``year``."""
    period = month(year, month_)
    points = []
    for value in values:
        points.append(Point(period, value))
        period = period.next()
    return points


def by_key(found) -> dict:
    return {c.key: c for c in found}


# -- rate ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5100, Rag.GREEN),  # better than target
        (5000, Rag.GREEN),  # at target
        (4999, Rag.AMBER),  # just worse than target
        (4751, Rag.AMBER),  # just inside the band (5% of 5000 = 250)
        (4750, Rag.AMBER),  # exactly on the band edge
        (4749, Rag.RED),  # just beyond it
        (4050, Rag.RED),  # the May 2023 report's early help: 19% below target
    ],
)
def test_rate_higher_is_better_against_the_five_percent_band(value, expected):
    """Green at or above target, amber up to 5% of target below it, red further below."""
    assert rate(value, 5000, HIGHER, DEFAULT_TOLERANCE) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (700, Rag.GREEN),
        (750, Rag.GREEN),
        (751, Rag.AMBER),
        (770, Rag.AMBER),  # the May 2023 report: "As of March 2023, the number was 770" -> A
        (787, Rag.AMBER),
        (787.5, Rag.AMBER),  # exactly 5% of 750 above the target
        (788, Rag.RED),
        (803, Rag.RED),  # the March 2023 report: "The number in December 2022 was 803" -> R
    ],
)
def test_rate_lower_is_better_against_the_five_percent_band(value, expected):
    """Children we care for against 750: fewer is better, so the band lies above the target."""
    assert rate(value, 750, LOWER, DEFAULT_TOLERANCE) is expected


@pytest.mark.parametrize(
    ("value", "target", "polarity"),
    [
        (0.855, 0.9, HIGHER),  # 85.5% against 90%, held as fractions
        (85.5, 90, HIGHER),
        (0.945, 0.9, LOWER),
        (23.1, 22, LOWER),  # 23.1 days against 22: exactly 5% over
        (20.9, 22, HIGHER),
        (0.665, 0.7, HIGHER),
    ],
)
def test_a_figure_exactly_on_the_band_edge_is_amber_despite_binary_fractions(
    value, target, polarity
):
    """0.9 - 0.855 is a hair over 0.05 x 0.9 in floating point; the board must still see Amber."""
    assert rate(value, target, polarity, DEFAULT_TOLERANCE) is Rag.AMBER


def test_a_figure_equal_to_target_after_adding_fractions_is_green():
    """A rate built up from fractions (0.1 + 0.2) that equals the target is on target."""
    assert rate(0.1 + 0.2, 0.3, HIGHER, DEFAULT_TOLERANCE) is Rag.GREEN
    assert rate(0.1 + 0.2, 0.3, LOWER, DEFAULT_TOLERANCE) is Rag.GREEN


@pytest.mark.parametrize(
    ("value", "tolerance", "expected"),
    [
        (825, 0.10, Rag.AMBER),  # 10% of 750 = 75
        (826, 0.10, Rag.RED),
        (803, 0.10, Rag.AMBER),  # Red at 5%, Amber with a 10% band
        (751, 0.0, Rag.RED),  # no amber band at all
        (750, 0.0, Rag.GREEN),
    ],
)
def test_rate_uses_the_indicators_own_tolerance(value, tolerance, expected):
    """An indicator may widen or remove the amber band; the edge moves with it."""
    assert rate(value, 750, LOWER, tolerance) is expected


@pytest.mark.parametrize("value", [0, 749, 750, 751, 10_000])
def test_rate_with_polarity_neither_is_not_applicable(value):
    """With no better direction (MASH contact volumes) nothing is red or green."""
    assert rate(value, 750, NEITHER, DEFAULT_TOLERANCE) is Rag.NOT_APPLICABLE


# -- percent change -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("current", "comparator", "expected"),
    [
        (110, 100, 10.0),
        (90, 100, -10.0),
        (19_448, 18_700, 4.0),
        (-5, -10, 50.0),  # against a negative comparator, up is still positive
    ],
)
def test_percent_change(current, comparator, expected):
    assert percent_change(current, comparator) == pytest.approx(expected)


def test_percent_change_against_zero_is_none_not_a_crash():
    """ "Up from 0" has no percentage; the report shows the change in numbers instead."""
    assert percent_change(5, 0) is None
    assert percent_change(0, 0) is None


# -- assess as at a reporting period -------------------------------------------------------------
CARED_FOR = make_indicator(
    code="1.1",
    title="Children we care for",
    polarity=LOWER,
    targets=yearly_targets(750, 2021, 2022, 2023),
)


def cared_for_points() -> list[Point]:
    """Apr 2022 to Jun 2023: 820 in April falling by 1 a month, with the reports' two figures."""
    points = months_from(2022, 4, [820 - i for i in range(15)])
    values = {p.period: p.value for p in points}
    values[month(2022, 12)] = 803
    values[month(2023, 3)] = 770
    return [Point(period, value) for period, value in values.items()]


def test_assess_uses_the_latest_figure_up_to_the_end_of_the_as_at_period():
    """The Q3 report shows December's 803 (Red) even though January's figure exists now."""
    result = assess(CARED_FOR, cared_for_points(), quarter(2022, 3))
    assert result.as_at == "Q3 2022/23"
    assert result.period == "Dec 2022"
    assert result.value == 803
    assert result.target == 750
    assert result.target_period == "2022/23"
    assert result.rag is Rag.RED
    assert result.rag_value == 803
    assert result.rag_reason == (
        "Dec 2022: worse than, and beyond the 5% amber band of, the target for 2022/23"
    )
    assert result.stale is False


def test_assess_as_at_q4_reads_march_and_is_amber():
    """The May 2023 report: "As of March 2023, the number was 770" is Amber against 750."""
    result = assess(CARED_FOR, cared_for_points(), quarter(2022, 4))
    assert (result.period, result.value, result.rag) == ("Mar 2023", 770, Rag.AMBER)


def test_assess_as_at_a_month_uses_that_month():
    result = assess(CARED_FOR, cared_for_points(), month(2023, 1))
    assert (result.period, result.value) == ("Jan 2023", 811)


def test_points_given_out_of_order_are_read_in_date_order():
    points = list(reversed(cared_for_points()))
    assert assess(CARED_FOR, points, quarter(2022, 3)).value == 803


def test_latest_figure_is_the_one_ending_last():
    """A 2022/23 figure (to March 2023) is newer than a snapshot at 31 December 2022."""
    annual = make_indicator(frequency=Frequency.ANNUAL)
    points = [
        Point(snapshot(date(2022, 12, 31)), 40),
        Point(financial_year(2022), 55),
        Point(financial_year(2021), 50),
    ]
    result = assess(annual, points, quarter(2022, 4))
    assert (result.period, result.value) == ("2022/23", 55)
    # and as at Q3 the year is not over, so the snapshot is the latest figure
    assert assess(annual, points, quarter(2022, 3)).period == "at 31 December 2022"


@pytest.mark.parametrize(
    "points",
    [
        [],
        months_from(2023, 1, [800, 790]),  # only figures after the as-at period
    ],
)
def test_no_data_up_to_the_as_at_period_is_na_and_says_so(points):
    result = assess(CARED_FOR, points, quarter(2022, 3))
    assert result.rag is Rag.NOT_APPLICABLE
    assert result.rag_reason == "no data: no figure up to the end of Q3 2022/23"
    assert (result.period, result.value, result.target) == (None, None, None)
    assert result.comparisons == ()
    assert result.direction is None


def test_no_target_is_na_but_the_figure_and_comparisons_still_show():
    """An indicator without a target is still reported; it just has no colour."""
    untargeted = make_indicator(polarity=LOWER)
    result = assess(untargeted, cared_for_points(), quarter(2022, 3))
    assert result.rag is Rag.NOT_APPLICABLE
    assert result.rag_reason == "no target"
    assert (result.value, result.target) == (803, None)
    assert {c.key for c in result.comparisons} == COMPARISON_KEYS


def test_a_target_for_another_year_does_not_apply():
    """A 2021/22 target does not rate a 2022/23 figure."""
    old_target = make_indicator(polarity=LOWER, targets=yearly_targets(750, 2021))
    result = assess(old_target, cared_for_points(), quarter(2022, 3))
    assert (result.rag, result.rag_reason) == (Rag.NOT_APPLICABLE, "no target")


CAMHS = make_indicator(
    code="1.3a",
    title="Mean wait for Core CAMHS (days)",
    unit=Unit.DAYS,
    polarity=LOWER,
    targets=yearly_targets(90, 2022, 2023),
)


def camhs_points() -> list[Point]:
    """Monthly waits to July 2022, then nothing (the cyber-attack); July 2022 = 124."""
    return months_from(2021, 7, [107, 108, 110, 112, 113, 115, 116, 118, 119, 120, 121, 123, 124])


def test_stale_data_is_na_with_the_date_of_the_last_figure():
    """The May 2023 report: CAMHS waits "not updated since July 22" are N/A in the Q4 2023/24
    report."""
    result = assess(CAMHS, camhs_points(), quarter(2023, 4))
    assert result.rag is Rag.NOT_APPLICABLE
    assert result.stale is True
    assert result.rag_reason == (
        "stale: latest figure is for Jul 2022, more than 4 months before Q4 2023/24"
    )
    # the old figure is still shown, with its own date, as the report does
    assert (result.period, result.value) == ("Jul 2022", 124)
    same = by_key(result.comparisons)["same_period_last_year"]
    assert (same.current, same.comparator) == (124, 107)
    assert same.percent_change == pytest.approx(15.887850467)  # "16% higher than July 2021"


@pytest.mark.parametrize(
    ("as_at", "stale"),
    [
        (month(2022, 11), False),  # four months after July: still usable
        (month(2022, 12), True),  # five months: stale
    ],
)
def test_staleness_limit_for_monthly_figures_is_four_months(as_at, stale):
    result = assess(CAMHS, camhs_points(), as_at)
    assert result.stale is stale
    assert (result.rag is Rag.NOT_APPLICABLE) is stale
    if not stale:
        assert result.rag is Rag.RED  # 124 days against 90


def test_an_indicator_can_allow_older_figures():
    patient = make_indicator(
        polarity=LOWER, targets=yearly_targets(90, 2022, 2023), staleness_months=24
    )
    result = assess(patient, camhs_points(), quarter(2023, 4))
    assert result.stale is False
    assert result.rag is Rag.RED


def test_polarity_neither_is_na_even_with_a_target():
    """MASH contact volumes have no better direction; a target for them is not a RAG."""
    neither = make_indicator(polarity=NEITHER, targets=yearly_targets(750, 2022))
    result = assess(neither, cared_for_points(), quarter(2022, 3))
    assert result.rag is Rag.NOT_APPLICABLE
    assert result.rag_reason == "no better direction (polarity: neither)"
    assert result.target == 750


# -- flows with a yearly target: rated on the rolling 12 months ----------------------------------
EHA = make_indicator(
    code="2.4",
    title="Early help assessments",
    aggregation=Aggregation.SUM,
    targets=yearly_targets(5000, 2021, 2022),
)


def eha_points(drop: Period | None = None) -> list[Point]:
    """Mar 2021 to Feb 2023: 3,250 in the first 12 months, 4,030 in the last 12 (+24%)."""
    earlier = [270] * 11 + [280]  # Mar 2021 .. Feb 2022 = 3,250
    later = [335] * 10 + [350, 330]  # Mar 2022 .. Feb 2023 = 4,030; Feb below Jan
    points = months_from(2021, 3, earlier + later)
    return [p for p in points if p.period != drop]


def test_flow_with_yearly_target_is_rated_on_its_rolling_12_months():
    """The May 2023 report: early help assessments "in the last 12 months ... 24% higher than
    the previous 12 months but ... 19% below target": 4,030 against 5,000 is Red, not February's
    330 against a year's target."""
    result = assess(EHA, eha_points(), month(2023, 2))
    assert result.value == 330
    assert result.rag_value == 4030
    assert result.rag_basis == "rolling 12 months to Feb 2023"
    assert result.rag is Rag.RED
    assert result.rag_reason == (
        "rolling 12 months to Feb 2023: worse than, and beyond the 5% amber band of, "
        "the target for 2022/23"
    )
    assert round((result.rag_value - result.target) / result.target * 100) == -19
    rolling = by_key(result.comparisons)["rolling_12_months"]
    assert (rolling.current, rolling.comparator) == (4030, 3250)
    assert rolling.change == 780
    assert rolling.percent_change == pytest.approx(24.0)  # "24% higher"
    assert rolling.current_label == "Mar 2022 to Feb 2023"
    assert rolling.comparator_label == "Mar 2021 to Feb 2022"


@pytest.mark.parametrize(
    ("monthly", "expected"),
    [
        (400, Rag.AMBER),  # 4,800 is within 250 of 5,000
        (396, Rag.AMBER),  # 4,752
        (395, Rag.RED),  # 4,740
        (417, Rag.GREEN),  # 5,004
    ],
)
def test_flow_rolling_total_against_the_band(monthly, expected):
    points = months_from(2022, 3, [monthly] * 12)
    result = assess(EHA, points, month(2023, 2))
    assert result.rag_value == monthly * 12
    assert result.rag is expected


def test_flow_with_a_missing_month_is_na_and_names_it():
    """A rolling total with a hole would look 8% worse than it is; say which month is missing."""
    result = assess(EHA, eha_points(drop=month(2022, 7)), month(2023, 2))
    assert result.rag is Rag.NOT_APPLICABLE
    assert result.rag_value is None
    assert result.rag_basis == "rolling 12 months to Feb 2023"
    assert result.rag_reason == (
        "cannot rate the rolling 12 months to Feb 2023: "
        "1 of 12 months missing from Mar 2022 to Feb 2023 (Jul 2022)"
    )
    assert result.value == 330  # the month's own figure is still shown


def test_flow_with_only_a_few_months_is_na():
    result = assess(EHA, months_from(2022, 12, [400, 410, 420]), month(2023, 2))
    assert result.rag is Rag.NOT_APPLICABLE
    assert "9 of 12 months missing from Mar 2022 to Feb 2023" in result.rag_reason


def test_flow_with_a_quarterly_target_is_rated_on_its_last_three_months():
    """A target of 1,250 for Q4 is met by January to March, not by a whole year's total."""
    quarterly = make_indicator(
        aggregation=Aggregation.SUM, targets=(Target(quarter(2022, 4), 1250),)
    )
    points = months_from(2022, 4, [400] * 12)  # 1,200 a quarter, 4,800 a year
    result = assess(quarterly, points, month(2023, 3))
    assert result.rag_value == 1200
    assert result.rag_basis == "rolling 3 months to Mar 2023"
    assert result.rag is Rag.AMBER  # 50 short, within 62.5


def test_quarterly_flow_with_a_yearly_target_adds_up_four_quarters():
    quarterly = make_indicator(
        aggregation=Aggregation.SUM,
        frequency=Frequency.QUARTERLY,
        targets=yearly_targets(5000, 2022),
    )
    points = [Point(quarter(2022, n), v) for n, v in enumerate((1200, 1300, 1100, 1300), 1)]
    result = assess(quarterly, points, quarter(2022, 4))
    assert result.rag_value == 4900
    assert result.rag_basis == "rolling 12 months to Q4 2022/23"
    assert result.rag is Rag.AMBER


def test_weekly_flow_with_a_yearly_target_is_not_rated_on_one_week():
    """One week's count against a year's target would always be Red; refuse instead."""
    weekly = make_indicator(
        aggregation=Aggregation.SUM,
        frequency=Frequency.WEEKLY,
        targets=yearly_targets(5000, 2022),
    )
    points = [Point(week(date(2023, 3, 13)), 95)]
    result = assess(weekly, points, month(2023, 3))
    assert result.rag is Rag.NOT_APPLICABLE
    assert result.rag_reason == (
        "cannot add week figures up to the 12 months of the target for 2022/23"
    )


def test_flow_with_a_monthly_target_is_rated_on_the_month():
    monthly_target = make_indicator(
        aggregation=Aggregation.SUM, targets=(Target(month(2023, 2), 400),)
    )
    result = assess(monthly_target, eha_points(), month(2023, 2))
    assert (result.rag_value, result.rag_basis, result.rag) == (330, "Feb 2023", Rag.RED)


# -- comparisons: monthly flow (sums) ------------------------------------------------------------
MASH = make_indicator(
    code="3.1",
    title="MASH contacts",
    polarity=NEITHER,
    aggregation=Aggregation.SUM,
)

MASH_MONTHLY = {2019: 1000, 2020: 1300, 2021: 1700, 2022: 1768}
"""Contacts a month, the same every month of each financial year (2019 = 2019/20)."""


def mash_points(drop: tuple[Period, ...] = ()) -> list[Point]:
    """Every month from April 2019 to February 2023."""
    points = []
    for year, value in MASH_MONTHLY.items():
        points += months_from(year, 4, [value] * 12)
    return [p for p in points if p.period.end <= date(2023, 2, 28) and p.period not in set(drop)]


def mash_comparisons(drop: tuple[Period, ...] = ()) -> dict:
    return by_key(comparisons(MASH, Series(mash_points(drop)), month(2023, 2)))


def test_monthly_flow_offers_every_comparison():
    assert set(mash_comparisons()) == COMPARISON_KEYS


def test_same_period_last_year_for_a_month():
    c = mash_comparisons()["same_period_last_year"]
    assert (c.current_label, c.comparator_label) == ("Feb 2023", "Feb 2022")
    assert (c.current, c.comparator, c.change) == (1768, 1700, 68)
    assert c.percent_change == pytest.approx(4.0)
    assert c.available


def test_baseline_compares_the_same_month_of_2019_20():
    c = mash_comparisons()["baseline"]
    assert c.label == "Pre-pandemic baseline (2019/20)"
    assert (c.current_label, c.comparator_label) == ("Feb 2023", "Feb 2020")
    assert (c.current, c.comparator, c.change) == (1768, 1000, 768)
    assert c.percent_change == pytest.approx(76.8)


def test_rolling_12_months_of_a_flow_adds_up_the_months():
    """Mar 2022 (1,700) + 11 x 1,768 = 21,148 against Mar 2021 (1,300) + 11 x 1,700 = 20,000."""
    c = mash_comparisons()["rolling_12_months"]
    assert (c.current_label, c.comparator_label) == ("Mar 2022 to Feb 2023", "Mar 2021 to Feb 2022")
    assert (c.current, c.comparator, c.change) == (21_148, 20_000, 1_148)
    assert c.percent_change == pytest.approx(5.74)


def test_year_to_date_of_a_flow_against_last_years_year_to_date():
    """April to February: 11 x 1,768 = 19,448 against 11 x 1,700 = 18,700; March not included."""
    c = mash_comparisons()["year_to_date"]
    assert c.current_label == "First 11 months of 2022/23"
    assert c.comparator_label == "First 11 months of 2021/22"
    assert (c.current, c.comparator, c.change) == (19_448, 18_700, 748)
    assert c.percent_change == pytest.approx(4.0)


def test_year_to_date_of_a_flow_against_the_baseline_year():
    c = mash_comparisons()["year_to_date_baseline"]
    assert c.current_label == "First 11 months of 2022/23"
    assert c.comparator_label == "First 11 months of 2019/20"
    assert (c.current, c.comparator, c.change) == (19_448, 11_000, 8_448)
    assert c.percent_change == pytest.approx(76.8)


def test_a_custom_baseline_year_replaces_the_pre_pandemic_one():
    mash_2020 = make_indicator(aggregation=Aggregation.SUM, baseline=financial_year(2020))
    found = by_key(comparisons(mash_2020, Series(mash_points()), month(2023, 2)))
    assert found["baseline"].label == "Pre-pandemic baseline (2020/21)"
    assert (found["baseline"].comparator_label, found["baseline"].comparator) == ("Feb 2021", 1300)
    ytd = found["year_to_date_baseline"]
    assert (ytd.comparator_label, ytd.comparator) == ("First 11 months of 2020/21", 14_300)


def test_published_sentence_mash_contacts_first_11_months():
    """The May 2023 report: "MASH contacts for the first 11 months of the year are 4% higher
    than last year and more than 60% higher than pre pandemic levels", rebuilt from seasonal
    months."""
    season = [95, 100, 105, 98, 80, 110, 112, 108, 85, 102, 101, 104]  # April .. March
    scale = {2019: 10.0, 2020: 13.0, 2021: 16.25, 2022: 16.9}  # 16.9 / 16.25 = 1.04
    points = []
    for year, factor in scale.items():
        points += months_from(year, 4, [w * factor for w in season])
    points = [p for p in points if p.period.end <= date(2023, 2, 28)]
    result = assess(MASH, points, quarter(2022, 4))  # the report: "data to February 2023"
    assert result.period == "Feb 2023"
    found = by_key(result.comparisons)
    ytd, base = found["year_to_date"], found["year_to_date_baseline"]
    first_11 = sum(season[:11])  # 1,100
    assert ytd.current == pytest.approx(first_11 * 16.9)
    assert ytd.comparator == pytest.approx(first_11 * 16.25)
    assert base.comparator == pytest.approx(first_11 * 10.0)
    sentence = (
        f"MASH contacts for the {ytd.current_label.lower().replace(' of 2022/23', '')} of the "
        f"year are {ytd.percent_change:.0f}% higher than last year and "
        f"{'more than 60%' if base.percent_change > 60 else 'not 60%'} higher than pre "
        "pandemic levels"
    )
    assert sentence == (
        "MASH contacts for the first 11 months of the year are 4% higher than last year and "
        "more than 60% higher than pre pandemic levels"
    )
    assert base.percent_change == pytest.approx(69.0)


def test_a_missing_month_last_year_leaves_the_window_comparisons_out():
    """A year to date with October missing would look 9% lower; it is not compared at all."""
    found = mash_comparisons(drop=(month(2021, 10),))
    for key in ("year_to_date", "rolling_12_months"):
        c = found[key]
        assert not c.available
        assert (c.comparator, c.change, c.percent_change) == (None, None, None)
    ytd = found["year_to_date"]
    assert ytd.current == 19_448  # this year's figure is still there
    assert ytd.reason == "1 of 11 months missing from Apr 2021 to Feb 2022 (Oct 2021)"
    # comparisons that do not need October are unaffected
    assert found["same_period_last_year"].available
    assert found["year_to_date_baseline"].available


def test_a_missing_month_this_year_leaves_year_to_date_out():
    found = mash_comparisons(drop=(month(2022, 5), month(2022, 6)))
    ytd = found["year_to_date"]
    assert (ytd.current, ytd.change) == (None, None)
    assert ytd.comparator == 18_700
    assert ytd.reason == "2 of 11 months missing from Apr 2022 to Feb 2023 (May 2022, Jun 2022)"


def test_many_missing_months_are_counted_and_the_list_shortened():
    found = mash_comparisons(drop=tuple(month(2019, m) for m in range(4, 10)))
    assert found["year_to_date_baseline"].reason == (
        "6 of 11 months missing from Apr 2019 to Feb 2020 (Apr 2019, May 2019, Jun 2019, ...)"
    )


def test_a_missing_point_is_not_compared_and_says_which():
    c = mash_comparisons(drop=(month(2022, 2),))["same_period_last_year"]
    assert not c.available
    assert c.reason == "no figure for Feb 2022"


def test_a_comparator_of_zero_gives_no_percentage_and_no_crash():
    """Up from 0 contacts: the change is shown, the percentage is not."""
    points = months_from(2022, 2, [0]) + months_from(2023, 2, [12])
    result = assess(MASH, points, month(2023, 2))
    c = by_key(result.comparisons)["same_period_last_year"]
    assert (c.current, c.comparator, c.change, c.percent_change) == (12, 0, 12, None)
    assert c.available
    json.dumps(result.to_dict())


def test_a_period_given_twice_is_counted_once():
    """A re-sent month must not be added into the rolling total twice."""
    points = [*mash_points(), Point(month(2022, 3), 1700)]
    found = by_key(comparisons(MASH, Series(points), month(2023, 2)))
    assert found["rolling_12_months"].current == 21_148


def test_the_last_figure_given_for_a_period_wins():
    points = [Point(month(2022, 3), 999), *mash_points()]
    series = Series(points)
    assert series.value(month(2022, 3)) == 1700
    assert len(series.points) == len(mash_points())


def test_comparisons_as_at_q3_use_nine_months():
    """The Q3 report reads "first 9 months": April to December."""
    result = assess(MASH, mash_points(), quarter(2022, 3))
    assert result.period == "Dec 2022"
    ytd = by_key(result.comparisons)["year_to_date"]
    assert ytd.current_label == "First 9 months of 2022/23"
    assert (ytd.current, ytd.comparator) == (9 * 1768, 9 * 1700)


# -- comparisons: quarterly stock (means) --------------------------------------------------------
CP_PLANS = make_indicator(
    code="1.2",
    title="Children subject to a child protection plan",
    polarity=LOWER,
    frequency=Frequency.QUARTERLY,
    targets=yearly_targets(550, 2021, 2022, 2023),
)

CP_QUARTERS = {
    2019: (400, 420, 440, 460),
    2020: (500, 500, 500, 500),
    2021: (600, 620, 640, 660),
    2022: (648, 630, 605),  # the reports: 648, then 605 at the end of Q3
}


def cp_points() -> list[Point]:
    return [
        Point(quarter(year, n), value)
        for year, values in CP_QUARTERS.items()
        for n, value in enumerate(values, start=1)
    ]


def cp_comparisons() -> dict:
    return by_key(comparisons(CP_PLANS, Series(cp_points()), quarter(2022, 3)))


def test_quarterly_same_period_last_year_and_baseline():
    found = cp_comparisons()
    same, base = found["same_period_last_year"], found["baseline"]
    assert (same.comparator_label, same.current, same.comparator) == ("Q3 2021/22", 605, 640)
    assert same.change == -35
    assert same.percent_change == pytest.approx(-5.46875)
    assert (base.comparator_label, base.comparator, base.change) == ("Q3 2019/20", 440, 165)
    assert base.percent_change == pytest.approx(37.5)


def test_rolling_12_months_of_a_stock_is_the_mean_of_four_quarters():
    """Children on plans are a count at a date: a year's figure is their average, not a sum."""
    c = cp_comparisons()["rolling_12_months"]
    assert (c.current_label, c.comparator_label) == ("Jan 2022 to Dec 2022", "Jan 2021 to Dec 2021")
    assert c.current == pytest.approx((660 + 648 + 630 + 605) / 4)  # 635.75
    assert c.comparator == pytest.approx((500 + 600 + 620 + 640) / 4)  # 590
    assert c.change == pytest.approx(45.75)
    assert c.percent_change == pytest.approx(7.754237288)


def test_year_to_date_of_a_stock_is_the_mean_of_the_quarters_so_far():
    found = cp_comparisons()
    ytd, base = found["year_to_date"], found["year_to_date_baseline"]
    assert ytd.current_label == "First 9 months of 2022/23"
    assert ytd.comparator_label == "First 9 months of 2021/22"
    assert ytd.current == pytest.approx(1883 / 3)  # 627.67
    assert ytd.comparator == pytest.approx(620)
    assert ytd.percent_change == pytest.approx((1883 / 3 - 620) / 620 * 100)  # 1.24%
    assert base.comparator_label == "First 9 months of 2019/20"
    assert base.comparator == pytest.approx(420)
    assert base.percent_change == pytest.approx((1883 / 3 - 420) / 420 * 100)  # 49.4%


def test_quarterly_flow_windows_are_sums():
    """The same quarters as a flow add up: 2,543 in the last 12 months against 2,360."""
    flow = make_indicator(frequency=Frequency.QUARTERLY, aggregation=Aggregation.SUM)
    found = by_key(comparisons(flow, Series(cp_points()), quarter(2022, 3)))
    assert (found["rolling_12_months"].current, found["rolling_12_months"].comparator) == (
        2543,
        2360,
    )
    assert (found["year_to_date"].current, found["year_to_date"].comparator) == (1883, 1860)
    assert found["year_to_date_baseline"].comparator == 1260


def test_a_missing_quarter_is_not_compared():
    points = [p for p in cp_points() if p.period != quarter(2021, 4)]
    c = by_key(comparisons(CP_PLANS, Series(points), quarter(2022, 3)))["rolling_12_months"]
    assert c.current is None
    assert c.reason == "1 of 4 quarters missing from Jan 2022 to Dec 2022 (Q4 2021/22)"


def test_quarterly_stock_assessment_against_the_published_target():
    """The May 2023 report: "605 compared to 550 target" is Red (more than 27.5 over); down
    from 630."""
    result = assess(CP_PLANS, cp_points(), quarter(2022, 3))
    assert (result.value, result.target, result.rag) == (605, 550, Rag.RED)
    assert result.rag_basis == "Q3 2022/23"
    assert (result.direction, result.direction_meaning) == ("down", "improving")


def test_annual_figures_have_only_point_comparisons():
    annual = make_indicator(frequency=Frequency.ANNUAL)
    points = [Point(financial_year(y), v) for y, v in ((2019, 80), (2021, 90), (2022, 99))]
    found = by_key(assess(annual, points, financial_year(2022)).comparisons)
    assert set(found) == {"same_period_last_year", "baseline"}
    assert (found["same_period_last_year"].comparator, found["baseline"].comparator) == (90, 80)
    assert found["same_period_last_year"].percent_change == pytest.approx(10.0)


# -- direction of travel ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("polarity", "current", "direction", "meaning"),
    [
        (HIGHER, 1011, "up", "improving"),
        (HIGHER, 989, "down", "worsening"),
        (LOWER, 1011, "up", "worsening"),
        (LOWER, 989, "down", "improving"),
        (NEITHER, 1011, "up", "neither better nor worse"),
        (HIGHER, 1010, "level", "no change"),  # exactly 1% up
        (LOWER, 990, "level", "no change"),  # exactly 1% down
        (HIGHER, 1000, "level", "no change"),
    ],
)
def test_direction_of_a_stock_against_the_figure_before(polarity, current, direction, meaning):
    """A change of up to 1% of the earlier figure is level; beyond it, polarity says if good."""
    assert DIRECTION_LEVEL_TOLERANCE == 0.01
    stock = make_indicator(polarity=polarity)
    points = months_from(2023, 1, [1000, current])
    result = assess(stock, points, month(2023, 2))
    assert (result.direction, result.direction_meaning) == (direction, meaning)


def test_direction_of_a_flow_uses_the_rolling_12_months_not_the_last_month():
    """Early help: February (330) is below January (350), but the year is up 24%: improving."""
    result = assess(EHA, eha_points(), month(2023, 2))
    assert (result.direction, result.direction_meaning) == ("up", "improving")


def test_direction_of_a_flow_falls_back_to_the_same_month_last_year():
    points = months_from(2022, 2, [100]) + months_from(2023, 1, [300, 90])
    result = assess(EHA, points, month(2023, 2))
    assert (result.direction, result.direction_meaning) == ("down", "worsening")


def test_no_earlier_figure_means_direction_not_judged():
    result = assess(CARED_FOR, months_from(2023, 2, [800]), month(2023, 2))
    assert (result.direction, result.direction_meaning) == (None, "not judged")


def test_direction_from_zero_to_zero_is_level():
    result = assess(make_indicator(), months_from(2023, 1, [0, 0]), month(2023, 2))
    assert result.direction == "level"


# -- academic basis: termly indicators -------------------------------------------------------------
ABSENCE = make_indicator(
    code="1.11",
    title="Persistent absence of children subject to a child protection plan",
    unit=Unit.PERCENTAGE,
    polarity=LOWER,
    frequency=Frequency.TERMLY,
    basis=Basis.ACADEMIC,
)

ABSENCE_TERMS = {
    2018: (20, 22, 24, 26, 28, 30),
    2019: (30,) * 6,
    2020: (30,) * 6,
    2021: (34, 36, 38, 40, 42, 44),
    2022: (33, 35, 37, 36.6),
}


def absence_points() -> list[Point]:
    return [
        Point(term(year, n), value)
        for year, values in ABSENCE_TERMS.items()
        for n, value in enumerate(values, start=1)
    ]


def absence_comparisons() -> dict:
    return by_key(comparisons(ABSENCE, Series(absence_points()), term(2022, 4)))


def test_termly_same_term_last_year_matches_the_published_figure():
    """The May 2023 report: "As of Term 4 22/23, the figure is 8.5% lower than this time last
    year"."""
    c = absence_comparisons()["same_period_last_year"]
    assert (c.current_label, c.comparator_label) == ("Term 4 2022/23", "Term 4 2021/22")
    assert (c.current, c.comparator) == (36.6, 40)
    assert c.percent_change == pytest.approx(-8.5)


def test_academic_year_to_date_runs_from_september():
    """Terms 1 to 4 (September to April), averaged, against the same terms last year."""
    c = absence_comparisons()["year_to_date"]
    assert c.current_label == "First 8 months of AY 2022/23"
    assert c.comparator_label == "First 8 months of AY 2021/22"
    assert c.current == pytest.approx(35.4)  # (33 + 35 + 37 + 36.6) / 4
    assert c.comparator == pytest.approx(37)  # (34 + 36 + 38 + 40) / 4
    assert c.percent_change == pytest.approx(-1.6 / 37 * 100)


def test_academic_baseline_is_2018_19():
    """2019/20 was cut short by closures, so the academic baseline is 2018/19."""
    found = absence_comparisons()
    base, ytd = found["baseline"], found["year_to_date_baseline"]
    assert base.label == "Pre-pandemic baseline (AY 2018/19)"
    assert (base.comparator_label, base.comparator) == ("Term 4 2018/19", 26)
    assert ytd.comparator_label == "First 8 months of AY 2018/19"
    assert ytd.comparator == pytest.approx(23)  # (20 + 22 + 24 + 26) / 4
    assert ytd.percent_change == pytest.approx((35.4 - 23) / 23 * 100)


def test_termly_rolling_12_months_is_six_terms():
    c = absence_comparisons()["rolling_12_months"]
    assert (c.current_label, c.comparator_label) == ("May 2022 to Apr 2023", "May 2021 to Apr 2022")
    assert c.current == pytest.approx((42 + 44 + 33 + 35 + 37 + 36.6) / 6)
    assert c.comparator == pytest.approx((30 + 30 + 34 + 36 + 38 + 40) / 6)


def test_termly_figures_on_a_financial_basis_make_no_year_to_date():
    """Terms do not tile April to April; no made-up year to date is shown."""
    financial = make_indicator(frequency=Frequency.TERMLY, basis=Basis.FINANCIAL)
    found = by_key(comparisons(financial, Series(absence_points()), term(2022, 4)))
    assert not found["year_to_date"].available
    assert found["year_to_date"].reason == "term figures do not make up a window"
    assert found["rolling_12_months"].available


def test_termly_assessment_as_at_an_academic_year():
    """As at AY 2022/23, the latest term is Term 4 (no Terms 5 and 6 yet)."""
    targeted = make_indicator(
        polarity=LOWER,
        frequency=Frequency.TERMLY,
        basis=Basis.ACADEMIC,
        targets=(Target(academic_year(2022), 35),),
    )
    result = assess(targeted, absence_points(), academic_year(2022))
    assert result.period == "Term 4 2022/23"
    assert result.target_period == "AY 2022/23"
    assert result.rag is Rag.AMBER  # 36.6 against 35: 1.6 over, within 1.75
    assert (result.direction, result.direction_meaning) == ("down", "improving")


# -- to_dict ------------------------------------------------------------------------------------
def test_to_dict_is_json_and_keeps_its_shape():
    """The CLI's --json and the API hand this straight to json.dumps."""
    result = assess(EHA, eha_points(), month(2023, 2))
    data = json.loads(json.dumps(result.to_dict()))
    assert {"code", "period", "value", "target", "rag", "comparisons"} <= set(data)
    assert data["code"] == "2.4"
    assert data["period"] == "Feb 2023"
    assert data["value"] == 330
    assert data["target"] == 5000
    assert data["rag"] == "R"
    assert set(data["comparisons"]) == COMPARISON_KEYS
    rolling = data["comparisons"]["rolling_12_months"]
    assert (rolling["current"], rolling["comparator"], rolling["change"]) == (4030, 3250, 780)
    assert rolling["percent_change"] == pytest.approx(24.0)


@pytest.mark.parametrize(
    ("indicator", "points", "as_at", "rag"),
    [
        (CARED_FOR, [], quarter(2022, 3), "N/A"),  # no data
        (CAMHS, camhs_points(), quarter(2023, 4), "N/A"),  # stale
        (CARED_FOR, cared_for_points(), quarter(2022, 4), "A"),
        (
            make_indicator(targets=yearly_targets(1, 2022)),
            months_from(2023, 1, [5]),
            month(2023, 1),
            "G",
        ),
    ],
)
def test_to_dict_rag_is_a_plain_code(indicator, points, as_at, rag):
    data = json.loads(json.dumps(assess(indicator, points, as_at).to_dict()))
    assert data["rag"] == rag
    assert isinstance(data["comparisons"], dict)


def test_rolling_totals_are_drawn_only_where_the_12_months_are_complete():
    """The chart's rolling line starts at the first complete year and skips gaps."""
    from trustboard.core.assessment import rolling_totals

    points = [Point(month(2022, m), 10.0) for m in range(1, 13)]
    points += [Point(month(2023, m), 20.0) for m in (1, 2, 4)]
    totals = rolling_totals(points)
    assert [(p.period.label, p.value) for p in totals] == [
        ("Dec 2022", 120.0),
        ("Jan 2023", 130.0),
        ("Feb 2023", 140.0),
    ]

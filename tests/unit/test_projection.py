"""Year-end projection of flows: "We are currently projecting 3750 for this year 25% below target".

Every expected figure is worked out by hand in the docstring or a comment beside it, from
made-up series chosen so that a wrong rule gives a different number: a mean taken over the
wrong years, the pandemic year let in, a missing month counted as nought, a range that forgets
its floor, a percentage rounded to even or taken of the wrong figure. The March 2023 report
supplies the anchor case: 10 months to January 2023 projecting 3,750 against 5,000, 25% below.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from trustboard.core.assessment import Point
from trustboard.core.catalogue import (
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
    term,
    week,
)
from trustboard.core.projection import (
    Projection,
    TrajectoryPoint,
    project_year_end,
    round_count,
)

PATTERN = [8, 8, 9, 9, 7, 6, 10, 10, 9, 8, 8, 8]
"""A seasonal shape over April to March that sums to 100: each month's share is PATTERN / 100."""
assert sum(PATTERN) == 100


# -- builders ---------------------------------------------------------------------------------
def flow(**fields) -> Indicator:
    """A monthly flow (summed), higher is better, financial years, no targets unless told."""
    defaults = dict(
        code="EH.1",
        title="Strength and Needs Assessments",
        area="early_help",
        unit=Unit.COUNT,
        polarity=Polarity.HIGHER_IS_BETTER,
        frequency=Frequency.MONTHLY,
        basis=Basis.FINANCIAL,
        aggregation=Aggregation.SUM,
    )
    return Indicator(**(defaults | fields))


def fy_target(value: float, start_year: int = 2022) -> tuple[Target, ...]:
    return (Target(financial_year(start_year), value),)


def consecutive(first: Period, values: list[float | None]) -> list[Point]:
    """Points for consecutive periods from ``first``; None leaves that period out (a gap)."""
    points, period = [], first
    for value in values:
        if value is not None:
            points.append(Point(period, value))
        period = period.next()
    return points


def fy_months(start_year: int, values: list[float | None]) -> list[Point]:
    """Monthly points from April of ``start_year``."""
    return consecutive(month(start_year, 4), values)


def fy_quarters(start_year: int, values: list[float | None]) -> list[Point]:
    return consecutive(quarter(start_year, 1), values)


def constant_pattern_history() -> list[Point]:
    """2018/19, 2019/20 and 2021/22 follow PATTERN exactly (x10, x12, x15); 2020/21 does not.

    The pandemic year puts 86% of its total in April to January (1s then 20s), against 84% in
    every other year, so letting it into the profile moves the projection.
    """
    return (
        fy_months(2018, [10 * p for p in PATTERN])
        + fy_months(2019, [12 * p for p in PATTERN])
        + fy_months(2020, [1, 1, 1, 1, 1, 1, 20, 20, 20, 20, 7, 7])
        + fy_months(2021, [15 * p for p in PATTERN])
    )


# -- seasonal profile ---------------------------------------------------------------------------
def test_a_constant_seasonal_pattern_gives_an_exact_projection():
    """Ten months at 30 x PATTERN: 30 x 84 = 2,520, and April to January is 84% of every
    usable earlier year, so the year comes to 2,520 / 0.84 = 3,000 exactly.

    All three shares are equal, so the range is the floor: 10% of the 480 still to come either
    side, 2,952 to 3,048, printed to the nearest 10. Had 2020/21 been used, the three most recent
    years would be 2019/20, 2020/21 and 2021/22, mean share 0.8467, and the projection 2,976.
    """
    points = constant_pattern_history() + fy_months(2022, [30 * p for p in PATTERN[:10]])
    result = project_year_end(flow(), points, month(2023, 1))
    assert result is not None
    assert result.year == "2022/23"
    assert result.as_at == "Jan 2023"
    assert (result.periods_elapsed, result.periods_in_year) == (10, 12)
    assert result.year_to_date == 2520
    assert result.projected == pytest.approx(3000)
    assert result.low == pytest.approx(2952)
    assert result.high == pytest.approx(3048)
    assert result.method == (
        "seasonal profile of 2018/19, 2019/20 and 2021/22 (2020/21 left out: pandemic)"
    )
    assert result.target is None and result.gap is None and result.gap_percent is None
    assert result.sentence == "Projecting 3,000 for 2022/23 (range 2,950 to 3,050)."


@pytest.mark.parametrize("elapsed", range(1, 12))
def test_a_constant_seasonal_pattern_projects_exactly_at_every_point_of_the_year(elapsed):
    """Whatever month the report is written in, year to date / share of the same months is 3,000
    when this year follows the pattern too; a share taken over the wrong months would not be."""
    points = constant_pattern_history() + fy_months(2022, [30 * p for p in PATTERN[:elapsed]])
    as_at = month(2022, 4)
    for _ in range(elapsed - 1):
        as_at = as_at.next()
    result = project_year_end(flow(), points, as_at)
    assert result is not None
    assert result.periods_elapsed == elapsed
    assert result.projected == pytest.approx(3000)


def test_the_range_runs_from_the_largest_to_the_smallest_earlier_share():
    """April to January held 75% of 2019/20 (75 x 10 of 1,000) and 80% of 2021/22 (80 x 10 of
    1,000). With 3,000 so far: 3,000 / 0.775 = 3,870.97, range 3,000 / 0.8 = 3,750 to
    3,000 / 0.75 = 4,000 (wider than the 10% floor, +/-87). Against 5,000 that is 22.58% below,
    printed as 23%; 3,870.97 prints as 3,870. 2020/21 has no data, so no note about it.
    """
    points = (
        fy_months(2019, [75] * 10 + [125, 125])
        + fy_months(2021, [80] * 10 + [100, 100])
        + fy_months(2022, [300] * 10)
    )
    result = project_year_end(flow(targets=fy_target(5000)), points, month(2023, 1))
    assert result is not None
    assert result.method == "seasonal profile of 2019/20 and 2021/22"
    assert result.projected == pytest.approx(3000 / 0.775)
    assert result.low == pytest.approx(3750)
    assert result.high == pytest.approx(4000)
    assert result.target == 5000
    assert result.gap == pytest.approx(3000 / 0.775 - 5000)
    assert result.gap_percent == pytest.approx((3000 / 0.775 - 5000) / 50)
    assert result.sentence == (
        "Projecting 3,870 for the year (range 3,750 to 4,000), 23% below the target of 5,000."
    )


def test_the_profile_uses_the_three_most_recent_usable_years():
    """Projecting 2026/27 from Q1 and Q2 (150 each): 2023/24 to 2025/26 put half the year in
    Q1 and Q2, so 300 / 0.5 = 600. 2022/23, four years back, put 500 of 700 there; had it been
    used too the mean share would be 0.554 and the projection 542."""
    indicator = flow(frequency=Frequency.QUARTERLY)
    points = (
        fy_quarters(2022, [400, 100, 100, 100])
        + fy_quarters(2023, [100, 100, 100, 100])
        + fy_quarters(2024, [110, 90, 100, 100])
        + fy_quarters(2025, [100, 100, 120, 80])
        + fy_quarters(2026, [150, 150])
    )
    result = project_year_end(indicator, points, quarter(2026, 2))
    assert result is not None
    assert result.method == "seasonal profile of 2023/24 to 2025/26"
    assert result.projected == pytest.approx(600)
    assert (result.low, result.high) == (pytest.approx(570), pytest.approx(630))


def test_an_earlier_year_with_a_gap_is_left_out_and_named():
    """2021/22 lacks August, so only 2019/20 (flat: 10 months are 10/12 of the year) is used:
    2,500 x 12 / 10 = 3,000. One earlier year gives no spread, so the range is the 10% floor
    on the 500 to come: 2,950 to 3,050. Using 2021/22's 11 months as if whole would add a
    share of 1,800 of 2,200 (0.818) and make the projection 2,500 / 0.826 = 3,027."""
    points = (
        fy_months(2019, [100] * 12)
        + fy_months(2021, [200] * 4 + [None] + [200] * 7)
        + fy_months(2022, [250] * 10)
    )
    result = project_year_end(flow(), points, month(2023, 1))
    assert result is not None
    assert result.method == "seasonal profile of 2019/20 (2021/22 left out: incomplete)"
    assert result.projected == pytest.approx(3000)
    assert (result.low, result.high) == (pytest.approx(2950), pytest.approx(3050))


# -- straight line ------------------------------------------------------------------------------
def test_straight_line_when_there_is_no_earlier_year():
    """Q1 100 and Q2 200: 300 x 4 / 2 = 600. The range has the two quarters to come like the
    lowest (100) or the highest (200) so far: 500 to 700, wider than the 10% floor (+/-30)."""
    indicator = flow(frequency=Frequency.QUARTERLY)
    result = project_year_end(indicator, fy_quarters(2022, [100, 200]), quarter(2022, 2))
    assert result is not None
    assert result.method == "straight line from 2 quarters (no complete earlier year)"
    assert result.projected == pytest.approx(600)
    assert (result.low, result.high) == (pytest.approx(500), pytest.approx(700))
    assert result.sentence == "Projecting 600 for 2022/23 (range 500 to 700)."


def test_straight_line_when_the_only_complete_earlier_year_is_the_pandemic_year():
    """2021/22 has only 2020/21 behind it, which is left out: six months of 100 make 1,200 on a
    straight line, range the floor of 10% of 600 either side. The method says why."""
    points = fy_months(2020, [100] * 12) + fy_months(2021, [100] * 6)
    result = project_year_end(flow(), points, month(2021, 9))
    assert result is not None
    assert result.year == "2021/22"
    assert result.method == (
        "straight line from 6 months (no complete earlier year; 2020/21 left out: pandemic)"
    )
    assert result.projected == pytest.approx(1200)
    assert (result.low, result.high) == (pytest.approx(1140), pytest.approx(1260))


# -- the seed report ---------------------------------------------------------------------------
SEED_MONTHS = [300, 325] * 5
"""Ten months to January 2023 totalling 3,125: 3,125 x 12 / 10 = 3,750, as the report says."""


def test_the_seed_case_on_a_straight_line():
    """3,750 against 5,000 is exactly 25% below. The months so far are 300 and 325, so the
    spread range (3,725 to 3,775) is narrower than the floor, 10% of the 625 to come:
    3,687.5 to 3,812.5, which print (halves up, nearest 10) as 3,690 and 3,810."""
    result = project_year_end(
        flow(targets=fy_target(5000)), fy_months(2022, SEED_MONTHS), month(2023, 2)
    )
    assert result is not None
    assert result.periods_elapsed == 10
    assert result.projected == pytest.approx(3750)
    assert result.gap == pytest.approx(-1250)
    assert result.gap_percent == pytest.approx(-25)
    assert result.sentence == (
        "Projecting 3,750 for the year (range 3,690 to 3,810), 25% below the target of 5,000."
    )


def test_the_seed_case_on_a_seasonal_profile():
    """Last year ran flat at 246 a month (and 240 the year before), so the first 10 months are
    10/12 of the year and 3,125 projects to 3,750 again. 3,125 against last year's 2,460 for
    the same months is the report's "27% higher than last year". 2020/21 is there but left out.
    """
    points = (
        fy_months(2019, [240] * 12)
        + fy_months(2020, [50] * 3 + [400] * 9)
        + fy_months(2021, [246] * 12)
        + fy_months(2022, SEED_MONTHS)
    )
    result = project_year_end(flow(targets=fy_target(5000)), points, month(2023, 1))
    assert result is not None
    assert round((3125 / 2460 - 1) * 100) == 27
    assert result.method == "seasonal profile of 2019/20 and 2021/22 (2020/21 left out: pandemic)"
    assert result.projected == pytest.approx(3750)
    assert "25% below the target of 5,000" in result.sentence


# -- complete year -----------------------------------------------------------------------------
def test_a_complete_year_is_its_actual_total():
    """Twelve months, 11 x 350 + 362 = 4,212: no projection, no range, and the total is not
    rounded (it is a count, not an estimate). 4,212 is 15.76% below 5,000: "16% below"."""
    points = fy_months(2022, [350] * 11 + [362])
    result = project_year_end(flow(targets=fy_target(5000)), points, quarter(2023, 1))
    assert result is not None
    assert result.method == "complete year"
    assert result.projected == result.low == result.high == result.year_to_date == 4212
    assert result.periods_elapsed == result.periods_in_year == 12
    assert result.sentence == "2022/23 ended at 4,212, 16% below the target of 5,000."
    assert all(p.projected == p.actual for p in result.trajectory)


def test_a_complete_year_without_a_target():
    result = project_year_end(flow(), fy_months(2022, [100] * 12), month(2023, 3))
    assert result is not None
    assert result.sentence == "2022/23 ended at 1,200."


# -- sentences against targets -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("target", "ending"),
    [
        (576, "4% above the target of 576."),  # 600 / 576 = +4.17%
        (596, "1% above the target of 596."),  # +0.67%: rounds to 1, not "on target"
        (600, "on target (600)."),
        (603, "on target (603)."),  # -0.50% rounds to 0: within half a percent
        (800, "25% below the target of 800."),
        (625.5, "4% below the target of 625.5."),  # a target is printed as given
    ],
)
def test_sentences_above_below_and_on_target(target, ending):
    """The straight-line 600 (range 500 to 700) held against several targets."""
    indicator = flow(frequency=Frequency.QUARTERLY, targets=fy_target(target))
    result = project_year_end(indicator, fy_quarters(2022, [100, 200]), quarter(2022, 2))
    assert result is not None
    assert result.sentence == f"Projecting 600 for the year (range 500 to 700), {ending}"


def test_a_target_for_another_year_does_not_apply():
    """A 2023/24 target is not this year's: no gap, and the sentence names the year instead."""
    indicator = flow(frequency=Frequency.QUARTERLY, targets=fy_target(10_000, 2023))
    result = project_year_end(indicator, fy_quarters(2022, [100, 200]), quarter(2022, 2))
    assert result is not None
    assert result.target is None and result.gap is None
    assert result.sentence == "Projecting 600 for 2022/23 (range 500 to 700)."


# -- rounding ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "like", "expected"),
    [
        (0, None, 0),
        (84.4, None, 84),
        (84.5, None, 85),  # halves up, not to even (round(84.5) is 84)
        (845.5, None, 846),
        (3746.2, None, 3750),
        (3745, None, 3750),  # round(374.5) would give 3,740
        (3744.9, None, 3740),
        (9996, None, 10_000),
        (12_345, None, 12_300),
        (99_950, None, 100_000),
        (987, 3750, 990),  # a range end in its projection's steps
        (12_139.25, 12_345, 12_100),
    ],
)
def test_round_count(value, like, expected):
    assert round_count(value, like=like) == expected


def test_a_projection_in_the_tens_of_thousands_rounds_to_the_nearest_hundred():
    """Four months, 4,115 in all: 4,115 x 12 / 4 = 12,345, printed 12,300. The floor, 10% of
    the 8,230 to come, beats the spread (12,115 to 12,915): 11,522 to 13,168, printed in the
    projection's steps as 11,500 and 13,200."""
    points = fy_months(2022, [1000, 1100, 1000, 1015])
    result = project_year_end(flow(), points, month(2022, 7))
    assert result is not None
    assert result.projected == pytest.approx(12_345)
    assert (result.low, result.high) == (pytest.approx(11_522), pytest.approx(13_168))
    assert result.sentence == "Projecting 12,300 for 2022/23 (range 11,500 to 13,200)."


# -- trajectory --------------------------------------------------------------------------------
def test_trajectory_is_cumulative_and_joins_at_the_last_actual():
    """The seasonal case above (3,000 so far, 3,870.97 projected): a point a period, actual to
    January and none after; the projected line equal to the actual up to January, then the
    870.97 still to come shared by the remaining months' mean shares, which are equal (0.1 and
    0.125 in both), so half in February. The target follows the mean profile: 7.75% of the year
    in each of April to January, so 387.5 in April and 3,875 by January, 5,000 by March."""
    points = (
        fy_months(2019, [75] * 10 + [125, 125])
        + fy_months(2021, [80] * 10 + [100, 100])
        + fy_months(2022, [300] * 10)
    )
    result = project_year_end(flow(targets=fy_target(5000)), points, month(2023, 1))
    assert result is not None
    trajectory = result.trajectory
    assert [p.period for p in trajectory][:2] == ["Apr 2022", "May 2022"]
    assert trajectory[-1].end == date(2023, 3, 31)
    assert len(trajectory) == 12
    assert [p.actual for p in trajectory] == [300.0 * i for i in range(1, 11)] + [None, None]
    assert all(p.projected == p.actual for p in trajectory[:10])
    rest = 3000 / 0.775 - 3000
    assert trajectory[10].projected == pytest.approx(3000 + rest / 2)
    assert trajectory[11].projected == result.projected
    assert (trajectory[11].low, trajectory[11].high) == (result.low, result.high)
    assert trajectory[10].low == pytest.approx(3375)  # 3,000 + (3,750 - 3,000) / 2
    assert trajectory[0].target == pytest.approx(387.5)
    assert trajectory[9].target == pytest.approx(3875)
    assert trajectory[11].target == 5000
    for line in ("actual", "projected", "low", "high", "target"):
        figures = [getattr(p, line) for p in trajectory if getattr(p, line) is not None]
        assert figures == sorted(figures), f"{line} is not cumulative"
    assert all(p.low <= p.projected <= p.high for p in trajectory)


def test_the_target_path_is_a_straight_line_without_an_earlier_year():
    """No profile: the path to 5,000 is 5,000 x m / 12 after m months (2,500 by September)."""
    result = project_year_end(
        flow(targets=fy_target(5000)), fy_months(2022, SEED_MONTHS), month(2023, 1)
    )
    assert result is not None
    assert [p.target for p in result.trajectory] == pytest.approx(
        [5000 * m / 12 for m in range(1, 13)]
    )
    assert result.trajectory[-1].target == 5000


def test_without_a_target_the_target_path_is_empty():
    result = project_year_end(flow(), fy_months(2022, SEED_MONTHS), month(2023, 1))
    assert result is not None
    assert all(p.target is None for p in result.trajectory)


# -- quarters and terms ------------------------------------------------------------------------
def test_quarterly_seasonal_projection_against_a_target():
    """2021/22 ran 200, 300, 250, 250 (75% of 1,000 in Q1 to Q3); this year 240, 360, 300 =
    900, so 900 / 0.75 = 1,200, range the floor (one earlier year): 1,170 to 1,230. Against
    1,500: 20% below. The target path follows 2021/22: 300 by Q1 and 1,125 by Q3."""
    indicator = flow(frequency=Frequency.QUARTERLY, targets=fy_target(1500))
    points = fy_quarters(2021, [200, 300, 250, 250]) + fy_quarters(2022, [240, 360, 300])
    result = project_year_end(indicator, points, month(2023, 1))
    assert result is not None
    assert (result.periods_elapsed, result.periods_in_year) == (3, 4)
    assert result.method == "seasonal profile of 2021/22"
    assert result.sentence == (
        "Projecting 1,200 for the year (range 1,170 to 1,230), 20% below the target of 1,500."
    )
    assert [p.period for p in result.trajectory] == [
        "Q1 2022/23",
        "Q2 2022/23",
        "Q3 2022/23",
        "Q4 2022/23",
    ]
    assert [p.target for p in result.trajectory] == pytest.approx([300, 750, 1125, 1500])


def test_termly_indicator_projects_over_the_academic_year():
    """Terms 1 to 3 of AY 2022/23 (100, 120, 80 = 300) of six: 300 x 6 / 3 = 600, range with
    the three terms to come like the lowest (80) or highest (120): 540 to 660. Term 4 (March and
    April) ends after March 2023, the reporting month, so it is not counted though present; had
    it been, its 500 would make four terms and 1,200. Against 700: 14.3% below, "14%"."""
    indicator = flow(
        frequency=Frequency.TERMLY,
        basis=Basis.ACADEMIC,
        targets=(Target(academic_year(2022), 700),),
    )
    points = consecutive(term(2022, 1), [100, 120, 80, 500])
    result = project_year_end(indicator, points, month(2023, 3))
    assert result is not None
    assert result.year == "AY 2022/23"
    assert (result.periods_elapsed, result.periods_in_year) == (3, 6)
    assert result.method == "straight line from 3 terms (no complete earlier year)"
    assert result.sentence == (
        "Projecting 600 for the year (range 540 to 660), 14% below the target of 700."
    )
    assert result.trajectory[-1].period == "Term 6 2022/23"


def test_periods_that_do_not_tile_the_year_are_not_projected():
    """Term 4 runs March to April, across the financial year end; quarters run from April,
    across the academic year's September start. Neither adds up to such a year."""
    termly = flow(frequency=Frequency.TERMLY, basis=Basis.FINANCIAL)
    assert project_year_end(termly, consecutive(term(2022, 1), [1, 2, 3]), month(2023, 3)) is None
    quarterly = flow(frequency=Frequency.QUARTERLY, basis=Basis.ACADEMIC)
    assert project_year_end(quarterly, fy_quarters(2022, [1, 2]), month(2022, 9)) is None


# -- what is not projected ---------------------------------------------------------------------
def test_point_aggregated_indicators_are_not_projected():
    """Children we care for on a date do not add up over a year: no year end to project."""
    stock = flow(aggregation=Aggregation.POINT)
    assert project_year_end(stock, fy_months(2022, SEED_MONTHS), month(2023, 1)) is None


@pytest.mark.parametrize(
    ("frequency", "points"),
    [
        (Frequency.ANNUAL, [Point(financial_year(2022), 4000)]),
        (Frequency.WEEKLY, [Point(week(date(2022, 4, 4)), 70)]),
    ],
)
def test_annual_and_weekly_flows_are_not_projected(frequency, points):
    assert project_year_end(flow(frequency=frequency), points, month(2023, 1)) is None


def test_no_figure_up_to_the_reporting_period_gives_no_projection():
    """An empty series; figures only after the reporting period; figures of another kind."""
    assert project_year_end(flow(), [], month(2023, 1)) is None
    assert project_year_end(flow(), fy_months(2023, [100] * 3), month(2023, 1)) is None
    assert project_year_end(flow(), fy_quarters(2022, [100, 200]), month(2023, 1)) is None


# -- which year --------------------------------------------------------------------------------
def test_the_year_is_the_one_holding_the_latest_figure_up_to_the_reporting_period():
    """Figures to January 2023 read in a Q4 2023/24 report still project 2022/23 from 10 months
    (staleness is the assessment's business); in a December 2022 report January is not yet
    there, so it is 9 months: 300 x 5 + 325 x 4 = 2,800, x 12 / 9 = 3,733.3."""
    points = fy_months(2022, SEED_MONTHS)
    late = project_year_end(flow(), points, quarter(2023, 4))
    assert late is not None
    assert (late.year, late.as_at, late.periods_elapsed) == ("2022/23", "Q4 2023/24", 10)
    early = project_year_end(flow(), points, month(2022, 12))
    assert early is not None
    assert early.periods_elapsed == 9
    assert early.year_to_date == 2800
    assert early.projected == pytest.approx(2800 * 12 / 9)


# -- gaps in the year so far -------------------------------------------------------------------
def test_a_missing_month_is_projected_from_the_months_present_and_said():
    """Nine months of 300 with August missing: 2,700 x 12 / 9 = 3,600 (counting August as
    nought would give 2,700 x 12 / 10 = 3,240). The floor: 10% of the 900 not recorded.
    The actual line has a hole in August; the projected line bridges it with August's estimate
    (3,600 / 12 = 300), so it runs 300 above the actual from August and reaches 3,600."""
    points = fy_months(2022, [300] * 4 + [None] + [300] * 5)
    result = project_year_end(flow(), points, month(2023, 1))
    assert result is not None
    assert result.year_to_date == 2700
    assert result.projected == pytest.approx(3600)
    assert (result.low, result.high) == (pytest.approx(3510), pytest.approx(3690))
    assert result.method == (
        "straight line from 9 months (no complete earlier year); "
        "1 of 10 months missing (Aug 2022), projected from the 9 with figures"
    )
    assert result.sentence == (
        "Projecting 3,600 for 2022/23 (range 3,510 to 3,690). No figure for Aug 2022."
    )
    trajectory = result.trajectory
    assert trajectory[4].actual is None
    assert trajectory[4].projected == pytest.approx(1500)
    assert (trajectory[9].actual, trajectory[9].projected) == (2700, pytest.approx(3000))
    assert trajectory[10].projected == pytest.approx(3300)
    assert trajectory[11].projected == result.projected


def test_a_missing_month_in_a_seasonal_year_uses_the_shares_of_the_months_present():
    """The constant pattern without August (7% of the year): 2,520 - 210 = 2,310 over a share
    of 0.84 - 0.07 = 0.77 is still exactly 3,000."""
    values: list[float | None] = [30 * p for p in PATTERN[:10]]
    values[4] = None
    points = constant_pattern_history() + fy_months(2022, values)
    result = project_year_end(flow(), points, month(2023, 1))
    assert result is not None
    assert result.year_to_date == 2310
    assert result.projected == pytest.approx(3000)
    assert "1 of 10 months missing (Aug 2022)" in result.method


def test_a_year_with_all_its_months_elapsed_but_one_missing_is_not_complete():
    """Eleven months of 300 and no August: not "complete year" but 3,300 x 12 / 11 = 3,600,
    range the floor on the 300 not recorded (3,570 to 3,630); the lines end on those."""
    points = fy_months(2022, [300] * 4 + [None] + [300] * 7)
    result = project_year_end(flow(), points, month(2023, 3))
    assert result is not None
    assert result.method != "complete year"
    assert result.projected == pytest.approx(3600)
    last = result.trajectory[-1]
    assert (last.actual, last.projected) == (3300, pytest.approx(3600))
    assert (last.low, last.high) == (pytest.approx(3570), pytest.approx(3630))


# -- serialising -------------------------------------------------------------------------------
def test_to_dict_is_json_serialisable():
    """The dashboard and the report read projections as JSON: dates become ISO strings."""
    result = project_year_end(
        flow(targets=fy_target(5000)), fy_months(2022, SEED_MONTHS), month(2023, 1)
    )
    assert isinstance(result, Projection)
    assert isinstance(result.trajectory[0], TrajectoryPoint)
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) == {
        "year",
        "as_at",
        "periods_elapsed",
        "periods_in_year",
        "year_to_date",
        "projected",
        "low",
        "high",
        "method",
        "target",
        "gap",
        "gap_percent",
        "sentence",
        "trajectory",
    }
    assert data["trajectory"][0] == {
        "period": "Apr 2022",
        "end": "2022-04-30",
        "actual": 300,
        "projected": 300,
        "low": 300,
        "high": 300,
        "target": pytest.approx(5000 / 12),
    }
    assert data["trajectory"][-1]["actual"] is None

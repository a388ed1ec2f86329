"""SPC: XmR limits, the four special-cause rules and the MDC icons, checked two ways.

First against published reference cases of the method, so that the module agrees with the tools
NHS boards already use rather than only with itself: NHSRplotthedots (the NHS-R Community's
implementation of the NHS England "Making Data Count" charts), the MDC team's own statement of a
rule change, and Donald Wheeler's worked XmR example. Each case names its source.

Then hand-computed series, one per rule and per choice, with the arithmetic in the comments.
Most are built on ``[10, 12] * 6``: mean 11, every moving range 2, so the limits are
11 +/- 2.66 x 2 = 5.68 and 16.32, and two sigma is 11 +/- (2/3)(2.66)(2) = 7.4533 and 14.5467.
"""

from __future__ import annotations

import json
import math

import pytest

from trustboard.core.spc import (
    ASSURANCE_TEXT,
    MIN_POINTS,
    RULE_TEXT,
    VARIATION_TEXT,
    Assurance,
    Improvement,
    SpcError,
    SpcResult,
    Variation,
    analyse,
    assurance,
)

BASE = [10.0, 12.0] * 6


def series(values: list[float | None]) -> list[tuple[str, float | None]]:
    """Opaque labels p01, p02, ...: the module never parses them."""
    return [(f"p{i:02d}", v) for i, v in enumerate(values, start=1)]


def flagged(result: SpcResult) -> dict[str, tuple[str, ...]]:
    return {p.period: p.rules for p in result.points if p.special_cause}


# -- published reference cases --------------------------------------------------------------
# NHSRplotthedots, tests/testthat/test-ptd_spc_standard.R: ``set.seed(123); y = rnorm(20)``.
# The values are R's (seed 123, Mersenne-Twister, inversion), to 8 decimals; the snapshots
# tests/testthat/_snaps/ptd_spc_standard.md and _snaps/ptd_spc.md print them to 3 significant
# figures with mean 0.142, lpl -3.01, upl 3.29, and count all 20 points as common cause.
RNORM_123 = [
    -0.56047565,
    -0.23017749,
    1.55870831,
    0.07050839,
    0.12928774,
    1.71506499,
    0.46091621,
    -1.26506123,
    -0.68685285,
    -0.44566197,
    1.22408180,
    0.35981383,
    0.40077145,
    0.11068272,
    -0.55584113,
    1.78691314,
    0.49785048,
    -1.96661716,
    0.70135590,
    -0.47279141,
]


def test_nhsrplotthedots_rnorm_snapshot_limits_and_no_special_cause():
    result = analyse(series(RNORM_123), Improvement.UP)
    assert result.judged
    assert round(result.mean, 3) == 0.142
    assert round(result.lower_limit, 2) == -3.01
    assert round(result.upper_limit, 2) == 3.29
    assert flagged(result) == {}
    assert result.variation is Variation.COMMON_CAUSE


def test_nhsrplotthedots_deviations_vignette_matches_the_unscreened_mdc_excel_limits():
    # NHSRplotthedots, vignettes/deviations.Rmd ("Deviations from Excel defaults", section 1):
    # with screen_outliers = FALSE, "the same output as Excel", UPL 6.95, mean 1.94, LPL -3.06,
    # and the value 10 is the one special cause improvement point. (Its own default screens
    # the moving ranges 8 and 9 out and gets UPL 4.6, LPL -0.72; MDC's tools do not.)
    data = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    result = analyse(series(data), "up")
    assert round(result.upper_limit, 2) == 6.95
    assert round(result.mean, 2) == 1.94
    assert round(result.lower_limit, 2) == -3.06
    assert flagged(result) == {"p05": ("beyond_limit",)}
    assert result.points[4].classification == "improvement"
    assert round(result.upper_limit, 1) != 4.6  # not the screened limit


def test_nhsrplotthedots_two_points_near_opposite_limits_are_common_cause():
    # NHSRplotthedots, tests/testthat/test-ptd_spc_standard.R, "it only reports special cause
    # for 2 of 3 points close to limits when they are on the same side of the mean": 1, -1
    # repeated 8 times with points 15 and 16 set to 5.5 and -5.5. By hand: mean 0, mean
    # moving range (13 x 2 + 6.5 + 11) / 15 = 2.9, two sigma 5.143, limits +/- 7.714.
    data = [1.0, -1.0] * 8
    data[14], data[15] = 5.5, -5.5
    result = analyse(series(data))
    assert result.mean == 0
    assert result.upper_limit == pytest.approx(7.714)
    assert [p.classification for p in result.points[-2:]] == ["common_cause", "common_cause"]


def test_nhsrplotthedots_seven_point_trend_marks_every_point_of_the_trend():
    # NHSRplotthedots, tests/testthat/test-ptd_calculate_point_type.R: for c(2, 1:7, 3) the
    # trend is the seven points 1..7 (positions 2 to 8), not the 2 before or the 3 after. By
    # hand no other rule fires: mean 11/3, limits 0.009 and 7.324, sides 4 below then 4 above.
    result = analyse(series([2, 1, 2, 3, 4, 5, 6, 7, 3]), min_points=9)
    assert flagged(result) == {f"p{i:02d}": ("trend",) for i in range(2, 9)}


@pytest.mark.parametrize(
    ("lower", "upper", "improvement", "expected"),
    [
        # NHSRplotthedots, tests/testthat/test-ptd_calculate_assurance_type.R, target 4.
        (1, 3, "up", Assurance.CONSISTENTLY_FAILING),
        (5, 7, "up", Assurance.CONSISTENTLY_PASSING),
        (1, 5, "up", Assurance.HIT_AND_MISS),
        (1, 3, "down", Assurance.CONSISTENTLY_PASSING),
        (5, 7, "down", Assurance.CONSISTENTLY_FAILING),
        (1, 5, "down", Assurance.HIT_AND_MISS),
        (1, 3, "neutral", Assurance.NO_TARGET),
        (5, 7, "neutral", Assurance.NO_TARGET),
    ],
)
def test_nhsrplotthedots_assurance_cases(lower, upper, improvement, expected):
    assert assurance(4, lower, upper, improvement) is expected


def test_mdc_two_sigma_rule_counts_a_point_beyond_the_limit():
    # The MDC team (NHSRplotthedots issue #194, November 2023): "all points beyond two-sigma
    # are counted", including one beyond three sigma, all three on one side of the mean. Here
    # 15.5 is between two and three sigma and 20 beyond the upper limit. By hand: mean
    # 255.5 / 22 = 11.614, mean moving range (19 x 2 + 3.5 + 4.5) / 21 = 2.190, two sigma at
    # 15.498, upper limit 17.440. Before the change 15.5 alone would not have been special.
    result = analyse(series([10, 12] * 10 + [15.5, 20]), "up")
    assert flagged(result) == {"p21": ("two_of_three",), "p22": ("beyond_limit", "two_of_three")}


def test_wheeler_in_process_inventory_limits():
    # Wheeler's XmR worked example, in-process inventory (hundreds of pounds) over 31 months,
    # as reproduced in "How to Plot an XmR Chart" (xmrit.com/articles/plot-xmr-chart-
    # instructions): average 20.39, average moving range 4.7, UNPL 20.39 + 2.66 x 4.7 = 32.89.
    data = [19, 27, 20, 16, 18, 25, 22, 24, 17, 25, 15, 17]
    data += [20, 22, 19, 16, 22, 19, 25, 22, 18, 20, 16, 17]
    data += [20, 15, 27, 25, 17, 19, 28]
    result = analyse(series(data))
    assert round(result.mean, 2) == 20.39
    assert result.mean_moving_range == pytest.approx(4.7)
    assert round(result.upper_limit, 2) == 32.89
    assert round(result.lower_limit, 2) == 7.89


# -- limits ---------------------------------------------------------------------------------
def test_limits_are_mean_plus_or_minus_2_66_mean_moving_ranges():
    result = analyse(series(BASE))
    assert (result.mean, result.mean_moving_range) == (11, 2)
    assert result.lower_limit == pytest.approx(5.68)
    assert result.upper_limit == pytest.approx(16.32)
    assert result.points[0].moving_range is None
    assert [p.moving_range for p in result.points[1:]] == [2] * 11
    assert flagged(result) == {}
    assert result.variation is Variation.COMMON_CAUSE


def test_a_large_moving_range_is_not_screened_out():
    # [8, 14] * 6 + [40]: moving ranges 11 x 6 and 26, mean (66 + 26) / 12 = 7.667. Screening
    # (dropping ranges over 3.267 x 7.667 = 25.05) would leave 6 and narrow the limits.
    result = analyse(series([8, 14] * 6 + [40]))
    assert result.mean_moving_range == pytest.approx(92 / 12)


# -- the rules, one at a time ---------------------------------------------------------------
def test_a_point_beyond_the_upper_limit():
    # mean 172 / 13 = 13.23 (8 below, 14 above: no run), mean moving range 7.667, upper limit
    # 13.23 + 20.39 = 33.62: 40 is beyond it; two sigma at 26.82, so only 40 is near a limit.
    result = analyse(series([8, 14] * 6 + [40]), "up")
    assert result.upper_limit == pytest.approx(172 / 13 + 2.66 * 92 / 12)
    assert flagged(result) == {"p13": ("beyond_limit",)}
    assert result.variation is Variation.IMPROVEMENT_HIGH


def test_a_point_beyond_the_lower_limit():
    # mean 116 / 13 = 8.92, mean moving range (66 + 30) / 12 = 8, lower limit -12.36.
    result = analyse(series([8, 14] * 6 + [-16]), "up")
    assert flagged(result) == {"p13": ("beyond_limit",)}
    assert result.variation is Variation.CONCERN_LOW


def test_a_run_of_seven_on_each_side_of_the_mean():
    # mean 160 / 14 = 11.43: seven points below, then seven above. Mean moving range
    # (6 + 2 + 6) / 13 = 1.077: limits 8.56 and 14.29, two sigma 9.52 and 13.34, none reached.
    data = [10, 11, 10, 11, 10, 11, 10, 12, 13, 12, 13, 12, 13, 12]
    result = analyse(series(data), "up")
    assert flagged(result) == {f"p{i:02d}": ("run",) for i in range(1, 15)}
    assert {p.classification for p in result.points[:7]} == {"concern"}
    assert {p.classification for p in result.points[7:]} == {"improvement"}
    assert result.variation is Variation.IMPROVEMENT_HIGH


def test_a_run_of_six_is_not_a_signal():
    result = analyse(series([10, 11, 10, 11, 10, 11, 12, 13, 12, 13, 12, 13]), "up")
    assert flagged(result) == {}


def test_a_point_on_the_mean_breaks_a_run():
    # Sum 280, mean exactly 20: 19, 18, 19 below, 20 on the mean, then 19, 18, 19, 18 below.
    # Mean moving range 15 / 13: limits 16.93 and 23.07; two sigma 17.954 and 22.046.
    on_mean = [19, 18, 19, 20, 19, 18, 19, 18, 22, 21, 22, 21, 22, 22]
    assert flagged(analyse(series(on_mean))) == {}
    # Just below the mean instead, the eight points make one run.
    below = on_mean.copy()
    below[3] = 19.5
    runs = {p for p, rules in flagged(analyse(series(below))).items() if "run" in rules}
    assert runs == {f"p{i:02d}" for i in range(1, 9)}


def test_a_rising_trend_of_seven():
    # mean 65 / 13 = 5 (the 5 is on it, so there is no run); mean moving range 20 / 12 = 1.667:
    # limits 0.567 and 9.433; two sigma 2.044 and 7.956: only 8 beyond it, no two of three.
    result = analyse(series([4, 6, 4, 6, 4, 6, 2, 3, 4, 5, 6, 7, 8]), "up")
    assert flagged(result) == {f"p{i:02d}": ("trend",) for i in range(7, 14)}
    assert result.variation is Variation.IMPROVEMENT_HIGH


def test_a_falling_trend_of_seven_is_low():
    result = analyse(series([6, 4, 6, 4, 6, 4, 8, 7, 6, 5, 4, 3, 2]), "down")
    assert flagged(result) == {f"p{i:02d}": ("trend",) for i in range(7, 14)}
    assert result.variation is Variation.IMPROVEMENT_LOW


def test_a_repeated_value_breaks_a_trend():
    # 2, 3, 4, 4, 5, 6, 7, 8: rises of three and five points, neither seven.
    result = analyse(series([4, 6, 4, 6, 4, 6, 2, 3, 4, 4, 5, 6, 7, 8]), "up")
    assert flagged(result) == {}


def test_two_of_three_beyond_two_sigma_marks_only_those_two():
    # BASE + [15.5, 15.5]: mean 163 / 14 = 11.643, mean moving range 25.5 / 13 = 1.962, two
    # sigma at 15.12, upper limit 16.86. The window 12, 15.5, 15.5 is all above the mean.
    result = analyse(series([*BASE, 15.5, 15.5]), "up")
    assert flagged(result) == {"p13": ("two_of_three",), "p14": ("two_of_three",)}
    assert result.variation is Variation.IMPROVEMENT_HIGH


def test_two_of_three_need_not_be_consecutive():
    # [10, 12] * 10 + [16, 12, 16]: mean 11.478, two sigma at 15.51; all three above the mean.
    result = analyse(series([10, 12] * 10 + [16, 12, 16]), "up")
    assert flagged(result) == {"p21": ("two_of_three",), "p23": ("two_of_three",)}


def test_two_of_three_need_all_three_on_one_side_of_the_mean():
    # [12, 10] * 6 + [15.5, 15.5]: the point before the pair (10) is below the mean 11.643, and
    # there is no third point after them yet, so no window of three qualifies.
    result = analyse(series([12, 10] * 6 + [15.5, 15.5]), "up")
    assert flagged(result) == {}


# -- improvement, concern and neither -------------------------------------------------------
@pytest.mark.parametrize(
    ("improvement", "classification", "variation"),
    [
        ("up", "improvement", Variation.IMPROVEMENT_HIGH),
        ("down", "concern", Variation.CONCERN_HIGH),
        ("neutral", "neither", Variation.NEITHER_HIGH),
        (Improvement.UP, "improvement", Variation.IMPROVEMENT_HIGH),
        ("higher_is_better", "improvement", Variation.IMPROVEMENT_HIGH),
        ("lower_is_better", "concern", Variation.CONCERN_HIGH),
    ],
)
def test_polarity_decides_improvement_or_concern(improvement, classification, variation):
    result = analyse(series([8, 14] * 6 + [40]), improvement)
    assert result.points[-1].classification == classification
    assert result.variation is variation


def test_neutral_low_signal():
    result = analyse(series([8, 14] * 6 + [-16]))
    assert result.points[-1].classification == "neither"
    assert result.variation is Variation.NEITHER_LOW


def test_when_one_point_signals_both_ways_improvement_wins():
    # 30 is beyond the upper limit (high) and starts a falling trend of seven (low). The MDC
    # single chart tool shows improvement in such a conflict (NHSRplotthedots issue #194).
    data = [10, 12] * 10 + [30, 25, 20, 16, 13, 11, 9]
    for improvement, last in (("up", Variation.CONCERN_LOW), ("down", Variation.IMPROVEMENT_LOW)):
        result = analyse(series(data), improvement)
        assert {"beyond_limit", "trend"} <= set(result.points[20].rules)
        assert result.points[20].classification == "improvement"
        assert result.variation is last  # 9 is only part of the falling trend


def test_variation_is_common_cause_when_only_earlier_points_signal():
    result = analyse(series([8, 14] * 3 + [40] + [8, 14] * 3), "up")
    assert result.points[6].special_cause
    assert not result.points[-1].special_cause
    assert result.variation is Variation.COMMON_CAUSE


# -- assurance ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("improvement", "target", "expected"),
    [
        ("up", 5, Assurance.CONSISTENTLY_PASSING),  # below the lower limit 5.68
        ("up", 20, Assurance.CONSISTENTLY_FAILING),  # above the upper limit 16.32
        ("up", 11, Assurance.HIT_AND_MISS),
        ("up", 16.32, Assurance.HIT_AND_MISS),  # on a limit: it can land either side
        ("down", 5, Assurance.CONSISTENTLY_FAILING),
        ("down", 20, Assurance.CONSISTENTLY_PASSING),
        ("down", 11, Assurance.HIT_AND_MISS),
        ("neutral", 20, Assurance.NO_TARGET),
        ("up", None, Assurance.NO_TARGET),
    ],
)
def test_assurance_against_the_target(improvement, target, expected):
    result = analyse(series(BASE), improvement, target=target)
    assert result.assurance is expected
    assert result.target == target


# -- rebasing -------------------------------------------------------------------------------
def test_rebasing_gives_each_segment_its_own_mean_and_limits():
    data = [*BASE, *[20, 22] * 6]
    whole = analyse(series(data), "up")
    assert whole.mean == 16
    assert all(p.special_cause for p in whole.points)  # twelve below, twelve above the mean

    result = analyse(series(data), "up", rebase=["p13"])
    assert result.segments == (("p01", "p12"), ("p13", "p24"))
    assert (result.mean, result.mean_moving_range) == (21, 2)
    assert result.upper_limit == pytest.approx(26.32)
    assert {p.mean for p in result.points[:12]} == {11}
    assert result.points[12].moving_range is None  # no range across the change
    assert flagged(result) == {}
    assert result.reason == "judged on 12 points since the rebase at p13"


def test_a_short_latest_segment_is_not_judged_but_keeps_its_points():
    result = analyse(series([*BASE, 20, 22, 20, 22, 20]), "up", target=5, rebase=["p13"])
    assert not result.judged
    assert result.reason == (
        "too short to judge: 5 points since the rebase at p13, at least 12 needed"
    )
    assert (result.variation, result.assurance) == (None, None)
    assert len(result.points) == 17
    assert result.mean == 20.8  # the trial mean, for drawing


def test_rebase_at_a_gap_starts_the_segment_at_the_next_figure():
    data: list[float | None] = [*BASE, None, *[20, 22] * 6]
    result = analyse(series(data), rebase=["p13"])
    assert result.segments == (("p01", "p12"), ("p14", "p25"))


def test_a_single_rebase_period_may_be_given_as_a_string():
    assert analyse(series([*BASE, *BASE]), rebase="p13").segments == (
        ("p01", "p12"),
        ("p13", "p24"),
    )


def test_rebase_at_the_first_period_changes_nothing():
    assert analyse(series(BASE), rebase=["p01"]).segments == (("p01", "p12"),)


# -- too little, nothing, and bad input -----------------------------------------------------
def test_too_short_to_judge_still_returns_the_points():
    result = analyse(series(BASE[:8]), "up", target=5)
    assert not result.judged
    assert result.reason == "too short to judge: 8 points, at least 12 needed"
    assert (result.variation, result.assurance) == (None, None)
    assert len(result.points) == 8
    assert not any(p.special_cause for p in result.points)
    assert MIN_POINTS == 12


def test_min_points_can_be_lowered():
    assert analyse(series(BASE[:8]), min_points=8).judged


def test_no_variation_cannot_be_judged():
    result = analyse(series([42] * 12))
    assert not result.judged
    assert result.reason == "cannot judge: no variation, every value is 42"
    assert (result.lower_limit, result.upper_limit) == (42, 42)
    assert analyse(series([42.5] * 12)).reason == "cannot judge: no variation, every value is 42.5"


def test_an_empty_series():
    result = analyse([])
    assert not result.judged
    assert result.reason == "cannot judge: no figures"
    assert (result.points, result.segments, result.mean) == ((), (), None)


def test_a_single_point():
    result = analyse([("Mar 2023", 7.0)])
    assert result.reason == "too short to judge: 1 point, at least 12 needed"
    (point,) = result.points
    assert (point.value, point.mean, point.lower_limit, point.moving_range) == (7, 7, None, None)
    assert result.mean_moving_range is None


def test_gaps_are_skipped_and_named():
    data: list[float | None] = [*BASE[:4], None, *BASE[4:]]
    result = analyse(series(data))
    assert result.judged
    assert result.reason == "judged on 12 points; skipped p05 (no figure)"
    assert result.gaps == ("p05",)
    assert [p.period for p in result.points][3:5] == ["p04", "p06"]
    assert result.points[4].moving_range == 2  # p04 (12) to p06 (10), across the gap


def test_nan_and_infinity_are_skipped_and_named():
    data: list[float | None] = [*BASE, math.nan, math.inf]
    result = analyse(series(data))
    assert result.judged
    assert result.reason == (
        "judged on 12 points; skipped p13 (not a number), p14 (not a finite number)"
    )
    assert analyse(series([None, None])).reason == (
        "cannot judge: no figures; skipped p01 (no figure), p02 (no figure)"
    )


def _finite_everywhere(result: SpcResult) -> bool:
    """No inf or nan anywhere a caller reads: strict JSON refuses both."""
    json.dumps(result.to_dict(), allow_nan=False)
    return True


@pytest.mark.parametrize(
    "values",
    [
        [1e308, 1e308, -1e308],  # the sum overflows, and so does the moving range
        [1e308, -1e308] * 7,  # judgeable length: limits would be -inf and inf
        [1.7e308] * 13 + [-1.7e308],
        [1e308, 0.0] * 7,  # a finite moving range, but limits 2.66 of it away overflow
    ],
)
def test_figures_too_large_for_limits_are_not_judged(values):
    result = analyse(series(values), "up", target=5)
    assert not result.judged
    assert result.reason == "cannot judge: values too large to compute limits"
    assert (result.variation, result.assurance) == (None, None)
    assert (result.mean, result.lower_limit, result.upper_limit) == (None, None, None)
    assert result.mean_moving_range is None
    assert [p.value for p in result.points] == values
    assert not any(p.special_cause for p in result.points)
    assert _finite_everywhere(result)


def test_figures_too_large_in_the_latest_segment_say_since_the_rebase():
    result = analyse(series([*BASE, 1e308, -1e308, 1e308]), rebase=["p13"])
    assert (
        result.reason == "cannot judge: values since the rebase at p13 too large to compute limits"
    )
    assert result.points[0].mean == 11  # the earlier segment keeps its mean and limits
    assert _finite_everywhere(result)


def test_large_figures_whose_sum_alone_overflows_still_have_a_mean():
    """13 x 1e308 sums past the largest float, but the mean (1e308) and range (0) are finite."""
    result = analyse(series([1e308] * 13))
    assert result.reason == "cannot judge: no variation, every value is 1e+308"
    assert result.mean == 1e308
    assert _finite_everywhere(result)


def test_a_target_that_is_not_a_number_is_ignored_and_said():
    result = analyse(series(BASE), "up", target=math.nan)
    assert result.assurance is Assurance.NO_TARGET
    assert "target ignored" in result.reason


def test_a_repeated_period_is_an_error_naming_it():
    with pytest.raises(SpcError, match="'Mar 2023' appears more than once"):
        analyse([("Feb 2023", 1.0), ("Mar 2023", 2.0), ("Mar 2023", 3.0)])


def test_a_rebase_period_not_in_the_series_is_an_error_naming_it():
    with pytest.raises(SpcError, match="rebase at 'Apr 2030'"):
        analyse(series(BASE), rebase=["Apr 2030"])


def test_an_unknown_improvement_is_an_error_naming_the_choices():
    with pytest.raises(SpcError, match="expected one of up, down, neutral"):
        analyse(series(BASE), "sideways")


# -- what others read -----------------------------------------------------------------------
def test_to_dict_is_plain_json():
    result = analyse(series([*BASE, 15.5, 15.5]), "up", target=20, rebase=["p03"])
    data = json.loads(json.dumps(result.to_dict()))
    assert {"mean", "lower_limit", "upper_limit", "variation", "assurance", "judged"} <= set(data)
    assert {"reason", "points", "segments", "improvement", "target", "gaps"} <= set(data)
    assert data["variation"] == "improvement_high"
    assert data["assurance"] == "consistently_failing"
    assert data["variation_text"] == "Special cause variation: improvement (higher)"
    assert data["segments"] == [["p01", "p02"], ["p03", "p14"]]
    last = data["points"][-1]
    assert last["rules"] == ["two_of_three"]
    assert last["classification"] == "improvement"
    assert last["special_cause"] is True


def test_every_icon_and_rule_has_words_for_a_board_member():
    assert set(VARIATION_TEXT) == set(Variation)
    assert set(ASSURANCE_TEXT) == set(Assurance)
    assert set(RULE_TEXT) == {"beyond_limit", "run", "trend", "two_of_three"}
    assert VARIATION_TEXT[Variation.COMMON_CAUSE] == (
        "Common cause variation: no significant change"
    )
    assert ASSURANCE_TEXT[Assurance.HIT_AND_MISS] == (
        "The process will not consistently hit or miss the target"
    )


def test_results_are_frozen():
    result = analyse(series(BASE))
    with pytest.raises(AttributeError):
        result.mean = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.points[0].value = 3  # type: ignore[misc]

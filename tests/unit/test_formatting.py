"""The number policy: one rounding and one way to write each unit, for tables and sentences."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from trustboard.core import formatting
from trustboard.core.formatting import (
    MINUS,
    MISSING,
    as_decimal,
    as_written,
    change,
    count,
    figure,
    finite,
    half_up,
    number,
    percent,
    percent_change_words,
    ratio,
    ratio_shown,
    round_count,
    round_half_up,
    sentence_change,
    sentence_figure,
    sentence_shows_zero,
    whole_percent,
    words,
)

UNITS = ["count", "percentage", "days", "rate_per_10000"]
NOT_FIGURES = [
    None,
    math.inf,
    -math.inf,
    math.nan,
    "",
    "n/a",
    "1,234",
    "inf",
    "nan",
    True,
    False,
    Decimal("NaN"),
    Decimal("Infinity"),
    [1],
    object(),
]


# -- rounding -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "places", "rounded"),
    [
        (12.25, 1, "12.3"),  # f"{12.25:.1f}" is "12.2": the binary value rounds to even
        (1.005, 2, "1.01"),  # stored as 1.00499..., which round() takes down
        (0.285, 2, "0.29"),
        (2.5, 0, "3"),  # round(2.5) is 2
        (0.5, 0, "1"),
        (-2.5, 0, "-3"),  # halves go away from zero
        (-12.25, 1, "-12.3"),
        (1234.5, 0, "1235"),
        (1234.45, 1, "1234.5"),
        (Decimal("12.25"), 1, "12.3"),
        (5, 2, "5.00"),
        ("12.25", 1, "12.3"),
        (1e22, 0, "10000000000000000000000"),
    ],
)
def test_halves_round_away_from_zero_on_the_written_value(value, places, rounded):
    assert round_half_up(value, places) == Decimal(rounded)
    assert str(round_half_up(value, places)) == rounded


@pytest.mark.parametrize("value", NOT_FIGURES, ids=repr)
def test_no_figure_rounds_to_nothing(value):
    assert round_half_up(value) is None
    assert as_decimal(value) is None
    assert finite(value) is None


def test_a_float_is_read_as_python_prints_it():
    assert as_decimal(12.25) == Decimal("12.25")
    assert as_decimal(0.1) == Decimal("0.1")  # not 0.1000000000000000055511151231257827
    assert as_decimal(7) == Decimal(7)
    assert as_decimal(10**30) == Decimal(10**30)  # an int exactly, beyond a float's digits
    assert as_decimal(" 12.50 ") == Decimal("12.50")
    assert as_decimal(Fraction(1, 4)) == Decimal("0.25")


@pytest.mark.parametrize(
    ("value", "places", "rounded"),
    [(12.25, 1, 12.3), (1.005, 2, 1.01), (2.5, 0, 3.0), (-0.5, 0, -1.0), (845.5, 0, 846.0)],
)
def test_half_up_gives_the_printed_value_as_a_float(value, places, rounded):
    assert half_up(value, places) == rounded


def test_half_up_returns_a_value_that_is_not_finite_as_it_is():
    assert half_up(math.inf) == math.inf
    assert math.isnan(half_up(math.nan))


@pytest.mark.parametrize(
    ("value", "like", "expected"),
    [
        (0, None, 0),
        (84.5, None, 85),
        (845.5, None, 846),
        (3745, None, 3750),
        (3744.9, None, 3740),
        (12_345, None, 12_300),
        (99_950, None, 100_000),
        (987, 3750, 990),
        (1234.5, None, 1230),
    ],
)
def test_an_estimated_count_keeps_three_significant_figures(value, like, expected):
    assert round_count(value, like=like) == expected


def test_an_estimate_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="not a finite number"):
        round_count(math.nan)


# -- the plain number ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (1234, None, "1,234"),
        (1234.04, None, "1,234"),
        (1234.05, None, "1,234.1"),  # 0.05 from the whole number rounds up to .1
        (1234.5, None, "1,234.5"),
        (1234.949, None, "1,234.9"),
        (1234.95, None, "1,235"),  # rounds to 1,235.0 at one place: shown whole
        (0.05, None, "0.1"),
        (0.04, None, "0"),
        (-3.25, None, f"{MINUS}3.3"),
        (-0.04, None, "0"),  # no "−0"
        (1234567.891, 2, "1,234,567.89"),
        (2.5, 0, "3"),
        (12.25, 1, "12.3"),
        (-12.25, 1, f"{MINUS}12.3"),
        (-0.04, 1, "0.0"),
        (7, 2, "7.00"),
    ],
)
def test_numbers_have_commas_a_true_minus_and_the_whole_number_rule(value, places, shown):
    assert number(value, places) == shown


def test_trailing_zeros_can_be_trimmed_after_rounding():
    assert number(2.50, 2, trim=True) == "2.5"
    assert number(2.004, 2, trim=True) == "2"
    assert number(1200, 2, trim=True) == "1,200"


@pytest.mark.parametrize("value", NOT_FIGURES, ids=repr)
def test_every_formatter_shows_a_dash_for_no_figure_and_never_fails(value):
    for unit in UNITS:
        assert figure(value, unit) == MISSING
        assert change(value, unit) == MISSING
        assert sentence_figure(value, unit) == MISSING
        assert sentence_change(value, unit) == MISSING
        assert sentence_shows_zero(value, unit) is False
    for formatter in (number, count, percent, ratio, whole_percent, percent_change_words):
        assert formatter(value) == MISSING
    assert as_written(value) == MISSING


def test_huge_and_tiny_values_print_in_full_without_failing():
    assert count(1e300) == f"1{',000' * 100}"
    assert number(Decimal("1e999"), 0).startswith("1,000,000")
    assert number(5e-324, 1) == "0.0"
    assert count(10**30) == f"1{',000' * 10}"


# -- in a table: the cases the dashboard's filters print -------------------------------------------
@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1234, "count", "1,234"),
        (1234.04, "count", "1,234"),
        (1234.5, "count", "1,235"),  # whole, as the sentence about the row prints it
        (75.24, "percentage", "75.2%"),
        (75, "percentage", "75.0%"),
        (12.25, "percentage", "12.3%"),  # the filter once printed 12.2%
        (124, "days", "124 days"),
        (1, "days", "1 day"),
        (124.5, "days", "124.5 days"),
        (70.06, "rate_per_10000", "70.1 per 10,000"),
        (50, "rate_per_10000", "50.0 per 10,000"),
        (Decimal("12.5"), "count", "13"),
        (-3.2, "count", f"{MINUS}3"),
        (-0.04, "percentage", "0.0%"),
        (12.5, "fraction", "12.5"),  # an unknown unit: the bare figure
    ],
)
def test_table_figures_are_rounded_for_their_unit(value, unit, shown):
    assert figure(value, unit) == shown


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (4, "count", "+4"),
        (-50, "count", f"{MINUS}50"),
        (0, "count", "0"),
        (-2.5, "days", f"{MINUS}2.5"),
        (1.2, "percentage", "+1.2 points"),
        (1.25, "percentage", "+1.3 points"),
        (-0.04, "percentage", f"{MINUS}0.0 points"),  # a fall too small to print is a fall
        (0.02, "count", "+0"),
        (1234.5, "count", "+1,235"),
    ],
)
def test_changes_are_signed(value, unit, shown):
    assert change(value, unit) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (12.4, "+12%"),
        (12.5, "+13%"),
        (-4.46, f"{MINUS}4.5%"),
        (-4.45, f"{MINUS}4.5%"),
        (0, "0.0%"),
        (2500, "+2,500%"),
        (9.94, "+9.9%"),
        (9.95, "+10%"),  # 10.0 once rounded: whole, like every change from 10%
        (-9.96, f"{MINUS}10%"),
    ],
)
def test_percent_changes_drop_decimals_from_ten_percent(value, shown):
    assert percent(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1.8, "1.8"), (1, "1.0"), (4.05, "4.1"), (9.94, "9.9"), (9.96, "10"), (75.4, "75")],
)
def test_ratios_have_one_place_below_ten(value, shown):
    assert ratio(value) == shown


def test_whole_percentages():
    assert whole_percent(45.5) == "46%"
    assert whole_percent(24.5) == "25%"  # f"{24.5:.0f}" is "24"
    assert whole_percent(-3.5) == f"{MINUS}4%"


def test_counts_are_whole():
    assert count(845.5) == "846"
    assert count(2.5) == "3"  # f"{2.5:,.0f}" is "2"
    assert count(1733) == "1,733"


def test_words_read_stored_names():
    assert words("lower_is_better") == "lower is better"
    assert words("count") == "count"


# -- in a sentence --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1733, "count", "1,733"),
        (845.5, "count", "846"),
        (8.5, "percentage", "8.5%"),
        (29.04, "percentage", "29%"),
        (12.25, "percentage", "12.3%"),
        (124, "days", "124 days"),
        (1, "days", "1 day"),
        (0.96, "days", "1 day"),
        (50.06, "rate_per_10000", "50.1 per 10,000"),
        (50, "rate_per_10000", "50 per 10,000"),
        (11, "months", "11"),
    ],
)
def test_sentence_figures(value, unit, shown):
    assert sentence_figure(value, unit) == shown


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (-50, "count", "50"),
        (-2.5, "percentage", "2.5 percentage points"),
        (1, "percentage", "1 percentage point"),
        (0.96, "percentage", "1 percentage point"),
        (-3, "days", "3 days"),
    ],
)
def test_sentence_changes_are_unsigned_sizes(value, unit, shown):
    assert sentence_change(value, unit) == shown


@pytest.mark.parametrize(
    ("value", "unit", "zero"),
    [
        (0.4, "count", True),
        (0.5, "count", False),
        (0.04, "percentage", True),
        (-0.05, "percentage", False),
        (0.049, "rate_per_10000", True),
    ],
)
def test_a_change_that_prints_as_zero_is_known(value, unit, zero):
    assert sentence_shows_zero(value, unit) is zero


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (4.2, "4%"),
        (-4.5, "5%"),
        (49.4, "49%"),
        (49.6, "50%"),
        (60.0, "60%"),
        (62.2, "more than 60%"),
        (-64.0, "more than 60%"),
        (1234.0, "more than 1,230%"),
    ],
)
def test_percentage_changes_in_words(value, text):
    assert percent_change_words(value) == text


def test_a_table_and_a_sentence_show_the_same_figure():
    """The same rounding: only the trailing ".0" a table column keeps differs."""
    for value in (12.25, 8.35, 0.05, 99.95, 29.04, 1.005):
        table = figure(value, "percentage").removesuffix("%")
        sentence = sentence_figure(value, "percentage").removesuffix("%")
        assert Decimal(table) == Decimal(sentence)
    for value in (1234, 845, 12):
        assert figure(value, "count") == sentence_figure(value, "count")


# -- as written ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (42, "42"),
        (42.5, "42.5"),
        (0.07 * 100, "7"),  # 7.000000000000001 in binary
        (1.25, "1.25"),
        (1234.5, "1,234.5"),
        (1_000_000_000, "1,000,000,000"),
        (0.0123, "0.0123"),
        (1e308, "1e+308"),
        (1.5e-5, "1.5e-05"),
        (-0.5, f"{MINUS}0.5"),
        (0, "0"),
        (2_147_483_647, "2,147,483,647"),
    ],
)
def test_settings_are_written_back_as_given(value, shown):
    assert as_written(value) == shown


def test_as_written_rounds_to_its_significant_figures():
    assert as_written(2 / 3) == "0.6666666667"
    assert as_written(0.012345, significant=3) == "0.0123"


# -- properties ------------------------------------------------------------------------------------
FLOATS = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)
NUMBERS = FLOATS | st.integers(-(10**15), 10**15) | st.decimals(-(10**15), 10**15, places=4)


def _reference(value: object, places: int) -> str:
    """Half up by exact fractions on the written digits, with no Decimal rounding involved."""
    written = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    scaled = abs(written) * 10**places
    units = math.floor(scaled + Fraction(1, 2))
    whole, part = divmod(units, 10**places)
    text = f"{whole:,}" + (f".{part:0{places}d}" if places else "")
    return MINUS + text if written < 0 and units else text


@given(NUMBERS, st.integers(0, 4))
@example(12.25, 1)
@example(1.005, 2)
@example(-2.5, 0)
@example(1234.5, 0)
def test_a_number_prints_as_its_half_up_rounded_decimal(value, places):
    assert number(value, places) == _reference(value, places)
    rounded = round_half_up(value, places)
    assert rounded is not None
    assert number(value, places) == number(rounded, places)


@given(NUMBERS)
@example(1234.95)
@example(1234.05)
def test_the_whole_number_rule_is_one_place_without_a_trailing_zero(value):
    one_place = number(value, 1)
    expected = number(value, 0) if one_place.endswith(".0") else one_place
    assert number(value) == expected


@given(NUMBERS, st.sampled_from(UNITS))
def test_a_table_figure_is_its_rounded_value_in_its_unit(value, unit):
    rounded = round_half_up(value, 0 if unit == "count" else 1)
    assert figure(value, unit) == figure(rounded, unit)
    if unit in ("percentage", "rate_per_10000"):
        assert figure(value, unit).startswith(_reference(value, 1))


@given(NUMBERS)
def test_a_sentence_count_is_the_table_count_rounded_whole(value):
    assert sentence_figure(value, "count") == figure(value, "count") == count(value)
    assert count(value) == _reference(value, 0)


def test_every_public_name_is_listed():
    public = {name for name in dir(formatting) if not name.startswith("_")}
    assert set(formatting.__all__) <= public


def test_ratios_are_compared_as_printed():
    assert ratio_shown(1.84) == ratio_shown(1.76) == Decimal("1.8")
    assert ratio_shown(9.96) == Decimal("10")
    assert ratio_shown(None) is None

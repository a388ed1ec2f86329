"""The template filters that print figures: as the board reads them, and never a crash."""

import math
from decimal import Decimal

import pytest

from trustboard.web.templatetags import change, figure, percent

NOT_FIGURES = [None, math.inf, -math.inf, math.nan, "", "n/a", Decimal("NaN")]


@pytest.mark.parametrize("value", NOT_FIGURES, ids=repr)
@pytest.mark.parametrize("unit", ["count", "percentage", "days", "rate_per_10000"])
def test_no_figure_or_a_non_finite_one_shows_a_dash(value, unit):
    """An infinite percent change (from 0) used to crash the indicator page with an error."""
    assert figure(value, unit) == "–"
    assert change(value, unit) == "–"
    assert percent(value) == "–"


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1234, "count", "1,234"),
        (1234.04, "count", "1,234"),
        # A count is whole wherever it is printed: the report's sentence about this row says 1,235.
        (1234.5, "count", "1,235"),
        (75.24, "percentage", "75.2%"),
        (75, "percentage", "75.0%"),
        (124, "days", "124 days"),
        (70.06, "rate_per_10000", "70.1 per 10,000"),
        (Decimal("12.5"), "count", "13"),
    ],
)
def test_figures_are_rounded_for_their_unit(value, unit, shown):
    assert figure(value, unit) == shown


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (4, "count", "+4"),
        (-50, "count", "−50"),
        (0, "count", "0"),
        (-2.5, "days", "−2.5"),
        (1.2, "percentage", "+1.2 points"),
        (-0.04, "percentage", "−0.0 points"),
    ],
)
def test_changes_are_signed(value, unit, shown):
    assert change(value, unit) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(12.4, "+12%"), (-4.46, "−4.5%"), (0, "0.0%"), (2500, "+2,500%")]
)
def test_percent_changes_drop_decimals_from_ten_percent(value, shown):
    assert percent(value) == shown

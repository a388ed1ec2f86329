"""How the command writes what it computes: SPC figures, and years of synthetic data."""

from __future__ import annotations

from datetime import date

import pytest

from trustboard.cli.commands.records import years_before
from trustboard.cli.output import spc_figure, written


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (11.642857, "11.64"),
        (15.5, "15.5"),
        (20.0, "20"),
        (0, "0"),
        (1234.567, "1,234.57"),
        (-3.125, "−3.13"),  # halves away from zero, with the typographic minus
        (0.012345, "0.0123"),
        (None, "none"),
    ],
)
def test_spc_figures_have_two_places_or_three_significant_figures_below_one(value, text):
    assert spc_figure(value) == text


def test_a_target_is_written_back_as_given():
    assert written(20.0) == "20"
    assert written(7.5) == "7.5"
    assert written(None) == "none"


@pytest.mark.parametrize(
    ("end", "years", "start"),
    [
        (date(2024, 3, 31), 2, date(2022, 4, 1)),
        (date(2023, 12, 31), 1, date(2023, 1, 1)),
        (date(2024, 2, 28), 1, date(2023, 3, 1)),  # not 29 February 2023, which is not a day
    ],
)
def test_synthetic_years_end_on_the_last_day_asked(end, years, start):
    assert years_before(end, years) == start

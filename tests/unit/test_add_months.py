"""Moving a date by whole months, the one rule periods and due dates share."""

from __future__ import annotations

from datetime import date

import pytest

from trustboard.core.periods import PeriodError, add_months


@pytest.mark.parametrize(
    ("start", "months", "moved"),
    [
        (date(2023, 1, 15), 1, date(2023, 2, 15)),
        (date(2023, 3, 31), -1, date(2023, 2, 28)),  # the day is clamped to the month's end
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2023, 1, 31), 3, date(2023, 4, 30)),
        (date(2022, 11, 30), 2, date(2023, 1, 30)),
        (date(2023, 6, 1), -18, date(2021, 12, 1)),
        (date(2023, 6, 1), 0, date(2023, 6, 1)),
    ],
)
def test_dates_move_by_whole_months(start, months, moved):
    assert add_months(start, months) == moved


def test_moving_past_the_calendar_is_a_period_error():
    with pytest.raises(PeriodError):
        add_months(date(2023, 1, 1), 12 * 10**5)

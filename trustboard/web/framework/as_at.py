"""The reporting period a page is as at, read once from the request for every dashboard page."""

from __future__ import annotations

from django.http import HttpRequest

from trustboard.core import periods
from trustboard.core.periods import PeriodError
from trustboard.web.framework import queries


def reporting_period(request: HttpRequest) -> tuple[periods.Period | None, str]:
    """The period the dashboard is as at: ?as_at=..., else the partnership's, else the latest.

    Returns the period and an error message if the visitor asked for one we cannot read.
    """
    asked = request.GET.get("as_at", "").strip()
    message = ""
    if asked:
        try:
            return queries.parse_as_at(asked), ""
        except PeriodError as error:
            message = str(error)
    return queries.default_as_at(), message


def quarter_choices(as_at: periods.Period | None, count: int = 8) -> list[str]:
    """The latest quarters, offered in the reporting-period box."""
    choices: list[str] = []
    if as_at is None:
        return choices
    quarter = queries.quarter_containing(as_at.end)
    for _ in range(count):
        choices.append(quarter.label)
        try:
            quarter = quarter.previous()
        except (PeriodError, ValueError):
            break
    return choices

"""EES time periods as trustboard periods.

The time identifiers are the DfE analysts' guide's "List of allowable time values" and the
service's own enum (explore-education-statistics, ``Common/Model/TimeIdentifier.cs``); those
trustboard has no period for are refused saying why.
"""

from __future__ import annotations

import calendar
import re

from trustboard.core import periods
from trustboard.core.periods import Basis, Period, PeriodError

__all__ = ["SUPPORTED_TIME_IDENTIFIERS", "TIME_IDENTIFIERS", "dfe_period"]


_MONTHS = {calendar.month_name[number].lower(): number for number in range(1, 13)}

SUPPORTED_TIME_IDENTIFIERS = (
    "Reporting year",
    "Calendar year",
    "Financial year",
    "Academic year",
    "Financial year Q1 to Q4",
    "Calendar year Q1 to Q4",
    "January to December",
)

_UNSUPPORTED = {
    "tax year": "a tax year runs from 6 April, and trustboard has no such period",
    "part 1 (april to september)": "trustboard has no half-year periods",
    "part 2 (october to march)": "trustboard has no half-year periods",
    "autumn term": "EES terms are the three school terms, and trustboard's are two-month blocks",
    "spring term": "EES terms are the three school terms, and trustboard's are two-month blocks",
    "summer term": "EES terms are the three school terms, and trustboard's are two-month blocks",
    "autumn and spring term": "trustboard has no period for two school terms",
    **{
        f"academic year q{n}": "EES does not fix the months of an academic-year quarter "
        "(further education years start in August)"
        for n in range(1, 5)
    },
    **{
        f"week {n}": "EES does not say how its weeks are numbered; import weekly figures "
        "with dates instead"
        for n in range(1, 53)
    },
}

TIME_IDENTIFIERS: tuple[str, ...] = (
    "Reporting year",
    "Calendar year",
    "Financial year",
    "Academic year",
    *(f"Financial year Q{n}" for n in range(1, 5)),
    *(f"Calendar year Q{n}" for n in range(1, 5)),
    *(m.capitalize() for m in _MONTHS),
)
"""The EES time identifiers :func:`dfe_period` turns into trustboard periods."""

_SUPPORTED_TEXT = "supported: " + ", ".join(SUPPORTED_TIME_IDENTIFIERS)


def _year(time_period: str, identifier: str) -> int:
    if not re.fullmatch(r"\d{4}", time_period):
        raise PeriodError(
            f"time_period {time_period!r} with {identifier!r}: expected a year of 4 digits "
            "such as 2024"
        )
    return int(time_period)


def _year_pair(time_period: str, identifier: str) -> int:
    """The first year of a six-digit pair (202324 -> 2023), which must be consecutive years."""
    match = re.fullmatch(r"(\d{4})(\d{2})", time_period)
    if match is None:
        raise PeriodError(
            f"time_period {time_period!r} with {identifier!r}: expected a year pair of 6 digits "
            "such as 202324"
        )
    first = int(match[1])
    if (first + 1) % 100 != int(match[2]):
        raise PeriodError(
            f"time_period {time_period!r}: the two years must be consecutive, as in 202324"
        )
    return first


def dfe_period(time_period: str, time_identifier: str, basis: Basis) -> Period:
    """The trustboard period an EES ``time_period`` and ``time_identifier`` name.

    "Reporting year" is EES's year for data that fits no other kind of year: a count taken on
    one day or over a collection year, named by the year it is reported in. The children's
    social care collections that use it (children looked after, children in need) cover the
    year ending 31 March, so "Reporting year 2024" is the year to 31 March 2024: financial
    year 2023/24, whose last day is the 31 March snapshot. For an indicator counted in academic
    or calendar years the same reporting year is the academic year ending in 2024 (2023/24) or
    calendar year 2024; the indicator's ``basis`` says which.

    Calendar quarters are the same three months as financial quarters, so "Calendar year Q1"
    2024 (January to March 2024) is Q4 2023/24. Anything else raises :class:`PeriodError`
    naming the identifier and what is supported.
    """
    identifier = " ".join(str(time_identifier).lower().split())
    time_period = str(time_period).strip()
    shown = str(time_identifier).strip()
    if identifier == "reporting year":
        year = _year(time_period, shown)
        match Basis(basis):
            case Basis.FINANCIAL:
                return periods.financial_year(year - 1)
            case Basis.ACADEMIC:
                return periods.academic_year(year - 1)
            case Basis.CALENDAR:
                return periods.calendar_year(year)
    if identifier == "calendar year":
        return periods.calendar_year(_year(time_period, shown))
    if identifier == "financial year":
        return periods.financial_year(_year_pair(time_period, shown))
    if identifier == "academic year":
        return periods.academic_year(_year_pair(time_period, shown))
    if identifier in _MONTHS:
        return periods.month(_year(time_period, shown), _MONTHS[identifier])
    quarter = re.fullmatch(r"(financial|calendar) year q([1-4])", identifier)
    if quarter is not None:
        number = int(quarter[2])
        if quarter[1] == "financial":
            return periods.quarter(_year_pair(time_period, shown), number)
        year = _year(time_period, shown)
        return periods.quarter(year - 1, 4) if number == 1 else periods.quarter(year, number - 1)
    if identifier in _UNSUPPORTED:
        raise PeriodError(
            f"time_identifier {shown!r} is an EES time period trustboard cannot hold: "
            f"{_UNSUPPORTED[identifier]}; {_SUPPORTED_TEXT}"
        )
    raise PeriodError(f"time_identifier {shown!r} is not an EES time identifier; {_SUPPORTED_TEXT}")

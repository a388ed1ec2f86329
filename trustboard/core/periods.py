"""Reporting periods: the one place that parses, prints and does arithmetic on them.

Board reports mix financial years (April to March), academic years (September to August) with
their terms, calendar years, months, weeks and "at 31 March" snapshots, and write each several
ways ("2022/23", "22/23", "Q3 2022/23", "Mar-23"). Everything else in trustboard holds a
:class:`Period` and asks this module; nothing else parses a period label.

Terms are modelled as six two-month blocks of the academic year (Term 1 = September and
October ... Term 6 = July and August). Real term dates differ by area and year by a week or two;
month-aligned terms keep year-on-year comparisons exact, which is what the reports use them for.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "Basis",
    "Kind",
    "Period",
    "PeriodError",
    "Span",
    "academic_year",
    "add_months",
    "calendar_year",
    "financial_year",
    "month",
    "parse",
    "quarter",
    "snapshot",
    "term",
    "week",
]

MIN_YEAR = 1900
MAX_YEAR = 2199
"""The years a period may fall in. Board data starts in the 2000s; outside these years a label
is a typo ("Apr 0001", "Dec 9999") that would otherwise print as something that does not read
back, or overflow the date arithmetic."""
SUPPORTED_YEARS = f"a year from {MIN_YEAR} to {MAX_YEAR}"

FINANCIAL_YEAR_START_MONTH = 4
ACADEMIC_YEAR_START_MONTH = 9
TERMS_PER_YEAR = 6
MONTHS = [calendar.month_abbr[i] for i in range(1, 13)]
MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTH_NAMES["sept"] = 9


class PeriodError(ValueError):
    """A label that is not a period we know, with what was expected."""


def _year_error(year: int) -> PeriodError:
    return PeriodError(
        f"year {year} is outside the years trustboard supports: expected {SUPPORTED_YEARS}"
    )


def _check_year(year: int) -> int:
    """``year`` if periods may fall in it, else :class:`PeriodError` naming the range."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _year_error(year)
    return year


class Kind(StrEnum):
    FINANCIAL_YEAR = "financial_year"
    ACADEMIC_YEAR = "academic_year"
    CALENDAR_YEAR = "calendar_year"
    QUARTER = "quarter"
    MONTH = "month"
    TERM = "term"
    WEEK = "week"
    SNAPSHOT = "snapshot"


class Basis(StrEnum):
    """Which kind of year a bare "2022/23" means, and which year "year to date" runs in."""

    FINANCIAL = "financial"
    ACADEMIC = "academic"
    CALENDAR = "calendar"


def add_months(d: date, months: int) -> date:
    """Move a date by whole months, clamping the day (31 March - 1 month = 28/29 February).

    Public because due dates (an action's next update, months after the last) move by months
    the same way periods do; one rule for the end of a short month keeps them agreeing.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:
        raise _year_error(year)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))


def _month_end(year: int, month_: int) -> date:
    if not date.min.year <= year <= date.max.year:
        raise _year_error(year)
    return date(year, month_, calendar.monthrange(year, month_)[1])


def _year_pair(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _short_pair(start_year: int) -> str:
    return f"{start_year % 100:02d}/{(start_year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Span:
    """An inclusive range of dates: a window that observations fall into."""

    start: date
    end: date

    def contains(self, period: Period) -> bool:
        return self.start <= period.start and period.end <= self.end

    def shift_years(self, years: int) -> Span:
        return Span(add_months(self.start, 12 * years), _shift_end(self.end, years))

    def months(self) -> list[Period]:
        """The calendar months wholly inside the span, oldest first."""
        result = []
        current = month(self.start.year, self.start.month)
        if current.start < self.start:
            current = current.next()
        while current.end <= self.end:
            result.append(current)
            if current.end == self.end:
                break  # the month after may lie beyond the supported years
            current = current.next()
        return result


def _add_days(d: date, days: int) -> date:
    """``d`` moved by ``days``; beyond the calendar's first or last day a :class:`PeriodError`."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        raise _year_error(d.year + (1 if days > 0 else -1) * (abs(days) // 365 + 1)) from None


def _shift_end(end: date, years: int) -> date:
    """Shift an end date by whole years, keeping month ends at month ends (29 Feb -> 28 Feb)."""
    if end == _month_end(end.year, end.month):
        return _month_end(end.year + years, end.month)
    return add_months(end, 12 * years)


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: a kind and the inclusive dates it covers.

    Ordering is by start date, then end date, so a series sorts chronologically. Build periods
    with the constructors below (``month(2023, 3)``) or :func:`parse`; they validate.
    """

    start: date
    end: date
    kind: Kind

    def __post_init__(self) -> None:
        for day in (self.start, self.end):
            _check_year(day.year)

    # -- printing ---------------------------------------------------------------------------
    @property
    def label(self) -> str:
        """The canonical label: what trustboard prints and stores."""
        return self._format(short=False)

    @property
    def short_label(self) -> str:
        """The compact form the reports also use ("22/23", "Term 4 22/23")."""
        return self._format(short=True)

    def _format(self, short: bool) -> str:
        pair = _short_pair if short else _year_pair
        match self.kind:
            case Kind.FINANCIAL_YEAR:
                return pair(self.start.year)
            case Kind.ACADEMIC_YEAR:
                return f"AY {pair(self.start.year)}"
            case Kind.CALENDAR_YEAR:
                return str(self.start.year)
            case Kind.QUARTER:
                fy = _financial_year_start(self.start)
                number = (self.start.month - FINANCIAL_YEAR_START_MONTH) % 12 // 3 + 1
                return f"Q{number} {pair(fy)}"
            case Kind.MONTH:
                if short:
                    return f"{MONTHS[self.start.month - 1]}-{self.start.year % 100:02d}"
                return f"{MONTHS[self.start.month - 1]} {self.start.year}"
            case Kind.TERM:
                ay = _academic_year_start(self.start)
                number = (self.start.month - ACADEMIC_YEAR_START_MONTH) % 12 // 2 + 1
                return f"Term {number} {pair(ay)}"
            case Kind.WEEK:
                return f"week of {self.start:%d/%m/%Y}"
            case Kind.SNAPSHOT:
                if short:
                    return f"at {self.start:%d/%m/%Y}"
                name = calendar.month_name[self.start.month]
                return f"at {self.start.day} {name} {self.start.year}"
        raise AssertionError(self.kind)  # pragma: no cover

    def __str__(self) -> str:
        return self.label

    # -- arithmetic -------------------------------------------------------------------------
    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def next(self) -> Period:
        return self._step(1)

    def previous(self) -> Period:
        return self._step(-1)

    def _step(self, n: int) -> Period:
        match self.kind:
            case Kind.WEEK:
                return week(_add_days(self.start, 7 * n))
            case Kind.SNAPSHOT:
                return snapshot(_add_days(self.start, n))
            case _:
                months = self.months_long
                start = add_months(self.start, months * n)
                return Period(start, add_months(start, months) - timedelta(days=1), self.kind)

    @property
    def months_long(self) -> int:
        """How many months a month-aligned period covers (0 for weeks and snapshots)."""
        return {
            Kind.FINANCIAL_YEAR: 12,
            Kind.ACADEMIC_YEAR: 12,
            Kind.CALENDAR_YEAR: 12,
            Kind.QUARTER: 3,
            Kind.TERM: 2,
            Kind.MONTH: 1,
        }.get(self.kind, 0)

    def shift_years(self, years: int) -> Period:
        """The same period ``years`` later (negative: earlier).

        A week moves by 52 weeks per year so it stays a Monday-to-Sunday week; a snapshot on
        29 February lands on 28 February.
        """
        match self.kind:
            case Kind.WEEK:
                return week(_add_days(self.start, 7 * 52 * years))
            case Kind.SNAPSHOT:
                if _is_month_end(self.start):
                    return snapshot(_shift_end(self.start, years))
                return snapshot(add_months(self.start, 12 * years))
            case _:
                start = add_months(self.start, 12 * years)
                return Period(start, _shift_end(self.end, years), self.kind)

    def year(self, basis: Basis) -> Period:
        """The financial, academic or calendar year that this period starts in.

        For a period inside one year this is simply its year. A period that straddles the
        start of a year (the week of 27 March 2023, Term 4 = March and April in a financial
        year) belongs to the year it starts in, so that its year to date contains it.
        """
        return year_containing(self.start, basis)

    def year_to_date(self, basis: Basis) -> Span:
        """From the start of this period's year (:meth:`year`) to the end of this period."""
        return Span(self.year(basis).start, self.end)

    def rolling_12_months(self) -> Span:
        """The 12 months ending with this period (for a mid-month snapshot, up to that day)."""
        return Span(_shift_end(self.end, -1) + timedelta(days=1), self.end)

    def months_into_year(self, basis: Basis) -> int:
        """Whole months from the start of the year to the end of this period ("first 9 months")."""
        year_start = self.year(basis).start
        whole = (self.end.year - year_start.year) * 12 + self.end.month - year_start.month
        return whole + (1 if _is_month_end(self.end) else 0)

    def in_year(self, year: Period) -> Period:
        """The same period moved into another year of the same basis (a baseline year).

        A week moves by whole 52-week years, which drifts about a day a year against the
        calendar; if that carries it out of ``year`` it is stepped back in.
        """
        basis = _basis_of_year(year)
        moved = self.shift_years(year.start.year - self.year(basis).start.year)
        if moved.kind is Kind.WEEK:
            while moved.start > year.end:
                moved = moved.previous()
            while moved.start < year.start:
                moved = moved.next()
        return moved


def _is_month_end(d: date) -> bool:
    return d == _month_end(d.year, d.month)


def _financial_year_start(d: date) -> int:
    return d.year if d.month >= FINANCIAL_YEAR_START_MONTH else d.year - 1


def _academic_year_start(d: date) -> int:
    return d.year if d.month >= ACADEMIC_YEAR_START_MONTH else d.year - 1


def _basis_of_year(year: Period) -> Basis:
    try:
        return {
            Kind.FINANCIAL_YEAR: Basis.FINANCIAL,
            Kind.ACADEMIC_YEAR: Basis.ACADEMIC,
            Kind.CALENDAR_YEAR: Basis.CALENDAR,
        }[year.kind]
    except KeyError:
        raise PeriodError(f"{year.label} is not a year") from None


# -- constructors -----------------------------------------------------------------------------
def financial_year(start_year: int) -> Period:
    """Financial year starting 1 April ``start_year``: ``financial_year(2022)`` is 2022/23."""
    _check_year(start_year)
    return Period(date(start_year, 4, 1), date(start_year + 1, 3, 31), Kind.FINANCIAL_YEAR)


def academic_year(start_year: int) -> Period:
    _check_year(start_year)
    return Period(date(start_year, 9, 1), date(start_year + 1, 8, 31), Kind.ACADEMIC_YEAR)


def calendar_year(year: int) -> Period:
    _check_year(year)
    return Period(date(year, 1, 1), date(year, 12, 31), Kind.CALENDAR_YEAR)


def quarter(fy_start_year: int, number: int) -> Period:
    """Financial quarter: Q1 = April to June ... Q4 = January to March."""
    if not 1 <= number <= 4:
        raise PeriodError(f"quarter {number}: expected a quarter from 1 to 4")
    _check_year(fy_start_year)
    start = add_months(date(fy_start_year, 4, 1), 3 * (number - 1))
    return Period(start, add_months(start, 3) - timedelta(days=1), Kind.QUARTER)


def month(year: int, month_: int) -> Period:
    if not 1 <= month_ <= 12:
        raise PeriodError(f"month {month_}: expected a month from 1 to 12")
    _check_year(year)
    return Period(date(year, month_, 1), _month_end(year, month_), Kind.MONTH)


def term(ay_start_year: int, number: int) -> Period:
    """Academic term as a two-month block: Term 1 = September and October."""
    if not 1 <= number <= TERMS_PER_YEAR:
        raise PeriodError(f"term {number}: expected a term from 1 to {TERMS_PER_YEAR}")
    _check_year(ay_start_year)
    start = add_months(date(ay_start_year, 9, 1), 2 * (number - 1))
    return Period(start, add_months(start, 2) - timedelta(days=1), Kind.TERM)


def week(day: date) -> Period:
    """The Monday-to-Sunday week containing ``day``, labelled by its Monday."""
    _check_year(day.year)
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6), Kind.WEEK)


def snapshot(day: date) -> Period:
    """A point-in-time count ("at 31 March 2023")."""
    _check_year(day.year)
    return Period(day, day, Kind.SNAPSHOT)


def year_containing(day: date, basis: Basis) -> Period:
    match basis:
        case Basis.FINANCIAL:
            return financial_year(_financial_year_start(day))
        case Basis.ACADEMIC:
            return academic_year(_academic_year_start(day))
        case Basis.CALENDAR:
            return calendar_year(day.year)
    raise PeriodError(f"unknown basis {basis!r}")  # pragma: no cover


# -- parsing ----------------------------------------------------------------------------------
_PAIR = r"(?P<y1>\d{4}|\d{2})\s*[/-]\s*(?P<y2>\d{4}|\d{2})"
_DATE_NUMERIC = r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
_DATE_ISO = r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
_DATE_WORDS = r"(?P<wd>\d{1,2})(?:st|nd|rd|th)?\s+(?P<wm>[a-z]+)\s+(?P<wy>\d{4})"
_ANY_DATE = rf"(?:{_DATE_NUMERIC}|{_DATE_ISO}|{_DATE_WORDS})"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("quarter", re.compile(rf"^q(?P<n>\d)\s+(?:fy\s*)?{_PAIR}$")),
    ("quarter", re.compile(rf"^(?:fy\s*)?{_PAIR}\s+q(?P<n>\d)$")),
    ("term", re.compile(rf"^(?:term|t)\s*(?P<n>\d)\s+(?:ay\s*)?{_PAIR}$")),
    ("academic_year", re.compile(rf"^(?:ay|academic year)\s*{_PAIR}$")),
    ("financial_year", re.compile(rf"^(?:fy|financial year)\s*{_PAIR}$")),
    ("month_iso", re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})$")),
    # "03/2023" is March 2023; it must be tried before the year pair, which it also fits.
    ("month_numeric", re.compile(r"^(?P<m>\d{1,2})/(?P<y>\d{4})$")),
    ("year_pair", re.compile(rf"^{_PAIR}$")),
    ("calendar_year", re.compile(r"^(?P<y>\d{4})$")),
    ("month_words", re.compile(r"^(?P<mn>[a-z]+)[\s-]+(?P<y>\d{4}|\d{2})$")),
    ("iso_week", re.compile(r"^(?P<y>\d{4})-?w(?P<w>\d{2})$")),
    (
        "week",
        re.compile(rf"^(?:week of|week commencing|w/c|wc)\s+{_ANY_DATE}$"),
    ),
    ("snapshot", re.compile(rf"^(?:at|as at|on)?\s*{_ANY_DATE}$")),
]

EXPECTED = (
    'a period such as "2022/23", "22/23", "AY 2022/23", "2022", "Q3 2022/23", "Mar 2023", '
    '"Term 4 22/23", "week of 14/03/2022" or "at 31 March 2023"'
)


def _full_year(text: str) -> int:
    """Two-digit years are 20xx: the reports start in the 2000s."""
    value = int(text)
    return value + 2000 if len(text) == 2 else value


def _pair_start(match: re.Match[str]) -> int:
    """The first year of a pair; a two-digit second year follows the first ("1999/00")."""
    first = _full_year(match["y1"])
    if len(match["y2"]) == 2:
        second = first - first % 100 + int(match["y2"])
        if second <= first:
            second += 100
    else:
        second = int(match["y2"])
    _check_year(first)
    if second != first + 1:
        raise PeriodError("the years must be consecutive, as in 2022/23")
    return first


def _date_from(match: re.Match[str]) -> date:
    if match["y"] is not None:
        parts = (match["y"], match["m"], match["d"])
    elif match["iy"] is not None:
        parts = (match["iy"], match["im"], match["id"])
    else:
        month_number = MONTH_NAMES.get(match["wm"])
        if month_number is None:
            raise PeriodError(f"{match['wm']!r} is not a month name")
        parts = (match["wy"], str(month_number), match["wd"])
    _check_year(int(parts[0]))
    try:
        return date(*(int(part) for part in parts))
    except ValueError as error:
        raise PeriodError(f"not a real date ({error}); expected a day such as 31/03/2023") from None


def parse(label: str, basis: Basis | str = Basis.FINANCIAL) -> Period:
    """Read any period label the reports use.

    ``basis`` says what a bare year pair ("2022/23") means: a financial year unless the
    indicator counts in academic years. Raises :class:`PeriodError` naming the label and what
    was expected, also for a year outside :data:`MIN_YEAR` to :data:`MAX_YEAR`; no other error
    escapes, whatever the text.
    """
    if isinstance(label, Period):
        return label
    try:
        basis = Basis(basis)
    except ValueError:
        allowed = ", ".join(b.value for b in Basis)
        raise PeriodError(f"unknown basis {basis!r}: expected one of {allowed}") from None
    text = " ".join(str(label).strip().lower().replace("\u2013", "-").split())
    if not text:
        raise PeriodError(f"{label!r} is not a period: expected {EXPECTED}")
    try:
        period = _parse_text(text, basis)
    except PeriodError as error:
        raise PeriodError(f"{label!r}: {error}") from None
    if period is None:
        raise PeriodError(f"{label!r} is not a period: expected {EXPECTED}")
    return period


def _parse_text(text: str, basis: Basis) -> Period | None:
    """The period a normalised label names, or None if no pattern fits."""
    for name, pattern in _PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        match name:
            case "quarter":
                return quarter(_pair_start(match), int(match["n"]))
            case "term":
                return term(_pair_start(match), int(match["n"]))
            case "academic_year":
                return academic_year(_pair_start(match))
            case "financial_year":
                return financial_year(_pair_start(match))
            case "year_pair":
                start = _pair_start(match)
                if basis is Basis.ACADEMIC:
                    return academic_year(start)
                return financial_year(start)
            case "calendar_year":
                return calendar_year(int(match["y"]))
            case "month_iso" if int(match["m"]) == (int(match["y"]) + 1) % 100:
                # "2012-13" is the year pair, as the reports write it, not December 2012.
                return _parse_text(f"{match['y']}/{match['m']}", basis)
            case "month_iso" | "month_numeric":
                return month(int(match["y"]), int(match["m"]))
            case "month_words":
                number = MONTH_NAMES.get(match["mn"])
                if number is None:
                    raise PeriodError(f"{match['mn']!r} is not a month name; expected {EXPECTED}")
                return month(_full_year(match["y"]), number)
            case "iso_week":
                _check_year(int(match["y"]))
                try:
                    return week(date.fromisocalendar(int(match["y"]), int(match["w"]), 1))
                except ValueError:
                    raise PeriodError("no such ISO week") from None
            case "week":
                return week(_date_from(match))
            case "snapshot":
                return snapshot(_date_from(match))
    return None

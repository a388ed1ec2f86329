"""The early help page: the board report's early help section, from the measures' figures.

The seed report argues in four steps, and the page follows them: assessments (S&Ns) by agency
each month, with the health visitor pilot shown apart; each agency's MASH contacts against the
assessments it completes, as a ratio; the share of contacts that end in no further action, by
source; and the year's assessments against the 5,000 / 7,500 / 10,000 targets.

Everything here reads :class:`MeasureFigure` rows (aggregates computed from record-level
extracts by ``trustboard compute``) up to the end of the same reporting period the overview is
as at, except the year-end projection, which reads the indicator's observations exactly as
the indicator page does, so the two pages cannot give different projections.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from trustboard.core import periods
from trustboard.core.catalogue import EARLY_HELP_DEFAULTS, EARLY_HELP_ROLES
from trustboard.core.formatting import ratio, ratio_shown, whole_percent
from trustboard.core.periods import Kind, Period
from trustboard.measures.sources import AGENCIES
from trustboard.web.framework.models import Partnership
from trustboard.web.measures.models import MeasureFigure

# What the page shows, each read from the measure the partnership's framework names for it
# (``early_help:``), else the usual id (:data:`EARLY_HELP_DEFAULTS`).
EHA = "assessments"
EHA_PILOT = "assessments_by_pilot"
NFA = "nfa"
NFA_12_MONTHS = "nfa_12_months"
CONTACTS_PER_EHA = "contacts_per_assessment"
EHA_PER_CONTACT = "assessments_per_contact"
CONTACTS_PER_EHA_WITHOUT_PILOT = "contacts_per_assessment_without_pilot"
ROLES = EARLY_HELP_ROLES


def measure_ids() -> dict[str, str]:
    """Each part of the page and the measure id it reads, for this partnership."""
    partnership = Partnership.current()
    chosen = partnership.early_help_measures if partnership is not None else {}
    return {role: chosen.get(role) or EARLY_HELP_DEFAULTS[role] for role in ROLES}


MONTHS_SHOWN = 24
"""Months of assessments and of the monthly NFA share on the charts: two years, so a month can
be seen beside the same month last year."""
YEARS_BEFORE = 3
"""Complete financial years shown before the projected one on the chart of years to target."""

HEALTH = "Health"
PILOT = "Health visitor pilot"
HEALTH_WITH_PILOT = "Health with pilot"
ALL_AGENCIES = "All agencies"
PILOT_VALUES = {"true", "1", "yes", "y"}
"""How the pilot flag's breakdown value reads when an assessment was part of the pilot."""


# -- reading the figures ----------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One stored measure figure: value, and the counts behind it."""

    period: Period
    breakdown: str
    value: float
    numerator: float
    denominator: float | None


class Figures:
    """The early help measures' figures, by measure, month and breakdown ("" = all)."""

    def __init__(self, rows: Iterable[tuple[str, Figure]], ids: dict[str, str] | None = None):
        self.ids = ids if ids is not None else dict(EARLY_HELP_DEFAULTS)
        """The measure id each part of the page was read from (:func:`measure_ids`)."""
        self._by: dict[str, dict[Period, dict[str, Figure]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        for measure, row in rows:
            self._by[measure][row.period][row.breakdown] = row

    @classmethod
    def load(cls, until: date | None, ids: dict[str, str] | None = None) -> Figures:
        """Every figure the page reads (``ids``, else :func:`measure_ids`) for a month ending on
        or before ``until``, filed under the part of the page it is for."""
        ids = ids if ids is not None else measure_ids()
        role_of = {measure: role for role, measure in ids.items()}
        query = MeasureFigure.objects.filter(measure__in=role_of)
        if until is not None:
            query = query.filter(period_end__lte=until)
        parsed: dict[str, Period] = {}
        rows = []
        for measure, label, breakdown, value, numerator, denominator in query.values_list(
            "measure", "period", "breakdown", "value", "numerator", "denominator"
        ):
            if label not in parsed:
                parsed[label] = periods.parse(label)
            period = parsed[label]
            if period.kind is not Kind.MONTH:
                continue  # every early help measure is monthly; anything else is not ours
            figure = Figure(period, breakdown, value, numerator, denominator)
            rows.append((role_of[measure], figure))
        return cls(rows, ids)

    def months(self, measure: str) -> list[Period]:
        return sorted(self._by.get(measure, {}))

    def latest(self, *measures: str) -> Period | None:
        found = [p for m in measures for p in self._by.get(m, {})]
        return max(found) if found else None

    def at(self, measure: str, period: Period) -> dict[str, Figure]:
        return self._by.get(measure, {}).get(period, {})

    def get(self, measure: str, period: Period, breakdown: str = "") -> Figure | None:
        return self.at(measure, period).get(breakdown)


def agency_order(names: Iterable[str]) -> list[str]:
    """The partnership's agency groups in their usual order, then any others found, sorted."""
    names = set(names)
    known = [a for a in AGENCIES if a in names]
    return known + sorted(names - set(known))


def window_text(period: Period) -> str:
    """The 12 months a rolling figure labelled ``period`` covers: "Jan 2022 to Dec 2022"."""
    span = period.rolling_12_months()
    return f"{periods.month(span.start.year, span.start.month).label} to {period.label}"


# -- 1. assessments by agency -----------------------------------------------------------------
@dataclass(frozen=True)
class MonthRow:
    period: str
    end: date
    cells: tuple[float, ...]
    total: float


@dataclass(frozen=True)
class AgencyMonths:
    """Assessments each month by agency, Health split into its own and the pilot's."""

    segments: tuple[str, ...]
    rows: tuple[MonthRow, ...]
    pilot_shown: bool

    @property
    def first(self) -> MonthRow:
        return self.rows[0]

    @property
    def last(self) -> MonthRow:
        return self.rows[-1]


def agency_months(figures: Figures, count: int = MONTHS_SHOWN) -> AgencyMonths | None:
    """The latest ``count`` months of assessments by agency, the pilot taken out of Health.

    The pilot's assessments are Health's (health visitors), so "Health" here is Health's
    assessments less the pilot's and "Health visitor pilot" is the pilot's: the two add up to
    Health's figure, and every month's segments add up to its total.
    """
    months = figures.months(EHA)
    if not months:
        return None
    shown = months[-count:]
    agencies = agency_order(
        b
        for p in shown
        for b in figures.at(EHA, p)
        if b  # "" is the total
    )
    pilot_by_month = {
        p: sum(f.value for b, f in figures.at(EHA_PILOT, p).items() if b.lower() in PILOT_VALUES)
        for p in shown
    }
    pilot_shown = any(pilot_by_month.values())
    segments = list(agencies)
    if pilot_shown:
        where = segments.index(HEALTH) + 1 if HEALTH in segments else len(segments)
        segments.insert(where, PILOT)
    rows = []
    for period in shown:
        by_agency = {b: f.value for b, f in figures.at(EHA, period).items() if b}
        pilot = pilot_by_month[period] if pilot_shown else 0.0
        cells = []
        for name in segments:
            if name == PILOT:
                cells.append(pilot)
            elif name == HEALTH:
                # Never below zero, should a pilot assessment be recorded under another agency.
                cells.append(max(by_agency.get(HEALTH, 0.0) - pilot, 0.0))
            else:
                cells.append(by_agency.get(name, 0.0))
        total = figures.get(EHA, period)
        rows.append(
            MonthRow(
                period.label,
                period.end,
                tuple(cells),
                total.value if total is not None else sum(by_agency.values()),
            )
        )
    return AgencyMonths(tuple(segments), tuple(rows), pilot_shown)


# -- 2. the agency ratio table ----------------------------------------------------------------
class Direction(StrEnum):
    """Which way round a ratio reads, as the board report prints it."""

    ASSESSMENTS_PER_CONTACT = "S&Ns per MASH contact"
    CONTACTS_PER_ASSESSMENT = "MASH contacts per S&N"


@dataclass(frozen=True)
class Counts:
    """An agency's MASH contacts and assessments over one rolling 12 months."""

    contacts: float
    assessments: float

    def ratio(self, direction: Direction) -> float | None:
        top, bottom = (
            (self.assessments, self.contacts)
            if direction is Direction.ASSESSMENTS_PER_CONTACT
            else (self.contacts, self.assessments)
        )
        return top / bottom if bottom else None


@dataclass(frozen=True)
class RatioRow:
    """One line of the ratio table: an agency's latest ratio and the same a year earlier.

    The direction is the latest year's: an agency that completes more assessments than it
    makes contacts (fewer than one contact per assessment) reads as "S&Ns per MASH contact",
    any other as "MASH contacts per S&N". The year-earlier ratio is put the same way round, so
    the two can be compared.
    """

    name: str
    latest: Counts | None
    earlier: Counts | None

    @property
    def direction(self) -> Direction:
        c = self.latest or self.earlier
        if c is not None and c.contacts < c.assessments:
            return Direction.ASSESSMENTS_PER_CONTACT
        return Direction.CONTACTS_PER_ASSESSMENT

    def _text(self, counts: Counts | None) -> str:
        if counts is None:
            return "No figures"
        value = counts.ratio(self.direction)
        if value is not None:
            return f"{ratio(value)} {self.direction.value}"
        if counts.contacts == 0 and counts.assessments == 0:
            return "No MASH contacts or S&Ns"
        return "No S&Ns" if counts.assessments == 0 else "No MASH contacts"

    @property
    def latest_text(self) -> str:
        return self._text(self.latest)

    @property
    def earlier_text(self) -> str:
        return self._text(self.earlier)

    @property
    def change(self) -> str:
        """The change in words, judged by the aim: more assessments for each contact."""
        if self.latest is None or self.earlier is None:
            return "Not available"
        now, then = (c.ratio(self.direction) for c in (self.latest, self.earlier))
        if now is None or then is None:
            return "Not available"
        # Judged on the figures as printed, so "1.8" beside "1.8" is never called a change.
        now_shown, then_shown = ratio_shown(now), ratio_shown(then)
        if now_shown == then_shown:
            return "No change"
        higher = now_shown > then_shown
        if self.direction is Direction.ASSESSMENTS_PER_CONTACT:
            return "More S&Ns per contact (better)" if higher else "Fewer S&Ns per contact (worse)"
        return "More contacts per S&N (worse)" if higher else "Fewer contacts per S&N (better)"

    @property
    def change_arrow(self) -> str:
        text = self.change
        return "↑" if text.startswith("More") else "↓" if text.startswith("Fewer") else ""


@dataclass(frozen=True)
class RatioTable:
    period: str
    window: str
    earlier_period: str
    earlier_window: str
    rows: tuple[RatioRow, ...]
    total: RatioRow | None


def _counts(figures: Figures, period: Period, breakdown: str) -> Counts | None:
    """Contacts and assessments from whichever way round the ratio was stored.

    A ratio is not stored when its denominator is 0, so an agency with no assessments has only
    the assessments-per-contact figure (0), and one with no contacts only the other.
    """
    per_eha = figures.get(CONTACTS_PER_EHA, period, breakdown)
    if per_eha is not None and per_eha.denominator is not None:
        return Counts(per_eha.numerator, per_eha.denominator)
    per_contact = figures.get(EHA_PER_CONTACT, period, breakdown)
    if per_contact is not None and per_contact.denominator is not None:
        return Counts(per_contact.denominator, per_contact.numerator)
    return None


def _counts_without_pilot(
    figures: Figures, period: Period, with_pilot: Counts | None
) -> Counts | None:
    row = figures.get(CONTACTS_PER_EHA_WITHOUT_PILOT, period, HEALTH)
    if row is not None and row.denominator is not None:
        return Counts(row.numerator, row.denominator)
    if with_pilot is not None and figures.at(CONTACTS_PER_EHA_WITHOUT_PILOT, period):
        # The measure ran for this month but stored nothing for Health: no assessments of
        # Health's own outside the pilot, so there was no ratio to store.
        return Counts(with_pilot.contacts, 0.0)
    return None


def ratio_table(figures: Figures) -> RatioTable | None:
    """Each agency's latest rolling-12-month ratio beside the one a year before.

    Health appears twice where the pilot makes a difference, as the report has it: "Health"
    without the pilot's assessments and "Health with pilot" with them.
    """
    latest = figures.latest(CONTACTS_PER_EHA, EHA_PER_CONTACT)
    if latest is None:
        return None
    earlier = latest.shift_years(-1)
    names = agency_order(
        b
        for m in (CONTACTS_PER_EHA, EHA_PER_CONTACT)
        for p in (latest, earlier)
        for b in figures.at(m, p)
        if b
    )
    rows = []
    for name in names:
        now, then = _counts(figures, latest, name), _counts(figures, earlier, name)
        if name != HEALTH:
            rows.append(RatioRow(name, now, then))
            continue
        own_now = _counts_without_pilot(figures, latest, now)
        own_then = _counts_without_pilot(figures, earlier, then)
        if own_now is None and own_then is None:
            rows.append(RatioRow(HEALTH, now, then))  # no pilot figures: Health is Health
            continue
        rows.append(RatioRow(HEALTH, own_now, own_then))
        if (own_now, own_then) != (now, then):
            rows.append(RatioRow(HEALTH_WITH_PILOT, now, then))
    everyone = _counts(figures, latest, ""), _counts(figures, earlier, "")
    return RatioTable(
        period=latest.label,
        window=window_text(latest),
        earlier_period=earlier.label,
        earlier_window=window_text(earlier),
        rows=tuple(rows),
        total=RatioRow(ALL_AGENCIES, *everyone) if everyone[0] is not None else None,
    )


# -- 3. no further action ---------------------------------------------------------------------
@dataclass(frozen=True)
class NfaRow:
    name: str
    percent: float
    nfa: float
    contacts: float
    earlier_percent: float | None


@dataclass(frozen=True)
class NfaMonth:
    period: str
    start: date
    end: date
    percent: float
    nfa: float
    contacts: float


@dataclass(frozen=True)
class NfaSection:
    period: str | None
    window: str
    earlier_period: str
    rows: tuple[NfaRow, ...]
    months: tuple[NfaMonth, ...]

    @property
    def overall(self) -> NfaRow | None:
        return next((r for r in self.rows if r.name == ALL_AGENCIES), None)

    @property
    def agencies(self) -> tuple[NfaRow, ...]:
        return tuple(r for r in self.rows if r.name != ALL_AGENCIES)

    @property
    def sentence(self) -> str:
        """ "62% of MASH contacts ... ended in no further action, from 45% (Health) to 80% ..." """
        overall = self.overall
        if overall is None:
            return ""
        text = (
            f"{whole_percent(overall.percent)} of MASH contacts in the 12 months to {self.period} "
            "ended in no further action"
        )
        agencies = sorted(self.agencies, key=lambda r: r.percent)
        if len(agencies) > 1:
            low, high = agencies[0], agencies[-1]
            text += (
                f": by source agency, from {whole_percent(low.percent)} of contacts from "
                f"{low.name} to {whole_percent(high.percent)} from {high.name}"
            )
        return text + "."


def nfa_section(figures: Figures, count: int = MONTHS_SHOWN) -> NfaSection | None:
    """The latest rolling-12-month NFA shares (all, then each source) and the monthly share.

    The board is told the 12-month share ("62% ... including 57% from county council
    sources"): a single month's share by agency rests on too few contacts to compare. The
    monthly line is for all agencies only, for the same reason.
    """
    latest = figures.latest(NFA_12_MONTHS)
    monthly = [(p, f) for p in figures.months(NFA) if (f := figures.get(NFA, p)) is not None]
    if latest is None and not monthly:
        return None
    rows = []
    earlier = latest.shift_years(-1) if latest else None
    if latest is not None:
        found = figures.at(NFA_12_MONTHS, latest)
        for name in ["", *agency_order(b for b in found if b)]:
            row = found.get(name)
            if row is None or not row.denominator:
                continue
            before = figures.get(NFA_12_MONTHS, earlier, name) if earlier else None
            rows.append(
                NfaRow(
                    name or ALL_AGENCIES,
                    row.value,
                    row.numerator,
                    row.denominator,
                    before.value if before is not None else None,
                )
            )
    months = []
    for period, row in monthly[-count:]:
        months.append(
            NfaMonth(
                period.label,
                period.start,
                period.end,
                row.value,
                row.numerator,
                row.denominator or 0.0,
            )
        )
    return NfaSection(
        period=latest.label if latest else None,
        window=window_text(latest) if latest else "",
        earlier_period=earlier.label if earlier else "",
        rows=tuple(rows),
        months=tuple(months),
    )

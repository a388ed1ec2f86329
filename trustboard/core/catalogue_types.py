"""The catalogue's vocabulary: indicators, areas, targets and the partnership, as plain types.

They are apart from :mod:`trustboard.core.catalogue`, which reads and checks a framework file,
because every other part of trustboard (assessment, projection, the narrative, measures, the
web app) works with an indicator and never with the file it came from. The defaults an
indicator falls back on live with the type, so an indicator built in code and one read from a
file behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from trustboard.core import periods
from trustboard.core.periods import Basis, Kind, Period

__all__ = [
    "AGENCY_GROUPS",
    "DEFAULT_STALENESS_MONTHS",
    "DEFAULT_TOLERANCE",
    "FREQUENCY_KINDS",
    "PRE_PANDEMIC_BASELINE",
    "YEAR_KIND",
    "Agency",
    "Aggregation",
    "Area",
    "Breakdown",
    "Framework",
    "Frequency",
    "Indicator",
    "Partnership",
    "Polarity",
    "PublishedSource",
    "Target",
    "Unit",
]

DEFAULT_TOLERANCE = 0.05
"""Amber band: worse than target by at most 5% of the target (DESIGN.md, RAG)."""

DEFAULT_STALENESS_MONTHS = {
    "weekly": 2,
    "monthly": 4,
    "quarterly": 7,
    "termly": 7,
    "annual": 18,
}
"""How old the latest figure may be, against the reporting period, before RAG turns N/A."""

PRE_PANDEMIC_BASELINE = {
    Basis.FINANCIAL: "2019/20",
    Basis.ACADEMIC: "AY 2018/19",
    Basis.CALENDAR: "2019",
}
"""The last full year before the pandemic in each basis; the academic year 2019/20 was cut
short by school closures in March 2020, so its baseline is 2018/19."""


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NEITHER = "neither"


class Unit(StrEnum):
    COUNT = "count"
    PERCENTAGE = "percentage"
    DAYS = "days"
    RATE_PER_10000 = "rate_per_10000"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    TERMLY = "termly"
    ANNUAL = "annual"


class Aggregation(StrEnum):
    """How periods combine into a year: flows add up, stocks and rates do not."""

    SUM = "sum"
    POINT = "point"


FREQUENCY_KINDS: dict[Frequency, set[Kind]] = {
    Frequency.WEEKLY: {Kind.WEEK},
    Frequency.MONTHLY: {Kind.MONTH},
    Frequency.QUARTERLY: {Kind.QUARTER},
    Frequency.TERMLY: {Kind.TERM},
    Frequency.ANNUAL: {
        Kind.FINANCIAL_YEAR,
        Kind.ACADEMIC_YEAR,
        Kind.CALENDAR_YEAR,
        Kind.SNAPSHOT,
    },
}
"""The period kinds an indicator's observations may have, by its frequency."""

YEAR_KIND: dict[Basis, Kind] = {
    Basis.FINANCIAL: Kind.FINANCIAL_YEAR,
    Basis.ACADEMIC: Kind.ACADEMIC_YEAR,
    Basis.CALENDAR: Kind.CALENDAR_YEAR,
}
"""The one kind of year an annual indicator is reported in, by its basis."""


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    order: int = 0


@dataclass(frozen=True)
class Target:
    period: Period
    value: float
    note: str = ""


@dataclass(frozen=True)
class Breakdown:
    """One dimension an indicator is broken down by, with the values the board expects."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class PublishedSource:
    """Where an indicator sits in a published statistics file (DfE "explore education
    statistics"): the measure column and the value of each filter column that hold it."""

    measure: str
    filters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    area: str
    unit: Unit
    polarity: Polarity
    frequency: Frequency
    basis: Basis = Basis.FINANCIAL
    aggregation: Aggregation = Aggregation.POINT
    owner: str = ""
    source: str = ""
    definition: str = ""
    targets: tuple[Target, ...] = ()
    tolerance: float = DEFAULT_TOLERANCE
    staleness_months: int = 0
    baseline: Period | None = None
    breakdown: Breakdown | None = None
    spc_rebase: tuple[Period, ...] = ()
    published: tuple[PublishedSource, ...] = ()

    @property
    def baseline_year(self) -> Period:
        return self.baseline or periods.parse(PRE_PANDEMIC_BASELINE[self.basis], self.basis)

    @property
    def stale_after_months(self) -> int:
        return self.staleness_months or DEFAULT_STALENESS_MONTHS[self.frequency]

    def accepts(self, period: Period) -> bool:
        """Whether a period is of a kind this indicator is reported in.

        An annual indicator takes years of its own basis only (a school-year measure given a
        financial year would be compared with the wrong year's figures), or a snapshot.
        """
        if period.kind not in FREQUENCY_KINDS[self.frequency]:
            return False
        if self.frequency is Frequency.ANNUAL and period.kind is not Kind.SNAPSHOT:
            return period.kind is YEAR_KIND[self.basis]
        return True

    def target_for(self, period: Period) -> Target | None:
        """The target that applies to a period: the narrowest target period containing it."""
        containing = [t for t in self.targets if t.period.contains(period)]
        if not containing:
            return None
        return min(containing, key=lambda t: (t.period.end - t.period.start, t.period.start))


@dataclass(frozen=True)
class Partnership:
    name: str
    area_name: str = ""
    la_code: str = ""
    board: str = ""
    chair: str = ""
    reporting_period: Period | None = None
    statistical_neighbours: tuple[str, ...] = ()
    measures: str = ""
    """The partnership's measures file (absolute, resolved from the framework file's folder):
    the measures ``trustboard compute`` runs. Empty: none named."""
    early_help: tuple[tuple[str, str], ...] = ()
    """Which of its measures the early help page reads, as (role, measure id) pairs for the
    roles in :data:`EARLY_HELP_ROLES`; a role not named reads the measure of the same name in
    :data:`EARLY_HELP_DEFAULTS`."""


EARLY_HELP_DEFAULTS: dict[str, str] = {
    "assessments": "eha_started",
    "assessments_by_pilot": "eha_started_pilot",
    "nfa": "mash_nfa",
    "nfa_12_months": "mash_nfa_12_months",
    "contacts_per_assessment": "mash_contacts_per_eha",
    "assessments_per_contact": "eha_per_mash_contact",
    "contacts_per_assessment_without_pilot": "mash_contacts_per_eha_without_pilot",
}
"""What the early help page shows (the board report's early help section, step by step) and the
measure id each is read from unless the framework says otherwise (``early_help:``)."""
EARLY_HELP_ROLES = tuple(EARLY_HELP_DEFAULTS)


AGENCY_GROUPS = ("Education", "County Council", "Health", "Police", "Other")
"""The partnership's agency groups, as the early help reports break activity down.

The completing agency of an assessment and the source of a MASH contact use the same groups,
so that one can be divided by the other ("MASH contacts per S&N" for each agency). An agency in
the framework says which group its records carry (:attr:`Agency.records_as`), so the groups are
part of the catalogue's vocabulary and the record schemas take them from here.
"""


@dataclass(frozen=True)
class Agency:
    """A partner organisation whose people submit returns and answer for actions.

    ``records_as`` is the agency group its work carries in record-level extracts (the
    completing agency of an early help assessment), so its own figures can be shown to it.
    """

    code: str
    name: str
    records_as: str = ""
    order: int = 0


@dataclass(frozen=True)
class Framework:
    partnership: Partnership
    areas: tuple[Area, ...]
    indicators: tuple[Indicator, ...]
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    agencies: tuple[Agency, ...] = ()

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

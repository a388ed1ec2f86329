"""Early help measure figures for tests, shaped as ``trustboard compute`` stores them.

Monthly assessments by agency (with the health visitor pilot from October 2022), rolling
12-month ratios and NFA shares to Dec 2022 and a year before, and a Jan 2023 that lies after a
Q3 2022/23 reporting period. The numbers are chosen so the page's figures can be checked by hand.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from trustboard.core import periods
from trustboard.examples.oxfordshire import MEASURES as EXAMPLE_MEASURES
from trustboard.web.measures.models import MeasureFigure, MeasureRun

AGENCY_MONTHLY = {"Education": 30, "County Council": 150, "Health": 40, "Police": 2, "Other": 3}
PILOT_FROM = periods.month(2022, 10)
PILOT_MONTHLY = 15
# Rolling 12 months to Dec 2022 and a year before: (MASH contacts, S&Ns), with and without the
# health visitor pilot. Police had no S&Ns in 2021, so only its S&Ns-per-contact ratio (0) is
# stored then, as compute stores it.
RATIOS = {
    "Dec 2022": {
        "County Council": (1000, 1800, 1800),
        "Education": (1332, 360, 360),
        "Health": (1000, 400, 244),
        "Police": (1500, 20, 20),
        "Other": (550, 10, 10),
        "": (5382, 2590, 2434),
    },
    "Dec 2021": {
        "County Council": (900, 1200, 1200),
        "Education": (1400, 350, 350),
        "Health": (1000, 250, 250),
        "Police": (1400, 0, 0),
        "Other": (500, 10, 10),
        "": (5200, 1810, 1810),
    },
    "Jan 2023": {"County Council": (1000, 2000, 2000), "": (1000, 2000, 2000)},
}
NFA_12 = {
    "Dec 2022": {
        "": (3100, 5000),
        "County Council": (570, 1000),
        "Education": (700, 1000),
        "Health": (450, 1000),
        "Police": (800, 1000),
        "Other": (580, 1000),
    },
    "Dec 2021": {"": (3000, 5000), "County Council": (550, 1000)},
}


class Rows:
    """Makes MeasureFigure rows of one run, as a measure run would store them."""

    def __init__(self) -> None:
        now = timezone.now()
        self.run = MeasureRun.objects.create(
            engine="duckdb",
            measures_file=str(EXAMPLE_MEASURES),
            started_at=now,
            finished_at=now,
        )
        self.rows: list[MeasureFigure] = []

    def add(
        self,
        measure: str,
        label: str,
        breakdown: str,
        value: float,
        numerator: float | None = None,
        denominator: float | None = None,
    ) -> None:
        period = periods.parse(label)
        self.rows.append(
            MeasureFigure(
                run=self.run,
                measure=measure,
                title=measure,
                period=label,
                period_start=period.start,
                period_end=period.end,
                breakdown=breakdown,
                value=value,
                numerator=value if numerator is None else numerator,
                denominator=denominator,
            )
        )

    def ratio(
        self, measure: str, label: str, breakdown: str, numerator: float, denominator: float
    ) -> None:
        """Stored only where the denominator is not 0, as compute stores ratios."""
        if denominator:
            self.add(measure, label, breakdown, numerator / denominator, numerator, denominator)

    def save(self) -> None:
        MeasureFigure.objects.bulk_create(self.rows)


def make_early_help_figures() -> Rows:
    """Every early help measure's figures from Jan 2021 to Jan 2023."""
    rows = Rows()
    month = periods.month(2021, 1)
    while month.start <= periods.month(2023, 1).start:
        label = month.label
        by_agency = dict(AGENCY_MONTHLY)
        if label == "Jan 2023":
            by_agency["Education"] = 999  # after the reporting period: never shown as at Q3
        for agency, value in by_agency.items():
            rows.add("eha_started", label, agency, value)
        total = sum(by_agency.values())
        rows.add("eha_started", label, "", total)
        pilot = PILOT_MONTHLY if month >= PILOT_FROM else 0
        rows.add("eha_started_pilot", label, "true", pilot)
        rows.add("eha_started_pilot", label, "false", total - pilot)
        rows.add("eha_started_pilot", label, "", total)
        nfa = 240 + 4 * (month.start.month % 5)
        rows.add("mash_nfa", label, "", 100 * nfa / 400, nfa, 400)
        month = month.next()
    for label, agencies in RATIOS.items():
        for agency, (contacts, with_pilot, without_pilot) in agencies.items():
            rows.ratio("mash_contacts_per_eha", label, agency, contacts, with_pilot)
            rows.ratio("eha_per_mash_contact", label, agency, with_pilot, contacts)
            rows.ratio(
                "mash_contacts_per_eha_without_pilot", label, agency, contacts, without_pilot
            )
    for label, agencies in NFA_12.items():
        for agency, (nfa, contacts) in agencies.items():
            rows.add("mash_nfa_12_months", label, agency, 100 * nfa / contacts, nfa, contacts)
    rows.save()
    return rows


def eha_observations_csv() -> str:
    """Indicator 1.4, as compute writes it: 250 a month in 2021/22, 300 a month to Dec 2022."""
    lines = ["indicator,period,value"]
    month = periods.month(2021, 4)
    while month.start <= periods.month(2022, 12).start:
        lines.append(f"1.4,{month.label},{250 if month.start < date(2022, 4, 1) else 300}")
        month = month.next()
    return "\n".join(lines)

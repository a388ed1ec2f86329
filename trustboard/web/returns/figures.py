"""What the data says beside what an agency reports: its assessments (S&Ns) year to date.

An agency's return gives its own count of early help assessments; the board wants to see it
beside the count the partnership's records give, so a gap is noticed and talked about. The
records' count is the ``eha_started`` measure's monthly figures (stored by
``trustboard compute``) for the agency's group in the extracts (``Agency.records_as``), summed
from the start of the round's financial year to the end of its period. The figures are read
with the early help page's own :class:`~trustboard.web.measures.early_help.Figures`, so the
two pages count alike; Health's count includes the health visitor pilot's assessments, which
are Health's.
"""

from __future__ import annotations

from dataclasses import dataclass

from trustboard.core import periods
from trustboard.core.periods import Basis
from trustboard.web.accounts.models import Agency
from trustboard.web.measures import early_help
from trustboard.web.returns.models import ReturnRound


@dataclass(frozen=True)
class DataCount:
    """An agency's assessments in the records over the round's year to date."""

    total: float
    months: int
    """Months of the year to date that the measure has figures for."""
    months_expected: int
    first: str
    last: str

    @property
    def complete(self) -> bool:
        return self.months == self.months_expected

    @property
    def window(self) -> str:
        """ "Apr 2022 to Dec 2022", and how many of its months the data covers if not all."""
        text = f"{self.first} to {self.last}"
        if not self.complete:
            text += f", figures for {self.months} of {self.months_expected} months"
        return text


def figures_for(round_: ReturnRound) -> early_help.Figures:
    """The early help measures' figures up to the end of the round's period."""
    return early_help.Figures.load(round_.period_end)


def year_to_date(round_: ReturnRound) -> list[periods.Period]:
    """The months from the start of the round's financial year to the end of its period."""
    return periods.parse(round_.period).year_to_date(Basis.FINANCIAL).months()


def eha_count(figures: early_help.Figures, round_: ReturnRound, agency: Agency) -> DataCount | None:
    """The agency's assessments year to date in the data, or None if there is nothing to show.

    None where the agency is not in the extracts (no ``records_as``) or the measure has no
    figures for any month of the year to date. A month the measure covers without a figure
    for the agency counts as 0 (a group with no assessments stores no row).
    """
    if not agency.records_as:
        return None
    months = year_to_date(round_)
    covered = [m for m in months if figures.at(early_help.EHA, m)]
    if not covered:
        return None
    total = 0.0
    for month in covered:
        found = figures.get(early_help.EHA, month, agency.records_as)
        total += found.value if found is not None else 0.0
    return DataCount(
        total=total,
        months=len(covered),
        months_expected=len(months),
        first=months[0].label,
        last=months[-1].label,
    )

"""How the area compares with England, its region and its statistical neighbours.

The reports put it in one clause ("It remains below the national rate, but above similar
authorities"); this module says it the same way from the figures, so the sentence and the
numbers can never disagree. Suppressed or missing neighbour figures are left out of the
neighbours' average and counted, never read as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from itertools import pairwise

from trustboard.core.catalogue import Polarity

SAME_TOLERANCE = 0.01
"""Within 1% of the comparator the area is "in line with" it rather than above or below."""


@dataclass(frozen=True)
class Comparator:
    """One geography's published figure, or the symbol that stands in its place."""

    level: str
    code: str
    name: str
    value: float | None
    symbol: str = ""


@dataclass(frozen=True)
class BenchmarkComparison:
    period: str
    own: float | None
    national: Comparator | None
    regional: Comparator | None
    neighbours: tuple[Comparator, ...] = ()
    neighbour_average: float | None = None
    neighbours_missing: int = 0
    rank_among_neighbours: int | None = None
    sentence: str = ""
    positions: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def _position(own: float, other: float) -> str:
    if abs(own - other) <= SAME_TOLERANCE * abs(other):
        return "in line with"
    return "above" if own > other else "below"


def _judgement(position: str, polarity: Polarity) -> str:
    """Whether being above or below is the better side, by the indicator's polarity."""
    if position == "in line with" or polarity is Polarity.NEITHER:
        return "neutral"
    better_when_higher = polarity is Polarity.HIGHER_IS_BETTER
    return "better" if (position == "above") == better_when_higher else "worse"


def compare(
    period: str,
    own: float | None,
    national: Comparator | None,
    regional: Comparator | None,
    neighbours: Sequence[Comparator],
    polarity: Polarity,
    measure_name: str = "rate",
) -> BenchmarkComparison:
    """Set the area's figure beside each comparator and say so in a sentence."""
    usable = [n.value for n in neighbours if n.value is not None]
    average = sum(usable) / len(usable) if usable else None
    missing = len(neighbours) - len(usable)
    rank = None
    if own is not None and usable:
        # 1 = the highest figure among the area and its neighbours, as league tables print it.
        rank = 1 + sum(1 for value in usable if value > own)
    positions: dict[str, str] = {}
    clauses: list[tuple[str, str]] = []
    if own is not None:
        if national is not None and national.value is not None:
            positions["national"] = _position(own, national.value)
            clauses.append(
                (
                    f"{positions['national']} the national {measure_name}",
                    _judgement(positions["national"], polarity),
                )
            )
        if regional is not None and regional.value is not None:
            positions["regional"] = _position(own, regional.value)
            clauses.append(
                (
                    f"{positions['regional']} the {regional.name} {measure_name}",
                    _judgement(positions["regional"], polarity),
                )
            )
        if average is not None:
            positions["neighbours"] = _position(own, average)
            clauses.append(
                (
                    f"{positions['neighbours']} similar authorities",
                    _judgement(positions["neighbours"], polarity),
                )
            )
    sentence = _sentence(period, clauses) if clauses else ""
    return BenchmarkComparison(
        period=period,
        own=own,
        national=national,
        regional=regional,
        neighbours=tuple(neighbours),
        neighbour_average=average,
        neighbours_missing=missing,
        rank_among_neighbours=rank,
        sentence=sentence,
        positions=positions,
    )


def _sentence(period: str, clauses: list[tuple[str, str]]) -> str:
    """Join clauses with "and" where they agree and "but" where the news turns.

    "In 2023/24 it was below the national rate, but above similar authorities."
    """
    text = clauses[0][0]
    for (_, before), (clause, judgement) in pairwise(clauses):
        turns = {before, judgement} == {"better", "worse"}
        text += f", but {clause}" if turns else f" and {clause}"
    return f"In {period} it was {text}."

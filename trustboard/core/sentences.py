"""A sentence whose numbers are held apart from its words, so it can be printed in full or
with small numbers suppressed.

:mod:`trustboard.core.narrative` drafts the board's sentences from the figures; this module is
what a drafted sentence is made of. Every number is a :class:`Figure` that knows what it is and
the raw counts behind it, printed by the number policy (:mod:`trustboard.core.formatting`), so
the published report can re-render the same sentence with a figure withheld and anything
computed from it withheld too (:meth:`Sentence.render`).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass

from trustboard.core import formatting
from trustboard.core.assessment import Rag
from trustboard.core.catalogue import Unit
from trustboard.core.suppression import SECONDARY

__all__ = [
    "KINDS",
    "Figure",
    "Sentence",
    "Suppressor",
    "format_figure",
    "literal",
    "make_sentence",
    "percent_change_text",
]

KINDS = (
    "count",
    "percentage",
    "percent_change",
    "change",
    "days",
    "rate",
    "target",
    "months",
)
"""What a figure is. ``count``, ``percentage``, ``days`` and ``rate`` are an indicator's own
values; ``change`` a difference in the indicator's unit; ``percent_change`` a change as a
percentage; ``target`` a target (a decision, not data about people); ``months`` a length of
time ("the first 11 months"), which describes the window, not anyone in it."""


# -- figures -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One number in a sentence, with what it is and the raw counts it was computed from.

    ``unit`` is the indicator's unit (``count``, ``percentage``, ``days``, ``rate_per_10000``),
    or ``percent`` for a percentage change and ``months`` for a window's length. ``sources``
    are the raw counts behind the figure (a change from 655 to 605 has sources (605, 655); a
    count is its own source), so suppression can withhold anything that would reveal a small
    count. ``text`` fixes the printed form where the drafter must match another module's
    rounding; otherwise :func:`format_figure` prints it.
    """

    value: float
    unit: str
    kind: str
    sources: tuple[float, ...] = ()
    text: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"figure kind {self.kind!r}: expected one of {', '.join(KINDS)}")

    @property
    def shown(self) -> str:
        """The figure as printed unsuppressed."""
        return self.text or format_figure(self)

    @property
    def raw_counts(self) -> tuple[float, ...]:
        """The counts behind the figure: its sources, or itself for a count with none given."""
        if self.sources:
            return self.sources
        return (self.value,) if self.kind == "count" else ()


def percent_change_text(value: float) -> str:
    """A percentage change's size as the reports print it (see :mod:`trustboard.core.narrative`).

    4.2 -> "4%", 23.6 -> "24%", 49.6 -> "50%", 64 -> "more than 60%", 60 -> "60%",
    137 -> "more than 130%".
    The sign is said in words ("higher", "lower"), so the size is unsigned.
    """
    return formatting.percent_change_words(value)


def format_figure(figure: Figure) -> str:
    """Print a figure by its kind and unit, by the number policy's sentence rules."""
    match figure.kind:
        case "count" | "months":
            return formatting.count(figure.value)
        case "percent_change":
            return formatting.percent_change_words(figure.value)
        case "change":
            return formatting.sentence_change(figure.value, figure.unit)
        case _:
            return formatting.sentence_figure(figure.value, figure.unit)


# -- sentences ---------------------------------------------------------------------------------
Suppressor = Callable[[Figure], str | None]


@dataclass(frozen=True)
class Sentence:
    """A drafted sentence: its template, its figures, and the text they make.

    ``template`` holds ``{name}`` placeholders, one per figure; literal braces are doubled.
    ``text`` is the sentence unsuppressed, as the board reads it. ``key`` names the pattern
    ("year_to_date", "target", ...) and is unique within an indicator, so an analyst's edit can
    be kept against (code, key). ``rag`` is the indicator's rating when drafted, which orders
    the area's bullets (:func:`trustboard.core.narrative.area_bullets`).
    """

    code: str
    key: str
    template: str
    figures: dict[str, Figure]
    text: str
    rag: Rag = Rag.NOT_APPLICABLE

    def render(self, suppress: Suppressor | None = None) -> str:
        """The sentence with each figure printed, or replaced where ``suppress`` says so.

        ``suppress`` returns the text to show instead of a figure ("<5") or None to keep it.
        A figure is also withheld (``[c]``) if any raw count it was computed from is one that
        ``suppress`` would hide as a count: see :mod:`trustboard.core.narrative`.
        """
        shown: dict[str, str] = {}
        for name, figure in self.figures.items():
            replacement = None
            if suppress is not None:
                replacement = suppress(figure)
                if replacement is None and any(
                    _hides(suppress, count) for count in figure.raw_counts
                ):
                    replacement = SECONDARY
            shown[name] = figure.shown if replacement is None else replacement
        return self.template.format_map(shown)


def _hides(suppress: Suppressor, count: float) -> bool:
    return suppress(Figure(count, Unit.COUNT.value, "count", (count,))) is not None


def literal(text: str) -> str:
    """Text for a template: braces doubled so a title with "{" cannot become a placeholder."""
    return text.replace("{", "{{").replace("}", "}}")


def make_sentence(
    code: str, key: str, template: str, figures: dict[str, Figure], rag: Rag
) -> Sentence:
    """A sentence from its template and figures; every placeholder must have its figure."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    if names != set(figures):  # pragma: no cover - a drafting bug, not a data problem
        raise AssertionError(f"template {template!r} does not match figures {sorted(figures)}")
    text = template.format_map({name: figure.shown for name, figure in figures.items()})
    return Sentence(code, key, template, dict(figures), text, rag)

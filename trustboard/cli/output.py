"""What the command prints: lines, lists of problems, and figures by the one number policy.

Everything goes to standard output, refusals included, and is flushed at once: the demo and
``compute`` run for a while, and a person watching (or a log reading a pipe) should see each
step as it finishes.
"""

from __future__ import annotations

from collections.abc import Iterable

from trustboard.core.formatting import as_written, number

NO_FIGURE = "none"
"""What a missing limit or target reads as in the command's text."""
SPC_PLACES = 2
"""SPC means and limits are read against each other and against the points, whatever their
unit, so they get a second decimal place that a table of figures would not show."""
SMALL_SIGNIFICANT_FIGURES = 3
"""Below 1 (a proportion, a small rate) places say too little; significant figures instead."""


def say(message: str = "") -> None:
    """Print one line now."""
    print(message, flush=True)


def say_problems(heading: str, problems: Iterable[object]) -> None:
    """A refusal: the heading, then every problem indented beneath it, so all can be fixed in
    one go rather than one per run."""
    say(heading)
    for problem in problems:
        say(f"  {problem}")


def spc_figure(value: float | None) -> str:
    """A point, mean or limit of an SPC chart of a series whose unit the command is not told:
    two places, trailing zeros dropped (11.64, 15.5, 20), three significant figures below 1."""
    if value is None:
        return NO_FIGURE
    if abs(value) >= 1 or value == 0:
        return number(value, SPC_PLACES, trim=True)
    return as_written(value, SMALL_SIGNIFICANT_FIGURES)


def written(value: float | None) -> str:
    """A value the person typed (a target), written back as they gave it."""
    return NO_FIGURE if value is None else as_written(value)

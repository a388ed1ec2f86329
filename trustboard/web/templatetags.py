"""Number formatting the way the board reads figures: by unit, rounded as a reader expects."""

from __future__ import annotations

from django import template

from trustboard.core.numbers import finite

register = template.Library()

MISSING = "–"
"""Shown for no figure, and for one that is not a finite number (never a crash)."""
MINUS = "−"
WHOLE_NUMBER_TOLERANCE = 0.05
"""A figure this close to a whole number is shown without decimals: 124 days, not 124.0."""


def _rounded(number: float, decimals: int | None = None) -> str:
    """With thousands commas, to ``decimals`` places; by default none for a whole number and
    one otherwise."""
    if decimals is None:
        decimals = 0 if abs(number - round(number)) < WHOLE_NUMBER_TOLERANCE else 1
    return f"{number:,.{decimals}f}"


def _sign(number: float) -> str:
    return "+" if number > 0 else (MINUS if number < 0 else "")


@register.filter
def figure(value: float | None, unit: str = "count") -> str:
    """Format a value for its unit: 1,234 / 75.2% / 124 days / 70.1 per 10,000."""
    number = finite(value)
    if number is None:
        return MISSING
    if unit == "percentage":
        return f"{_rounded(number, 1)}%"
    if unit == "rate_per_10000":
        return f"{_rounded(number, 1)} per 10,000"
    text = _rounded(number)
    return f"{text} days" if unit == "days" else text


@register.filter
def change(value: float | None, unit: str = "count") -> str:
    """A signed change: +4 / −50 / +1.2 points for percentages."""
    number = finite(value)
    if number is None:
        return MISSING
    if unit == "percentage":
        return f"{_sign(number)}{_rounded(abs(number), 1)} points"
    return f"{_sign(number)}{_rounded(abs(number))}"


@register.filter
def percent(value: float | None) -> str:
    """A signed percentage change: +12% / −4.5% (one decimal place below 10%)."""
    number = finite(value)
    if number is None:
        return MISSING
    return f"{_sign(number)}{_rounded(abs(number), 0 if abs(number) >= 10 else 1)}%"


@register.filter
def words(value: str) -> str:
    """Enum values as words: lower_is_better -> lower is better."""
    return str(value).replace("_", " ")

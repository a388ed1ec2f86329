"""Number formatting the way the board reads figures: by unit, rounded as a reader expects."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def figure(value: float | None, unit: str = "count") -> str:
    """Format a value for its unit: 1,234 / 75.2% / 124 days / 70.1 per 10,000."""
    if value is None:
        return "–"
    if unit == "percentage":
        return f"{value:,.1f}%"
    if unit == "rate_per_10000":
        return f"{value:,.1f} per 10,000"
    text = f"{value:,.0f}" if abs(value - round(value)) < 0.05 else f"{value:,.1f}"
    return f"{text} days" if unit == "days" else text


@register.filter
def change(value: float | None, unit: str = "count") -> str:
    """A signed change: +4 / -50 / +1.2 points for percentages."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    magnitude = abs(value)
    if unit == "percentage":
        return f"{sign}{magnitude:,.1f} points"
    text = f"{magnitude:,.0f}" if abs(magnitude - round(magnitude)) < 0.05 else f"{magnitude:,.1f}"
    return f"{sign}{text}"


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{abs(value):.0f}%" if abs(value) >= 10 else f"{sign}{abs(value):.1f}%"


@register.filter
def words(value: str) -> str:
    """Enum values as words: lower_is_better -> lower is better."""
    return str(value).replace("_", " ")

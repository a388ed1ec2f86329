"""The number filters every page uses: one-line wrappers over ``trustboard.core.formatting``, so
a page, the report, its sentences and the command line print a figure the same way."""

from __future__ import annotations

from django import template

from trustboard.core import formatting

register = template.Library()


@register.filter
def figure(value: object, unit: str = "count") -> str:
    return formatting.figure(value, unit)


@register.filter
def change(value: object, unit: str = "count") -> str:
    return formatting.change(value, unit)


@register.filter
def percent(value: object) -> str:
    return formatting.percent(value)


@register.filter
def words(value: object) -> str:
    return formatting.words(value)

"""The written text of a report, walked in one place for the public version.

Figures in a report come from data and are suppressed where they are made; the words around
them (the summary, meeting items, commentary, the drafted bullets once edited) are written by
people and may name a small count anywhere. The rules for text live in
:mod:`trustboard.core.suppression`; this module knows which fields of a
:class:`~trustboard.reports.model.Report` are text, so no field is missed by one caller and
caught by another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from trustboard.core import suppression
from trustboard.reports.model import Report

__all__ = ["free_texts", "map_free_text", "numbers_to_check", "suppress_free_text"]


def free_texts(report: Report) -> list[str]:
    """Every piece of written text in the report, in reading order."""
    texts = [report.summary, report.cover.priorities, *report.cover.meetings, *report.forward_plan]
    for item in report.items:
        texts += [item.title, item.body, *item.recommendations]
    for area in report.areas:
        texts += list(area.bullets)
        texts += [row.commentary for row in area.rows]
    return texts


def map_free_text(report: Report, change: Callable[[str], str]) -> Report:
    """The report with ``change`` applied to every field :func:`free_texts` lists."""
    return replace(
        report,
        summary=change(report.summary),
        cover=replace(
            report.cover,
            priorities=change(report.cover.priorities),
            meetings=tuple(change(m) for m in report.cover.meetings),
        ),
        forward_plan=tuple(change(t) for t in report.forward_plan),
        items=tuple(
            replace(
                item,
                title=change(item.title),
                body=change(item.body),
                recommendations=tuple(change(r) for r in item.recommendations),
            )
            for item in report.items
        ),
        areas=tuple(
            replace(
                area,
                bullets=tuple(change(b) for b in area.bullets),
                rows=tuple(replace(row, commentary=change(row.commentary)) for row in area.rows),
            )
            for area in report.areas
        ),
    )


def suppress_free_text(report: Report, threshold: int = suppression.THRESHOLD) -> Report:
    """Small counts of people in every piece of written text replaced by the marker.

    Run it after acronyms are spelt out (:func:`trustboard.reports.glossary.expand_report`), so
    "3 YP" is caught as "3 young people".
    """
    return map_free_text(report, lambda text: suppression.suppress_text(text, threshold))


def numbers_to_check(
    report: Report, context: int = 40, threshold: int = suppression.THRESHOLD
) -> list[str]:
    """Every small number left in the report's written text, with the words around it, for a
    person to confirm it is not a count of people before the report is published."""
    return [
        found
        for text in free_texts(report)
        for found in suppression.small_numbers_in(text, context, threshold)
    ]

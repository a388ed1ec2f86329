"""The public version's written text: every field of a report reached, small counts replaced."""

from __future__ import annotations

import dataclasses

from trustboard.reports.free_text import (
    free_texts,
    map_free_text,
    numbers_to_check,
    suppress_free_text,
)
from trustboard.reports.model import AreaSection, Cover, IndicatorRow, MeetingItem, Report


def report_with_text(text: str) -> Report:
    """A report with ``text`` in every field written by a person, each tagged with its field."""
    return Report(
        title="Report to the Health and Wellbeing Board",
        cover=Cover(
            board="Children's Trust Board",
            chair="A Chair",
            report_to="Health and Wellbeing Board",
            report_date="16 March 2023",
            period="Quarter 3 2022/23",
            meetings=(f"meetings: {text}",),
            priorities=f"priorities: {text}",
        ),
        summary=f"summary: {text}",
        items=(
            MeetingItem(
                1, f"item title: {text}", f"item body: {text}", (f"recommendation: {text}",)
            ),
        ),
        forward_plan=(f"forward plan: {text}",),
        appendix_title="What is being done",
        appendix_intro="The data below are for Quarter 3 2022/23.",
        areas=(
            AreaSection(
                "Be safe",
                bullets=(f"bullet: {text}",),
                rows=(
                    IndicatorRow(
                        "1.2", "Children on a CP plan", "R", "Red", "605", "550", f"row: {text}"
                    ),
                ),
            ),
        ),
    )


FIELDS = [
    "summary",
    "priorities",
    "meetings",
    "forward plan",
    "item title",
    "item body",
    "recommendation",
    "bullet",
    "row",
]


def test_every_written_field_is_listed():
    texts = free_texts(report_with_text("x"))
    assert sorted(t.removesuffix(": x") for t in texts) == sorted(FIELDS)


def test_every_written_field_is_changed_and_nothing_else():
    report = report_with_text("3 children")
    changed = map_free_text(report, str.upper)
    assert sorted(free_texts(changed)) == sorted(f"{field.upper()}: 3 CHILDREN" for field in FIELDS)
    assert changed.title == report.title
    assert changed.cover.board == report.cover.board
    assert changed.areas[0].rows[0].value == "605"
    assert changed.appendix_intro == report.appendix_intro


def test_small_counts_are_suppressed_in_every_field():
    public = suppress_free_text(report_with_text("3 children were placed"))
    assert all(text.endswith(": <5 children were placed") for text in free_texts(public))
    assert len(free_texts(public)) == len(FIELDS)


def test_a_stricter_threshold_reaches_every_field():
    public = suppress_free_text(report_with_text("7 children"), threshold=10)
    assert all(text.endswith(": <10 children") for text in free_texts(public))


def test_numbers_left_for_a_person_to_check_come_from_every_field():
    found = numbers_to_check(report_with_text("3 weeks"), context=7)
    assert len(found) == len(FIELDS)
    assert "…ation: 3 weeks…" in found


def test_a_report_without_small_numbers_has_nothing_to_check():
    report = report_with_text("605 children")
    assert numbers_to_check(report) == []
    assert dataclasses.asdict(suppress_free_text(report)) == dataclasses.asdict(report)

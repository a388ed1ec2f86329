"""Read-side of the plan: each action with its latest update, when the next is due, and the
latest RAG of the indicators that measure it, gathered once for the pages and the exports.

The RAG is the dashboard's own (:func:`trustboard.web.framework.queries.assess_only`, as at
the dashboard's default reporting period), so an action never shows a rating the overview does
not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from trustboard.core.assessment import RAG_NAMES, Assessment
from trustboard.core.periods import Period
from trustboard.web.accounts.models import Agency
from trustboard.web.framework import queries as performance_queries
from trustboard.web.framework.models import Area, Indicator
from trustboard.web.plan.models import Action, ActionUpdate, Priority


@dataclass(frozen=True)
class IndicatorRag:
    indicator: Indicator
    assessment: Assessment | None

    @property
    def rag(self) -> str:
        return self.assessment.rag.value if self.assessment else "N/A"

    @property
    def name(self) -> str:
        return RAG_NAMES[self.assessment.rag] if self.assessment else "N/A"

    @property
    def label(self) -> str:
        """One line for exports: "1.4 Early help assessments: Red (Mar 2023)"."""
        period = (
            f" ({self.assessment.period})" if self.assessment and self.assessment.period else ""
        )
        return f"{self.indicator.code} {self.indicator.title}: {self.name}{period}"


@dataclass(frozen=True)
class ActionLine:
    action: Action
    latest: ActionUpdate | None
    due: date
    overdue: bool
    rags: tuple[IndicatorRag, ...]
    days_overdue: int

    @property
    def responsible(self) -> list[str]:
        return self.action.responsible_names()


class RagCache:
    """Each linked indicator assessed once per page, however many actions it measures."""

    def __init__(self, as_at: Period | None):
        self.as_at = as_at
        self._found: dict[int, IndicatorRag] = {}

    def __call__(self, indicator: Indicator) -> IndicatorRag:
        if indicator.pk not in self._found:
            assessment = (
                performance_queries.assess_only(indicator, self.as_at) if self.as_at else None
            )
            self._found[indicator.pk] = IndicatorRag(indicator, assessment)
        return self._found[indicator.pk]


def actions() -> QuerySet[Action]:
    """Actions with everything the pages show, in the plan's order."""
    return Action.objects.select_related("priority__area", "owner").prefetch_related(
        "agencies",
        "updates__author",
        "updates__plan_import",
        Prefetch(
            "indicators",
            queryset=Indicator.objects.select_related("area").prefetch_related("targets"),
        ),
    )


def line(action: Action, today: date, rags: RagCache) -> ActionLine:
    latest = action.latest_update()
    due = action.due_date(latest)
    return ActionLine(
        action=action,
        latest=latest,
        due=due,
        overdue=today > due,
        rags=tuple(rags(i) for i in action.indicators.all()),
        days_overdue=max((today - due).days, 0),
    )


def lines(queryset: QuerySet[Action], today: date, as_at: Period | None = None) -> list[ActionLine]:
    rags = RagCache(as_at if as_at is not None else performance_queries.default_as_at())
    return [line(action, today, rags) for action in queryset]


@dataclass(frozen=True)
class PrioritySection:
    priority: Priority
    lines: list[ActionLine]


@dataclass(frozen=True)
class AreaSection:
    area: Area
    priorities: list[PrioritySection]


def by_area(found: list[ActionLine]) -> list[AreaSection]:
    """The lines grouped as the plan is: areas of focus, then their priorities."""
    grouped: dict[int, list[ActionLine]] = defaultdict(list)
    priorities: dict[int, Priority] = {}
    for one in found:
        grouped[one.action.priority_id].append(one)
        priorities[one.action.priority_id] = one.action.priority
    areas: dict[int, AreaSection] = {}
    ordered = sorted(priorities.values(), key=lambda p: (p.area.order, p.area.code, p.order, p.pk))
    for priority in ordered:
        section = areas.setdefault(priority.area_id, AreaSection(priority.area, []))
        section.priorities.append(PrioritySection(priority, grouped[priority.pk]))
    return list(areas.values())


def filtered(
    *, today: date, overdue_only: bool = False, agency: Agency | None = None
) -> list[ActionLine]:
    queryset = actions()
    if agency is not None:
        queryset = queryset.filter(agencies=agency)
    found = lines(queryset, today)
    return [one for one in found if one.overdue] if overdue_only else found


def overdue(today: date) -> list[ActionLine]:
    """Actions overdue for an update, the longest overdue first."""
    found = [one for one in lines(actions(), today) if one.overdue]
    return sorted(found, key=lambda one: (one.due, one.action.pk))

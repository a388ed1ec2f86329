"""Load a CYPP progress spreadsheet into the plan: all or nothing, audited, re-runnable.

:mod:`trustboard.ingest.plan` reads and checks the file; this module matches what it read
to the framework (areas by name, agencies by name or a usual alias, indicators by code) and
stores it in one transaction. The same file again (same bytes) changes nothing. A newer copy of
the plan updates the actions it names (matched by their text under the same priority) and adds
its Progress as a new dated update wherever it says something the action's latest update does
not; actions missing from it are left as they are, since an old action's history stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from trustboard.ingest.observations import ImportError_, RowError, content_hash
from trustboard.ingest.plan import ActionRow, read_plan, update_months
from trustboard.web.accounts.models import Agency
from trustboard.web.audit.events import AuditType
from trustboard.web.audit.services import record
from trustboard.web.framework.models import Area, Indicator
from trustboard.web.plan.models import (
    DEFAULT_UPDATE_MONTHS,
    Action,
    ActionUpdate,
    PlanImport,
    Priority,
)

AGENCY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "county council": (
        "county council",
        "occ",
        "early help",
        "lcss",
        "locality and community support",
        "children's services",
        "children's social care",
        "social care",
        "education service",
        # Public health teams sit in county councils in England (since 2013).
        "public health",
        "send",
        "learner engagement",
    ),
    "health": (
        "health",
        "nhs",
        "camhs",
        "health visiting",
        "health visitors",
        "school health nurses",
        "school nurses",
        "oxford health",
        "hospital",
        "hospitals",
        "icb",
        "ccg",
    ),
    "education": ("schools", "school", "early years", "colleges", "academies", "education"),
    "police": ("police", "tvp"),
    "other": ("voluntary", "vcs", "charities", "third sector"),
}
"""Words by which the plan names each agency group, keyed by the group an agency records its
work as (``Agency.records_as``, lower case) or by its code. The longest match wins, so "Public
Health" is the council's and "School Health Nurses" are Health's, not the schools'."""
_PART_SPLIT = re.compile(r"[,;\n•]+")


def _agency_keys(agency: Agency) -> set[str]:
    return {agency.records_as.lower(), agency.code.lower(), agency.name.lower()} - {""}


def _contains(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", text) is not None


def match_agencies(text: str, agencies: Iterable[Agency]) -> tuple[list[Agency], str]:
    """The framework's agencies a Responsible Agencies cell names, and the rest as text.

    Each comma-separated part is matched on its own: to an agency whose full name it contains,
    else by the longest keyword of :data:`AGENCY_KEYWORDS`. Parts that match nothing
    ("City & District Councils", "Engagement & Consultation Team") are kept as text.
    """
    agencies = list(agencies)
    found: list[Agency] = []
    rest: list[str] = []
    remaining = text
    for agency in sorted(agencies, key=lambda a: len(a.name), reverse=True):
        # Whole names first: "Health (Oxford Health NHS FT, Oxford University Hospitals)"
        # holds commas of its own.
        if agency.name and agency.name.lower() in remaining.lower():
            start = remaining.lower().index(agency.name.lower())
            remaining = remaining[:start] + "," + remaining[start + len(agency.name) :]
            if agency not in found:
                found.append(agency)
    for part in (p.strip(" .-–") for p in _PART_SPLIT.split(remaining)):
        if not part:
            continue
        lowered = part.lower()
        best: tuple[int, Agency] | None = None
        for agency in agencies:
            keys = _agency_keys(agency)
            words = {k for key in keys for k in AGENCY_KEYWORDS.get(key, ())} | keys
            for word in words:
                if _contains(lowered, word) and (best is None or len(word) > best[0]):
                    best = (len(word), agency)
        if best is None:
            if part not in rest:
                rest.append(part)
        elif best[1] not in found:
            found.append(best[1])
    found.sort(key=lambda a: (a.order, a.name))
    return found, ", ".join(rest)


@dataclass
class PlanImportResult:
    """What an import did, for the page, the command line and the tests."""

    file_name: str
    batch: PlanImport | None = None
    already_imported: PlanImport | None = None
    priorities_created: int = 0
    actions_created: int = 0
    actions_changed: int = 0
    actions_unchanged: int = 0
    updates_added: int = 0
    other_bodies: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.already_imported is not None:
            when = timezone.localtime(self.already_imported.imported_at)
            return (
                f"{self.file_name} was already imported on {when:%d/%m/%Y at %H:%M} "
                f"(import #{self.already_imported.pk}); nothing changed."
            )
        text = (
            f"Imported {self.file_name}: {self.actions_created} new action"
            f"{'s' if self.actions_created != 1 else ''}, {self.actions_changed} changed, "
            f"{self.actions_unchanged} unchanged, {self.priorities_created} new "
            f"priorit{'ies' if self.priorities_created != 1 else 'y'}, {self.updates_added} "
            f"progress update{'s' if self.updates_added != 1 else ''}."
        )
        if self.other_bodies:
            text += (
                " Responsible bodies kept as text (not among the framework's agencies): "
                + "; ".join(self.other_bodies)
                + "."
            )
        return text


def action_state(action: Action) -> dict:
    """An action as the audit log records it before and after a change."""
    return {
        "priority": str(action.priority),
        "text": action.text,
        "agencies": sorted(a.code for a in action.agencies.all()),
        "other_responsible": action.other_responsible,
        "measures": action.measures,
        "indicators": sorted(i.code for i in action.indicators.all()),
        "board_leads": action.board_leads,
        "timetable": action.timetable,
        "update_every_months": action.update_every_months,
        "owner": action.owner.get_username() if action.owner else None,
    }


def update_state(update: ActionUpdate) -> dict:
    return {"action": update.action_id, "date": update.date.isoformat(), "text": update.text}


def _store_action(
    row: ActionRow,
    priority: Priority,
    order: int,
    agencies: list[Agency],
    other: str,
    indicators: list[Indicator],
    actor,
    result: PlanImportResult,
) -> Action:
    action = Action.objects.filter(priority=priority, text=row.text).first()
    fields = {
        "other_responsible": other,
        "measures": row.measures,
        "board_leads": row.leads,
        "timetable": row.timetable,
        "order": order,
    }
    if action is None:
        action = Action.objects.create(
            priority=priority,
            text=row.text,
            update_every_months=update_months(row.timetable, DEFAULT_UPDATE_MONTHS),
            **fields,
        )
        action.agencies.set(agencies)
        action.indicators.set(indicators)
        result.actions_created += 1
        record(
            actor=actor,
            type=AuditType.PLAN_ACTION_CREATE,
            target=action,
            summary=f"Added action {action.pk} under {priority}",
            after=action_state(action),
        )
        return action
    before = action_state(action)
    if action.timetable != row.timetable:
        action.update_every_months = update_months(row.timetable, action.update_every_months)
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    action.agencies.set(agencies)
    action.indicators.set(indicators)
    after = action_state(action)
    if before != after:
        result.actions_changed += 1
        record(
            actor=actor,
            type=AuditType.PLAN_ACTION_UPDATE,
            target=action,
            summary=f"Changed action {action.pk} from a plan import",
            before=before,
            after=after,
        )
    else:
        result.actions_unchanged += 1
    return action


def import_plan(
    name: str,
    data: bytes,
    actor=None,
    today: date | None = None,
) -> PlanImportResult:
    """Load a progress spreadsheet (.xlsx or .csv) into the plan, or raise :class:`ImportError_`
    naming every problem, having saved nothing.

    ``today`` is the date the file's Progress column is as at (default: today); it dates the
    updates the import adds.
    """
    result = PlanImportResult(file_name=name)
    digest = content_hash(data)
    existing = PlanImport.objects.filter(content_hash=digest).first()
    if existing is not None:
        result.already_imported = existing
        return result
    progress_date = today or timezone.localdate()
    areas = {a.name: a for a in Area.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.filter(active=True)}
    sections = read_plan(name, data, areas=list(areas), indicators=set(indicators))
    agencies = list(Agency.objects.filter(active=True))
    try:
        with transaction.atomic():
            batch = PlanImport.objects.create(
                file_name=name[:300],
                content_hash=digest,
                imported_by=actor if actor is not None and actor.is_authenticated else None,
                progress_date=progress_date,
            )
            orders: dict[str, int] = {}
            for section in sections:
                area = areas[section.area]
                order = orders.get(area.name, 0)
                orders[area.name] = order + 1
                priority, created = Priority.objects.get_or_create(
                    area=area, title=section.title, defaults={"order": order}
                )
                if created:
                    result.priorities_created += 1
                    record(
                        actor=actor,
                        type=AuditType.PLAN_PRIORITY_CREATE,
                        target=priority,
                        summary=f"Added priority {priority}",
                        after={"area": area.code, "title": priority.title, "order": order},
                    )
                elif priority.order != order:
                    record(
                        actor=actor,
                        type=AuditType.PLAN_PRIORITY_UPDATE,
                        target=priority,
                        summary=f"Moved priority {priority}",
                        before={"order": priority.order},
                        after={"order": order},
                    )
                    priority.order = order
                    priority.save(update_fields=["order"])
                for index, row in enumerate(section.actions):
                    matched, other = match_agencies(row.agencies, agencies)
                    if other and other not in result.other_bodies:
                        result.other_bodies.append(other)
                    action = _store_action(
                        row,
                        priority,
                        index,
                        matched,
                        other,
                        [indicators[c] for c in row.indicators],
                        actor,
                        result,
                    )
                    latest = action.latest_update()
                    if row.progress and (latest is None or latest.text != row.progress):
                        update = ActionUpdate.objects.create(
                            action=action,
                            date=progress_date,
                            text=row.progress,
                            author=batch.imported_by,
                            plan_import=batch,
                        )
                        result.updates_added += 1
                        record(
                            actor=actor,
                            type=AuditType.PLAN_UPDATE_ADD,
                            target=update,
                            summary=f"Progress on action {action.pk} at {progress_date:%d/%m/%Y} "
                            f"from {name}",
                            after=update_state(update),
                        )
            batch.priorities = len(sections)
            batch.actions_created = result.actions_created
            batch.actions_changed = result.actions_changed
            batch.updates = result.updates_added
            batch.save()
            record(
                actor=actor,
                type=AuditType.PLAN_IMPORT,
                target=batch,
                summary=result.summary(),
                after={
                    "file": name,
                    "content_hash": digest,
                    "progress_date": progress_date.isoformat(),
                    "priorities": len(sections),
                    "actions_created": result.actions_created,
                    "actions_changed": result.actions_changed,
                    "updates": result.updates_added,
                },
            )
            result.batch = batch
    except IntegrityError:
        # The same file imported at the same moment by someone else: theirs stands.
        existing = PlanImport.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        return PlanImportResult(file_name=name, already_imported=existing)
    return result


__all__ = ["ImportError_", "PlanImportResult", "RowError", "import_plan", "match_agencies"]

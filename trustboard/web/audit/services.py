"""The one way anything is written to the audit trail.

Every service that changes data calls ``record`` inside its own transaction, so the change and
its event are committed together or not at all.
"""

from __future__ import annotations

from typing import Any

from trustboard.web.audit.events import AuditType
from trustboard.web.audit.models import AuditEvent

SUMMARY_MAX = 500


def record(
    *,
    actor: Any,
    type: AuditType,
    target: Any,
    summary: str,
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Write one event. ``actor`` may be None or anonymous (the command line, a scheduled job):
    the event then has no actor. ``target`` is the object changed; its class and key are kept."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=AuditType(type).value,
        object_type=type_name(target),
        object_id=str(getattr(target, "pk", "") or ""),
        summary=summary[:SUMMARY_MAX],
        before=before,
        after=after,
    )


def type_name(target: Any) -> str:
    """The name the trail files an object under: its class name, as earlier events have it."""
    return type(target).__name__

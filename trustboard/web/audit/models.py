"""The audit trail: who changed what, when, written once and never changed.

The tables keep the names they had when every model lived in one app (``performance_*``),
so data folders made by earlier releases open unchanged (see docs/adr).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEventImmutable(Exception):
    """Raised on any attempt to change or delete an audit event.

    The audit trail is evidence for information governance: a row is written once by the
    service that made the change and then only read. Users who acted are deactivated, never
    deleted, so that their events keep saying who acted.
    """


class AuditEventQuerySet(models.QuerySet):
    """Bulk changes refused too, so that ``filter(...).update()`` cannot go round ``save``."""

    def update(self, **kwargs):
        raise AuditEventImmutable("Audit events cannot be changed.")

    def delete(self):
        raise AuditEventImmutable("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """Who changed what, when, with the state before and after. Written only by services,
    once: an existing row cannot be saved again or deleted (see AuditEventImmutable)."""

    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60, blank=True)
    summary = models.CharField(max_length=500)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        db_table = "performance_auditevent"
        ordering = ["-at", "-id"]
        # Django's own bulk paths (deleting a user sets their events' actor to null) use the
        # base manager; making it this one means they are refused too.
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.summary}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditEventImmutable(f"Audit event {self.pk} cannot be changed.")
        # A new object given an existing id must not overwrite that row: insert or fail.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEventImmutable(f"Audit event {self.pk} cannot be deleted.")

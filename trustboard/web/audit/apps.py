from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail: the event model, the typed event types, the one writer and its pages."""

    name = "trustboard.web.audit"
    label = "audit"
    verbose_name = "Audit trail"

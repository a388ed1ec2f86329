"""Partners' early help returns: the board's early help "ask", one return per agency a round.

The board asks each partner agency, each quarter, for its early help (EHA) targets for this
financial year and the next, the number of assessments it has completed (its own count), a
narrative, the barriers and challenges it faces and how early help is governed and reported
inside the organisation. A :class:`ReturnRound` is one such ask; each active agency gets one
:class:`AgencyReturn` in it. Rows change only through ``returns.services``, which audits every
change with the state before and after.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from trustboard.web.accounts.models import Agency


class ReturnRound(models.Model):
    """One ask of every agency for one reporting period ("Q3 2022/23"), with a due date."""

    period = models.CharField(
        max_length=40, unique=True, help_text="Canonical period label, as periods.parse prints it."
    )
    period_start = models.DateField()
    period_end = models.DateField()
    financial_year = models.CharField(
        max_length=10, help_text='The financial year the period falls in ("2022/23").'
    )
    next_financial_year = models.CharField(max_length=10)
    due = models.DateField()
    message = models.TextField(blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return f"Early help returns {self.period}"

    def is_overdue(self, today: date) -> bool:
        return today > self.due


class ReturnStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    SENT_BACK = "sent_back", "Sent back"


OPEN_STATUSES = frozenset({ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.SENT_BACK})
"""Statuses in which the agency still owes the return: it may edit it, and it can be late."""


class AgencyReturn(models.Model):
    """One agency's answer to one round."""

    round = models.ForeignKey(ReturnRound, on_delete=models.CASCADE, related_name="returns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.NOT_STARTED
    )
    target_this_year = models.PositiveIntegerField(null=True, blank=True)
    target_next_year = models.PositiveIntegerField(null=True, blank=True)
    achieved = models.PositiveIntegerField(
        null=True, blank=True, help_text="Assessments the agency counts itself, year to date."
    )
    narrative = models.TextField(blank=True)
    barriers = models.TextField(blank=True)
    governance = models.TextField(blank=True)
    reviewer_comment = models.TextField(blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["round", "agency__order", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "agency"], name="one_return_per_agency_round")
        ]

    def __str__(self) -> str:
        return f"{self.agency} return for {self.round.period}"

    @property
    def is_open(self) -> bool:
        """Still owed by the agency: not yet submitted, or sent back to it."""
        return self.status in OPEN_STATUSES

    def is_late(self, today: date) -> bool:
        return self.is_open and self.round.is_overdue(today)


class ReminderSent(models.Model):
    """An email reminding one person about one return, on one day: at most one a day."""

    BEFORE = "before"
    LATE = "late"
    KINDS = [(BEFORE, "Before the due date"), (LATE, "Late")]

    agency_return = models.ForeignKey(
        AgencyReturn, on_delete=models.CASCADE, related_name="reminders"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    kind = models.CharField(max_length=10, choices=KINDS)
    days = models.IntegerField(help_text="Days before the due date (negative: days late).")
    email = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency_return", "user", "sent_on"], name="one_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder to {self.email} on {self.sent_on} about {self.agency_return}"

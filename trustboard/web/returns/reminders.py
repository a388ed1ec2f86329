"""Email reminders to agencies that still owe their early help return.

Run once a day (``trustboard remind``, the ``send_return_reminders`` command): each contributor
of an agency whose return is not submitted (not started, draft, or sent back) is reminded
:data:`DAYS_BEFORE` days before the due date and every day after it. A :class:`ReminderSent`
row is written for each email, with a database constraint of one per person, return and day, so
running the command twice in a day (or from two machines at once) sends nothing twice.

Mail goes through Django's email backend (``EMAIL_BACKEND`` and friends in settings); tests use
the in-memory backend. People without an email address are listed, not skipped silently, so an
analyst can ask for one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from trustboard.web.accounts.roles import Permission, has_permission
from trustboard.web.audit.events import AuditType
from trustboard.web.audit.services import record
from trustboard.web.returns.models import (
    OPEN_STATUSES,
    AgencyReturn,
    ReminderSent,
    ReturnRound,
)

DAYS_BEFORE = (7, 1)
"""Days before the due date on which a reminder goes: a week's notice, and the day before."""

log = logging.getLogger(__name__)


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def when(days: int) -> str:
    """ "due in 7 days", "due today", "late by 1 day"."""
    if days > 0:
        return f"due in {_days(days)}"
    return "due today" if days == 0 else f"late by {_days(-days)}"


@dataclass(frozen=True)
class Reminder:
    username: str
    email: str
    agency: str
    period: str
    days: int
    """Days until the due date; negative when late."""

    @property
    def when(self) -> str:
        return when(self.days)


@dataclass(frozen=True)
class NotReminded:
    username: str
    agency: str
    period: str
    reason: str


@dataclass
class ReminderReport:
    sent: list[Reminder] = field(default_factory=list)
    already_sent: list[Reminder] = field(default_factory=list)
    not_reminded: list[NotReminded] = field(default_factory=list)


def _contributors(agency_id: int) -> list:
    """Active members of the agency who may submit its return (its contributors)."""
    users = (
        get_user_model()
        .objects.filter(agency_membership__agency_id=agency_id, is_active=True)
        .prefetch_related("groups")
        .order_by("username")
    )
    return [u for u in users if has_permission(u, Permission.SUBMIT_RETURN)]


def _rounds_due(today: date, days_before: Iterable[int]) -> list[ReturnRound]:
    """Rounds due in exactly one of ``days_before`` days, or already past their due date."""
    due_dates = [today + timedelta(days=d) for d in days_before if d >= 0]
    return list(ReturnRound.objects.filter(Q(due__in=due_dates) | Q(due__lt=today)))


def _message(row: AgencyReturn, days: int, base_url: str) -> tuple[str, str]:
    round_ = row.round
    link = base_url.rstrip("/") + reverse(
        "agency_return", kwargs={"round_id": round_.pk, "agency_code": row.agency.code}
    )
    due = f"{round_.due:%A} {round_.due.day} {round_.due:%B %Y}"
    if days >= 0:
        subject = f"Early help return for {round_.period}: due {due}"
        opening = f"{row.agency.name}'s early help return for {round_.period} is due on {due}."
    else:
        late = -days
        subject = f"Early help return for {round_.period} is late"
        opening = (
            f"{row.agency.name}'s early help return for {round_.period} was due on {due} and "
            f"is {_days(late)} late."
        )
    state = {
        "not_started": "It has not been started.",
        "draft": "A draft has been saved but not submitted.",
        "sent_back": "It was sent back for changes and has not been submitted again.",
    }.get(row.status, "")
    body = "\n\n".join(
        part
        for part in [
            opening + " " + state,
            "The board asks for your early help assessment targets for this year and next, the "
            "number achieved, a narrative, barriers and challenges, and your internal "
            "governance and reporting.",
            f"Fill it in here: {link}",
            round_.message,
            "This is an automatic reminder; you will not get it once the return is submitted.",
        ]
        if part
    )
    return subject, body


def send_reminders(
    today: date,
    *,
    days_before: Iterable[int] = DAYS_BEFORE,
    base_url: str = "",
    connection=None,
) -> ReminderReport:
    """Remind every contributor who should be reminded today, once; report what happened.

    ``base_url`` ("https://trustboard.example.org") makes the link in the email absolute;
    without it the link is the page's path. ``connection`` is a Django mail connection (one is
    opened from settings if not given).
    """
    days_before = tuple(days_before)
    report = ReminderReport()
    connection = connection or get_connection()
    sender = getattr(settings, "DEFAULT_FROM_EMAIL", None)
    for round_ in _rounds_due(today, days_before):
        days = (round_.due - today).days
        kind = ReminderSent.BEFORE if days >= 0 else ReminderSent.LATE
        if days >= 0 and days not in days_before:
            continue  # not yet late, and not one of the days to remind on
        owed = (
            round_.returns.filter(status__in=OPEN_STATUSES, agency__active=True)
            .select_related("agency", "round")
            .order_by("agency__order", "agency__name")
        )
        for row in owed:
            sent_to: list[str] = []
            for user in _contributors(row.agency_id):
                username = user.get_username()
                if not user.email:
                    report.not_reminded.append(
                        NotReminded(username, row.agency.name, round_.period, "no email address")
                    )
                    continue
                reminder = Reminder(username, user.email, row.agency.name, round_.period, days)
                try:
                    with transaction.atomic():
                        _, created = ReminderSent.objects.get_or_create(
                            agency_return=row,
                            user=user,
                            sent_on=today,
                            defaults={"kind": kind, "days": days, "email": user.email},
                        )
                        if not created:
                            report.already_sent.append(reminder)
                            continue
                        subject, body = _message(row, days, base_url)
                        # Sent inside the transaction: if sending fails the record goes too,
                        # and tomorrow's run (or a re-run today) tries again.
                        EmailMessage(
                            subject, body, sender, [user.email], connection=connection
                        ).send()
                except OSError as error:  # smtplib.SMTPException and connection errors
                    log.warning("reminder to %s not sent: %s", username, type(error).__name__)
                    report.not_reminded.append(
                        NotReminded(
                            username,
                            row.agency.name,
                            round_.period,
                            f"sending failed ({type(error).__name__})",
                        )
                    )
                    continue
                report.sent.append(reminder)
                sent_to.append(username)
            if sent_to:
                record(
                    actor=None,
                    type=AuditType.RETURNS_REMIND,
                    target=row,
                    summary=f"Reminded {', '.join(sent_to)} about {row} ({when(days)})",
                    after={"to": sent_to, "kind": kind, "days": days, "on": today.isoformat()},
                )
    return report

"""Slowing down password guessing: too many failed sign-ins and attempts are refused a while.

After ``LOGIN_FAILURE_LIMIT`` (5) failures for one username, or from one address, within
``LOGIN_FAILURE_WINDOW_MINUTES`` (15), every attempt for that username or from that address is
refused for ``LOGIN_LOCKOUT_MINUTES`` (15) after the last failure, with HTTP 429 and a message
saying until when; the password is not even checked, so a right guess during the lockout
teaches nothing. A successful sign-in clears a username's count (not an address's, or one
account of one's own would reset the count for guessing others from the same machine).

The attempts are rows of ``LoginAttempt`` in the database, not the cache: Django's default
cache is per process, and a server runs several worker processes. A row holds the time, the
username as typed (lowercased), the address and the outcome, never the password, and is kept
for ``LOGIN_ATTEMPT_RETENTION_DAYS``. Each attempt is logged on ``trustboard.security``.

django-axes does this and more (middleware, an authentication backend, three models, many
settings); for one rule on one view, this module is less to configure and to review.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from trustboard.web.accounts.models import LoginAttempt

logger = logging.getLogger("trustboard.security")

USERNAME_MAX = 150


@dataclass(frozen=True)
class Lock:
    """Sign-in is refused until this time."""

    until: datetime

    @property
    def message(self) -> str:
        local = timezone.localtime(self.until)
        minutes = max(1, round((self.until - timezone.now()).total_seconds() / 60))
        return (
            "Too many failed attempts to sign in with this username or from this computer. "
            f"Try again after {local:%H:%M} (in about {minutes} minute"
            f"{'s' if minutes != 1 else ''}), or ask your system administrator to check "
            "your account."
        )

    @property
    def retry_after(self) -> int:
        """Seconds to wait, for the Retry-After header."""
        return max(1, int((self.until - timezone.now()).total_seconds()) + 1)


def normalise(username: str) -> str:
    """The key attempts are counted under: case and surrounding spaces do not matter."""
    return username.strip().lower()[:USERNAME_MAX]


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address: REMOTE_ADDR, or with ``TRUSTED_PROXY_COUNT`` proxies of our own
    in front, the address the outermost of them saw (X-Forwarded-For read from the right, as
    each proxy appends; anything further left was written by the visitor and is not trusted).
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _locked_until(attempts: QuerySet, now: datetime) -> datetime | None:
    """When the lock on this set of attempts ends, or None if there is none.

    Locked while the latest failure is under a lockout old and it completed ``limit`` failures
    within the window. Refused attempts do not count, so the lockout does not extend itself.
    """
    limit = settings.LOGIN_FAILURE_LIMIT
    window = timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    lockout = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    failures = list(
        attempts.filter(outcome=LoginAttempt.FAILED, at__gt=now - lockout - window)
        .order_by("-at", "-id")
        .values_list("at", flat=True)[:limit]
    )
    if len(failures) < limit:
        return None
    latest, earliest = failures[0], failures[-1]
    if latest + lockout > now and earliest >= latest - window:
        return latest + lockout
    return None


def lock_for(username: str, ip: str | None, now: datetime | None = None) -> Lock | None:
    """The lock on this username or this address, whichever ends later, or None."""
    now = now or timezone.now()
    key = normalise(username)
    ends: list[datetime] = []
    if key:
        by_name = LoginAttempt.objects.filter(username=key)
        last_success = (
            by_name.filter(outcome=LoginAttempt.SUCCEEDED)
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        if last_success is not None:
            by_name = by_name.filter(at__gt=last_success)
        ends.append(_locked_until(by_name, now))
    if ip:
        ends.append(_locked_until(LoginAttempt.objects.filter(ip_address=ip), now))
    found = [end for end in ends if end is not None]
    return Lock(max(found)) if found else None


def record(username: str, ip: str | None, outcome: str, now: datetime | None = None) -> None:
    """Note one attempt (and forget those past the retention period)."""
    now = now or timezone.now()
    LoginAttempt.objects.create(
        at=now, username=normalise(username), ip_address=ip, outcome=outcome
    )
    retention = timedelta(days=settings.LOGIN_ATTEMPT_RETENTION_DAYS)
    LoginAttempt.objects.filter(at__lt=now - retention).delete()

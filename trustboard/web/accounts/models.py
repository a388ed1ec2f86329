"""Agencies, who belongs to which, and sign-in attempts.

The tables keep the names they had when every model lived in one app (``performance_*``),
so data folders made by earlier releases open unchanged (see docs/adr).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Agency(models.Model):
    """A partner organisation: its people submit its returns and see only its own."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    records_as = models.CharField(
        max_length=40,
        blank=True,
        help_text="The agency group its work carries in record-level extracts.",
    )
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        db_table = "performance_agency"
        ordering = ["order", "name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class AgencyMembership(models.Model):
    """Which agency a user works for; a contributor acts only for this agency."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_membership"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="members")

    class Meta:
        db_table = "performance_agencymembership"

    def __str__(self) -> str:
        return f"{self.user} at {self.agency}"


class LoginAttempt(models.Model):
    """One attempt to sign in, kept to slow down password guessing (see login_limit).

    In the database, not the cache, so that every worker process of the server sees the same
    count. Never holds a password; rows older than the retention period are removed.
    """

    FAILED = "failed"
    SUCCEEDED = "succeeded"
    REFUSED = "refused"
    OUTCOMES = [
        (FAILED, "Wrong username or password"),
        (SUCCEEDED, "Signed in"),
        (REFUSED, "Refused: too many failed attempts"),
    ]

    at = models.DateTimeField(db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    outcome = models.CharField(max_length=20, choices=OUTCOMES)

    class Meta:
        db_table = "performance_loginattempt"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} from {self.ip_address}: {self.outcome}"

"""The board report: commentary, the analyst's words around the figures, frozen snapshots
and the files rendered from them.

The tables keep the names they had when every model lived in one app (``performance_*``),
so data folders made by earlier releases open unchanged (see docs/adr).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from trustboard.web.framework.models import Indicator


class Commentary(models.Model):
    """One step in the life of an indicator's "What is being done to improve performance?"
    for a reporting period. Every draft, submission, approval and return is a row of its own,
    so each step stays dated and kept; the latest row is the current state."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    STATUSES = [
        (DRAFT, "Draft"),
        (SUBMITTED, "Submitted for approval"),
        (APPROVED, "Approved"),
        (RETURNED, "Returned for changes"),
    ]

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentary")
    period = models.CharField(max_length=40)
    text = models.TextField()
    status = models.CharField(max_length=20, choices=STATUSES, default=DRAFT)
    note = models.CharField(max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "performance_commentary"
        ordering = ["indicator", "period", "-at", "-id"]
        indexes = [models.Index(fields=["period", "indicator", "-at"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.get_status_display()}"


class CommentaryRequest(models.Model):
    """An analyst's request to owners for commentary on the period's red and amber indicators."""

    period = models.CharField(max_length=40)
    indicators = models.ManyToManyField(Indicator, related_name="commentary_requests")
    message = models.TextField(blank=True)
    due = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "performance_commentaryrequest"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Commentary request for {self.period}"


class ReportDetails(models.Model):
    """What the analyst writes around the figures for one period's board report."""

    period = models.CharField(max_length=40, unique=True)
    report_date = models.DateField(null=True, blank=True)
    report_to = models.CharField(max_length=200, default="Health and Wellbeing Board")
    meetings = models.TextField(blank=True, help_text="One meeting per line.")
    priorities = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    forward_plan = models.TextField(blank=True, help_text="One item per line.")
    next_meeting = models.CharField(max_length=100, blank=True)

    class Meta:
        db_table = "performance_reportdetails"

    def __str__(self) -> str:
        return f"Report details for {self.period}"


class MeetingItem(models.Model):
    period = models.CharField(max_length=40)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    recommendations = models.TextField(blank=True, help_text="One recommendation per line.")

    class Meta:
        db_table = "performance_meetingitem"
        ordering = ["period", "order", "id"]

    def __str__(self) -> str:
        return f"{self.period} item {self.order}: {self.title}"


class NarrativeEdit(models.Model):
    """The analyst's change to one drafted sentence: new wording, or dropped."""

    period = models.CharField(max_length=40)
    code = models.CharField(max_length=20)
    key = models.CharField(max_length=60)
    text = models.TextField(blank=True)
    included = models.BooleanField(default=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    edited_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "performance_narrativeedit"
        constraints = [
            models.UniqueConstraint(fields=["period", "code", "key"], name="one_edit_per_sentence")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.code} {self.key}"


class ReportSnapshot(models.Model):
    """A frozen board report: exactly what was printed, for both versions.

    Rendering reads only this, so the same snapshot gives the same document next year, however
    the figures were restated since.
    """

    period = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    figures_until = models.DateTimeField(null=True, blank=True)
    last_import = models.PositiveIntegerField(null=True, blank=True)
    board = models.JSONField()
    public = models.JSONField()
    published = models.BooleanField(default=False)

    class Meta:
        db_table = "performance_reportsnapshot"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Report for {self.period} frozen {self.created_at:%d/%m/%Y %H:%M}"


class ReportFile(models.Model):
    """A frozen report as first rendered, kept so that every later download is the same file,
    whatever the renderers or their libraries become."""

    snapshot = models.ForeignKey(ReportSnapshot, on_delete=models.CASCADE, related_name="files")
    version = models.CharField(max_length=10)
    fmt = models.CharField(max_length=10)
    data = models.BinaryField()
    rendered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "performance_reportfile"
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "version", "fmt"], name="one_file")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.version} {self.fmt}"

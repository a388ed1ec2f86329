"""The app database: the framework as loaded, every observation with its vintages, the audit log.

The catalogue's source of truth is its YAML file; these tables mirror it so that observations
can refer to indicators and so that later the framework can be edited on the web with an audit
trail. Observations are never updated in place: a restated figure is a new vintage and the old
one stays, marked as no longer current.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from trustboard.core import catalogue as core
from trustboard.core import periods
from trustboard.core.assessment import Point


class Partnership(models.Model):
    """The one partnership this data folder belongs to (a singleton)."""

    name = models.CharField(max_length=200)
    area_name = models.CharField(max_length=200, blank=True)
    la_code = models.CharField(max_length=20, blank=True)
    board = models.CharField(max_length=200, blank=True)
    chair = models.CharField(max_length=200, blank=True)
    reporting_period = models.CharField(max_length=40, blank=True)
    statistical_neighbours = models.JSONField(default=list, blank=True)
    framework_source = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Partnership | None:
        return cls.objects.first()


class Area(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=300)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="indicators")
    unit = models.CharField(max_length=20, choices=[(u.value, u.value) for u in core.Unit])
    polarity = models.CharField(max_length=20, choices=[(p.value, p.value) for p in core.Polarity])
    frequency = models.CharField(
        max_length=20, choices=[(f.value, f.value) for f in core.Frequency]
    )
    basis = models.CharField(max_length=20, choices=[(b.value, b.value) for b in periods.Basis])
    aggregation = models.CharField(
        max_length=10, choices=[(a.value, a.value) for a in core.Aggregation]
    )
    owner = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=300, blank=True)
    definition = models.TextField(blank=True)
    tolerance = models.FloatField(default=core.DEFAULT_TOLERANCE)
    staleness_months = models.PositiveIntegerField(default=0)
    baseline = models.CharField(max_length=40, blank=True)
    breakdown_name = models.CharField(max_length=100, blank=True)
    breakdown_values = models.JSONField(default=list, blank=True)
    spc_rebase = models.JSONField(default=list, blank=True)
    published = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def to_core(self) -> core.Indicator:
        """The pure-Python indicator that assessment works on."""
        basis = periods.Basis(self.basis)
        return core.Indicator(
            code=self.code,
            title=self.title,
            area=self.area.code,
            unit=core.Unit(self.unit),
            polarity=core.Polarity(self.polarity),
            frequency=core.Frequency(self.frequency),
            basis=basis,
            aggregation=core.Aggregation(self.aggregation),
            owner=self.owner,
            source=self.source,
            definition=self.definition,
            targets=tuple(
                core.Target(periods.parse(t.period, basis), t.value, t.note)
                for t in self.targets.all()
            ),
            tolerance=self.tolerance,
            staleness_months=self.staleness_months,
            baseline=periods.parse(self.baseline, basis) if self.baseline else None,
            breakdown=(
                core.Breakdown(self.breakdown_name, tuple(self.breakdown_values))
                if self.breakdown_name
                else None
            ),
            spc_rebase=tuple(periods.parse(label, basis) for label in self.spc_rebase),
            published=tuple(
                core.PublishedSource(p["measure"], tuple(tuple(f) for f in p["filters"]))
                for p in self.published
            ),
        )

    def current_points(self, breakdown: str = "") -> list[Point]:
        basis = periods.Basis(self.basis)
        return [
            Point(periods.parse(o.period, basis), o.value)
            for o in self.observations.filter(is_current=True, breakdown=breakdown)
        ]


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.FloatField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["period_start", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_target_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value:g}"


class ImportBatch(models.Model):
    """One file loaded, identified by the hash of its bytes so a re-import is recognised."""

    file_name = models.CharField(max_length=300)
    content_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=40, default="observations")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    revised = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"import #{self.pk} {self.file_name}"


class Observation(models.Model):
    """One value of an indicator for one period and breakdown, in one vintage."""

    STATUS_CHOICES = [("provisional", "provisional"), ("final", "final")]

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    period = models.CharField(max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    breakdown = models.CharField(max_length=100, blank=True, default="")
    value = models.FloatField()
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default="final")
    vintage = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="observations", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "period_start", "breakdown", "vintage"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown", "vintage"], name="one_vintage"
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown"],
                condition=models.Q(is_current=True),
                name="one_current_vintage",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "is_current", "period_start"])]

    def __str__(self) -> str:
        suffix = f" [{self.breakdown}]" if self.breakdown else ""
        return f"{self.indicator.code} {self.period}{suffix} = {self.value:g} (v{self.vintage})"


class Benchmark(models.Model):
    """A published figure for another geography (England, the region, a statistical
    neighbour) to set beside the area's own. A suppressed or missing cell keeps its symbol."""

    LEVELS = [
        ("national", "England"),
        ("regional", "Region"),
        ("neighbour", "Statistical neighbour"),
    ]

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    period = models.CharField(max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    level = models.CharField(max_length=20, choices=LEVELS)
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    value = models.FloatField(null=True, blank=True)
    symbol = models.CharField(max_length=10, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="benchmarks")

    class Meta:
        ordering = ["indicator", "period_start", "level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "level", "code"], name="one_benchmark"
            )
        ]

    def __str__(self) -> str:
        shown = f"{self.value:g}" if self.value is not None else self.symbol
        return f"{self.indicator.code} {self.period} {self.name}: {shown}"


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

    def __str__(self) -> str:
        return f"Report details for {self.period}"


class MeetingItem(models.Model):
    period = models.CharField(max_length=40)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    recommendations = models.TextField(blank=True, help_text="One recommendation per line.")

    class Meta:
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
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "version", "fmt"], name="one_file")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.version} {self.fmt}"


class MeasureRun(models.Model):
    """One run of the measures over the record-level extracts, on one engine."""

    engine = models.CharField(max_length=20)
    measures_file = models.CharField(max_length=500)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    measures = models.PositiveIntegerField(default=0)
    figures = models.PositiveIntegerField(default=0)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="measure_runs"
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-finished_at", "-id"]

    def __str__(self) -> str:
        return f"measure run #{self.pk} on {self.engine}"


class MeasureFigure(models.Model):
    """A figure a measure computed for the partnership's own area: aggregate, never a record.

    Measures that feed an indicator also write its observations (with vintages); every
    measure's latest figures are kept here for the pages that show more than the indicators do,
    such as the agency ratio table. Each run replaces a measure's figures.
    """

    run = models.ForeignKey(MeasureRun, on_delete=models.CASCADE, related_name="figures_set")
    measure = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    period = models.CharField(max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    breakdown = models.CharField(max_length=100, blank=True, default="")
    value = models.FloatField()
    numerator = models.FloatField()
    denominator = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["measure", "period_start", "breakdown"]
        indexes = [models.Index(fields=["measure", "period_start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period", "breakdown"], name="one_figure_per_measure_period"
            )
        ]

    def __str__(self) -> str:
        suffix = f" [{self.breakdown}]" if self.breakdown else ""
        return f"{self.measure} {self.period}{suffix} = {self.value:g}"


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
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} from {self.ip_address}: {self.outcome}"

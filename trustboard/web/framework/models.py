"""The framework as loaded, every observation with its vintages, imports and benchmarks.

The catalogue's source of truth is its YAML file; these tables mirror it so that observations
can refer to indicators and so that the framework can be edited on the web with an audit
trail. Observations are never updated in place: a restated figure is a new vintage and the old
one stays, marked as no longer current.

The tables keep the names they had when every model lived in one app (``performance_*``),
so data folders made by earlier releases open unchanged (see docs/adr).
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
    measures_file = models.CharField(
        max_length=500, blank=True, help_text="The measures file the framework names."
    )
    early_help_measures = models.JSONField(
        default=dict,
        blank=True,
        help_text="The measure each part of the early help page reads, where not the usual id.",
    )

    class Meta:
        db_table = "performance_partnership"

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
        db_table = "performance_area"
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
        db_table = "performance_indicator"
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
        db_table = "performance_target"
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
        db_table = "performance_importbatch"
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
        db_table = "performance_observation"
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
        db_table = "performance_benchmark"
        ordering = ["indicator", "period_start", "level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "level", "code"], name="one_benchmark"
            )
        ]

    def __str__(self) -> str:
        shown = f"{self.value:g}" if self.value is not None else self.symbol
        return f"{self.indicator.code} {self.period} {self.name}: {shown}"

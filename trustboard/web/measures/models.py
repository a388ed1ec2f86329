"""Runs of the measures over the record-level extracts and the figures they computed.

The tables keep the names they had when every model lived in one app (``performance_*``),
so data folders made by earlier releases open unchanged (see docs/adr).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from trustboard.web.framework.models import ImportBatch


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
        db_table = "performance_measurerun"
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
        db_table = "performance_measurefigure"
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

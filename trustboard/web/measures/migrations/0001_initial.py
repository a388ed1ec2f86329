"""The measures app's models, which until now lived in the performance app.

The tables already exist (``performance_*``, made by the performance app's migrations 0001-0008,
which a new data folder still runs): this migration only tells Django that the models are now
measures's. Nothing in the database changes.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("performance", "0008_login_attempts"),
        ("framework", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MeasureRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("engine", models.CharField(max_length=20)),
                        ("measures_file", models.CharField(max_length=500)),
                        ("started_at", models.DateTimeField()),
                        ("finished_at", models.DateTimeField()),
                        ("measures", models.PositiveIntegerField(default=0)),
                        ("figures", models.PositiveIntegerField(default=0)),
                        (
                            "batch",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="measure_runs",
                                to="framework.importbatch",
                            ),
                        ),
                        (
                            "run_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_measurerun",
                        "ordering": ["-finished_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="MeasureFigure",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("measure", models.CharField(max_length=60)),
                        ("title", models.CharField(max_length=200)),
                        ("period", models.CharField(max_length=40)),
                        ("period_start", models.DateField()),
                        ("period_end", models.DateField()),
                        ("breakdown", models.CharField(blank=True, default="", max_length=100)),
                        ("value", models.FloatField()),
                        ("numerator", models.FloatField()),
                        ("denominator", models.FloatField(blank=True, null=True)),
                        (
                            "run",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="figures_set",
                                to="measures.measurerun",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_measurefigure",
                        "ordering": ["measure", "period_start", "breakdown"],
                        "indexes": [
                            models.Index(
                                fields=["measure", "period_start"],
                                name="performance_measure_41409b_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("measure", "period", "breakdown"),
                                name="one_figure_per_measure_period",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

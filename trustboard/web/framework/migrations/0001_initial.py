"""The framework app's models, which until now lived in the performance app.

The tables already exist (``performance_*``, made by the performance app's migrations 0001-0008,
which a new data folder still runs): this migration only tells Django that the models are now
framework's. Nothing in the database changes.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("performance", "0008_login_attempts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Area",
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
                        ("code", models.SlugField(max_length=40, unique=True)),
                        ("name", models.CharField(max_length=100)),
                        ("order", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "performance_area",
                        "ordering": ["order", "code"],
                    },
                ),
                migrations.CreateModel(
                    name="Partnership",
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
                        ("name", models.CharField(max_length=200)),
                        ("area_name", models.CharField(blank=True, max_length=200)),
                        ("la_code", models.CharField(blank=True, max_length=20)),
                        ("board", models.CharField(blank=True, max_length=200)),
                        ("chair", models.CharField(blank=True, max_length=200)),
                        ("reporting_period", models.CharField(blank=True, max_length=40)),
                        ("statistical_neighbours", models.JSONField(blank=True, default=list)),
                        ("framework_source", models.CharField(blank=True, max_length=500)),
                    ],
                    options={
                        "db_table": "performance_partnership",
                    },
                ),
                migrations.CreateModel(
                    name="ImportBatch",
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
                        ("file_name", models.CharField(max_length=300)),
                        ("content_hash", models.CharField(max_length=64, unique=True)),
                        ("kind", models.CharField(default="observations", max_length=40)),
                        ("imported_at", models.DateTimeField(auto_now_add=True)),
                        ("rows", models.PositiveIntegerField(default=0)),
                        ("created", models.PositiveIntegerField(default=0)),
                        ("revised", models.PositiveIntegerField(default=0)),
                        ("unchanged", models.PositiveIntegerField(default=0)),
                        (
                            "imported_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_importbatch",
                        "ordering": ["-imported_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="Indicator",
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
                        ("code", models.CharField(max_length=20, unique=True)),
                        ("title", models.CharField(max_length=300)),
                        (
                            "unit",
                            models.CharField(
                                choices=[
                                    ("count", "count"),
                                    ("percentage", "percentage"),
                                    ("days", "days"),
                                    ("rate_per_10000", "rate_per_10000"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "polarity",
                            models.CharField(
                                choices=[
                                    ("higher_is_better", "higher_is_better"),
                                    ("lower_is_better", "lower_is_better"),
                                    ("neither", "neither"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "frequency",
                            models.CharField(
                                choices=[
                                    ("weekly", "weekly"),
                                    ("monthly", "monthly"),
                                    ("quarterly", "quarterly"),
                                    ("termly", "termly"),
                                    ("annual", "annual"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "basis",
                            models.CharField(
                                choices=[
                                    ("financial", "financial"),
                                    ("academic", "academic"),
                                    ("calendar", "calendar"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "aggregation",
                            models.CharField(
                                choices=[("sum", "sum"), ("point", "point")], max_length=10
                            ),
                        ),
                        ("owner", models.CharField(blank=True, max_length=200)),
                        ("source", models.CharField(blank=True, max_length=300)),
                        ("definition", models.TextField(blank=True)),
                        ("tolerance", models.FloatField(default=0.05)),
                        ("staleness_months", models.PositiveIntegerField(default=0)),
                        ("baseline", models.CharField(blank=True, max_length=40)),
                        ("breakdown_name", models.CharField(blank=True, max_length=100)),
                        ("breakdown_values", models.JSONField(blank=True, default=list)),
                        ("spc_rebase", models.JSONField(blank=True, default=list)),
                        ("published", models.JSONField(blank=True, default=list)),
                        ("order", models.PositiveIntegerField(default=0)),
                        ("active", models.BooleanField(default=True)),
                        (
                            "area",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="indicators",
                                to="framework.area",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_indicator",
                        "ordering": ["order", "code"],
                    },
                ),
                migrations.CreateModel(
                    name="Benchmark",
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
                        ("period", models.CharField(max_length=40)),
                        ("period_start", models.DateField()),
                        ("period_end", models.DateField()),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("national", "England"),
                                    ("regional", "Region"),
                                    ("neighbour", "Statistical neighbour"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("code", models.CharField(max_length=20)),
                        ("name", models.CharField(max_length=200)),
                        ("value", models.FloatField(blank=True, null=True)),
                        ("symbol", models.CharField(blank=True, max_length=10)),
                        (
                            "batch",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="benchmarks",
                                to="framework.importbatch",
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="benchmarks",
                                to="framework.indicator",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_benchmark",
                        "ordering": ["indicator", "period_start", "level", "name"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("indicator", "period", "level", "code"),
                                name="one_benchmark",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Observation",
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
                        ("period", models.CharField(max_length=40)),
                        ("period_start", models.DateField()),
                        ("period_end", models.DateField()),
                        ("breakdown", models.CharField(blank=True, default="", max_length=100)),
                        ("value", models.FloatField()),
                        ("numerator", models.FloatField(blank=True, null=True)),
                        ("denominator", models.FloatField(blank=True, null=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[("provisional", "provisional"), ("final", "final")],
                                default="final",
                                max_length=20,
                            ),
                        ),
                        ("vintage", models.PositiveIntegerField(default=1)),
                        ("is_current", models.BooleanField(default=True)),
                        ("recorded_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "batch",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="observations",
                                to="framework.importbatch",
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="observations",
                                to="framework.indicator",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_observation",
                        "ordering": ["indicator", "period_start", "breakdown", "vintage"],
                        "indexes": [
                            models.Index(
                                fields=["indicator", "is_current", "period_start"],
                                name="performance_indicat_009f95_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("indicator", "period", "breakdown", "vintage"),
                                name="one_vintage",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("is_current", True)),
                                fields=("indicator", "period", "breakdown"),
                                name="one_current_vintage",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Target",
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
                        ("period", models.CharField(max_length=40)),
                        ("period_start", models.DateField()),
                        ("period_end", models.DateField()),
                        ("value", models.FloatField()),
                        ("note", models.CharField(blank=True, max_length=300)),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="targets",
                                to="framework.indicator",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_target",
                        "ordering": ["period_start", "period_end"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("indicator", "period"), name="one_target_per_period"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

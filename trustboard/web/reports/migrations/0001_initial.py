"""The reports app's models, which until now lived in the performance app.

The tables already exist (``performance_*``, made by the performance app's migrations 0001-0008,
which a new data folder still runs): this migration only tells Django that the models are now
reports's. Nothing in the database changes.
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
                    name="MeetingItem",
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
                        ("order", models.PositiveIntegerField(default=0)),
                        ("title", models.CharField(max_length=300)),
                        ("body", models.TextField(blank=True)),
                        (
                            "recommendations",
                            models.TextField(blank=True, help_text="One recommendation per line."),
                        ),
                    ],
                    options={
                        "db_table": "performance_meetingitem",
                        "ordering": ["period", "order", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="ReportDetails",
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
                        ("period", models.CharField(max_length=40, unique=True)),
                        ("report_date", models.DateField(blank=True, null=True)),
                        (
                            "report_to",
                            models.CharField(default="Health and Wellbeing Board", max_length=200),
                        ),
                        (
                            "meetings",
                            models.TextField(blank=True, help_text="One meeting per line."),
                        ),
                        ("priorities", models.CharField(blank=True, max_length=300)),
                        ("summary", models.TextField(blank=True)),
                        (
                            "forward_plan",
                            models.TextField(blank=True, help_text="One item per line."),
                        ),
                        ("next_meeting", models.CharField(blank=True, max_length=100)),
                    ],
                    options={
                        "db_table": "performance_reportdetails",
                    },
                ),
                migrations.CreateModel(
                    name="CommentaryRequest",
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
                        ("message", models.TextField(blank=True)),
                        ("due", models.DateField(blank=True, null=True)),
                        ("requested_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "indicators",
                            models.ManyToManyField(
                                related_name="commentary_requests", to="framework.indicator"
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_commentaryrequest",
                        "ordering": ["-requested_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="ReportSnapshot",
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
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("figures_until", models.DateTimeField(blank=True, null=True)),
                        ("last_import", models.PositiveIntegerField(blank=True, null=True)),
                        ("board", models.JSONField()),
                        ("public", models.JSONField()),
                        ("published", models.BooleanField(default=False)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_reportsnapshot",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="Commentary",
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
                        ("text", models.TextField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted for approval"),
                                    ("approved", "Approved"),
                                    ("returned", "Returned for changes"),
                                ],
                                default="draft",
                                max_length=20,
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=500)),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="commentary",
                                to="framework.indicator",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_commentary",
                        "ordering": ["indicator", "period", "-at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["period", "indicator", "-at"],
                                name="performance_period_488fb9_idx",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="NarrativeEdit",
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
                        ("code", models.CharField(max_length=20)),
                        ("key", models.CharField(max_length=60)),
                        ("text", models.TextField(blank=True)),
                        ("included", models.BooleanField(default=True)),
                        ("edited_at", models.DateTimeField(auto_now=True)),
                        (
                            "edited_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_narrativeedit",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("period", "code", "key"), name="one_edit_per_sentence"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ReportFile",
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
                        ("version", models.CharField(max_length=10)),
                        ("fmt", models.CharField(max_length=10)),
                        ("data", models.BinaryField()),
                        ("rendered_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "snapshot",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="files",
                                to="reports.reportsnapshot",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_reportfile",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("snapshot", "version", "fmt"), name="one_file"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

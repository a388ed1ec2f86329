"""The accounts app's models, which until now lived in the performance app.

The tables already exist (``performance_*``, made by the performance app's migrations 0001-0008,
which a new data folder still runs): this migration only tells Django that the models are now
accounts's. Nothing in the database changes.
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
                    name="Agency",
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
                        ("name", models.CharField(max_length=200)),
                        (
                            "records_as",
                            models.CharField(
                                blank=True,
                                help_text="The agency group its work carries in record-level extracts.",
                                max_length=40,
                            ),
                        ),
                        ("order", models.PositiveIntegerField(default=0)),
                        ("active", models.BooleanField(default=True)),
                    ],
                    options={
                        "verbose_name_plural": "agencies",
                        "db_table": "performance_agency",
                        "ordering": ["order", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="LoginAttempt",
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
                        ("at", models.DateTimeField(db_index=True)),
                        ("username", models.CharField(db_index=True, max_length=150)),
                        (
                            "ip_address",
                            models.GenericIPAddressField(blank=True, db_index=True, null=True),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                choices=[
                                    ("failed", "Wrong username or password"),
                                    ("succeeded", "Signed in"),
                                    ("refused", "Refused: too many failed attempts"),
                                ],
                                max_length=20,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_loginattempt",
                        "ordering": ["-at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="AgencyMembership",
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
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="members",
                                to="accounts.agency",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="agency_membership",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "performance_agencymembership",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

"""Foreign keys now point at the models' new apps. The columns and tables are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("framework", "0001_initial"),
        ("plan", "0001_action_plan"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="action",
                    name="agencies",
                    field=models.ManyToManyField(
                        blank=True, related_name="plan_actions", to="accounts.agency"
                    ),
                ),
                migrations.AlterField(
                    model_name="action",
                    name="indicators",
                    field=models.ManyToManyField(
                        blank=True, related_name="plan_actions", to="framework.indicator"
                    ),
                ),
                migrations.AlterField(
                    model_name="priority",
                    name="area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plan_priorities",
                        to="framework.area",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]

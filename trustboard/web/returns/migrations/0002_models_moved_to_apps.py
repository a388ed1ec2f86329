"""Foreign keys now point at the models' new apps. The columns and tables are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("returns", "0001_returns"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="agencyreturn",
                    name="agency",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="returns",
                        to="accounts.agency",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]

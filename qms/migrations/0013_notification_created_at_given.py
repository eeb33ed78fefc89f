"""A notification's created_at may be given (qms.notifications.notify(at=...)): a
Python default instead of auto_now_add. The column is the same, so only Django's
state changes: no table is rebuilt (on SQLite that would also drop, for a while,
the triggers guarding the history table, see qms.db_guards)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("qms", "0012_database_refuses_deleting_kept_records")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=model_name,
                    name="created_at",
                    field=models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="created at"
                    ),
                )
                for model_name in ("historicalnotification", "notification")
            ]
        )
    ]

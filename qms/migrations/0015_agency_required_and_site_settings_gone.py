# Separate from 0014: PostgreSQL refuses to alter a table with the pending
# (deferred) foreign-key checks of the rows 0014 moved into the first agency.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("qms", "0014_agencies"),
    ]

    operations = [
        migrations.AlterField(
            model_name='department',
            name='agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='departments', to='qms.agency', verbose_name='agency'),
        ),
        migrations.RemoveField(
            model_name='agencysettings',
            name='logo',
        ),
        migrations.RemoveField(
            model_name='agencysettings',
            name='site',
        ),
        migrations.DeleteModel(
            name='AgencySettings',
        ),
    ]

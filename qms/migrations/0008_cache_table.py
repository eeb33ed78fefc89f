"""The shared cache table (CACHES in qms/settings/base.py, qms/cache.py).

Created by `migrate`, so a fresh clone, every app server and the test
databases have it without a separate `createcachetable`.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "qms_cache"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("qms", "0007_notifications")]

    operations = [migrations.RunPython(create_table, drop_table)]

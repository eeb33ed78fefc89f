"""The cache table of the API's rate limits (CACHES["api_throttle"], api/throttling.py), created by `migrate`."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "qms_api_throttle"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("api", "0002_database_refuses_deleting_kept_records")]

    operations = [migrations.RunPython(create_table, drop_table)]

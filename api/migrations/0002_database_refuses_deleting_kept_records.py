"""The database refuses to delete or rewrite the history table of API clients (qms.db_guards)."""

from django.db import migrations

from qms import db_guards

TABLES = {"api_historicalapiclient": []}


def guard(apps, schema_editor):
    db_guards.install_tables(schema_editor, TABLES)


def unguard(apps, schema_editor):
    db_guards.remove_tables(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_api_clients_and_calls")]

    operations = [migrations.RunPython(guard, unguard, elidable=False)]

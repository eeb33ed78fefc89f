"""The database refuses to delete or rewrite the history of satisfaction survey results (qms.db_guards)."""

from django.db import migrations

from qms import db_guards

TABLES = {"planning_historicalsatisfactionresult": []}


def guard(apps, schema_editor):
    db_guards.install_tables(schema_editor, TABLES)


def unguard(apps, schema_editor):
    db_guards.remove_tables(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("planning", "0004_satisfaction")]

    operations = [migrations.RunPython(guard, unguard, elidable=False)]

"""The database refuses to delete or rewrite the history tables of planning (qms.db_guards)."""

from django.db import migrations

from qms import db_guards

TABLES = {
    "planning_historicaldossierstatistic": [],
    "planning_historicalmanagementreview": [],
    "planning_historicalnonconformity": [],
    "planning_historicalobjectiveresult": [],
    "planning_historicalonestopimport": [],
    "planning_historicalqualityobjective": [],
    "planning_historicalreviewdecision": [],
    "planning_historicalrisk": [],
}


def guard(apps, schema_editor):
    db_guards.install_tables(schema_editor, TABLES)


def unguard(apps, schema_editor):
    db_guards.remove_tables(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(guard, unguard, elidable=False)]

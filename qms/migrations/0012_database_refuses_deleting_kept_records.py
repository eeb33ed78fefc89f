"""The database refuses to delete or rewrite the history tables of qms (qms.db_guards)."""

from django.db import migrations

from qms import db_guards

# Table -> the columns that may still change (none: the row is never changed).
TABLES = {
    "qms_historicaldepartment": [],
    "qms_historicaldigestsent": [],
    "qms_historicalnotification": [],
    "qms_historicaluser": [],
    "qms_historicaluser_groups": [],
}


def guard(apps, schema_editor):
    db_guards.install_tables(schema_editor, TABLES)


def unguard(apps, schema_editor):
    db_guards.remove_tables(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("qms", "0011_notification_kinds_declared_by_apps")]

    operations = [migrations.RunPython(guard, unguard, elidable=False)]

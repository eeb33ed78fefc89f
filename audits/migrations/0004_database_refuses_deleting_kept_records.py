"""The database refuses to delete or rewrite the append-only and history tables of audits (qms.db_guards)."""

from django.db import migrations

from qms import db_guards

# Table -> the columns that may still change (none: the row is never changed).
TABLES = {
    "audits_historicalaudit": [],
    "audits_historicalauditprogramme": [],
    "audits_historicalchecklistitem": [],
    "audits_historicalcorrectiveaction": [],
    "audits_historicalevidencefile": [],
    "audits_historicalfinding": [],
    "audits_historicalquestion": [],
    "audits_historicalremindersent": [],
    "audits_historicalverification": [],
    "audits_verification": [],
}


def guard(apps, schema_editor):
    db_guards.install_tables(schema_editor, TABLES)


def unguard(apps, schema_editor):
    db_guards.remove_tables(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("audits", "0003_evidence_file_sha256")]

    operations = [migrations.RunPython(guard, unguard, elidable=False)]

"""The database refuses to delete or rewrite the append-only and history tables of procedures (qms.db_guards)."""

from django.db import migrations

from qms import db_guards

# Table -> the columns that may still change (none: the row is never changed).
TABLES = {
    "procedures_acknowledgement": [],
    "procedures_historicalacknowledgement": [],
    "procedures_historicalchangerequest": [],
    "procedures_historicalcitation": [],
    "procedures_historicalcontrolledcopy": [],
    "procedures_historicaldistribution": [],
    "procedures_historicaldocumenttype": [],
    "procedures_historicalexternaldocument": [],
    "procedures_historicalissue": [],
    "procedures_historicalperiodicreview": [],
    "procedures_historicalreadingassignment": [],
    "procedures_historicalrecordtype": [],
    "procedures_historicalrenderedcopy": [],
    "procedures_historicalreviewflag": [],
    "procedures_historicalsignature": [],
    "procedures_historicalsignaturevoid": [],
    "procedures_issue": [
        "became_current_at",
        "status",
        "superseded_at",
        "superseded_by_id",
        "withdrawal_reason",
        "withdrawn_at",
    ],
    "procedures_periodicreview": [],
    "procedures_signature": [],
    "procedures_signaturevoid": [],
}


def guard(apps, schema_editor):
    db_guards.install_tables(schema_editor, TABLES)


def unguard(apps, schema_editor):
    db_guards.remove_tables(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0009_signatures_of_every_author_and_voids")]

    operations = [migrations.RunPython(guard, unguard, elidable=False)]

from django.db import migrations


def load_clauses(apps, schema_editor):
    from qms.clause_catalogue import load_clauses as load

    load(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("qms", "0002_agencysettings")]

    operations = [migrations.RunPython(load_clauses, migrations.RunPython.noop)]

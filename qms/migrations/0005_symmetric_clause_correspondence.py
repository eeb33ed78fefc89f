from django.db import migrations


def add_reverse_links(apps, schema_editor):
    """0003 stored each 2008 -> 2015 link one way only; a 2015 clause must find its 2008 counterparts too."""
    IsoClause = apps.get_model("qms", "IsoClause")
    Through = IsoClause.corresponds_to.through
    existing = set(Through.objects.values_list("from_isoclause_id", "to_isoclause_id"))
    missing = [Through(from_isoclause_id=b, to_isoclause_id=a) for a, b in existing if (b, a) not in existing]
    Through.objects.bulk_create(missing)


class Migration(migrations.Migration):
    dependencies = [("qms", "0004_roles")]

    operations = [migrations.RunPython(add_reverse_links, migrations.RunPython.noop)]

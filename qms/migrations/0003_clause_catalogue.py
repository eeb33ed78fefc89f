from django.db import migrations


def load_clauses(apps, schema_editor):
    from qms.clause_catalogue import CLAUSES_2008, CLAUSES_2015, CORRESPONDENCE

    IsoClause = apps.get_model("qms", "IsoClause")

    def sort_key(number):
        return ".".join(part.zfill(3) for part in number.split("."))

    by_key = {}
    for edition, rows in (("2008", CLAUSES_2008), ("2015", CLAUSES_2015)):
        for number, title_vi, title_en in rows:
            clause, _ = IsoClause.objects.update_or_create(
                edition=edition,
                number=number,
                defaults={"title_vi": title_vi, "title_en": title_en, "sort_key": sort_key(number)},
            )
            by_key[edition, number] = clause
    for old, new in CORRESPONDENCE:
        by_key["2008", old].corresponds_to.add(by_key["2015", new])


class Migration(migrations.Migration):
    dependencies = [("qms", "0002_agencysettings")]

    operations = [migrations.RunPython(load_clauses, migrations.RunPython.noop)]

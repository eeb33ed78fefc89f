from django.db import migrations


def create(apps, schema_editor):
    from procedures.migrations_data import create_document_types_and_workflow

    create_document_types_and_workflow(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("qms", "0015_agency_required_and_site_settings_gone"),
    ]

    operations = []

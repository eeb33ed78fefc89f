from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0005_guard_satisfaction_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalrisk",
            name="residual_note",
            field=models.TextField(blank=True, max_length=10000, verbose_name="note on the residual rating"),
        ),
        migrations.AddField(
            model_name="risk",
            name="residual_note",
            field=models.TextField(blank=True, max_length=10000, verbose_name="note on the residual rating"),
        ),
    ]

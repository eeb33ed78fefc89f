"""A first history row for every row that has none: rows made by migrations
(the document types), and the users and their groups of an installation
that had no user history yet.

verify_integrity compares each live row with its last history row; these
history rows are chained as they are written (qms.integrity's post_save
receiver), with the integrity key.
"""

from django.db import migrations
from django.utils import timezone

HISTORY_APPS = ("qms", "procedures", "audits")
REASON = "recorded at upgrade: the row had no history"


def backfill(apps, schema_editor):
    now = timezone.now()
    for history_model in list(apps.get_models()):
        meta = history_model._meta
        names = {f.name for f in meta.fields}
        if meta.app_label not in HISTORY_APPS or not meta.object_name.startswith("Historical"):
            continue
        if "history_id" not in names:
            continue
        model = apps.get_model(meta.app_label, meta.object_name[len("Historical") :])
        pk_name = model._meta.pk.attname
        recorded = set(history_model.objects.values_list(pk_name, flat=True))
        fields = [
            f
            for f in model._meta.concrete_fields
            if f.attname in {g.attname for g in meta.fields} and f.attname != pk_name
        ]
        m2m = [
            (rel.related_model, f)
            for rel in meta.related_objects
            if rel.field.name == "history"
            for f in model._meta.many_to_many
            if rel.related_model._meta.model_name == f"{meta.model_name}_{f.name}"
        ]
        for instance in model.objects.exclude(pk__in=recorded).order_by("pk"):
            row = history_model(
                history_date=now,
                history_type="+",
                history_change_reason=REASON,
                **{pk_name: instance.pk},
                **{f.attname: getattr(instance, f.attname) for f in fields},
            )
            row.save()
            for m2m_history, field in m2m:
                through = field.remote_field.through
                source = field.m2m_field_name()
                target = field.m2m_reverse_field_name()
                for link in through.objects.filter(**{source: instance.pk}):
                    m2m_history(
                        history=row,
                        id=link.pk,
                        **{f"{source}_id": instance.pk, f"{target}_id": getattr(link, f"{target}_id")},
                    ).save()


class Migration(migrations.Migration):
    dependencies = [
        ("qms", "0009_keyed_chain_user_history"),
        ("procedures", "0007_editor_features_without_table"),
        ("audits", "0003_evidence_file_sha256"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

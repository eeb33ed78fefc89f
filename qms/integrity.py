"""The tamper-evident trail: a hash chain over append-only records.

Records of the models in TRACKED get a ChainEntry when they are created.
Only fields that never change are hashed (an issue's status moves, and its
moves are themselves chained through its history rows). verify() walks the
chain and names the first record that was altered, deleted, reordered or
inserted by hand.
"""

import datetime
import hashlib
import json

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save

from qms.models import ChainEntry, ChainHead

# "app_label.ModelName": fields left out of the record hash (they may change).
TRACKED = {
    "procedures.Issue": {
        "status",
        "became_current_at",
        "superseded_at",
        "superseded_by",
        "withdrawn_at",
        "withdrawal_reason",
    },
    "procedures.Signature": set(),
    "procedures.SignatureVoid": set(),
    "procedures.Acknowledgement": set(),
}
# Besides these, every history row (simple-history) of these apps is chained.
HISTORY_APPS = ("qms", "procedures", "audits")


def tracked_labels():
    labels = dict(TRACKED)
    for app_label in HISTORY_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical") and hasattr(model, "history_id"):
                labels.setdefault(f"{app_label}.{model.__name__}", set())
    return labels


def tracked_models():
    for label, excluded in tracked_labels().items():
        try:
            yield apps.get_model(label), excluded
        except LookupError:
            continue


def canonical_value(value):
    if isinstance(value, int | bool | type(None)):
        return value
    if isinstance(value, dict | list):
        # JSON columns: PostgreSQL's jsonb does not keep the order of keys.
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if isinstance(value, datetime.datetime):
        # Milliseconds in UTC: what a dump and a restore keep of a timestamp.
        return value.astimezone(datetime.UTC).isoformat(timespec="milliseconds")
    return str(value)


def record_hash(instance, excluded=()):
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in excluded or field.attname in excluded:
            continue
        values[field.attname] = canonical_value(getattr(instance, field.attname))
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def link(previous_hash, content_type, object_pk, digest):
    # The content type by name, not id: ids differ after a restore into a new database.
    label = f"{content_type.app_label}.{content_type.model}"
    return hashlib.sha256(f"{previous_hash}|{label}|{object_pk}|{digest}".encode()).hexdigest()


def append(instance, excluded=()):
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
        digest = record_hash(instance, excluded)
        chain_hash = link(head.last_hash, content_type, instance.pk, digest)
        ChainEntry.objects.create(
            content_type=content_type, object_pk=str(instance.pk), record_hash=digest, chain_hash=chain_hash
        )
        head.last_hash = chain_hash
        head.save(update_fields=["last_hash"])


_LABELS = None


def on_save(sender, instance, created, raw=False, **kwargs):
    global _LABELS
    if created and not raw:
        if _LABELS is None:
            _LABELS = tracked_labels()
        label = f"{sender._meta.app_label}.{sender.__name__}"
        if label in _LABELS:
            append(instance, _LABELS[label])


def connect():
    # One receiver for every model: apps may add to TRACKED after qms is ready.
    post_save.connect(on_save, dispatch_uid="qms.integrity")


class Problem:
    def __init__(self, entry_or_label, message):
        self.where = entry_or_label
        self.message = message

    def __str__(self):
        return f"{self.where}: {self.message}"


def verify():
    """Every problem found, first one first; an empty list means the trail is intact."""
    problems = []
    previous = "0" * 64
    seen = {}
    models_by_ct = {}
    for model, excluded in tracked_models():
        ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
        models_by_ct[ct.pk] = (model, excluded)
        seen[ct.pk] = set()
    for entry in ChainEntry.objects.select_related("content_type").order_by("pk").iterator():
        model, excluded = models_by_ct.get(entry.content_type_id, (None, ()))
        label = f"{model._meta.label if model else entry.content_type_id} #{entry.object_pk}"
        if link(previous, entry.content_type, entry.object_pk, entry.record_hash) != entry.chain_hash:
            problems.append(Problem(label, "the chain is broken here (an entry was altered, removed or reordered)"))
        previous = entry.chain_hash
        if model is None:
            continue
        seen[entry.content_type_id].add(entry.object_pk)
        try:
            instance = model._base_manager.filter(pk=entry.object_pk).first()
        except (ValueError, TypeError):
            instance = None
        if instance is None:
            problems.append(Problem(label, "the record was deleted"))
        elif record_hash(instance, excluded) != entry.record_hash:
            problems.append(Problem(label, "the record was altered after it was written"))
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        problems.append(Problem("chain head", "the last entries of the chain were removed"))
    for ct_id, (model, _excluded) in models_by_ct.items():
        for pk in model._base_manager.values_list("pk", flat=True).iterator():
            if str(pk) not in seen[ct_id]:
                problems.append(
                    Problem(f"{model._meta.label} #{pk}", "the record is not in the chain (inserted by hand?)")
                )
    return problems

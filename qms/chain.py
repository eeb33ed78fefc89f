"""The keyed hash chain, written: what is chained and how each entry is linked.

Records of the models the apps track (qms.registry.track_model), and every
history row (simple-history, through qms.history), get a ChainEntry when they
are written: by save() (the post_save signal) or by bulk_create (qms.history's
ChainedQuerySet). Each entry holds the SHA-256 of the record as written and an
HMAC-SHA256 link over the previous entry's, keyed with settings.QMS_INTEGRITY_KEY.
qms/integrity.py checks the chain and what it vouches for.
"""

import datetime
import hashlib
import hmac
import json

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_save

from qms import registry
from qms.models import ChainEntry, ChainHead

# The models whose rows are chained (besides every history row of
# qms.history) are declared by the apps: qms.registry.track_model.

# Fields of a live row that legitimately change without a history row
# (bookkeeping of the mail queue, not what a record says).
LIVE_EXEMPT = {
    "qms.Notification": {"emailed_at"},
}

# Columns added to recorded models after rows had been chained: the agency
# every record belongs to since one installation serves a province (qms
# migration 0014). A row written before the column existed was hashed
# without it, so it is hashed without it while it holds no value; and a
# history row written before it (no value) does not contradict the live
# row, which the migrations placed in the first agency.
ADDED_LATER = frozenset({"agency_id"})

# Columns added later with a default (the PDF signature of a rendered copy,
# procedures migration 0015): a row chained before them is hashed without
# them while each holds the value the migration gave it. A row chained with
# another value was hashed with it, so changing it still breaks the chain.
_RENDERED_COPY_SIGNATURE = {
    "signature": "unsigned",
    "signature_box": "",
    "signed_at": None,
    "signing_problem": "",
    "unsigned_sha256": "",
}
# A reading assignment's end (procedures 0018), a document type's public
# flag (procedures 0017_public_documents_and_national_codes) and its standard
# structure (procedures 0020_document_type_structure), likewise.
_READING_ASSIGNMENT_END = {"ended_at": None}
_DOCUMENT_TYPE_PUBLIC = {"public": False, "structure": []}
# When a risk's residual rating was recorded (planning 0003_risk_residual_rated_at) and the owner's
# note on it (planning 0006_risk_residual_note).
_RISK_RESIDUAL_RATED = {"residual_rated_at": None, "residual_note": ""}
# What a one-stop import holds (planning 0004_satisfaction): dossier statistics before surveys came.
_IMPORT_KIND = {"kind": "dossiers"}
ADDED_LATER_WITH_DEFAULT = {
    "procedures.renderedcopy": _RENDERED_COPY_SIGNATURE,
    "procedures.historicalrenderedcopy": _RENDERED_COPY_SIGNATURE,
    "procedures.readingassignment": _READING_ASSIGNMENT_END,
    "procedures.historicalreadingassignment": _READING_ASSIGNMENT_END,
    "procedures.documenttype": _DOCUMENT_TYPE_PUBLIC,
    "procedures.historicaldocumenttype": _DOCUMENT_TYPE_PUBLIC,
    "planning.risk": _RISK_RESIDUAL_RATED,
    "planning.historicalrisk": _RISK_RESIDUAL_RATED,
    "planning.onestopimport": _IMPORT_KIND,
    "planning.historicalonestopimport": _IMPORT_KIND,
}

GENESIS = "0" * 64
SCHEME_UNKEYED = 1  # plain SHA-256 links: before the integrity key existed
SCHEME_KEYED = 2  # HMAC-SHA256 links keyed with QMS_INTEGRITY_KEY
# More broken links than this are summed up in one line (a chain recomputed without the key).
MAX_NAMED_BREAKS = 10


def integrity_key():
    key = getattr(settings, "QMS_INTEGRITY_KEY", "")
    if not key:
        raise ImproperlyConfigured("QMS_INTEGRITY_KEY is not set: the integrity chain cannot be written or checked.")
    return key.encode("utf-8")


def is_history_model(model):
    """A history model of qms.history (they carry the marker so that this module needs not import it)."""
    return getattr(model, "is_chained_history", False)


def tracked_labels():
    labels = registry.tracked_models()
    for app_config in apps.get_app_configs():
        for model in app_config.get_models():
            if is_history_model(model):
                labels.setdefault(model._meta.label, frozenset())
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
    added_later = ADDED_LATER_WITH_DEFAULT.get(instance._meta.label_lower, {})
    for field in instance._meta.concrete_fields:
        if field.name in excluded or field.attname in excluded:
            continue
        if field.attname in ADDED_LATER and getattr(instance, field.attname) is None:
            continue
        if field.attname in added_later and getattr(instance, field.attname) == added_later[field.attname]:
            continue
        values[field.attname] = canonical_value(getattr(instance, field.attname))
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def content_type_label(content_type):
    # The content type by name, not id: ids differ after a restore into a new database.
    return f"{content_type.app_label}.{content_type.model}"


def link(previous_hash, content_type, object_pk, digest, scheme=SCHEME_KEYED, key=None):
    message = f"{previous_hash}|{content_type_label(content_type)}|{object_pk}|{digest}".encode()
    if scheme == SCHEME_UNKEYED:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key or integrity_key(), message, hashlib.sha256).hexdigest()


def append_many(instances):
    """Chain these (instance, excluded fields) pairs, in order, under one lock of the head."""
    if not instances:
        return
    key = integrity_key()
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        previous = head.last_hash
        entries = []
        for instance, excluded in instances:
            if instance.pk is None:
                raise ImproperlyConfigured(
                    f"{instance._meta.label}: bulk_create returned no primary keys; the rows cannot be chained."
                )
            content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
            digest = record_hash(instance, excluded)
            previous = link(previous, content_type, instance.pk, digest, key=key)
            entries.append(
                ChainEntry(
                    content_type=content_type,
                    object_pk=str(instance.pk),
                    record_hash=digest,
                    chain_hash=previous,
                    scheme=SCHEME_KEYED,
                )
            )
        # Plain Model bulk_create: ChainEntry is no tracked model.
        ChainEntry.objects.bulk_create(entries)
        head.last_hash = previous
        head.save(update_fields=["last_hash"])


def append(instance, excluded=()):
    append_many([(instance, excluded)])


_LABELS = None


def labels():
    global _LABELS
    if _LABELS is None:
        _LABELS = tracked_labels()
    return _LABELS


def on_save(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        label = sender._meta.label
        if label in labels():
            append(instance, labels()[label])


def append_created(sender, objs, **kwargs):
    """qms.history.rows_bulk_created: chain rows that sent no post_save."""
    label = sender._meta.label
    if label in labels():
        append_many([(obj, labels()[label]) for obj in objs])


def connect():
    # One receiver for every model: apps register what they track after qms is ready.
    from qms.history import rows_bulk_created

    post_save.connect(on_save, dispatch_uid="qms.integrity")
    rows_bulk_created.connect(append_created, dispatch_uid="qms.chain.bulk_created")

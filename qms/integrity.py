"""The tamper-evident trail: a keyed hash chain, and what it vouches for.

The chain
    Records of the models the apps track (qms.registry.track_model), and every
    history row (simple-history, through qms.history), get a ChainEntry when they are
    written: by save() (the post_save signal) or by bulk_create (qms.history's
    ChainedQuerySet). Each entry holds the SHA-256 of the record as written
    and an HMAC-SHA256 link over the previous entry's, keyed with
    settings.QMS_INTEGRITY_KEY, which is kept outside the database: someone
    who can write the database but has not the key cannot recompute the
    chain. Entries written before the key (scheme 1, plain SHA-256) are named
    until an operator re-keys them (`verify_integrity --rekey`).

The head
    The last link is published every day outside the database (the log and
    the ISO secretary's digest, see publish_head); `verify_integrity --head`
    checks that a published head is still in the chain, so that even a
    holder of the key cannot rewrite what came before it unnoticed.

What verify() checks besides the chain
    - each live row of a model with history equals its last (chained)
      history row: a change made outside the application (raw SQL) left no
      history row and is named with its field;
    - the checks the apps add (qms.registry.add_integrity_check), e.g. the
      signed revisions and the withdrawn pages of procedures/integrity_checks.py;
    - each stored file (qms.registry.add_stored_file_model: PDF copies,
      evidence files) still hashes to the SHA-256 taken when it was stored.
"""

import contextlib
import hashlib
import hmac
import logging

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.module_loading import import_string

from qms import registry
from qms.chain import (
    ADDED_LATER,
    GENESIS,
    LIVE_EXEMPT,
    MAX_NAMED_BREAKS,
    SCHEME_KEYED,
    SCHEME_UNKEYED,
    content_type_label,
    integrity_key,
    is_history_model,
    link,
    record_hash,
    tracked_models,
)
from qms.models import ChainEntry, ChainHead

logger = logging.getLogger("qms.integrity")


class Problem:
    def __init__(self, entry_or_label, message):
        self.where = entry_or_label
        self.message = message

    def __str__(self):
        return f"{self.where}: {self.message}"


# Verification --------------------------------------------------------------


def verify(expected_head=None, *, key=None, accept_unkeyed=False):
    """Every problem found, first one first; an empty list means the trail is intact.

    ``expected_head``: a head published earlier, which must be one of the
    chain's links. ``key``: check keyed links with this key instead of the
    configured one (re-keying). ``accept_unkeyed``: do not name scheme-1
    links (re-keying checks them as plain SHA-256).
    """
    with one_snapshot():
        problems = verify_chain(expected_head, key=key, accept_unkeyed=accept_unkeyed)
        problems += verify_live_rows()
        for path in registry.integrity_checks():
            problems += import_string(path)()
        problems += verify_files()
    return problems


@contextlib.contextmanager
def one_snapshot():
    """Every read of the check from one snapshot of the database. The daily duty runs while people
    work: read in separate statements, the entries, the records and the head were each read at
    another moment, and an entry written in between looked like a removed or altered one. On
    PostgreSQL a REPEATABLE READ transaction (as pg_dump takes); SQLite's transactions are
    snapshots already. Inside a caller's transaction, that one is used."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def verify_chain(expected_head=None, *, key=None, accept_unkeyed=False):
    key = key or integrity_key()
    problems = []
    models_by_ct = {}
    current = {}
    for model, excluded in tracked_models():
        ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
        models_by_ct[ct.pk] = (model, excluded)
        # One query per model: the hash of every row as it is now.
        current[ct.pk] = {
            str(instance.pk): record_hash(instance, excluded)
            for instance in model._base_manager.order_by().iterator(chunk_size=2000)
        }
    content_types = {ct.pk: ct for ct in ContentType.objects.all()}
    previous = GENESIS
    seen = {ct_id: set() for ct_id in models_by_ct}
    breaks = []
    unkeyed = []
    head_found = expected_head is None
    for entry in ChainEntry.objects.order_by("pk").iterator(chunk_size=2000):
        content_type = content_types[entry.content_type_id]
        model, _excluded = models_by_ct.get(entry.content_type_id, (None, ()))
        label = f"{model._meta.label if model else content_type_label(content_type)} #{entry.object_pk}"
        if entry.scheme == SCHEME_UNKEYED:
            unkeyed.append(label)
            expected = link(previous, content_type, entry.object_pk, entry.record_hash, scheme=SCHEME_UNKEYED)
        else:
            expected = link(previous, content_type, entry.object_pk, entry.record_hash, key=key)
        if not hmac.compare_digest(expected, entry.chain_hash):
            breaks.append(label)
        previous = entry.chain_hash
        if not head_found and hmac.compare_digest(entry.chain_hash, expected_head):
            head_found = True
        if model is None:
            continue
        seen[entry.content_type_id].add(entry.object_pk)
        digest = current[entry.content_type_id].get(entry.object_pk)
        if digest is None:
            problems.append(Problem(label, "the record was deleted"))
        elif digest != entry.record_hash:
            problems.append(Problem(label, "the record was altered after it was written"))
    chain_problems = [
        Problem(where, "the chain is broken here (an entry was altered, removed, reordered or recomputed)")
        for where in breaks[:MAX_NAMED_BREAKS]
    ]
    if len(breaks) > MAX_NAMED_BREAKS:
        chain_problems.append(
            Problem(
                "integrity chain",
                f"{len(breaks) - MAX_NAMED_BREAKS} more entries do not link: the chain was recomputed, "
                "without the integrity key or with another one",
            )
        )
    if unkeyed and not accept_unkeyed:
        chain_problems.append(
            Problem(
                unkeyed[0],
                f"{len(unkeyed)} chain entries (this one first) are not keyed: written before QMS_INTEGRITY_KEY, "
                "or recomputed without it; check the system, then run `manage.py verify_integrity --rekey`",
            )
        )
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        chain_problems.append(Problem("chain head", "the last entries of the chain were removed"))
    if not head_found:
        chain_problems.append(
            Problem(
                "published head",
                f"{expected_head} is not in the chain: entries written before it were altered, removed or recomputed",
            )
        )
    for ct_id, (model, _excluded) in models_by_ct.items():
        for pk in current[ct_id]:
            if pk not in seen[ct_id]:
                problems.append(
                    Problem(f"{model._meta.label} #{pk}", "the record is not in the chain (inserted by hand?)")
                )
    return chain_problems + problems


def history_models():
    """(live model, its history model) for every model with a chained history (qms.history)."""
    for app_config in apps.get_app_configs():
        for model in app_config.get_models():
            names = {f.name for f in model._meta.fields}
            if is_history_model(model) and "history_id" in names:  # not a many-to-many snapshot
                yield model.instance_type, model


def verify_live_rows():
    """Each live row equals its last history row; a difference was made outside the application."""
    problems = []
    for model, history_model in history_models():
        exempt = LIVE_EXEMPT.get(model._meta.label, set())
        fields = [f for f in history_model.tracked_fields if f.attname not in exempt and f.name not in exempt]
        fields = [f for f in fields if not f.primary_key]
        pk_name = model._meta.pk.attname
        attnames = [f.attname for f in fields]
        latest = {}
        rows = history_model.objects.order_by("history_id").values_list(
            "history_id", pk_name, "history_type", *attnames
        )
        for history_id, pk, history_type, *values in rows.iterator(chunk_size=2000):
            latest[pk] = (history_id, history_type, values)
        live_pks = set()
        for pk, *values in model._base_manager.order_by().values_list(pk_name, *attnames).iterator(chunk_size=2000):
            live_pks.add(pk)
            label = f"{model._meta.label} #{pk}"
            last = latest.get(pk)
            if last is None or last[1] == "-":
                problems.append(Problem(label, "the record was written outside the application (it has no history)"))
                continue
            changed = [
                field.name
                for field, now, then in zip(fields, values, last[2], strict=True)
                if now != then and not (field.attname in ADDED_LATER and then is None)
            ]
            if changed:
                problems.append(
                    Problem(
                        label,
                        f"the record was changed outside the application (field {', '.join(changed)})",
                    )
                )
        for pk, (_history_id, history_type, _values) in latest.items():
            if history_type != "-" and pk not in live_pks:
                problems.append(Problem(f"{model._meta.label} #{pk}", "the record was deleted outside the application"))
        problems += verify_m2m(model, history_model, latest, live_pks)
    return problems


def verify_m2m(model, history_model, latest, live_pks):
    """Many-to-many fields with history (a user's groups): as they are now = as last recorded."""
    problems = []
    for field in getattr(history_model, "_history_m2m_fields", []):
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        # simple-history's snapshot of the field, one row per target, per history row.
        m2m_history = next(
            rel.related_model
            for rel in history_model._meta.related_objects
            if rel.field.name == "history"
            and rel.related_model._meta.get_field(target).related_model is field.related_model
        )
        last_ids = {history_id: pk for pk, (history_id, _type, _values) in latest.items()}
        recorded = {pk: set() for pk in live_pks}
        rows = m2m_history.objects.values_list("history_id", f"{target}_id").iterator(chunk_size=2000)
        for history_id, target_id in rows:
            pk = last_ids.get(history_id)
            if pk in recorded:
                recorded[pk].add(target_id)
        now = {pk: set() for pk in live_pks}
        for pk, target_id in through.objects.values_list(f"{source}_id", f"{target}_id").iterator(chunk_size=2000):
            now.setdefault(pk, set()).add(target_id)
        for pk in sorted(now):
            if pk in recorded and now[pk] != recorded[pk]:
                problems.append(
                    Problem(
                        f"{model._meta.label} #{pk}",
                        f"the record was changed outside the application (field {field.name})",
                    )
                )
    return problems


def file_sha256(name):
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stored_file_problem(name, expected):
    """None when the stored file has these bytes, else what is wrong with it."""
    if not expected:
        return "no SHA-256 was recorded for its file (stored before files were hashed); run --rekey after checking it"
    try:
        actual = file_sha256(name)
    except (FileNotFoundError, OSError):
        return f"its stored file {name} is missing"
    if actual != expected:
        return f"its stored file {name} was replaced (its SHA-256 no longer matches)"
    return None


def verify_files():
    """Each stored file (of the models in qms.registry.stored_file_models) still has its bytes."""
    problems = []
    for label in registry.stored_file_models():
        model = apps.get_model(label)
        for pk, name, expected in model._base_manager.order_by("pk").values_list("pk", "file", "sha256").iterator():
            found = stored_file_problem(name, expected)
            if found:
                problems.append(Problem(f"{model._meta.label} #{pk}", found))
    return problems


# Re-keying and the published head -----------------------------------------


class RekeyRefused(Exception):
    pass


def rekey(old_key=None):
    """Re-link the whole chain with the configured key (scheme 2). Returns the new head.

    Refused unless the chain verifies as it is: its unkeyed links as plain
    SHA-256, its keyed links with ``old_key`` (a rotation) or the configured
    key. Evidence files stored before files were hashed get their SHA-256 now.
    """
    problems = [
        p
        for p in verify(key=old_key.encode("utf-8") if old_key else None, accept_unkeyed=True)
        if "no SHA-256 was recorded" not in p.message
    ]
    if problems:
        raise RekeyRefused(f"{len(problems)} problem(s), first: {problems[0]}")
    key = integrity_key()
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        content_types = {ct.pk: ct for ct in ContentType.objects.all()}
        previous = GENESIS
        # Two passes so that no new link collides with an old one on the unique column.
        entries = list(ChainEntry.objects.order_by("pk"))
        for entry in entries:
            entry.chain_hash = "x" + entry.chain_hash[1:]
        ChainEntry.objects.bulk_update(entries, ["chain_hash"], batch_size=1000)
        for entry in entries:
            content_type = content_types[entry.content_type_id]
            previous = link(previous, content_type, entry.object_pk, entry.record_hash, key=key)
            entry.chain_hash = previous
            entry.scheme = SCHEME_KEYED
        ChainEntry.objects.bulk_update(entries, ["chain_hash", "scheme"], batch_size=1000)
        head.last_hash = previous
        head.save(update_fields=["last_hash"])
        for label, hash_missing in registry.stored_file_models().items():
            if not hash_missing:
                continue
            for stored in apps.get_model(label).objects.filter(sha256=""):
                stored.sha256 = file_sha256(stored.file.name)
                stored._change_reason = "SHA-256 taken at re-keying"
                stored.save(update_fields=["sha256"])
    return ChainHead.objects.get(pk=1).last_hash


def current_head():
    head = ChainHead.objects.filter(pk=1).first()
    return (head.last_hash if head else GENESIS), ChainEntry.objects.count()


def publish_head(today, stdout=None):
    """Daily duty: write the chain head outside the database (the log, the ISO secretary's digest)."""
    from qms import roles
    from qms.models import User
    from qms.notifications import INTEGRITY_HEAD, INTEGRITY_PROBLEM, notify

    problems = verify()
    head, count = current_head()
    day = today.isoformat()
    if problems:
        logger.warning(
            "Integrity check of %s failed: %d problem(s), first: %s. Chain head %s (%d entries).",
            day,
            len(problems),
            problems[0],
            head,
            count,
        )
        kind = INTEGRITY_PROBLEM
    else:
        logger.info("Integrity chain head on %s: %s (%d entries).", day, head, count)
        kind = INTEGRITY_HEAD
    secretaries = User.objects.filter(is_active=True, groups__name=roles.ISO_SECRETARY).distinct()
    notify(
        secretaries,
        kind,
        {
            "date": today.strftime("%d/%m/%Y"),
            "head": head,
            "count": count,
            "problems": len(problems),
            "first": str(problems[0]) if problems else "",
        },
        key=f"integrity:{day}",
        email=False,
    )
    if stdout is not None:
        stdout.write(f"  integrity chain head: {head} ({count} entries, {len(problems)} problem(s))")
    return head

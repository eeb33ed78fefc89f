"""Records kept for good: the one place that refuses to delete or rewrite them.

Nothing is ever lost: an issued edition, a signature, an audit record and its
history are never deleted or rewritten. A model states which promise it keeps
by its base class:

``NeverDeleted``
    ``instance.delete()`` and ``queryset.delete()`` raise :class:`RecordKept`.
    The record may still be edited (a change request moves through its states,
    a finding is edited until its audit closes); its history keeps each change.

``AppendOnly`` (a ``NeverDeleted``)
    Once written, a row changes only in the fields its model lists in
    ``MUTABLE_FIELDS`` (none by default: a signature is never changed; an issue
    lists its status fields). ``save()`` of a saved row must name only those
    fields in ``update_fields``, and ``queryset.update()`` / ``bulk_update()``
    likewise.

Both bases are abstract models: they add no table and no migration. A model
with its own queryset derives it from :class:`NeverDeletedQuerySet` or
:class:`AppendOnlyQuerySet`. The database refuses the same for the tables
listed in qms.db_guards (triggers), so that raw SQL and Django's collector
(which deletes without calling ``delete()``) are refused too.
"""

from django.core.exceptions import PermissionDenied
from django.db import models

from qms.history import ChainedQuerySet


class RecordKept(PermissionDenied):
    """A refusal to delete or rewrite a record the QMS keeps for good."""


def _plural(model):
    return str(model._meta.verbose_name_plural).capitalize()


class NeverDeletedQuerySet(ChainedQuerySet):
    def delete(self):
        raise RecordKept(f"{_plural(self.model)} are never deleted.")

    delete.queryset_only = True


class AppendOnlyQuerySet(NeverDeletedQuerySet):
    def update(self, **kwargs):
        fixed = sorted(set(kwargs) - self.model.MUTABLE_FIELDS)
        if fixed:
            raise RecordKept(f"{_plural(self.model)} are never changed ({', '.join(fixed)}).")
        return super().update(**kwargs)


class NeverDeleted(models.Model):
    """A record that is never deleted (see the module docstring)."""

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise RecordKept(f"{_plural(type(self))} are never deleted.")


class AppendOnly(NeverDeleted):
    """A record written once: afterwards only MUTABLE_FIELDS change (see the module docstring)."""

    MUTABLE_FIELDS = frozenset()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.get("force_insert"):
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS:
                raise RecordKept(f"{_plural(type(self))} are never changed.")
        super().save(*args, **kwargs)

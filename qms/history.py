"""History that cannot skip the tamper-evident chain.

Every model of the project records its history with :class:`HistoricalRecords`
from here, not simple-history's own: its history rows are written through
:class:`ChainedQuerySet`, whose ``bulk_create`` appends each new row to the
chain (qms/chain.py). A single save reaches the chain through the
post_save signal; ``bulk_create`` sends none, so this queryset sends
:data:`rows_bulk_created` (in the same transaction), which the chain receives;
without it ``bulk_create_with_history`` (the demo, imports) wrote history rows
the chain never saw.
"""

from django.db import models, transaction
from django.dispatch import Signal
from simple_history import models as simple_history_models

# Sent by ChainedQuerySet.bulk_create with the model and the created rows.
rows_bulk_created = Signal()


class ChainedQuerySet(models.QuerySet):
    """A queryset whose bulk_create appends the new rows to the integrity chain."""

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            rows_bulk_created.send(sender=self.model, objs=created)
        return created


ChainedManager = models.Manager.from_queryset(ChainedQuerySet)


class ChainedHistoricalModel(models.Model):
    """The base of every historical model: its default manager chains bulk inserts."""

    is_chained_history = True
    objects = ChainedManager()

    class Meta:
        abstract = True


class HistoricalRecords(simple_history_models.HistoricalRecords):
    """simple-history's HistoricalRecords, with history rows (and m2m history rows) chained."""

    def __init__(self, *args, bases=(ChainedHistoricalModel,), m2m_bases=(ChainedHistoricalModel,), **kwargs):
        super().__init__(*args, bases=bases, m2m_bases=m2m_bases, **kwargs)

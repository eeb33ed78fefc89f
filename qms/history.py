"""History that cannot skip the tamper-evident chain.

Every model of the project records its history with :class:`HistoricalRecords`
from here, not simple-history's own: its history rows are written through
:class:`ChainedQuerySet`, whose ``bulk_create`` appends each new row to the
chain (qms/integrity.py). A single save reaches the chain through the
post_save signal; ``bulk_create`` sends no signal, so without this
``bulk_create_with_history`` (the demo, imports) wrote history rows the chain
never saw.
"""

from django.db import models
from simple_history import models as simple_history_models


class ChainedQuerySet(models.QuerySet):
    """A queryset whose bulk_create appends the new rows to the integrity chain."""

    def bulk_create(self, objs, *args, **kwargs):
        from django.db import transaction

        from qms import integrity

        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            integrity.append_created(self.model, created)
        return created


ChainedManager = models.Manager.from_queryset(ChainedQuerySet)


class ChainedHistoricalModel(models.Model):
    """The base of every historical model: its default manager chains bulk inserts."""

    objects = ChainedManager()

    class Meta:
        abstract = True


class HistoricalRecords(simple_history_models.HistoricalRecords):
    """simple-history's HistoricalRecords, with history rows (and m2m history rows) chained."""

    def __init__(self, *args, bases=(ChainedHistoricalModel,), m2m_bases=(ChainedHistoricalModel,), **kwargs):
        super().__init__(*args, bases=bases, m2m_bases=m2m_bases, **kwargs)

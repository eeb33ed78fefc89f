"""Records the QMS keeps for good: querysets that refuse to delete (or change) them in bulk.

Each model also refuses delete() on an instance; these close the bulk paths
(`Model.objects.filter(...).delete()` / `.update()`).
"""

from django.core.exceptions import PermissionDenied

from qms.history import ChainedQuerySet


class NeverDeletedQuerySet(ChainedQuerySet):
    def delete(self):
        raise PermissionDenied(f"{self.model._meta.verbose_name_plural} are never deleted.")


class AppendOnlyQuerySet(NeverDeletedQuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(f"{self.model._meta.verbose_name_plural} are never changed.")

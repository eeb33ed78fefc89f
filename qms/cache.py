"""The shared cache: a table in the application database (``qms_cache``).

Every app server reads and writes the same entries, so what one server
changes (e.g. Wagtail's site root paths after a site is edited) the others
see at once; nothing another server needs lives in process memory.

A write made inside a transaction (every request is one, ATOMIC_REQUESTS)
waits for the commit: a request that fails caches nothing it computed from
rolled-back data, and no cache row stays locked for the rest of a request.
A delete happens at once *and* again after the commit, so a value another
server cached from the old data in between does not survive.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction

TABLE = "qms_cache"


class DatabaseCache(DjangoDatabaseCache):
    def _connection(self):
        return connections[router.db_for_write(self.cache_model_class)]

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        connection = self._connection()
        if mode == "set" and connection.in_atomic_block:
            transaction.on_commit(
                lambda: DjangoDatabaseCache._base_set(self, mode, key, value, timeout), using=connection.alias
            )
            return True
        return super()._base_set(mode, key, value, timeout)

    def _base_delete_many(self, keys):
        connection = self._connection()
        deleted = super()._base_delete_many(keys)
        if connection.in_atomic_block:
            keys = list(keys)
            transaction.on_commit(lambda: DjangoDatabaseCache._base_delete_many(self, keys), using=connection.alias)
        return deleted

"""The shared cache: a table in the application database (``qms_cache``) by
default, Redis when REDIS_URL is set (qms/settings/base.py, "Shared state in
Redis").

Every app server reads and writes the same entries, so what one server
changes (e.g. Wagtail's site root paths after a site is edited) the others
see at once; nothing another server needs lives in process memory.

A write made inside a transaction (every request is one, ATOMIC_REQUESTS)
waits for the commit: a request that fails caches nothing it computed from
rolled-back data, and no cache row stays locked for the rest of a request.
A delete happens at once *and* again after the commit, so a value another
server cached from the old data in between does not survive. Both backends
below keep that rule; ``add`` and ``incr`` (counters, not copies of data)
act at once.

Counters (``count``): Redis's INCR is atomic, so every app server adds to
one exact total. Django's DatabaseCache.incr is a read followed by a write
(two servers reading 3 both write 4), so without Redis the callers keep
their own row locked with SELECT ... FOR UPDATE instead
(procedures/copies/verification.py); ``atomic_counters()`` tells which.
"""

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction

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


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, with writes after the commit of the application database's transaction."""

    @staticmethod
    def _connection():
        return connections[DEFAULT_DB_ALIAS]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        connection = self._connection()
        if connection.in_atomic_block:
            transaction.on_commit(
                lambda: DjangoRedisCache.set(self, key, value, timeout, version), using=connection.alias
            )
            return
        super().set(key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        connection = self._connection()
        if connection.in_atomic_block:
            data = dict(data)
            transaction.on_commit(
                lambda: DjangoRedisCache.set_many(self, data, timeout, version), using=connection.alias
            )
            return []
        return super().set_many(data, timeout, version)

    def delete(self, key, version=None):
        deleted = super().delete(key, version)
        connection = self._connection()
        if connection.in_atomic_block:
            transaction.on_commit(lambda: DjangoRedisCache.delete(self, key, version), using=connection.alias)
        return deleted

    def delete_many(self, keys, version=None):
        keys = list(keys)
        super().delete_many(keys, version)
        connection = self._connection()
        if connection.in_atomic_block:
            transaction.on_commit(lambda: DjangoRedisCache.delete_many(self, keys, version), using=connection.alias)


def atomic_counters(alias="default"):
    """Whether the shared cache counts atomically across servers (Redis)."""
    return isinstance(caches[alias], DjangoRedisCache)


def count(key, window_seconds, alias="default"):
    """Add one to ``key``'s count and return the new total. The count starts
    with its first call and is forgotten ``window_seconds`` later. Atomic on
    Redis only (see atomic_counters)."""
    cache = caches[alias]
    while True:
        if cache.add(key, 1, timeout=window_seconds):
            return 1
        try:
            return cache.incr(key)
        except ValueError:
            continue  # the window ended between add and incr: start the next one

"""Nothing another app server needs lives in one server's memory: the cache
is a table in the database that every server reads, sessions and sign-in
failures are rows, and a cache write waits for its transaction's commit."""

import importlib

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection, transaction
from wagtail.models import Page, Site

from qms.cache import TABLE, DatabaseCache

pytestmark = pytest.mark.django_db(transaction=True)


def another_server():
    """A cache as another process would open it: same table, no shared memory."""
    return DatabaseCache(TABLE, {})


def stored_keys():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {connection.ops.quote_name(TABLE)}")  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def test_the_migration_creates_the_cache_table_and_every_setting_uses_it():
    migration = importlib.import_module("qms.migrations.0008_cache_table")
    with connection.schema_editor() as editor:
        migration.drop_table(None, editor)
    assert TABLE not in connection.introspection.table_names()
    with connection.schema_editor() as editor:
        migration.create_table(None, editor)
    assert TABLE in connection.introspection.table_names()
    cache.set("after-migrate", "ok")
    assert another_server().get("after-migrate") == "ok"
    assert isinstance(caches["default"], DatabaseCache)
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.WAGTAIL_REDIRECTS_FILE_STORAGE == "cache"


def test_what_one_server_caches_another_reads():
    cache.set("greeting", "xin chào")
    assert another_server().get("greeting") == "xin chào"
    another_server().delete("greeting")
    assert cache.get("greeting") is None


def test_a_write_inside_a_transaction_is_stored_at_commit_only():
    with transaction.atomic():
        cache.set("at-commit", 1)
        assert another_server().get("at-commit") is None
    assert another_server().get("at-commit") == 1


def test_a_rolled_back_transaction_caches_nothing():
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        cache.set("rolled-back", 1)
        raise Boom
    assert another_server().get("rolled-back") is None
    assert not any(key.endswith("rolled-back") for key in stored_keys())


def test_changing_a_site_root_is_seen_through_the_shared_cache():
    site = Site.objects.get(is_default_site=True)
    before = Site.get_site_root_paths()
    assert [p.root_path for p in before if p.site_id == site.pk] == [site.root_page.url_path]
    assert any("site_root_paths" in key for key in stored_keys())

    new_root = site.root_page.add_child(instance=Page(title="Cổng mới", slug="cong-moi"))
    with transaction.atomic():
        site.root_page = new_root
        site.save()
    # Another server asks: it finds no stale entry and reads the new root.
    assert another_server().get("wagtail_site_root_paths", version=2) is None
    paths = Site.get_site_root_paths()
    assert [p.root_path for p in paths if p.site_id == site.pk] == [new_root.url_path]

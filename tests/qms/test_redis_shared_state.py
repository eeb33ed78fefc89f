"""With REDIS_URL set, the shared state of several app servers lives in Redis
(qms/settings/base.py, "Shared state in Redis"): the cache, the sessions'
fast copy, sign-in failures and the /verify/ counters. Against a real Redis
(TEST_REDIS_URL, default redis://127.0.0.1:6379/15); every test works under
a key prefix of its own and deletes its keys."""

import io
import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
import redis
from axes.handlers.proxy import AxesProxyHandler
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from procedures.copies import verification
from procedures.models import UploadThrottle
from qms import cache as shared_cache
from tests.qms.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def prefix():
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def redis_client(prefix):
    client = redis.Redis.from_url(REDIS_URL)
    yield client
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def in_redis(settings, prefix, redis_client):
    """The settings of the Redis block, as REDIS_URL sets them."""
    settings.CACHES = {"default": {"BACKEND": "qms.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    AxesProxyHandler.get_implementation(force=True)
    yield redis_client
    settings.AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
    AxesProxyHandler.get_implementation(force=True)


def another_server(prefix):
    return shared_cache.RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})


def keys(client, prefix, part=""):
    return [key.decode() for key in client.scan_iter(f"{prefix}*{part}*")]


def test_a_write_inside_a_transaction_reaches_redis_at_commit_only(in_redis, prefix):
    with transaction.atomic():
        cache.set("at-commit", 1)
        cache.set_many({"many": 2})
        assert another_server(prefix).get("at-commit") is None
        assert another_server(prefix).get("many") is None
    assert another_server(prefix).get("at-commit") == 1
    assert another_server(prefix).get("many") == 2

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        cache.set("rolled-back", "stale")
        raise Boom
    assert another_server(prefix).get("rolled-back") is None


def test_a_delete_inside_a_transaction_happens_at_once_and_again_at_commit(in_redis, prefix):
    cache.set("root-paths", "old")
    with transaction.atomic():
        cache.delete("root-paths")
        assert another_server(prefix).get("root-paths") is None
        # Another server (outside this transaction) caches the old value again before this commit.
        DjangoRedisCache(REDIS_URL, {"KEY_PREFIX": prefix}).set("root-paths", "old")
        assert another_server(prefix).get("root-paths") == "old"
    assert another_server(prefix).get("root-paths") is None


def test_counters_in_redis_are_exact_under_threads(in_redis, prefix):
    assert shared_cache.atomic_counters()
    totals = []

    def hammer():
        # Each thread opens its own connection, as another server would.
        totals.extend(shared_cache.count("hits", 60, alias="default") for _ in range(100))

    threads = [threading.Thread(target=hammer) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("hits") == 1600
    # Every call saw a different total: none was counted twice or lost.
    assert sorted(totals) == list(range(1, 1601))


COUNT_IN_A_PROCESS = """
import json, django
django.setup()
from django.conf import settings
from qms import cache
totals = [cache.count("hits", 60) for _ in range(300)]
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "axes": settings.AXES_HANDLER,
    "totals": totals,
}))
"""


def test_processes_started_with_redis_url_count_one_exact_total(in_redis, prefix):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qms.settings.test", "REDIS_URL": REDIS_URL}
    env["REDIS_KEY_PREFIX"] = prefix
    processes = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", COUNT_IN_A_PROCESS], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outputs = [json.loads(process.communicate(timeout=120)[0].splitlines()[-1]) for process in processes]
    assert {(o["cache"], o["sessions"], o["axes"]) for o in outputs} == {
        ("qms.cache.RedisCache", "django.contrib.sessions.backends.cached_db", "axes.handlers.cache.AxesCacheHandler")
    }
    totals = sorted(total for output in outputs for total in output["totals"])
    assert totals == list(range(1, 901))
    assert cache.get("hits") == 900


def test_a_counter_starts_again_after_its_window(in_redis, prefix):
    assert shared_cache.count("window", 60) == 1
    assert shared_cache.count("window", 60) == 2
    cache.delete("window")  # what the expiry does
    assert shared_cache.count("window", 60) == 1


def test_sessions_live_in_redis_and_in_the_database(in_redis, prefix, client, staff_user):
    response = client.post(reverse("login"), {"username": "nhanvien", "password": PASSWORD})
    assert response.status_code == 302
    assert keys(in_redis, prefix, "django.contrib.sessions.cached_db")
    in_redis.delete(*keys(in_redis, prefix, "django.contrib.sessions.cached_db"))
    # A flushed Redis signs nobody out: the database has the session too.
    assert client.get(reverse("portal")).status_code == 200


def test_sign_in_failures_are_counted_in_redis_and_lock_the_account(in_redis, prefix, client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "nhanvien", "password": "sai-mat-khau"})
    assert keys(in_redis, prefix, "axes")
    response = client.post(reverse("login"), {"username": "nhanvien", "password": PASSWORD})
    assert response.status_code == 429
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.exists()
    # The operator lifts it as docs/operations.md says, through the cache handler.
    call_command("axes_reset_ip_username", "127.0.0.1", "nhanvien", stdout=io.StringIO())
    assert not keys(in_redis, prefix, "axes")
    response = client.post(reverse("login"), {"username": "nhanvien", "password": PASSWORD})
    assert response.status_code == 302


def test_verify_limits_count_in_redis_without_database_rows(in_redis, prefix):
    request = RequestFactory().post("/verify/", REMOTE_ADDR="203.0.113.9")
    allowed = [verification.upload_allowed(request) for _ in range(verification.UPLOADS_PER_WINDOW + 2)]
    assert allowed == [True] * verification.UPLOADS_PER_WINDOW + [False, False]
    assert not UploadThrottle.objects.exists()
    # The other address has its own window.
    other = RequestFactory().post("/verify/", REMOTE_ADDR="203.0.113.10")
    assert verification.upload_allowed(other)


def test_without_redis_the_database_row_counts(settings):
    assert not shared_cache.atomic_counters()
    request = RequestFactory().post("/verify/", REMOTE_ADDR="203.0.113.9")
    allowed = [verification.upload_allowed(request) for _ in range(verification.UPLOADS_PER_WINDOW + 1)]
    assert allowed == [True] * verification.UPLOADS_PER_WINDOW + [False]
    assert UploadThrottle.objects.get().count == verification.UPLOADS_PER_WINDOW
    assert isinstance(caches["default"], shared_cache.DatabaseCache)

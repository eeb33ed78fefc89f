import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(extra_env):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"DJANGO_SETTINGS_MODULE": "qms.settings.production", **extra_env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_check(
        {
            "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-value-1234567890",
            "QMS_INTEGRITY_KEY": "k" * 20 + "a-long-random-production-integrity-key-0987654321",
            "ALLOWED_HOSTS": "qms.example.gov.vn",
            "DATABASE_URL": "sqlite:////tmp/qms-deploy-check.sqlite3",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check({"SECRET_KEY": "", "ALLOWED_HOSTS": "qms.example.gov.vn"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_an_integrity_key():
    base = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "qms.example.gov.vn"}
    for key in ("", "too-short", "dev-only-integrity-key-never-use-in-production"):
        result = run_check({**base, "QMS_INTEGRITY_KEY": key})
        assert result.returncode != 0
        assert "QMS_INTEGRITY_KEY must be set" in result.stderr


def test_base_settings_keep_debug_off():
    from qms.settings import base

    assert base.DEBUG is False


def loadtest_settings(allowed_hosts):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "qms.settings.loadtest",
            "SECRET_KEY": "x" * 60,
            "QMS_INTEGRITY_KEY": "k" * 60,
            "ALLOWED_HOSTS": allowed_hosts,
            "DATABASE_URL": "sqlite:////tmp/qms-loadtest-settings.sqlite3",
        }
    )
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY, "
        "s.TASKS['default']['BACKEND'], s.DEBUG)"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_load_test_settings_serve_plain_http_on_the_loopback_only():
    result = loadtest_settings("127.0.0.1")
    assert result.returncode == 0, result.stderr
    # Cookies go back over http; the rest (HttpOnly, the task worker, DEBUG off) is production's.
    assert result.stdout.split() == [
        "False",
        "False",
        "False",
        "True",
        "qms.task_backend.DatabaseBackend",
        "False",
    ]

    refused = loadtest_settings("qms.example.gov.vn")
    assert refused.returncode != 0
    assert "loopback interface only" in refused.stderr

from unittest import mock

from django.db import OperationalError


def test_healthz_answers_ok_without_signing_in(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_names_the_database_when_it_is_unreachable(client, db):
    with mock.patch("qms.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_under_production_settings_the_probe_over_plain_http_gets_200_and_pages_still_go_to_https(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "qms.settings.production",
            "SECRET_KEY": "x" * 60,
            "QMS_INTEGRITY_KEY": "p" * 64,
            "ALLOWED_HOSTS": "qms.example.gov.vn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        }
    )
    # A load balancer's probe: plain http, straight to the app server, no X-Forwarded-Proto.
    code = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='qms.example.gov.vn'); "
        "h = c.get('/healthz/'); p = c.get('/dang-nhap/'); v = c.get('/verify/'); "
        "print(h.status_code, h.content.decode(), p.status_code, p['Location'], v.status_code)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "200",
        '{"status":',
        '"ok",',
        '"database":',
        '"ok"}',
        "301",
        "https://qms.example.gov.vn/dang-nhap/",
        "301",
    ]


def test_healthz_names_the_database_even_to_a_browser_with_a_session(client, secretary):
    client.force_login(secretary)
    with mock.patch("qms.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]

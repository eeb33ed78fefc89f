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

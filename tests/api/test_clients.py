"""API clients: created and revoked by the ISO secretary in the admin, the token shown once and kept hashed;
a revoked, expired or unknown token refused at once; one log row per call."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from api.models import ApiCall, ApiClient, hash_token
from tests.api.helpers import bearer, make_client

NEW = "/admin/api_clients/new/"


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def form(**fields):
    expires = (timezone.localtime() + datetime.timedelta(days=90)).strftime("%Y-%m-%d %H:%M")
    return {
        "name": "Cổng dịch vụ công của tỉnh",
        "scope_documents": "on",
        "expires_at": expires,
        "rate_limit_per_minute": "30",
        **fields,
    }


def created_token(response):
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    found = [m for m in messages if "qms_" in m]
    assert len(found) == 1, messages
    return re.search(r"(qms_[A-Za-z0-9_\-]+)", found[0])[1]


@pytest.mark.django_db
def test_the_secretary_creates_a_client_of_their_agency_and_sees_its_token_once(province):
    a = province["a"]
    secretary = signed_in(a.people["secretary"])
    # A secretary may not make a province-wide client: the field is not theirs to set.
    response = secretary.post(NEW, form(province_wide="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    token = created_token(response)
    client = ApiClient.objects.get(name="Cổng dịch vụ công của tỉnh")
    assert client.agency == a.agency and not client.province_wide and client.created_by == a.people["secretary"]
    assert client.token_hash == hash_token(token) and token not in str(ApiClient.objects.filter(pk=client.pk).values())
    assert client.token_hint == token[:8]
    # Shown once, in the message on the list it leads to; the client's pages never show it again.
    assert token in secretary.get(response["Location"]).content.decode()
    for path in (
        "/admin/api_clients/",
        f"/admin/api_clients/edit/{client.pk}/",
        f"/admin/api_clients/inspect/{client.pk}/",
    ):
        page = secretary.get(path)
        assert page.status_code == 200 and token not in page.content.decode()
    assert Client().get("/api/v1/documents/", **bearer(token)).status_code == 200


@pytest.mark.django_db
def test_a_client_without_any_scope_or_already_expired_is_refused_with_a_reason(province):
    secretary = signed_in(province["a"].people["secretary"])
    before = ApiClient.objects.count()
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    no_scope = secretary.post(NEW, {k: v for k, v in form().items() if k != "scope_documents"})
    expired = secretary.post(NEW, form(expires_at=past))
    assert no_scope.status_code == expired.status_code == 200
    assert "Chọn ít nhất một phạm vi" in no_scope.content.decode()
    assert "Thời hạn phải ở trong tương lai" in expired.content.decode()
    assert ApiClient.objects.count() == before


@pytest.mark.django_db
def test_a_superuser_makes_a_province_wide_client(province):
    from tests.qms.factories import SuperuserFactory

    response = signed_in(SuperuserFactory()).post(NEW, form(province_wide="on", agency=province["b"].agency.pk))
    assert response.status_code == 302
    client = ApiClient.objects.get(name="Cổng dịch vụ công của tỉnh")
    assert client.province_wide and client.agency == province["b"].agency


@pytest.mark.django_db
def test_clients_are_the_business_of_their_agency_s_secretary_only(province):
    client, _token = make_client(province["a"].agency, "documents")
    other_secretary = signed_in(province["b"].people["secretary"])
    assert other_secretary.get(f"/admin/api_clients/edit/{client.pk}/").status_code == 404
    assert str(client.name) not in other_secretary.get("/admin/api_clients/").content.decode()
    for role in ("staff", "approver", "auditor", "head"):
        browser = signed_in(province["a"].people[role])
        for path in ("/admin/api_clients/", NEW, f"/admin/api_clients/edit/{client.pk}/"):
            response = browser.get(path)
            assert response.status_code == 403 or response["Location"] == "/admin/", (role, path)
    # Nobody deletes a client: there is no such screen.
    assert (
        signed_in(province["a"].people["secretary"]).get(f"/admin/api_clients/delete/{client.pk}/").status_code == 404
    )


@pytest.mark.django_db
def test_revoking_refuses_the_token_at_once_and_keeps_the_client_and_its_log(province):
    client, token = make_client(province["a"].agency, "documents")
    reader = Client()
    assert reader.get("/api/v1/documents/", **bearer(token)).status_code == 200
    secretary = signed_in(province["a"].people["secretary"])
    edit = f"/admin/api_clients/edit/{client.pk}/"
    response = secretary.post(edit, {**form(name=client.name), "revoke": "on"})
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.revoked_at is not None and client.revoked_by == province["a"].people["secretary"]

    refused = reader.get("/api/v1/documents/", **bearer(token))
    assert refused.status_code == 401
    assert "đã bị thu hồi" in refused.json()["detail"]
    assert ApiClient.objects.filter(pk=client.pk).exists()
    assert list(ApiCall.objects.filter(client=client).values_list("status", flat=True)) == [200]
    # A revoked client is not changed again.
    again = secretary.post(edit, form(name="Tên khác"))
    assert again.status_code == 200 and "đã bị thu hồi" in again.content.decode()


@pytest.mark.django_db
def test_an_expired_or_unknown_token_is_refused_with_a_clear_message(province):
    client, token = make_client(province["a"].agency, "documents")
    ApiClient.objects.filter(pk=client.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    expired = Client().get("/api/v1/documents/", **bearer(token))
    assert expired.status_code == 401 and "đã hết hạn" in expired.json()["detail"]
    unknown = Client().get("/api/v1/documents/", **bearer("qms_not-a-token"))
    assert unknown.status_code == 401 and unknown.json()["detail"] == "Mã truy cập không hợp lệ."
    assert unknown["WWW-Authenticate"] == 'Bearer realm="api"'
    assert not ApiCall.objects.filter(client=client).exists()


@pytest.mark.django_db
def test_every_call_of_a_client_writes_one_log_row(province):
    client, token = make_client(province["a"].agency, "documents")
    reader = Client()
    reader.get("/api/v1/documents/?page_size=5", **bearer(token))
    reader.get("/api/v1/register/", **bearer(token))  # no registers scope: refused, and logged
    reader.get("/api/v1/documents/999999/", **bearer(token))
    calls = list(ApiCall.objects.filter(client=client).order_by("pk").values_list("method", "path", "status"))
    assert calls == [
        ("GET", "/api/v1/documents/?page_size=5", 200),
        ("GET", "/api/v1/register/", 403),
        ("GET", "/api/v1/documents/999999/", 404),
    ]


@pytest.mark.django_db
def test_the_secretary_reads_a_clients_call_log_on_its_page_and_nobody_elses(province):
    client, token = make_client(province["a"].agency, "documents")
    reader = Client()
    reader.get("/api/v1/documents/?page_size=5", **bearer(token))
    reader.get("/api/v1/register/", **bearer(token))  # refused: no registers scope
    page = signed_in(province["a"].people["secretary"]).get(f"/admin/api_clients/inspect/{client.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "/api/v1/documents/?page_size=5" in text and "/api/v1/register/" in text
    assert page.context["call_totals"] == {"total": 2, "day": 2, "refused": 1}
    assert [call.status for call in page.context["calls"]] == [403, 200]  # the latest first
    assert "/api/v1/register/" not in (
        signed_in(province["b"].people["secretary"]).get(f"/admin/api_clients/inspect/{client.pk}/").content.decode()
    )


@pytest.mark.django_db
def test_the_client_s_page_shows_its_times_in_the_project_s_time_zone_as_its_call_log_does(province):
    # 20:30 UTC is 03:30 the next day in Hà Nội / Hồ Chí Minh (UTC+7).
    moment = datetime.datetime(2026, 3, 1, 20, 30, tzinfo=datetime.UTC)
    client, _token = make_client(province["a"].agency, "documents", expires_at=moment + datetime.timedelta(days=30))
    ApiClient.objects.filter(pk=client.pk).update(created_at=moment)
    call = ApiCall.objects.create(client=client, method="GET", path="/api/v1/documents/", status=200, duration_ms=3)
    ApiCall.objects.filter(pk=call.pk).update(at=moment)
    text = signed_in(province["a"].people["secretary"]).get(f"/admin/api_clients/inspect/{client.pk}/").content.decode()
    assert "02/03/2026 03:30:00" in text  # the call log
    fields = text.split("02/03/2026 03:30:00")[0]  # the client's own fields, above the log
    assert fields.count("03:30") == 2  # created at, expires at
    assert "20:30" not in text

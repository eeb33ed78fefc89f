from unittest import mock

from django.db import OperationalError

from qms.models import Department


def test_database_gone_mid_request_gives_a_503_page_and_writes_nothing(client, secretary):
    client.force_login(secretary)

    def fail_after_a_write(*args, **kwargs):
        Department.objects.create(name="Nửa chừng", code="nua-chung")
        raise OperationalError("server closed the connection unexpectedly")

    with mock.patch("qms.portal.render", side_effect=fail_after_a_write):
        response = client.get("/")
    assert response.status_code == 503
    assert "Không có dữ liệu nào bạn gửi được lưu" in response.content.decode()
    assert not Department.objects.filter(code="nua-chung").exists()


def test_security_headers_on_portal_pages(client, db):
    response = client.get("/dang-nhap/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_csrf_is_enforced_on_sign_in(db, staff_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/dang-nhap/", {"username": "nhanvien", "password": "x"})
    assert response.status_code == 403

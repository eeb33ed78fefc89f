from unittest import mock

from django.db import OperationalError

from qms.models import Department
from tests.procedures.factories import ExternalDocumentFactory


def test_database_gone_mid_request_gives_a_503_page_and_writes_nothing(client, secretary):
    client.force_login(secretary)

    def fail_after_a_write(*args, **kwargs):
        Department.objects.create(agency=secretary.agency, name="Nửa chừng", code="nua-chung")
        raise OperationalError("server closed the connection unexpectedly")

    with mock.patch("procedures.portal.home.render", side_effect=fail_after_a_write):
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


def no_shared_or_stored_copy(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_every_page_a_signed_in_person_gets_is_kept_out_of_caches(client, secretary):
    import datetime

    from django.core.files.base import ContentFile

    external = ExternalDocumentFactory(
        number="126/2024/NĐ-CP", title="Quy định về hội", issuing_body="Chính phủ", issue_date=datetime.date(2024, 1, 1)
    )
    external.file.save("nghi-dinh.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    client.force_login(secretary)
    for path in (
        "/",
        "/thong-bao/",
        "/kiem-soat/tai-lieu-ben-ngoai/",
        f"/kiem-soat/tai-lieu-ben-ngoai/{external.pk}/tep/",
        "/admin/",
        "/admin/documents/",
        "/verify/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert no_shared_or_stored_copy(response), (path, response.get("Cache-Control"))
    # Search results, like a document's reading page, may stay in the person's own browser and are revalidated
    # on every visit (their ETag; signing out clears that cache): never in a shared cache.
    search = client.get("/search/?q=quy+trinh")
    directives = {part.strip() for part in search.get("Cache-Control", "").split(",")}
    assert {"private", "no-cache"} <= directives and "public" not in directives and search.has_header("ETag")


def test_anonymous_public_pages_and_static_files_stay_cacheable(client, db):
    assert not no_shared_or_stored_copy(client.get("/verify/"))
    assert "no-store" not in client.get("/static/css/portal.css").get("Cache-Control", "")

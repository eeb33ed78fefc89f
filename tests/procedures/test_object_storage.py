"""Files in S3-compatible object storage (issue 21): with QMS_S3_BUCKET every stored file
lives in the bucket, and reaches people only through the permission-checked views, its
SHA-256 still checked. Runs against a real S3 server (moto in server mode: tests/s3_server.py)."""

import hashlib
import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audits.models import EvidenceFile
from procedures.models import ControlledDocumentPage, RenderedCopy
from tests.audits.factories import YEAR, AuditFactory, ChecklistItemFactory, ProgrammeFactory, clause
from tests.procedures.test_integrity import problems, verify
from tests.procedures.word_samples import procedure_docx
from tests.procedures.workflow import issue_through_workflow
from tests.qms.factories import AgencyFactory, AuditorFactory, DepartmentFactory, StaffFactory
from tests.upload_samples import jpeg

pytestmark = pytest.mark.usefixtures("object_storage")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def body_of(response):
    return b"".join(response.streaming_content)


def bucket_objects(s3_server, bucket):
    listing = s3_server.client().list_objects_v2(Bucket=bucket)
    return {item["Key"] for item in listing.get("Contents", [])}


def read_object(s3_server, bucket, key):
    return s3_server.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def replace_object(s3_server, bucket, key, data):
    """What someone with access to the bucket (not through the application) does."""
    s3_server.client().put_object(Bucket=bucket, Key=key, Body=data)


def other_agency_person(factory):
    agency = AgencyFactory(agency_name="UBND XÃ TÂN HẠNH", code="xa-tan-hanh")
    return factory(department=DepartmentFactory(agency=agency, name="Văn phòng xã", code="vp-tan-hanh"))


@pytest.fixture
def issued_copy(client, org, make_document):
    """A document issued through the workflow; staff downloaded its PDF once (the copy is rendered)."""
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    client.force_login(org["staff"])
    response = client.get(document.url + "pdf/")
    assert response.status_code == 200
    body_of(response)
    return document, RenderedCopy.objects.get(issue=issue)


def test_an_issued_pdf_is_kept_in_the_bucket_and_streamed_to_staff_with_its_hash(
    client, org, issued_copy, s3_server, object_storage, settings
):
    document, copy = issued_copy
    assert copy.file.name in bucket_objects(s3_server, object_storage)
    assert sha256(read_object(s3_server, object_storage, copy.file.name)) == copy.sha256
    assert not (settings.MEDIA_ROOT / "copies").exists()  # nothing on the app server's disk
    # Private: no grant to everyone or to any authenticated AWS user.
    grants = s3_server.client().get_object_acl(Bucket=object_storage, Key=copy.file.name)["Grants"]
    assert not [g for g in grants if "URI" in g["Grantee"]]

    client.force_login(org["staff"])
    response = client.get(document.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = body_of(response)
    assert data.startswith(b"%PDF-")
    assert sha256(data) == copy.sha256
    assert RenderedCopy.objects.filter(issue=copy.issue).count() == 1
    assert "intact" in verify()


def test_anonymous_and_another_agencys_staff_get_no_pdf(org, issued_copy):
    document, _copy = issued_copy
    anonymous = Client().get(document.url + "pdf/")
    assert anonymous.status_code == 302
    assert "/dang-nhap/" in anonymous["Location"]
    stranger = Client()
    stranger.force_login(other_agency_person(StaffFactory))
    assert stranger.get(document.url + "pdf/").status_code == 404


def test_a_pdf_replaced_in_the_bucket_is_named_never_served_and_rendered_again(
    client, org, issued_copy, s3_server, object_storage, caplog
):
    document, copy = issued_copy
    forged = read_object(s3_server, object_storage, copy.file.name).replace(b"%PDF-", b"%PDF-\n% forged\n", 1)
    replace_object(s3_server, object_storage, copy.file.name, forged)
    assert f"procedures.RenderedCopy #{copy.pk}: its stored file {copy.file.name} was replaced" in problems()

    client.force_login(org["staff"])
    with caplog.at_level(logging.ERROR, logger="procedures.copies.printing"):
        data = body_of(client.get(document.url + "pdf/"))
    assert "no longer matches its SHA-256" in caplog.text
    assert data != forged
    copy.refresh_from_db()
    assert sha256(data) == copy.sha256
    assert read_object(s3_server, object_storage, copy.file.name) == data
    assert "intact" in verify()


def test_a_pdf_missing_from_the_bucket_is_rendered_again(client, org, issued_copy, s3_server, object_storage):
    document, copy = issued_copy
    s3_server.client().delete_object(Bucket=object_storage, Key=copy.file.name)
    assert f"its stored file {copy.file.name} is missing" in problems()
    client.force_login(org["staff"])
    data = body_of(client.get(document.url + "pdf/"))
    copy.refresh_from_db()
    assert sha256(data) == copy.sha256
    assert copy.file.name in bucket_objects(s3_server, object_storage)


@pytest.fixture
def audit_item(org):
    approver = org["approver"]
    audit = AuditFactory(
        programme=ProgrammeFactory(year=YEAR, approved_by=approver),
        lead_auditor=org["auditor"],
        departments=[org["ccvc"]],
        clauses=[clause("9.2")],
    )
    audit.start(org["auditor"])
    return ChecklistItemFactory(audit=audit, clause=clause("9.2"), question="Có kế hoạch đánh giá không?")


def upload_evidence(client, auditor, item, data):
    client.force_login(auditor)
    response = client.post(
        f"/khac-phuc/danh-gia/{item.audit_id}/{item.position}/",
        {"result": "conforms", "evidence": "Đã xem", "file": SimpleUploadedFile("anh.jpg", data, "image/jpeg")},
    )
    assert response.status_code == 302, response.content[:500]
    return EvidenceFile.objects.get(item=item)


def test_evidence_is_uploaded_to_the_bucket_and_downloaded_by_its_auditors_only(
    client, org, audit_item, s3_server, object_storage
):
    data = jpeg()
    evidence = upload_evidence(client, org["auditor"], audit_item, data)
    assert evidence.file.name in bucket_objects(s3_server, object_storage)
    assert read_object(s3_server, object_storage, evidence.file.name) == data
    assert evidence.sha256 == sha256(data)

    url = f"/khac-phuc/bang-chung/{evidence.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert body_of(response) == data

    assert Client().get(url).status_code == 302  # to the sign-in page
    stranger = Client()
    stranger.force_login(other_agency_person(AuditorFactory))
    assert stranger.get(url).status_code == 404
    staff = Client()
    staff.force_login(org["staff"])
    assert staff.get(url).status_code == 404


def test_evidence_replaced_in_the_bucket_is_named_by_the_integrity_check(
    client, org, audit_item, s3_server, object_storage
):
    evidence = upload_evidence(client, org["auditor"], audit_item, jpeg())
    assert "intact" in verify()
    replace_object(s3_server, object_storage, evidence.file.name, jpeg() + b"edited")
    assert f"audits.EvidenceFile #{evidence.pk}: its stored file {evidence.file.name} was replaced" in problems()


def test_redirect_delivery_hands_out_a_short_lived_presigned_url_after_the_checks(
    client, org, audit_item, issued_copy, s3_server, object_storage, settings
):
    settings.QMS_MEDIA_DELIVERY = "redirect"
    data = jpeg()
    evidence = upload_evidence(client, org["auditor"], audit_item, data)
    url = f"/khac-phuc/bang-chung/{evidence.pk}/"
    response = client.get(url)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{s3_server.endpoint}/")
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert query["X-Amz-Signature"]
    fetched = requests.get(location, timeout=30)
    assert fetched.status_code == 200
    assert fetched.content == data
    assert fetched.headers["Content-Type"] == "image/jpeg"
    # The checks come first: nobody else gets a URL.
    stranger = Client()
    stranger.force_login(other_agency_person(AuditorFactory))
    assert stranger.get(url).status_code == 404
    assert Client().get(url)["Location"].startswith("/dang-nhap/")

    # Controlled PDFs are still streamed: their bytes are checked on the way.
    document, copy = issued_copy
    client.force_login(org["staff"])
    pdf = client.get(document.url + "pdf/")
    assert pdf.status_code == 200
    assert sha256(body_of(pdf)) == copy.sha256


def test_a_word_import_waits_in_the_bucket_between_preview_and_confirmation(
    client, org, section, s3_server, object_storage
):
    client.force_login(org["secretary"])
    upload = SimpleUploadedFile("qt07.docx", procedure_docx())
    response = client.post("/admin/qms/word-import/", {"section": section.pk, "file": upload, "in_force": "on"})
    assert response.status_code == 200
    waiting = [key for key in bucket_objects(s3_server, object_storage) if key.startswith("word-import/")]
    assert len(waiting) == 1
    assert waiting[0].startswith(f"word-import/{org['secretary'].pk}/")
    response = client.post("/admin/qms/word-import/confirm/", {"token": response.context["token"]})
    assert response.status_code == 200
    assert ControlledDocumentPage.objects.filter(code="QT-07").exists()
    assert not [key for key in bucket_objects(s3_server, object_storage) if key.startswith("word-import/")]
    assert not default_storage.exists(waiting[0])


def test_wagtail_images_and_renditions_live_in_the_bucket_and_reach_only_the_library_people(
    db, client, s3_server, object_storage
):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image as PillowImage
    from wagtail.images.models import Image

    from tests.qms.factories import HeadFactory, first_agency

    out = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "green").save(out, format="PNG")
    image = Image.objects.create(
        title="Sơ đồ", file=ContentFile(out.getvalue(), "so-do.png"), collection=first_agency().collection
    )
    thumbnail = image.get_rendition("max-165x165")  # made from the original read back from the bucket
    assert {image.file.name, thumbnail.file.name} <= bucket_objects(s3_server, object_storage)
    # A page names the image by its checked address, never by a presigned URL that expires.
    assert thumbnail.url == f"/media/{thumbnail.file.name}"
    client.force_login(HeadFactory(username="truongphong"))
    for name in (image.file.name, thumbnail.file.name):
        response = client.get(f"/media/{name}")
        assert response.status_code == 200, name
        assert body_of(response).startswith(b"\x89PNG")
    staff = Client()
    staff.force_login(StaffFactory(username="nhanvien2"))
    assert staff.get(f"/media/{thumbnail.file.name}").status_code == 404

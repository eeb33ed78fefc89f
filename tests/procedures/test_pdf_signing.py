"""Issued PDFs carry the agency's PAdES signature: checked with pyHanko, poppler's pdfsig and qpdf."""

import hashlib
import re
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from procedures.copies import pending_signatures, printing
from procedures.models import CopyKind, PdfSignature, RenderedCopy
from qms import pdf_signing, pdf_verification
from qms.models import Notification
from tests.procedures import pdf_tools
from tests.procedures.pdf_fixtures import controlled_copy, superseded_and_current, withdraw
from tests.procedures.signing_fixtures import AGENCY_CN, write
from tests.procedures.test_pdf_verify import upload
from tests.procedures.workflow import issue_through_workflow


def body_of(response):
    return b"".join(response.streaming_content)


def pdfsig(path):
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout  # noqa: S603,S607


def assert_signed_by_the_agency(data, tmp_path):
    """What a reader checks: pyHanko and pdfsig agree it is signed, whole and unmodified, by the agency."""
    (signature,) = pdf_verification.inspect(data).signatures
    assert signature.ok, signature
    assert AGENCY_CN in signature.signer
    assert not signature.modified
    path = write(tmp_path, data, f"{hashlib.sha256(data).hexdigest()[:8]}.pdf")
    report = pdfsig(path)
    assert f"Signer Certificate Common Name: {AGENCY_CN}" in report
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    return path


def test_a_staff_download_is_signed_valid_unmodified_and_still_pdfa(
    client, org, make_document, file_key, tmp_path, signing_agency
):
    issue = issue_through_workflow(client, org, make_document())
    client.force_login(org["staff"])
    data = body_of(client.get(issue.document.url + "pdf/"))
    path = assert_signed_by_the_agency(data, tmp_path)
    copy = RenderedCopy.objects.get(issue=issue, kind=CopyKind.UNCONTROLLED)
    assert copy.signature == PdfSignature.SIGNED and copy.signed_at is not None
    assert copy.sha256 == hashlib.sha256(data).hexdigest()  # the cache and its hash are of the signed bytes
    assert subprocess.run(["qpdf", "--check", path], capture_output=True, check=False).returncode == 0  # noqa: S603,S607
    assert 'pdfaid:part="3"' in pdf_tools.run("pdfinfo", "-meta", str(path))
    for row in pdf_tools.run("pdffonts", str(path)).splitlines()[2:]:
        assert " yes yes yes " in row, row  # the appearance's font is embedded too
    # The visible signature sits in the signature block of page 1, under the approvers.
    text = pdf_tools.flat(pdf_tools.page_text(path, 1))
    assert "Người phê duyệt" in text
    (annotation,) = re.findall(rb"/FT /Sig", data)
    assert annotation
    file_key.refresh_from_db()
    assert AGENCY_CN in file_key.subject and file_key.not_after > timezone.now()


def test_every_copy_kind_is_signed_with_its_stamp_inside(client, org, make_document, file_key, tmp_path):
    first, second = superseded_and_current(client, org, make_document())
    obsolete_doc = make_document(title="Quy trình nâng ngạch công chức")
    issue_through_workflow(client, org, obsolete_doc)
    obsolete = withdraw(obsolete_doc, org["approver"])
    held = controlled_copy(second, org["secretary"], org["ccvc"])
    copies = [
        printing.get_or_render(second, CopyKind.CONTROLLED, controlled_copy=held),
        printing.get_or_render(first, CopyKind.SUPERSEDED),
        printing.get_or_render(obsolete, CopyKind.OBSOLETE),
    ]
    for copy, stamp in zip(copies, ("BẢN KIỂM SOÁT số 01", "ĐÃ BỊ THAY THẾ", "TÀI LIỆU HẾT HIỆU LỰC"), strict=True):
        data = printing.intact_bytes(copy)
        path = assert_signed_by_the_agency(data, tmp_path)
        assert stamp in pdf_tools.flat(pdf_tools.page_text(path, 1)), copy.kind


def test_verify_reports_a_valid_signature_and_a_file_changed_by_one_byte_as_modified(
    client, org, make_document, file_key
):
    issue = issue_through_workflow(client, org, make_document())
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    data = printing.intact_bytes(copy)
    page = upload(data).content.decode()
    assert "CÒN HIỆU LỰC" in page
    assert "HỢP LỆ: chữ ký còn nguyên vẹn" in page and AGENCY_CN in page

    # One byte inside the signed range (a content stream of the first revision) changed.
    start = data.index(b"stream\n", len(data) // 4) + 20
    changed = data[:start] + bytes([data[start] ^ 0x01]) + data[start + 1 :]
    response = upload(changed, address="203.0.113.8")
    page = response.content.decode()
    assert "Tệp PDF này không phải bản do chúng tôi phát hành" in page  # its hash is no copy's
    assert "ĐÃ BỊ SỬA ĐỔI" in page
    (signature,) = pdf_verification.inspect(changed).signatures
    assert signature.modified and not signature.intact


def test_verify_pdf_command_offline(client, org, make_document, file_key, tmp_path):
    issue = issue_through_workflow(client, org, make_document())
    data = printing.intact_bytes(printing.get_or_render(issue, CopyKind.UNCONTROLLED))
    path = write(tmp_path, data)
    out = StringIO()
    call_command("verify_pdf", str(path), stdout=out)
    assert "VALID" in out.getvalue() and AGENCY_CN in out.getvalue()
    unsigned = write(tmp_path, pdf_tools_pdf(), "unsigned.pdf")
    with pytest.raises(SystemExit):
        call_command("verify_pdf", str(unsigned), stdout=StringIO())


def pdf_tools_pdf():
    from qms.pdf import html_to_pdf

    return html_to_pdf("<p>Không ký</p>")


def test_a_missing_key_issues_unsigned_tells_the_secretary_and_the_daily_duty_signs_later(
    client, org, make_document, file_key, test_pki, tmp_path
):
    file_key.pkcs12_path = str(tmp_path / "moved-away.p12")
    file_key.save()
    issue = issue_through_workflow(client, org, make_document())
    client.force_login(org["staff"])
    unsigned = body_of(client.get(issue.document.url + "pdf/"))
    assert not pdf_verification.inspect(unsigned).signed
    copy = RenderedCopy.objects.get(issue=issue, kind=CopyKind.UNCONTROLLED)
    assert copy.signature == PdfSignature.PENDING and "moved-away.p12" in copy.signing_problem
    notice = Notification.objects.get(recipient=org["secretary"], kind="pdf_unsigned")
    assert "moved-away.p12" in notice.params["problem"]

    # Still missing: the daily duty leaves it pending.
    assert pending_signatures.sign_pending_copies(timezone.localdate()) == 0
    # The key is back.
    file_key.pkcs12_path = str(test_pki.p12)
    file_key.save()
    assert pending_signatures.sign_pending_copies(timezone.localdate()) == 1
    copy.refresh_from_db()
    assert copy.signature == PdfSignature.SIGNED
    signed = body_of(client.get(issue.document.url + "pdf/"))
    assert signed.startswith(unsigned)  # an incremental update of the copy as first issued
    assert_signed_by_the_agency(signed, tmp_path)
    assert copy.unsigned_sha256 == hashlib.sha256(unsigned).hexdigest()
    # Whoever kept the unsigned download still finds the copy.
    assert "CÒN HIỆU LỰC" in upload(unsigned).content.decode()


def test_the_secretary_sees_her_agencys_certificate_and_what_waits_for_the_key(
    client, org, make_document, file_key, test_pki, tmp_path
):
    from tests.qms.factories import AgencyFactory, DepartmentFactory, SecretaryFactory

    file_key.subject = f"CN={AGENCY_CN}"
    file_key.not_after = timezone.now() + timezone.timedelta(days=10)
    file_key.pkcs12_path = str(tmp_path / "moved-away.p12")
    file_key.save()
    issue = issue_through_workflow(client, org, make_document())
    client.force_login(org["staff"])
    body_of(client.get(issue.document.url + "pdf/"))  # issued unsigned: the key file is away

    client.force_login(org["secretary"])
    listing = client.get("/admin/signing_certificates/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert AGENCY_CN in listing and "còn 9 ngày" in listing
    page = client.get(f"/admin/signing_certificates/inspect/{file_key.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Bản sao chờ khóa ký" in text and "moved-away.p12" in text and issue.code in text
    assert "manage.py signing_certificate" in text
    # Read-only: keys never pass through the web.
    assert client.get("/admin/signing_certificates/new/").status_code == 404
    assert client.get(f"/admin/signing_certificates/edit/{file_key.pk}/").status_code == 404

    other = SecretaryFactory(username="thuky_khac", department=DepartmentFactory(agency=AgencyFactory()))
    client.force_login(other)
    assert AGENCY_CN not in client.get("/admin/signing_certificates/").content.decode()
    assert client.get(f"/admin/signing_certificates/inspect/{file_key.pk}/").status_code == 404
    client.force_login(org["approver"])
    assert client.get(f"/admin/signing_certificates/inspect/{file_key.pk}/").status_code in (302, 403)


def test_an_expired_certificate_issues_unsigned_and_says_why(client, org, make_document, file_key, test_pki):
    file_key.pkcs12_path = str(test_pki.expired_p12)
    file_key.save()
    issue = issue_through_workflow(client, org, make_document())
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    assert copy.signature == PdfSignature.PENDING
    assert "expired" in copy.signing_problem or "hết hạn" in copy.signing_problem


def test_an_agency_without_a_certificate_renders_unsigned_and_tells_nobody(client, org, make_document):
    issue = issue_through_workflow(client, org, make_document())
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    assert copy.signature == PdfSignature.UNSIGNED
    assert not Notification.objects.filter(kind="pdf_unsigned").exists()


def test_signing_on_a_softhsm2_token(client, org, make_document, token_key, tmp_path):
    issue = issue_through_workflow(client, org, make_document())
    client.force_login(org["staff"])
    data = body_of(client.get(issue.document.url + "pdf/"))
    assert_signed_by_the_agency(data, tmp_path)


def test_a_token_with_a_wrong_pin_issues_unsigned(client, org, make_document, token_key, monkeypatch):
    monkeypatch.setenv(token_key.passphrase_env, "0000")
    issue = issue_through_workflow(client, org, make_document())
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    assert copy.signature == PdfSignature.PENDING and "qms-test" in copy.signing_problem


def test_a_time_stamping_authority_adds_an_rfc3161_timestamp(
    client, org, make_document, file_key, test_pki, monkeypatch, tmp_path, settings
):
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    tsa_key, tsa_cert = test_pki.tsa()
    monkeypatch.setattr(
        pdf_signing, "timestamper_for", lambda url: DummyTimeStamper(tsa_cert=tsa_cert, tsa_key=tsa_key)
    )
    file_key.tsa_url = "https://tsa.example.test/"
    file_key.save()
    issue = issue_through_workflow(client, org, make_document())
    data = printing.intact_bytes(printing.get_or_render(issue, CopyKind.UNCONTROLLED))
    (signature,) = pdf_verification.inspect(data).signatures
    assert signature.ok and signature.timestamped
    assert abs((signature.signed_at - timezone.now()).total_seconds()) < 600
    # With the TSA's answer, the validation data and a document timestamp are embedded (B-LTA).
    assert pdf_signing.sign_pdf(pdf_tools_pdf(), file_key.agency).level == "B-LTA"


def test_a_missing_token_issues_unsigned_and_the_daily_duty_signs_when_it_is_back(
    client, org, make_document, token_key, tmp_path
):
    token_key.token_label = "unplugged"
    token_key.save()
    issue = issue_through_workflow(client, org, make_document())
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    assert copy.signature == PdfSignature.PENDING and "unplugged" in copy.signing_problem
    assert Notification.objects.filter(recipient=org["secretary"], kind="pdf_unsigned").exists()
    token_key.token_label = "qms-test"  # plugged back in
    token_key.save()
    assert pending_signatures.sign_pending_copies(timezone.localdate()) == 1
    copy.refresh_from_db()
    assert copy.signature == PdfSignature.SIGNED
    assert_signed_by_the_agency(printing.intact_bytes(copy), tmp_path)


def test_signing_certificate_command_loads_checks_and_rotates(signing_agency, test_pki, monkeypatch, tmp_path):
    from django.core.management.base import CommandError

    from qms.models import AgencyCertificate

    monkeypatch.setenv("QMS_TEST_P12_PASSPHRASE", "mat-khau")
    out = StringIO()
    args = ["--secret-env", "QMS_TEST_P12_PASSPHRASE"]
    call_command("signing_certificate", signing_agency.code, "--pkcs12", str(test_pki.p12), *args, stdout=out)
    assert f"signs as Common Name: {AGENCY_CN}" in out.getvalue()
    first = AgencyCertificate.objects.get(agency=signing_agency, is_active=True)
    # A key that cannot sign is refused; the current one stays in use.
    with pytest.raises(CommandError, match="none.p12"):
        call_command("signing_certificate", signing_agency.code, "--pkcs12", str(tmp_path / "none.p12"), *args)
    assert AgencyCertificate.objects.get(agency=signing_agency, is_active=True) == first
    # Rotation: the new key takes over, the old row is kept, retired.
    call_command("signing_certificate", signing_agency.code, "--pkcs12", str(test_pki.p12), *args, stdout=StringIO())
    assert AgencyCertificate.objects.filter(agency=signing_agency).count() == 2
    first.refresh_from_db()
    assert not first.is_active
    listing = StringIO()
    call_command("signing_certificate", "--list", stdout=listing)
    assert "in use" in listing.getvalue() and "retired" in listing.getvalue()

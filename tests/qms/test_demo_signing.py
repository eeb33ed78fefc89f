"""The demo signs its PDFs with a DEMO certificate, made once and trusted by /verify/."""

from io import StringIO

from qms import pdf, pdf_signing, pdf_verification
from qms.demo import certificates
from qms.models import Agency, AgencyCertificate


def test_each_agency_gets_a_demo_certificate_once_and_its_pdfs_verify(db, settings, tmp_path):
    settings.QMS_SIGNING_DIR = tmp_path / "signing"
    certificates.build(StringIO())
    agency = Agency.objects.order_by("pk").first()
    (first,) = AgencyCertificate.objects.filter(agency=agency)
    assert "DEMO" in first.subject and first.is_active

    AgencyCertificate.objects.filter(pk=first.pk).update(is_active=False)
    certificates.build(StringIO())  # a reloaded demo reuses the key file on disk
    second = AgencyCertificate.objects.get(agency=agency, is_active=True)
    assert second.pkcs12_path == first.pkcs12_path

    signed = pdf_signing.sign_pdf(pdf.html_to_pdf("<p>Quy trình</p>"), agency)
    (signature,) = pdf_verification.inspect(signed.data).signatures
    assert signature.ok and "DEMO" in signature.signer

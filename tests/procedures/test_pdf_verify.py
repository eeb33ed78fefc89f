"""/verify/: anyone can learn whether a copy is current, without reading it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from procedures.copies import printing
from procedures.models import CopyKind, UploadThrottle
from tests.procedures.pdf_fixtures import controlled_copy, superseded_and_current, withdraw
from tests.procedures.workflow import issue_through_workflow


def verify(code, user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(f"/verify/{code}/")


def upload(data, name="copy.pdf", address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).post("/verify/", {"file": SimpleUploadedFile(name, data, "application/pdf")})


def test_a_current_copy_says_so_with_its_identity_and_no_body(client, org, make_document):
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    response = verify(copy.code)
    page = response.content.decode()
    assert response.status_code == 200
    assert "CÒN HIỆU LỰC" in page
    for text in ("QT-01", "Quy trình tuyển dụng công chức", "Bản không kiểm soát", copy.printed_code):
        assert text in page, text
    assert copy.print_date.strftime("%d/%m/%Y") in page
    assert "Thẩm định hồ sơ" not in page and "Tiếp nhận hồ sơ" not in page  # no body text
    assert document.url not in page  # the link to the document is for signed-in users
    assert document.url in verify(copy.code, org["staff"]).content.decode()
    # The printed form, typed with dashes and in lower case, finds the same copy.
    typed = Client().get("/verify/", {"code": copy.printed_code.lower()})
    assert typed.status_code == 302 and typed["Location"] == f"/verify/{copy.code}/"


def test_a_superseded_copy_names_the_edition_that_replaced_it_and_since_when(client, org, make_document):
    document = make_document()
    first, second = superseded_and_current(client, org, document)
    copy = printing.get_or_render(first, CopyKind.SUPERSEDED)
    page = verify(copy.code).content.decode()
    since = timezone.localtime(first.superseded_at).strftime("%d/%m/%Y")
    assert f"ĐÃ BỊ THAY THẾ: được thay bằng lần ban hành 1, lần sửa đổi 1 từ ngày {since}" in page


def test_a_withdrawn_document_and_a_withdrawn_controlled_copy(client, org, make_document):
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    held = controlled_copy(issue, org["secretary"], org["ccvc"])
    copy = printing.get_or_render(issue, CopyKind.CONTROLLED, controlled_copy=held)
    assert "CÒN HIỆU LỰC" in verify(copy.code).content.decode()
    page = verify(copy.code).content.decode()
    assert "Bản kiểm soát" in page and "số 01" in page and "Phòng Công chức, viên chức" in page

    held.record_withdrawal(org["secretary"])
    assert "ĐÃ THU HỒI: bản kiểm soát này đã được thu hồi" in verify(copy.code).content.decode()

    other = make_document(title="Quy trình nâng ngạch")
    issue_through_workflow(client, org, other)
    uncontrolled = printing.get_or_render(other.issues.get(), CopyKind.UNCONTROLLED)
    withdraw(other, org["approver"])
    assert "ĐÃ THU HỒI: tài liệu hết hiệu lực" in verify(uncontrolled.code).content.decode()


def test_unknown_and_malformed_codes_find_nothing(db):
    response = verify("0" * 20)
    assert response.status_code == 404
    assert "Không có bản nào mang mã kiểm tra này" in response.content.decode()
    malformed = Client().get("/verify/", {"code": "abc"})
    assert malformed.status_code == 200
    assert "Đây không phải mã kiểm tra" in malformed.content.decode()


def test_an_uploaded_pdf_is_recognised_by_its_sha256(client, org, make_document):
    issue = issue_through_workflow(client, org, make_document())
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    with copy.file.open("rb") as stored:
        data = stored.read()
    page = upload(data).content.decode()
    assert "CÒN HIỆU LỰC" in page and copy.printed_code in page

    foreign = upload(data[:-10] + b"%%EOF\n  \n")
    assert foreign.status_code == 200
    assert "Tệp PDF này không phải bản do chúng tôi phát hành" in foreign.content.decode()


def test_uploads_that_are_not_pdfs_or_too_large_are_refused(db, monkeypatch):
    response = upload(b"GIF89a not a pdf", name="anh.pdf")
    assert response.status_code == 400
    assert "Tệp này không phải là PDF." in response.content.decode()
    monkeypatch.setattr("procedures.copies.verification.MAX_UPLOAD_BYTES", 1024 * 1024)
    big = upload(b"%PDF-1.7\n" + b"0" * (1024 * 1024))
    assert big.status_code == 400
    assert "Tệp lớn hơn 1 MB" in big.content.decode()


def test_uploads_are_rate_limited_per_address(db):
    for _ in range(10):
        assert upload(b"%PDF-1.7 foreign\n%%EOF\n").status_code == 200
    refused = upload(b"%PDF-1.7 foreign\n%%EOF\n")
    assert refused.status_code == 429
    assert "quá nhiều tệp" in refused.content.decode()
    assert upload(b"%PDF-1.7 foreign\n%%EOF\n", address="198.51.100.2").status_code == 200
    assert UploadThrottle.objects.get(key="203.0.113.7").count == 10


def foreign_pdf():
    return {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.7 foreign\n%%EOF\n", "application/pdf")}


def test_behind_the_proxy_uploads_and_look_ups_are_counted_per_client_address(db, settings):
    settings.QMS_TRUSTED_PROXIES = ["10.0.0.5"]

    def through_proxy(address):
        return Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=address)

    for address in ("203.0.113.7", "198.51.100.2"):
        for _ in range(10):
            assert through_proxy(address).post("/verify/", foreign_pdf()).status_code == 200
        for _ in range(60):
            assert through_proxy(address).get("/verify/ABCDEFGHJKMNPQRSTVWX/").status_code == 404
    assert through_proxy("203.0.113.7").post("/verify/", foreign_pdf()).status_code == 429
    assert through_proxy("203.0.113.7").get("/verify/ABCDEFGHJKMNPQRSTVWX/").status_code == 429
    # A third person behind the same proxy is not affected.
    assert through_proxy("192.168.1.23").post("/verify/", foreign_pdf()).status_code == 200
    assert through_proxy("192.168.1.23").get("/verify/ABCDEFGHJKMNPQRSTVWX/").status_code == 404


def test_a_client_cannot_escape_the_limits_by_claiming_other_addresses(db, settings):
    settings.QMS_TRUSTED_PROXIES = ["10.0.0.5"]
    # The header the former setting named is not trusted from anyone either.
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    direct = Client(REMOTE_ADDR="192.0.2.66")
    for number in range(10):
        forged = f"198.51.100.{number}"
        assert direct.post("/verify/", foreign_pdf(), HTTP_X_FORWARDED_FOR=forged).status_code == 200
    assert direct.post("/verify/", foreign_pdf(), HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429
    assert UploadThrottle.objects.get(key="192.0.2.66").count == 10


def test_look_ups_by_code_are_rate_limited_per_address(db):
    visitor = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(60):
        assert visitor.get("/verify/ABCDEFGHJKMNPQRSTVWX/").status_code == 404
    refused = visitor.get("/verify/ABCDEFGHJKMNPQRSTVWX/")
    assert refused.status_code == 429
    assert "Có quá nhiều bản sao được kiểm tra từ địa chỉ của bạn" in refused.content.decode()
    # Uploads and look-ups are counted apart, and other addresses are not affected.
    assert UploadThrottle.objects.get(key="lookup:203.0.113.7").count == 60
    assert Client(REMOTE_ADDR="198.51.100.2").get("/verify/ABCDEFGHJKMNPQRSTVWX/").status_code == 404


def test_a_look_up_after_the_window_is_counted_afresh(db):
    visitor = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(60):
        visitor.get("/verify/ABCDEFGHJKMNPQRSTVWX/")
    UploadThrottle.objects.filter(key="lookup:203.0.113.7").update(
        window_start=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert visitor.get("/verify/ABCDEFGHJKMNPQRSTVWX/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/verify/" + "A" * 5000 + "/",
        "/verify/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/verify/?code=%00%00",
        "/verify/?code=" + "x" * 100000,
        "/verify/?code=%F0%9F%92%A9",
    ],
)
def test_hostile_look_ups_get_a_page_not_a_crash(db, path):
    response = Client(REMOTE_ADDR="203.0.113.9").get(path)
    assert response.status_code in (200, 404)
    assert "<script>alert" not in response.content.decode()

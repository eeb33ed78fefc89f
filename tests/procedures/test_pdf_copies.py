"""What a printed copy says, read back from the PDF with poppler, qpdf and zbar."""

import datetime
import hashlib
import re
import subprocess

import pytest
from django.utils import timezone

from procedures.copies import printing
from procedures.models import CopyKind, RenderedCopy
from qms.models import Agency
from tests.procedures import pdf_tools
from tests.procedures.pdf_fixtures import controlled_copy, long_body, superseded_and_current, today_text, withdraw
from tests.procedures.workflow import issue_through_workflow

OBSOLETE_WORDING = "TÀI LIỆU ĐÃ HẾT HIỆU LỰC – CHỈ ĐỂ LƯU"


@pytest.fixture
def agency(db):
    agency = Agency.objects.order_by("pk").first()
    agency.agency_name = "SỞ NỘI VỤ"
    agency.superior_body = "UBND TỈNH VĨNH LONG"
    agency.stamp_obsolete = OBSOLETE_WORDING
    agency.save()
    return agency


def header_fields(issue):
    return [
        "UBND TỈNH VĨNH LONG",
        "SỞ NỘI VỤ",
        issue.title.upper(),
        f"Mã số: {issue.code}",
        f"Lần ban hành: {issue.edition}",
        f"Lần sửa đổi: {issue.amendment}",
        f"Ngày hiệu lực: {issue.effective_date:%d/%m/%Y}",
    ]


def assert_first_page(text, issue, pages):
    for field in [*header_fields(issue), f"Trang: 1/{pages}"]:
        assert field in text, field
    for signature in issue.signatures.exclude(meaning="withdrawn"):
        assert signature.printed_name in text
        assert signature.job_title in text
        assert f"Đã ký điện tử · mã băm {signature.short_hash}" in text
    for heading in ("Người soạn thảo", "Người xem xét", "Người phê duyệt", "Theo dõi sửa đổi"):
        assert heading in text, heading


def test_each_copy_kind_shows_its_stamp_and_every_header_field(client, org, make_document, agency):
    first, second = superseded_and_current(client, org, make_document())
    obsolete_doc = make_document(title="Quy trình nâng ngạch công chức")
    issue_through_workflow(client, org, obsolete_doc)
    obsolete = withdraw(obsolete_doc, org["approver"])
    holder_copy = controlled_copy(second, org["secretary"], org["ccvc"])
    superseded_on = timezone.localtime(first.superseded_at).strftime("%d/%m/%Y")

    cases = [
        (
            printing.get_or_render(second, CopyKind.UNCONTROLLED),
            second,
            f"BẢN KHÔNG KIỂM SOÁT – in ngày {today_text()}",
        ),
        (
            printing.get_or_render(second, CopyKind.CONTROLLED, controlled_copy=holder_copy),
            second,
            "BẢN KIỂM SOÁT số 01",
        ),
        (printing.get_or_render(first, CopyKind.SUPERSEDED), first, f"ĐÃ BỊ THAY THẾ ngày {superseded_on}"),
        (printing.get_or_render(obsolete, CopyKind.OBSOLETE), obsolete, OBSOLETE_WORDING),
    ]
    for copy, issue, stamp in cases:
        texts = pdf_tools.pages(copy.file.path)
        assert_first_page(pdf_tools.flat(texts[0]), issue, len(texts))
        for text in texts:
            assert stamp in pdf_tools.flat(text), (copy.kind, stamp)
    controlled_text = pdf_tools.flat(pdf_tools.page_text(cases[1][0].file.path, 1))
    assert "Nơi giữ: Phòng Công chức, viên chức" in controlled_text
    history = pdf_tools.flat(pdf_tools.page_text(cases[0][0].file.path, 1))
    assert "1/0" in history and "1/1" in history and "Rút ngắn thời gian thẩm định" in history
    # A superseded issue's history stops at that issue.
    assert "Rút ngắn thời gian thẩm định" not in pdf_tools.flat(pdf_tools.page_text(cases[2][0].file.path, 1))


def test_page_x_of_y_and_the_steps_header_repeat_on_every_page(client, org, make_document, agency):
    issue = issue_through_workflow(client, org, make_document(body=long_body()))
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    texts = pdf_tools.pages(copy.file.path)
    total = len(texts)
    assert total >= 3
    for number, text in enumerate(texts, start=1):
        flat = pdf_tools.flat(text)
        assert f"Trang: {number}/{total}" in flat
        assert f"Mã số: {issue.code}" in flat
        assert f"BẢN KHÔNG KIỂM SOÁT – in ngày {today_text()}" in flat
        if number > 1:
            assert "Lần ban hành/Lần sửa đổi: 1/0" in flat
        if re.search(r"\bB\d+\b", flat) and "BM-01-" in flat:
            assert "Trách nhiệm" in flat, f"the steps table header is missing on page {number}"
    everything = pdf_tools.flat(" ".join(texts))
    assert "B70" in everything
    assert "BM-01-01 Phiếu tiếp nhận hồ sơ" in everything and "BM-01-02 Sổ theo dõi hồ sơ" in everything


def test_qr_code_decodes_to_the_verify_url_of_that_copy(client, org, make_document, agency, tmp_path, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://qms.sonoivu.vinhlong.gov.vn"
    issue = issue_through_workflow(client, org, make_document())
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    expected = f"https://qms.sonoivu.vinhlong.gov.vn/verify/{copy.code}/"
    assert pdf_tools.qr_codes(copy.file.path, tmp_path) == [expected]
    text = pdf_tools.flat(pdf_tools.page_text(copy.file.path, 1))
    assert expected in text
    assert f"Mã kiểm tra: {copy.printed_code}" in text


def test_fonts_metadata_pdfa_and_qpdf_check(client, org, make_document, agency):
    issue = issue_through_workflow(client, org, make_document())
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    path = copy.file.path
    rows = pdf_tools.run("pdffonts", path).splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[0].split("+", 1)[1].startswith("QMS-Serif"), row
        assert " yes yes yes " in row, row
    assert subprocess.run(["qpdf", "--check", path], capture_output=True, check=False).returncode == 0  # noqa: S603,S607
    info = pdf_tools.pdfinfo(path)
    assert info["Title"] == "QT-01 Quy trình tuyển dụng công chức"
    assert info["Author"] == "SỞ NỘI VỤ"
    assert info["Keywords"] == "QT-01"
    assert "BẢN KHÔNG KIỂM SOÁT" in info["Subject"]
    assert 'pdfaid:part="3"' in pdf_tools.run("pdfinfo", "-meta", path)
    root = re.search(r"/Root (\d+) 0 R", pdf_tools.run("qpdf", "--show-object=trailer", path)).group(1)
    assert "/Lang (vi)" in pdf_tools.run("qpdf", f"--show-object={root}", path)
    text = pdf_tools.run("pdftotext", path, "-")
    assert pdf_tools.is_nfc(text)
    assert "Thẩm định hồ sơ" in text and "Quy định trình tự tiếp nhận hồ sơ." in text


def test_a_copy_is_rendered_once_per_variant_and_stored_with_its_sha256(client, org, make_document, agency):
    issue = issue_through_workflow(client, org, make_document())
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED, user=org["staff"])
    again = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    assert again.pk == copy.pk
    with copy.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == copy.sha256
    assert copy.rendered_by == org["staff"]
    tomorrow = printing.get_or_render(issue, CopyKind.UNCONTROLLED, today=copy.print_date + datetime.timedelta(days=1))
    assert tomorrow.pk != copy.pk and tomorrow.code != copy.code
    assert RenderedCopy.objects.filter(issue=issue).count() == 2
    with pytest.raises(printing.CopyRefused):
        printing.get_or_render(issue, CopyKind.SUPERSEDED)

"""Every upload is judged by its content: kind by the first bytes, whole files
only, office files by their inner structure, no zip bombs, a size limit. A
refused file gets a translated message and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from procedures.models import ChangeRequest, ExternalDocument
from qms import uploads
from tests import upload_samples as samples
from tests.procedures.control_helpers import issue_now, page_text
from tests.qms.factories import SuperuserFactory

GOOD = {
    "report.pdf": (samples.pdf, uploads.PDF),
    "anh.png": (samples.png, uploads.PNG),
    "anh.jpg": (samples.jpeg, uploads.JPEG),
    "quy-trinh.docx": (samples.docx, uploads.DOCX),
    "so-theo-doi.xlsx": (samples.xlsx, uploads.XLSX),
    "van-ban.odt": (samples.odt, uploads.ODT),
}

# What each hostile file is, and the words (Vietnamese, the default language) the user reads.
HOSTILE = {
    "renamed-exe": ("bao-cao.pdf", samples.renamed_exe, "Loại tệp này không được chấp nhận"),
    "plain-zip": ("quy-trinh.docx", samples.plain_zip, "Loại tệp này không được chấp nhận"),
    "truncated-pdf": ("bao-cao.pdf", lambda: samples.truncated(samples.pdf()), "Tệp bị hỏng hoặc không đầy đủ"),
    "truncated-png": ("anh.png", lambda: samples.truncated(samples.png((200, 200))), "Tệp bị hỏng hoặc không đầy đủ"),
    "truncated-docx": ("quy-trinh.docx", lambda: samples.truncated(samples.docx()), "Tệp bị hỏng hoặc không đầy đủ"),
    "zip-bomb": ("quy-trinh.docx", samples.zip_bomb, "bom nén"),
    "too-many-members": ("quy-trinh.docx", samples.many_members, "quá nhiều phần"),
    "empty": ("bao-cao.pdf", lambda: b"", None),
    "pdf-javascript": ("bao-cao.pdf", samples.pdf_with_javascript, "nội dung chủ động"),
    "pdf-hidden-javascript": (
        "bao-cao.pdf",
        samples.pdf_with_javascript_hidden_in_an_object_stream,
        "nội dung chủ động",
    ),
    "pdf-launch": ("bao-cao.pdf", samples.pdf_that_launches_a_program, "nội dung chủ động"),
    "png-7700x7700-bomb": ("anh.png", samples.png_bomb, "Ảnh quá lớn (7700 × 7700"),
    "png-implausibly-small": ("anh.png", lambda: samples.png_bomb(5000, 5000), "quá ít dữ liệu"),
    "two-part-docx": ("quy-trinh.docx", samples.two_part_docx, "tài liệu Word (.docx) đầy đủ"),
    "docm-renamed-docx": ("quy-trinh.docx", samples.macro_docm_renamed, "tài liệu Word (.docx) đầy đủ"),
}

# The deeper content checks (qms/uploads.py): active PDFs, image bombs, incomplete office files.
DEEP = [
    "pdf-javascript",
    "pdf-hidden-javascript",
    "pdf-launch",
    "png-7700x7700-bomb",
    "png-implausibly-small",
    "two-part-docx",
    "docm-renamed-docx",
]


def upload(name, data, content_type="application/pdf"):
    # The browser's claim is always the friendliest one: it must not matter.
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize("name", GOOD)
def test_real_documents_spreadsheets_and_images_are_recognised(name):
    make, kind = GOOD[name]
    assert uploads.check_upload(upload(name, make())) == kind


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_files_are_refused_with_a_translated_reason(case):
    name, make, _words = HOSTILE[case]
    with pytest.raises(ValidationError):
        uploads.check_upload(upload(name, make()))


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.QMS_UPLOAD_MAX_BYTES = 1024
    data = samples.pdf()
    assert len(data) > 1024
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("bao-cao.pdf", data))
    assert refused.value.code == "file_too_large"


def test_a_zip_bomb_is_refused_before_it_is_expanded_in_full(settings):
    bomb = samples.zip_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("quy-trinh.docx", bomb))
    assert refused.value.code == "zip_bomb"


@pytest.mark.parametrize("case", DEEP)
def test_deep_content_checks_refuse_with_a_translated_reason(case):
    from django.utils import translation

    name, make, words = HOSTILE[case]
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload(name, make()))
    assert words in " ".join(refused.value.messages)


def test_an_image_with_too_many_pixels_is_refused(settings):
    settings.QMS_UPLOAD_MAX_IMAGE_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("anh.png", samples.png((200, 200)), "image/png"))
    assert refused.value.code == "image_pixels"


# --- Through the screens: a refusal is shown, in Vietnamese, and nothing is saved.


@pytest.fixture
def admin_user(db):
    return SuperuserFactory()


@pytest.mark.parametrize("case", ["renamed-exe", "truncated-pdf", "zip-bomb", "too-many-members", *DEEP])
def test_wagtail_documents_refuse_hostile_files(client, admin_user, case):
    name, make, words = HOSTILE[case]
    client.force_login(admin_user)
    response = client.post(
        "/admin/documents/add/",
        {"title": "Biểu mẫu", "file": upload(name, make()), "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200
    assert words in page_text(response)
    assert not Document.objects.exists()


def test_wagtail_documents_accept_a_real_docx(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Biểu mẫu",
            "file": upload("bieu-mau.docx", samples.docx(), "application/octet-stream"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    assert Document.objects.get().title == "Biểu mẫu"


def test_wagtail_multiple_document_upload_refuses_a_renamed_exe(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": upload("bieu-mau.pdf", samples.renamed_exe()), "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not Document.objects.exists()


@pytest.mark.parametrize("case", ["renamed-exe", "truncated-png", "png-7700x7700-bomb", "png-implausibly-small"])
def test_wagtail_images_refuse_hostile_files(client, admin_user, case):
    name, make, words = HOSTILE[case]
    client.force_login(admin_user)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Ảnh",
            "file": upload(name.replace(".pdf", ".png"), make(), "image/png"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    if case in DEEP:
        assert words in page_text(response)
    assert not Image.objects.exists()


@pytest.mark.parametrize("case", ["renamed-exe", "truncated-pdf", "zip-bomb", "plain-zip", *DEEP])
def test_change_request_attachments_are_checked_by_content(
    client, org, make_document, django_capture_on_commit_callbacks, case
):
    name, make, words = HOSTILE[case]
    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    client.force_login(org["staff"])
    response = client.post(
        f"/kiem-soat/tai-lieu/{document.pk}/de-nghi-sua-doi/",
        {"reason": "Lý do", "proposed_change": "Đề xuất", "attachment": upload(name, make())},
    )
    assert response.status_code == 200
    assert words in page_text(response)
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize(
    "case", ["renamed-exe", "truncated-pdf", "zip-bomb", "pdf-javascript", "pdf-hidden-javascript", "two-part-docx"]
)
def test_external_document_files_are_checked_by_content(client, org, case):
    name, make, words = HOSTILE[case]
    client.force_login(org["secretary"])
    response = client.post(
        "/admin/external_documents/new/",
        {
            "number": "01/2025/TT-BNV",
            "kind": "Thông tư",
            "title": "Thông tư mẫu",
            "issuing_body": "Bộ Nội vụ",
            "issue_date": datetime.date(2025, 1, 1).isoformat(),
            "effective_date": "",
            "status": "in_force",
            "replaced_by": "",
            "amended_by": "",
            "link": "",
            "notes": "",
            "file": upload(name, make()),
        },
    )
    assert response.status_code == 200
    assert words in page_text(response)
    assert not ExternalDocument.objects.exists()


@pytest.mark.parametrize("case", ["renamed-exe", "truncated-pdf", "pdf-javascript", "pdf-hidden-javascript"])
def test_verify_upload_refuses_non_pdfs_and_damaged_pdfs(db, client, case):
    name, make, words = HOSTILE[case]
    response = client.post("/verify/", {"file": upload(name, make())})
    assert response.status_code == 400
    text = page_text(response)
    assert words in text or "Tệp này không phải là PDF." in text


def test_the_products_own_pdfs_office_files_and_photos_pass_the_deep_checks():
    """What WeasyPrint renders (object streams included), openpyxl saves and Pillow writes is accepted."""
    assert b"/ObjStm" in samples.pdf()
    assert uploads.check_upload(upload("ban-sao.pdf", samples.pdf())) == uploads.PDF
    assert uploads.check_upload(upload("so.xlsx", samples.xlsx())) == uploads.XLSX
    assert uploads.check_upload(upload("anh.png", samples.png((2000, 1500)), "image/png")) == uploads.PNG


def test_an_oversized_document_is_refused_on_screen_and_not_saved(client, admin_user, settings):
    settings.QMS_UPLOAD_MAX_BYTES = 1024
    client.force_login(admin_user)
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Biểu mẫu",
            "file": upload("bieu-mau.pdf", samples.pdf()),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert "Tệp quá lớn" in page_text(response) and "giới hạn là 1,0" in page_text(response)
    assert not Document.objects.exists()


def ole_file(stream_name):
    """A compound (OLE) file whose directory names one stream, as Word and Excel 97-2003 files do."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1016 + stream_name.encode("utf-16-le") + b"\0" * 2048


def test_legacy_word_and_excel_files_are_recognised_by_their_streams():
    assert uploads.check_upload(upload("cu.doc", ole_file("WordDocument"))) == uploads.DOC
    assert uploads.check_upload(upload("cu.xls", ole_file("Workbook"))) == uploads.XLS


def test_another_compound_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("cai-dat.doc", ole_file("\x05SummaryInformation")))
    assert refused.value.code == "file_type"

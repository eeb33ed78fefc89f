"""In the back office a Wagtail page is a controlled document ("tài liệu") or a folder of the library
("thư mục"), never a web "trang" (issue 15, Words): the ISO secretary's submit message, the library's
listing and sidebar, the editor of a document in review, its histories and the approver's screens.
"trang" is left for what really is a web page: pagination ("Trang 1/3"), the web site, the dashboard."""

import json
import re
from html import unescape

import pytest
from django.utils import translation
from django.utils.translation import gettext

from procedures.models import ControlledDocumentPage
from tests.procedures.test_editor import edit_data
from tests.qms.english_walk import visible_text

TITLE = "Quy trình giải quyết khiếu nại"
# Where "trang" is a web page, not a document.
WEB_PAGE = re.compile(
    r"trang (chủ|tổng quan|web|công khai|trước|sau|quản trị)|trang \d+/\d+|(phân|rời|tải lại|chân|đầu) trang",
    re.IGNORECASE,
)
TRANG = re.compile(r"(?<!\w)trang(?!\w)", re.IGNORECASE)


def trang_for_a_document(html):
    """The lines of the screen's visible text (sidebar included) that call something a "trang"."""
    return [line for line in visible_text(html).splitlines() if TRANG.search(WEB_PAGE.sub("", line))]


def sidebar_labels(html):
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    return re.findall(r'"label": "([^"]*)"', json.dumps(json.loads(props.group(1)), ensure_ascii=False))


@pytest.fixture
def submitted(client, org, make_document):
    """The secretary's draft, sent for review from the editor: the answer she reads after "Gửi duyệt"."""
    document = make_document(title=TITLE, author=org["secretary"])
    client.force_login(org["secretary"])
    data = edit_data(ControlledDocumentPage.objects.get(pk=document.pk), **{"action-submit": "submit"})
    response = client.post(f"/admin/pages/{document.pk}/edit/", data, follow=True)
    assert response.status_code == 200
    assert ControlledDocumentPage.objects.get(pk=document.pk).workflow_in_progress
    return document, response


def test_the_secretary_is_told_her_document_was_sent_for_review(submitted):
    document, response = submitted
    text = visible_text(response.content.decode())
    assert f"Đã gửi duyệt tài liệu '{document.code} – {TITLE}'." in text
    assert f"trang '{TITLE}'" not in text


def test_the_library_listing_and_its_sidebar_speak_of_documents_and_folders(client, org, section, submitted):
    document, response = submitted
    html = response.content.decode()  # the section's listing, where Wagtail goes after a submission
    assert response.request["PATH_INFO"] == f"/admin/pages/{section.pk}/"
    assert "Thư viện tài liệu" in sidebar_labels(html)
    assert "Các trang" not in sidebar_labels(html) and "Trang" not in sidebar_labels(html)
    text = visible_text(html)
    assert f"{document.code} – {TITLE}" in text  # a document is named by its code, as its readers name it
    assert "Đang xem: Phòng CCVC" in text and "Kiểu nội dung" in text and "Có nội dung bên trong" in text
    assert 'aria-label="Thêm vào thư mục này"' in html  # the header's button
    assert not trang_for_a_document(html)
    root = unescape(client.get(f"/admin/pages/{section.get_parent().pk}/").content.decode())
    assert f"Xem nội dung của thư mục '{section.title}'" in root  # the section's row, as a label
    search = client.get("/admin/pages/search/", {"q": "khiếu nại"})
    assert TITLE in visible_text(search.content.decode())
    assert not trang_for_a_document(search.content.decode())


def test_the_document_in_review_its_histories_and_chooser_speak_of_a_document(client, org, submitted):
    document, _response = submitted
    for user in [org["secretary"], org["approver"]]:
        client.force_login(user)
        for view in ["edit", "history", "workflow_history"]:
            html = client.get(f"/admin/pages/{document.pk}/{view}/").content.decode()
            assert not trang_for_a_document(html), (user.username, view, trang_for_a_document(html))
    html = client.get("/admin/choose-page/").json()["html"]  # the chooser answers JSON: read its markup
    assert not trang_for_a_document(html), trang_for_a_document(html)


def test_wagtails_document_words_in_vietnamese():
    """The strings behind the status, lock, move, delete and unpublish screens and the approver's messages."""
    with translation.override("vi"):
        assert gettext("Pages") == "Thư viện tài liệu"
        assert gettext("Page '%(page_title)s' has been updated.") == "Đã cập nhật tài liệu '%(page_title)s'."
        assert gettext('The page "%(title)s" has been approved.') == 'Tài liệu "%(title)s" đã được duyệt.'
        assert gettext("This page is locked to further editing") == "Tài liệu này đang bị khóa, không sửa tiếp được"
        assert gettext("Are you sure you want to unpublish this page?") == "Bạn có chắc chắn muốn thu hồi tài liệu này?"
        assert gettext("Parent page") == "Thư mục chứa"
        assert gettext("Page %(page_num)s of %(total_pages)s") == "Trang %(page_num)s/%(total_pages)s"


def test_the_sidebar_explorer_script_counts_documents(client, org):
    """The sidebar's explorer draws "Xem tất cả 3 tài liệu" from the JavaScript catalogue (lower-cased)."""
    client.force_login(org["secretary"])
    script = client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalog["Pages"] == "Tài liệu" and catalog["Page"] == "Tài liệu"
    assert catalog["Page explorer"] == "Duyệt thư viện tài liệu"


def test_wagtails_uploaded_files_are_attachments_not_documents(client, org):
    """Beside "Thư viện tài liệu", Wagtail's uploaded files must not also be called "Tài liệu"."""
    client.force_login(org["secretary"])
    html = client.get("/admin/").content.decode()
    labels = sidebar_labels(html)
    assert "Thư viện tài liệu" in labels and "Tệp đính kèm" in labels
    assert "Tài liệu" not in labels
    assert re.search(r"\d+ tệp đính kèm", visible_text(html))  # the dashboard's count of uploaded files
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        assert "Attachments" in sidebar_labels(client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode())

"""A document's address (slug): the browser proposes the title without diacritics, a
half-typed draft never blocks starting the same document again, and a typed address
already taken is refused in Vietnamese, on the form's banner as well as its own tab."""

import json
import re

from procedures.models import ControlledDocumentPage
from qms import vietnamese
from tests.procedures.test_editor import TITLE, new_document_data


def browser_slug_with(formatters, title):
    """What Wagtail's slug widget (w-slug#urlify with formatters) makes of a title, step by step:
    the formatters, then its urlify of the (now ASCII) text."""
    text = title.strip()
    for (pattern, *_flags), replacement in formatters:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"[^-\w\s]", "", text.lower(), flags=re.ASCII)
    return re.sub(r"[-\s]+", "-", text)[:255].rstrip("-")


def slug_widget_formatters(html):
    match = re.search(r'<input[^>]*name="slug"[^>]*>', html)
    assert match, "no slug field"
    formatters = re.search(r'data-w-slug-formatters-value="([^"]*)"', match.group(0))
    assert formatters, match.group(0)
    return json.loads(formatters.group(1).replace("&quot;", '"'))


def test_the_editor_proposes_the_same_slug_as_the_server(client, org, section):
    client.force_login(org["head"])
    html = client.get(
        f"/admin/pages/add/procedures/controlleddocumentpage/{section.pk}/?document_type="
    ).content.decode()
    formatters = slug_widget_formatters(html)
    for title in [
        "Quy trình điều động luân chuyển công chức",
        "ĐÁNH GIÁ, XẾP LOẠI chất lượng",
        "Thủ tục cấp giấy phép hoạt động ưu đãi",
        # Marks typed as separate characters (a "combining" keyboard setting).
        "Quy trình đie\u0300u đo\u0302\u0323ng",
    ]:
        assert browser_slug_with(formatters, title) == vietnamese.slug(title), title
    assert browser_slug_with(formatters, "Quy trình điều động luân chuyển công chức") == (
        "quy-trinh-dieu-dong-luan-chuyen-cong-chuc"
    )


def test_a_draft_left_behind_does_not_block_starting_the_document_again(client, org, section):
    client.force_login(org["head"])
    url = f"/admin/pages/add/procedures/controlleddocumentpage/{section.pk}/"
    slug = vietnamese.slug(TITLE)
    assert client.post(url, new_document_data(org, slug)).status_code == 302  # the draft left half-typed
    response = client.post(url, new_document_data(org, slug))
    assert response.status_code == 302, response.context["form"].errors
    slugs = sorted(ControlledDocumentPage.objects.filter(title=TITLE).values_list("slug", flat=True))
    assert slugs == [slug, f"{slug}-2"]


def test_a_typed_address_already_taken_is_refused_in_vietnamese_on_the_banner(client, org, section):
    client.force_login(org["head"])
    url = f"/admin/pages/add/procedures/controlleddocumentpage/{section.pk}/"
    assert client.post(url, new_document_data(org, "tuyen-dung")).status_code == 302
    response = client.post(url, new_document_data(org, "tuyen-dung"))
    assert response.status_code == 200
    assert ControlledDocumentPage.objects.filter(title=TITLE).count() == 1
    html = response.content.decode()
    assert "Địa chỉ &#x27;tuyen-dung&#x27; đã được dùng cho một tài liệu khác trong cùng thư mục." in html
    banner = html[html.index('class="messages"') :][:3000]
    assert "sửa lại ở thẻ “Địa chỉ”" in banner
    assert "already in use" not in html


def test_the_third_tab_is_the_address_only(client, org, make_document):
    document = make_document()
    client.force_login(org["head"])
    html = client.get(f"/admin/pages/{document.pk}/edit/").content.decode()
    tabs = [
        re.sub(r"<[^>]+>|\s+", " ", tab).split("(")[0].strip()
        for tab in re.findall(r'role="tab"[^>]*>(.*?)</a>', html, re.S)
    ]
    assert tabs == ["Nội dung", "Thay đổi", "Địa chỉ"], tabs
    for gone in ["Quảng bá", "Cho công cụ tìm kiếm", 'name="seo_title"', 'name="search_description"']:
        assert gone not in html


def test_the_compare_view_names_a_sections_kind_not_its_stored_value(client, org, make_document):
    from wagtail.rich_text import RichText

    def section(kind, heading):
        return ("section", {"kind": kind, "heading": heading, "body": RichText("<p>Nội dung</p>")})

    document = make_document(body=[section("purpose", "Mục đích")])
    first = document.latest_revision
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    document.body = [section("purpose", "Mục đích"), section("scope", "Phạm vi")]
    second = document.save_revision(user=org["head"])
    client.force_login(org["head"])
    response = client.get(f"/admin/pages/{document.pk}/revisions/compare/{first.pk}...{second.pk}/")
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    assert "Phạm vi áp dụng" in text and "Mục đích" in text
    for raw in ["purpose", "scope"]:
        assert not re.search(rf"(?<![\w-]){raw}(?![\w-])", text), raw
    assert "Fields" not in text and "Changes" not in text


def test_a_reviewer_who_changed_nothing_is_not_told_the_page_was_updated(rf, org, make_document):
    """Wagtail says "Page … has been updated" after every workflow action from the editor;
    on the way to the signing page it is dropped when no revision was saved."""
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.utils import translation

    from procedures.admin.pages import go_to_signing_page, note_revision_before_edit
    from tests.procedures.workflow import submit

    document = make_document()
    submit(document, org["head"])
    document = ControlledDocumentPage.objects.get(pk=document.pk)

    def sign_from_editor(changed):
        request = rf.post(f"/admin/pages/{document.pk}/edit/", {"workflow-action-name": "sign"})
        request.user, request.session = org["secretary"], {}
        request._messages = FallbackStorage(request)
        with translation.override("vi"):
            note_revision_before_edit(request, document)
            if changed:
                document.save_revision(user=org["secretary"])
            messages.success(request, f"Đã cập nhật tài liệu '{document.get_admin_display_title()}'.")
            messages.info(request, "Thông báo khác")
            response = go_to_signing_page(request, document)
        assert response.status_code == 302 and response["Location"].startswith("/admin/qms/sign/")
        return [str(m) for m in messages.get_messages(request)]

    assert sign_from_editor(changed=False) == ["Thông báo khác"]
    assert sign_from_editor(changed=True) == [
        f"Đã cập nhật tài liệu '{document.code} – {document.title}'.",
        "Thông báo khác",
    ]

"""The public pages at /cong-khai/ (docs/public.md): anyone reads the current issue of a public
document, and nothing else of the library: no draft, no past issue, no file, no name but the signers'."""

import re
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document

from procedures.models import ControlledDocumentPage, IssueStatus, Publication
from procedures.search.index import rebuild
from tests.procedures.factories import (
    ChangeRequestFactory,
    DocumentTypeFactory,
    make_issued_document,
    steps_body,
)
from tests.procedures.workflow import issue_through_workflow, submit
from tests.qms.factories import PASSWORD


def body_with(sentence, form_file=None):
    body = [
        {"type": "section", "value": {"kind": "purpose", "heading": "1. Mục đích", "body": f"<p>{sentence}</p>"}},
        *steps_body()[1:],
    ]
    if form_file is not None:
        body.append(
            {
                "type": "forms",
                "value": {
                    "heading": "Biểu mẫu",
                    "forms": [{"code": "BM-01", "title": "Tờ khai", "file": form_file.pk}],
                },
            }
        )
    return body


@pytest.fixture
def public_type(db):
    return DocumentTypeFactory(prefix="TTHC", name="Quy trình nội bộ giải quyết TTHC", public=True)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def public_document(client, org, make_document, public_type, on_commit):
    """A public procedure issued through the real workflow (head prepares, secretary reviews, approver approves)."""
    form_file = Document(title="BM-01 Tờ khai nội bộ")
    form_file.file.save("to-khai-noi-bo.pdf", ContentFile(b"%PDF-1.4 internal"), save=False)
    form_file.save()
    document = make_document(
        title="Quy trình thành lập hội",
        document_type=public_type,
        national_code="1.003918",
        body=body_with("Câu hiện hành công khai.", form_file),
    )
    on_commit(issue_through_workflow, client, org, document, change_summary="Ban hành")
    client.logout()
    return ControlledDocumentPage.objects.get(pk=document.pk)


def page_of(document):
    return f"/cong-khai/tai-lieu/{document.pk}/"


def test_anonymous_reads_a_public_current_document_marked_uncontrolled(client, public_document):
    response = client.get(page_of(public_document))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Câu hiện hành công khai." in html
    assert "Quy trình thành lập hội" in html
    assert "1.003918" in html
    assert "BẢN KHÔNG KIỂM SOÁT" in html
    # Nothing of the staff site: no sign-in state, no menu, no form posting anywhere, no cookie set.
    assert "csrfmiddlewaretoken" not in html
    assert "/kiem-soat/" not in html and "/admin/" not in html
    assert not response.cookies


def test_public_page_shows_only_signers_and_no_internal_file(client, org, public_document):
    ChangeRequestFactory(document=public_document, raised_by=org["staff"])
    html = client.get(page_of(public_document)).content.decode()
    for signer in ("Trần Văn Minh", "Nguyễn Thị Thu Hà", "Lê Hoàng Nam"):
        assert signer in html
    for other in ("Võ Thị Ngọc Lan", "Phạm Thị Mai", "Đỗ Văn Hùng", "Huỳnh Văn Tâm"):
        assert other not in html
    # The form is named, its internal file is not offered.
    assert "BM-01" in html and "Tờ khai" in html
    assert "/documents/" not in html and "to-khai-noi-bo" not in html
    assert "YCSĐ" not in html  # change requests are internal


def test_a_draft_never_shows_and_a_superseded_issue_vanishes(client, org, public_document, on_commit):
    on_commit(submit, public_document, org["head"], change_summary="Nháp", body=body_with("Câu bí mật của bản nháp."))
    html = client.get(page_of(public_document)).content.decode()
    assert "Câu bí mật của bản nháp." not in html
    assert "Câu hiện hành công khai." in html

    # The draft is issued: the old text is superseded and gone from the public page.
    document = ControlledDocumentPage.objects.get(pk=public_document.pk)
    assert document.issues.get().status == IssueStatus.CURRENT
    sign_and_issue(client, org, document, on_commit)
    client.logout()
    html = client.get(page_of(document)).content.decode()
    assert "Câu hiện hành công khai." not in html
    assert "Câu bí mật của bản nháp." in html  # now the current issue's text


def sign_and_issue(client, org, document, on_commit):
    from tests.procedures.workflow import sign

    assert on_commit(sign, client, org["secretary"], document).status_code == 302
    assert on_commit(sign, client, org["approver"], document).status_code == 302
    assert document.issues.filter(status=IssueStatus.SUPERSEDED).count() == 1


def test_a_withdrawn_document_says_so_and_shows_none_of_its_text(client, org, public_document, on_commit):
    client.force_login(org["approver"])
    response = on_commit(
        client.post, f"/admin/qms/withdraw/{public_document.pk}/", {"reason": "Bãi bỏ", "password": PASSWORD}
    )
    assert response.status_code == 302
    client.logout()
    response = client.get(page_of(public_document))
    assert response.status_code == 410
    html = response.content.decode()
    assert "Câu hiện hành công khai." not in html
    assert "không còn hiệu lực" in html
    assert client.get(page_of(public_document) + "pdf/").status_code == 410
    assert "Quy trình thành lập hội" not in client.get("/cong-khai/").content.decode()


def test_non_public_documents_are_not_found(client, org, section, public_type):
    internal = make_issued_document(
        section, org["approver"], title="Quy trình kiểm soát tài liệu", department=org["ccvc"]
    )
    assert client.get(page_of(internal)).status_code == 404
    assert client.get(page_of(internal) + "pdf/").status_code == 404
    # A public type's document may opt out, and another type's may opt in (from its next issue: the live page).
    opted_out = make_issued_document(
        section, org["approver"], title="Quy trình thử nghiệm", department=org["ccvc"], document_type=public_type
    )
    ControlledDocumentPage.objects.filter(pk=opted_out.pk).update(publication=Publication.INTERNAL)
    assert client.get(page_of(opted_out)).status_code == 404
    ControlledDocumentPage.objects.filter(pk=internal.pk).update(publication=Publication.PUBLIC)
    assert client.get(page_of(internal)).status_code == 200
    # A scheduled first issue was never in force: not found either.
    scheduled = make_issued_document(
        section,
        org["approver"],
        title="Quy trình sắp áp dụng",
        department=org["ccvc"],
        document_type=public_type,
        status=IssueStatus.SCHEDULED,
    )
    assert client.get(page_of(scheduled)).status_code == 404


def test_pdf_is_the_uncontrolled_copy_stamped_on_every_page(client, org, section, public_type, tmp_path):
    document = make_issued_document(
        section,
        org["approver"],
        title="Quy trình dài",
        department=org["ccvc"],
        document_type=public_type,
        body=steps_body(extra_steps=40),
    )
    response = client.get(page_of(document) + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "public" in response["Cache-Control"]
    path = tmp_path / "copy.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    command = ["pdftotext", "-layout", str(path), "-"]
    pages = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603, S607
    texts = [page for page in pages.stdout.split("\f") if page.strip()]
    assert len(texts) >= 2
    assert all("BẢN KHÔNG KIỂM SOÁT" in page for page in texts)
    # A revisit is answered 304 from the copy's hash.
    again = client.get(page_of(document) + "pdf/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_sitemap_lists_exactly_the_public_current_documents(client, org, section, public_type):
    shown = [
        make_issued_document(
            section, org["approver"], title=f"Quy trình {n}", department=org["ccvc"], document_type=public_type
        )
        for n in range(3)
    ]
    make_issued_document(section, org["approver"], title="Nội bộ", department=org["ccvc"])
    make_issued_document(
        section,
        org["approver"],
        title="Đã thay thế",
        department=org["ccvc"],
        document_type=public_type,
        status=IssueStatus.SUPERSEDED,
    )
    withdrawn = make_issued_document(
        section, org["approver"], title="Đã thu hồi", department=org["ccvc"], document_type=public_type
    )
    ControlledDocumentPage.objects.filter(pk=withdrawn.pk).update(withdrawn_at="2026-01-01T00:00:00Z")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", response.content.decode())
    assert sorted(locations) == sorted(page_of(document) for document in shown)

    robots = client.get("/robots.txt").content.decode()
    assert "Allow: /cong-khai/" in robots and "Disallow: /\n" in robots and "/sitemap.xml" in robots


def test_etag_revisit_is_304_and_cached_publicly(client, public_document):
    response = client.get(page_of(public_document))
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    again = client.get(page_of(public_document), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    listing = client.get("/cong-khai/")
    assert client.get("/cong-khai/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_signed_in_people_get_the_same_page_but_never_kept_by_a_cache(client, org, public_document):
    client.force_login(org["staff"])
    response = client.get(page_of(public_document))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_list_filters_by_agency_and_searches_code_title_and_national_code(client, org, section, public_type):
    from qms.models import Agency
    from tests.qms.factories import AgencyFactory

    first = make_issued_document(
        section,
        org["approver"],
        title="Quy trình công nhận ban vận động",
        code="QT-07",
        department=org["ccvc"],
        document_type=public_type,
    )
    ControlledDocumentPage.objects.filter(pk=first.pk).update(national_code="1.003822")
    make_issued_document(
        section,
        org["approver"],
        title="Quy trình xét tuyển viên chức",
        code="QT-12",
        department=org["ccvc"],
        document_type=public_type,
    )
    make_issued_document(section, org["approver"], title="Quy trình nội bộ kín", code="QT-01", department=org["ccvc"])
    rebuild()

    def codes(**params):
        response = client.get("/cong-khai/", params)
        assert response.status_code == 200
        return [result["issue"].code for result in response.context["results"]]

    assert codes() == ["QT-07", "QT-12"]
    assert codes(q="1.003822") == ["QT-07"]
    assert codes(q="xet tuyen") == ["QT-12"]
    assert codes(q="QT-12") == ["QT-12"]
    assert codes(q="kin") == []  # not public
    agency = Agency.objects.get(pk=section.specific.get_parent().specific.agency_id)
    assert codes(co_quan=agency.code) == ["QT-07", "QT-12"]
    other = AgencyFactory()
    assert codes(co_quan=other.code) == []  # publishes nothing: refused with a message
    response = client.get("/cong-khai/", {"co_quan": other.code})
    assert "co_quan" in response.context["form"].errors


def test_public_page_and_list_queries_do_not_grow_with_the_number_of_documents(client, org, section, public_type):
    def add(count, start):
        for number in range(start, start + count):
            make_issued_document(
                section,
                org["approver"],
                title=f"Thủ tục hành chính số {number}",
                code=f"QT-{number:03d}",
                department=org["ccvc"],
                document_type=public_type,
            )
        rebuild()

    def queries(url, data=None):
        client.get(url, data)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, data).status_code == 200
        return len(captured)

    add(5, 1)
    document = ControlledDocumentPage.objects.filter(document_type=public_type).order_by("pk").first()
    urls = [(page_of(document), None), ("/cong-khai/", None), ("/cong-khai/", {"q": "thu tuc"}), ("/sitemap.xml", None)]
    small = [queries(url, data) for url, data in urls]
    add(60, 6)
    large = [queries(url, data) for url, data in urls]
    assert large == small


def test_national_code_is_checked_loosely_and_is_the_secretarys(org, make_document, public_type):
    from django.core.exceptions import ValidationError

    from procedures.models.pages import validate_national_code

    for good in ("1.004227", "2.000123", "1.00123.000", "1.004227, 1.004230", "1.004227;2.000123"):
        validate_national_code(good)
    for bad in ("ABC-1", "1004227", "1.004227a", "1..2", "1.004227,", "1.004227 1.004230"):
        with pytest.raises(ValidationError) as caught:
            validate_national_code(bad)
        assert "1.004227" in caught.value.messages[0]

    document = make_document(title="Quy trình công nhận ban vận động", document_type=public_type)
    form_class = ControlledDocumentPage.get_edit_handler().get_form_class()
    parent = document.get_parent()
    by_secretary = form_class(instance=document, for_user=org["secretary"], parent_page=parent)
    by_head = form_class(instance=document, for_user=org["head"], parent_page=parent)
    assert not by_secretary.fields["national_code"].disabled
    assert by_head.fields["national_code"].disabled and by_head.fields["publication"].disabled


def form_link(html):
    match = re.search(r'href="(/cong-khai/tai-lieu/\d+/bieu-mau/(\d+)/)"', html)
    assert match, "no public link to the form"
    return match.group(1), int(match.group(2))


def test_a_form_of_a_public_current_issue_is_downloaded_anonymously_and_nothing_else(
    client, org, public_document, make_document, public_type, on_commit
):
    link, file_id = form_link(client.get(page_of(public_document)).content.decode())
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 internal"
    assert "attachment" in response["Content-Disposition"] and "to-khai-noi-bo" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    assert client.get(link, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304

    # Another file of the library, named under this document: not one of its forms.
    other = Document(title="Tài liệu nội bộ khác")
    other.file.save("noi-bo-khac.pdf", ContentFile(b"%PDF-1.4 secret"), save=False)
    other.save()
    assert client.get(f"/cong-khai/tai-lieu/{public_document.pk}/bieu-mau/{other.pk}/").status_code == 404

    # The same form under a document in force that is not public: not found.
    internal = make_document(title="Quy trình nội bộ", body=body_with("Nội bộ.", Document.objects.get(pk=file_id)))
    on_commit(issue_through_workflow, client, org, internal, change_summary="Ban hành")
    client.logout()
    assert ControlledDocumentPage.objects.get(pk=internal.pk).issues.get().status == IssueStatus.CURRENT
    assert client.get(f"/cong-khai/tai-lieu/{internal.pk}/bieu-mau/{file_id}/").status_code == 404


def test_a_form_of_a_withdrawn_document_is_gone(client, org, public_document, on_commit):
    link, _file_id = form_link(client.get(page_of(public_document)).content.decode())
    client.force_login(org["approver"])
    on_commit(client.post, f"/admin/qms/withdraw/{public_document.pk}/", {"reason": "Bãi bỏ", "password": PASSWORD})
    client.logout()
    assert client.get(link).status_code == 410


def test_the_public_pages_switch_between_vietnamese_and_english(client, public_document):
    html = client.get(page_of(public_document)).content.decode()
    assert f'href="/cong-khai/ngon-ngu/en/?next=/cong-khai/tai-lieu/{public_document.pk}/"' in html
    assert 'aria-current="true" class="is-current">VI<' in html

    response = client.get(f"/cong-khai/ngon-ngu/en/?next={page_of(public_document)}")
    assert response.status_code == 302 and response["Location"] == page_of(public_document)
    assert response.cookies["django_language"].value == "en"
    english = client.get(page_of(public_document)).content.decode()
    assert '<html lang="en">' in english
    assert "All procedures" in english and 'aria-current="true" class="is-current">EN<' in english

    # Back to Vietnamese; a `next` outside the public pages leads to the list; an unknown language is 404.
    assert client.get("/cong-khai/ngon-ngu/vi/?next=/cong-khai/")["Location"] == "/cong-khai/"
    assert '<html lang="vi">' in client.get("/cong-khai/").content.decode()
    assert client.get("/cong-khai/ngon-ngu/vi/?next=https://example.com/cong-khai/")["Location"] == "/cong-khai/"
    assert client.get("/cong-khai/ngon-ngu/vi/?next=/admin/")["Location"] == "/cong-khai/"
    assert client.get("/cong-khai/ngon-ngu/fr/").status_code == 404


def test_the_secretary_s_public_choice_and_national_code_show_at_once_not_with_the_next_issue(
    client, org, public_document
):
    from django.test import RequestFactory
    from wagtail import hooks

    from procedures.admin.pages import apply_public_fields_at_once

    assert apply_public_fields_at_once in hooks.get_hooks("after_edit_page")
    first = client.get(page_of(public_document))
    assert "1.003918" in first.content.decode()

    def saved_in_the_editor(user, **fields):
        """What the editor hands its after_edit_page hooks: the page with the form's values, saved as a draft."""
        page = ControlledDocumentPage.objects.get(pk=public_document.pk)
        for name, value in fields.items():
            setattr(page, name, value)
        request = RequestFactory().post("/admin/pages/edit/")
        request.user = user
        apply_public_fields_at_once(request, page)

    # A department head's values are ignored (the editor shows the fields disabled to them).
    saved_in_the_editor(org["head"], national_code="9.999999")
    assert "9.999999" not in client.get(page_of(public_document)).content.decode()

    saved_in_the_editor(org["secretary"], national_code="2.000123")
    again = client.get(page_of(public_document), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and "2.000123" in again.content.decode()
    assert public_document.issues.get().status == IssueStatus.CURRENT  # the same issue: nothing was issued
    assert "2.000123" in client.get("/cong-khai/", {"q": "2.000123"}).content.decode()

    saved_in_the_editor(org["secretary"], publication=Publication.INTERNAL)
    assert client.get(page_of(public_document)).status_code == 404
    assert "Quy trình thành lập hội" not in client.get("/cong-khai/").content.decode()


def test_a_paper_original_s_public_pdf_names_only_the_signers(client, org, section, public_type, tmp_path):
    from procedures.models import LegacyRecord

    document = make_issued_document(
        section, org["approver"], title="Quy trình nhập từ bản giấy", department=org["ccvc"], document_type=public_type
    )
    LegacyRecord.objects.create(
        agency=document.library.agency,
        document=document,
        edition=2,
        signers=[
            {"role": "prepared", "name": "Nguyễn Văn An", "title": "Chuyên viên", "date": "2024-01-02"},
            {"role": "approved", "name": "Lê Văn Cường", "title": "Giám đốc", "date": "2024-01-05"},
            # Not a role of the signature block: never printed.
            {"role": "received", "name": "Phan Văn Ngoài", "title": "Văn thư", "date": "2024-01-06"},
        ],
        amendments=[{"date": "2024-01-05", "edition": "2/0", "location": "Mục 5", "content": "Bổ sung bước 3"}],
        imported_by=org["staff"],
    )
    response = client.get(page_of(document) + "pdf/")
    assert response.status_code == 200
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    text = subprocess.run(  # noqa: S603
        ["pdftotext", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Nguyễn Văn An" in text and "Lê Văn Cường" in text  # the paper's signature block
    assert "Phan Văn Ngoài" not in text
    assert org["staff"].full_name not in text  # who imported it is no signer
    # And the web page shows no one of the paper original.
    html = client.get(page_of(document)).content.decode()
    assert "Nguyễn Văn An" not in html and org["staff"].full_name not in html

"""Drafting in the Wagtail editor: submit for review from the admin."""

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from procedures.models import ControlledDocumentPage
from tests.procedures.workflow import issue_through_workflow
from tests.qms.factories import SuperuserFactory


def edit_data(document, **overrides):
    data = {
        "title": document.title,
        "slug": document.slug,
        "code": document.code,
        "document_type": document.document_type_id,
        "owner_department": document.owner_department_id,
        "review_interval_months": "",
        "body": streamfield(
            [("section", {"kind": "purpose", "heading": "1. Mục đích", "body": rich_text("<p>Nội dung mới</p>")})]
        ),
        "change_type": "amendment",
        "change_summary": "",
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
    }
    data.update(overrides)
    return nested_form_data(data)


def test_submitting_a_new_edition_without_saying_what_changed_is_refused(client, org, make_document):
    document = make_document()
    issue_through_workflow(client, org, document)
    client.force_login(org["head"])
    form = client.get(f"/admin/pages/{document.pk}/edit/").context["form"]
    assert form.initial["change_summary"] == ""  # editing starts from the issued text

    response = client.post(f"/admin/pages/{document.pk}/edit/", {**edit_data(document), "action-submit": "submit"})
    assert response.status_code == 200
    assert "Nêu nội dung thay đổi" in response.content.decode()
    assert ControlledDocumentPage.objects.get(pk=document.pk).current_workflow_state is None

    data = edit_data(document, change_summary="Bổ sung mục đích")
    response = client.post(f"/admin/pages/{document.pk}/edit/", {**data, "action-submit": "submit"})
    assert response.status_code == 302
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    assert document.current_workflow_task.name == "Xem xét"
    assert document.get_latest_revision_as_object().change_summary == "Bổ sung mục đích"


TITLE = "Quy trình đánh giá, xếp loại chất lượng công chức"


def new_document_data(org, slug, code=""):
    from procedures.models import DocumentType

    data = edit_data(
        ControlledDocumentPage(
            title=TITLE,
            slug=slug,
            code=code,
            document_type=DocumentType.objects.get(prefix="QT"),
            owner_department=org["ccvc"],
        )
    )
    return data


def test_a_new_draft_gets_its_code_and_an_ascii_slug_of_the_whole_title(client, org, section):
    client.force_login(org["head"])
    # The slug Wagtail's admin script proposes for this title, letters lost.
    browser_slug = "quy-trinh-djanh-gia-xp-loi-cht-lng-cong-chc"
    response = client.post(
        f"/admin/pages/add/procedures/controlleddocumentpage/{section.pk}/", new_document_data(org, browser_slug)
    )
    assert response.status_code == 302
    document = ControlledDocumentPage.objects.get(title=TITLE)
    assert document.slug == "quy-trinh-danh-gia-xep-loai-chat-luong-cong-chuc"
    assert document.code == "QT-01"
    editor = client.get(f"/admin/pages/{document.pk}/edit/").content.decode()
    assert 'value="QT-01"' in editor  # the proposed code is shown to the editor


def test_a_slug_or_code_the_editor_typed_is_kept(client, org, section):
    client.force_login(org["head"])
    response = client.post(
        f"/admin/pages/add/procedures/controlleddocumentpage/{section.pk}/",
        new_document_data(org, "danh-gia-cong-chuc", code="QT-15"),
    )
    assert response.status_code == 302
    document = ControlledDocumentPage.objects.get(title=TITLE)
    assert (document.slug, document.code) == ("danh-gia-cong-chuc", "QT-15")


def test_the_clause_list_says_which_edition_each_clause_belongs_to(client, org, section):
    client.force_login(org["head"])
    editor = client.get(f"/admin/pages/add/procedures/controlleddocumentpage/{section.pk}/?document_type=")
    groups = editor.context["form"].fields["clauses"].choices  # one group per edition
    labels = [label for _edition, options in groups for _, label in options]
    assert "ISO 9001:2008 – 4.2.3 Kiểm soát tài liệu" in labels
    assert any(label.startswith("ISO 9001:2015 – 7.5.3 ") for label in labels)
    assert all(label.startswith(("ISO 9001:2008 – ", "ISO 9001:2015 – ")) for label in labels)


def test_a_new_library_section_gets_an_ascii_slug_of_its_whole_title(client, org, library):
    from procedures.models import SectionPage

    admin = SuperuserFactory()
    client.force_login(admin)
    title = "Phòng Đào tạo, bồi dưỡng"
    data = nested_form_data(
        {
            "title": title,
            "slug": "phong-djao-to-bi-dng",  # what Wagtail's admin script proposes
            "department": org["ccvc"].pk,
            "description": "",
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
        }
    )
    response = client.post(f"/admin/pages/add/procedures/sectionpage/{library.pk}/", data)
    assert response.status_code == 302
    assert SectionPage.objects.get(title=title).slug == "phong-dao-tao-boi-duong"

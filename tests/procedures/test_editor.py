"""Drafting in the Wagtail editor: submit for review from the admin."""

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from procedures.models import ControlledDocumentPage
from tests.procedures.conftest import issue_through_workflow


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

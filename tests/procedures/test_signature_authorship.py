"""Who prepared what was signed (issue 13, signatures).

Each test performs an attack through the admin as the demo roles would:
a reviewer who rewrote the draft, a signed revision overwritten in place,
a draft saved while it is being signed.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import Revision, WorkflowState
from wagtail.test.utils.form_data import rich_text, streamfield

from procedures.copies import printing
from procedures.lifecycle import issuing
from procedures.models import ControlledDocumentPage, CopyKind, Signature
from qms import roles
from tests.procedures.test_editor import edit_data
from tests.procedures.workflow import issue_through_workflow, sign, submit
from tests.qms.factories import PASSWORD, HeadFactory

HEAD, SECRETARY, DEPUTY, APPROVER = "Trần Văn Minh", "Nguyễn Thị Thu Hà", "Phạm Quốc Bảo", "Lê Hoàng Nam"


@pytest.fixture
def deputy(org):
    """A deputy head of the owner department: may review like the head."""
    return HeadFactory(username="phophong", department=org["ccvc"], full_name=DEPUTY, job_title="Phó Trưởng phòng CCVC")


def fresh(document):
    return ControlledDocumentPage.objects.get(pk=document.pk)


def body(text):
    section = {"kind": "purpose", "heading": "1. Mục đích", "body": rich_text(f"<p>{text}</p>")}
    return streamfield([("section", section)])


def edit(client, user, document, text, action=None, **extra):
    """Post the page editor's form as this user: save a draft, or submit/resubmit with action-submit."""
    client.force_login(user)
    data = edit_data(fresh(document), body=body(text))
    if action:
        data[action] = action.removeprefix("action-")
    data.update(extra)
    return client.post(f"/admin/pages/{document.pk}/edit/", data)


def request_changes(client, user, document, comment="Cần sửa"):
    client.force_login(user)
    task_state = fresh(document).current_workflow_task_state
    url = f"/admin/pages/workflow/action/{document.pk}/reject/{task_state.pk}/"
    return client.post(url, {"comment": comment})


def message_after(client, response):
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def current_step(document):
    return fresh(document).current_workflow_task.specific.meaning


def round_signatures(document, meaning):
    return sorted(
        Signature.objects.filter(document=document, meaning=meaning, voids__isnull=True).values_list(
            "printed_name", flat=True
        )
    )


def sign_page(client, user, document):
    client.force_login(user)
    return client.get(f"/admin/qms/sign/{fresh(document).current_workflow_task_state.pk}/").content.decode()


def local(revision):
    return timezone.localtime(revision.created_at).strftime("%d/%m/%Y %H:%M")


# Item 1: a reviewer can sign text they wrote themselves.


def test_a_secretary_who_rewrote_the_rejected_draft_cannot_review_it_and_is_named_as_preparer(
    client, org, make_document, deputy
):
    document = make_document()
    assert edit(client, org["head"], document, "Bản của trưởng phòng", "action-submit").status_code == 302
    assert request_changes(client, org["secretary"], document).status_code == 302
    # The secretary rewrites the body and resubmits: Wagtail keeps the head as requested_by.
    assert edit(client, org["secretary"], document, "Bản viết lại của thư ký", "action-submit").status_code == 302
    assert WorkflowState.objects.get(status="in_progress").requested_by == org["head"]
    her_revision = fresh(document).latest_revision

    page = message_after(client, sign(client, org["secretary"], document))
    assert f"Bạn đã sửa dự thảo này (phiên bản ngày {local(her_revision)})" in page
    assert "người khác phải xem xét" in page
    assert not Signature.objects.filter(meaning="reviewed").exists()

    # The reviewer's page names every author of the round as preparer.
    page = sign_page(client, deputy, document)
    assert HEAD in page and SECRETARY in page
    assert sign(client, deputy, document).status_code == 302
    assert sign(client, org["approver"], document).status_code == 302

    issue = fresh(document).issues.get()
    assert "Bản viết lại của thư ký" in issue.body_html
    assert round_signatures(document, "prepared") == sorted([HEAD, SECRETARY])
    assert round_signatures(document, "reviewed") == [DEPUTY]
    assert round_signatures(document, "approved") == [APPROVER]
    assert not Signature.objects.get(meaning="prepared", signer=org["secretary"]).password_confirmed
    # The issue, as staff read it, and its PDF name both preparers.
    client.force_login(org["staff"])
    portal = client.get(fresh(document).url).content.decode()
    assert HEAD in portal and SECRETARY in portal
    html = printing.build_html(issue, CopyKind.UNCONTROLLED, code="TEST", print_date=timezone.localdate())
    signature_block = html[html.index('class="signatures"') :]
    assert HEAD in signature_block and SECRETARY in signature_block and DEPUTY in signature_block


def test_an_approver_who_edited_the_draft_cannot_approve_it(client, org, make_document, deputy):
    from django.contrib.auth.models import Group

    org["secretary"].groups.add(Group.objects.get(name=roles.APPROVER))
    document = make_document()
    submit(document, org["head"])
    # During review the secretary (who may review) saves her own version of the draft.
    assert edit(client, org["secretary"], document, "Thư ký sửa trong lúc xem xét").status_code == 302
    her_revision = fresh(document).latest_revision
    assert sign(client, deputy, document).status_code == 302

    page = message_after(client, sign(client, org["secretary"], document))
    assert f"Bạn đã sửa dự thảo này (phiên bản ngày {local(her_revision)})" in page
    assert "người khác phải phê duyệt" in page
    assert not Signature.objects.filter(meaning="approved").exists()
    assert sign(client, org["approver"], document).status_code == 302
    assert fresh(document).issues.get().revision_id == her_revision.pk


def test_pressing_submit_without_changing_the_text_does_not_make_an_author(client, org, make_document):
    document = make_document()
    assert edit(client, org["head"], document, "Bản của trưởng phòng", "action-submit").status_code == 302
    assert request_changes(client, org["secretary"], document).status_code == 302
    # The secretary resubmits the head's text unchanged: she did not write it, she may review it.
    assert edit(client, org["secretary"], document, "Bản của trưởng phòng", "action-submit").status_code == 302
    assert fresh(document).latest_revision.user == org["secretary"]
    assert sign(client, org["secretary"], document).status_code == 302
    assert round_signatures(document, "prepared") == [HEAD]
    assert round_signatures(document, "reviewed") == [SECRETARY]


# Item 2: a signed, issued revision can be rewritten in place.


def test_an_issued_revision_is_never_overwritten_a_new_revision_is_made_instead(client, org, make_document):
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    issued = Revision.objects.get(pk=issue.revision_id)
    assert issued.user == org["head"]  # Wagtail lets its own author overwrite it

    response = edit(client, org["head"], document, "Nội dung đã bị thay", overwrite_revision_id=str(issued.pk))
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issuing.revision_sha256(issued) == issue.content_sha256
    assert all(s.content_sha256 == issue.content_sha256 for s in Signature.objects.filter(revision=issued))
    latest = fresh(document).latest_revision
    assert latest.pk != issued.pk and "Nội dung đã bị thay" in str(latest.as_object().body)


def test_a_revision_under_review_or_issued_is_never_rewritten_through_the_model(client, org, make_document):
    document = make_document()
    under_review = submit(document, org["head"])
    page = fresh(document)
    page.change_summary = "Sửa đè"
    made = page.save_revision(user=org["head"], overwrite_revision=under_review)
    assert made.pk != under_review.pk
    under_review.refresh_from_db()
    assert under_review.as_object().change_summary == ""

    # The new revision is now the one under review: its content cannot be changed by saving it either.
    made.content = {**made.content, "change_summary": "Sửa trực tiếp"}
    with pytest.raises(PermissionDenied):
        made.save()
    assert sign(client, org["secretary"], document).status_code == 302
    assert sign(client, org["approver"], document).status_code == 302
    issued = Revision.objects.get(pk=fresh(document).issues.get().revision_id)
    issued.content = {**issued.content, "change_summary": "Sửa sau khi ban hành"}
    with pytest.raises(PermissionDenied):
        issued.save()


# Item 3: saving a draft during review leaves the sign-off stuck forever.


def test_a_save_during_review_restarts_the_review_on_the_new_revision_and_the_sign_off_completes(
    client, org, make_document, deputy
):
    document = make_document()
    submit(document, org["head"])
    old_step = fresh(document).current_workflow_task_state
    assert edit(client, org["secretary"], document, "Bản lưu trong lúc xem xét").status_code == 302
    saved = fresh(document).latest_revision
    task_state = fresh(document).current_workflow_task_state
    assert (task_state.task.specific.meaning, task_state.revision_id) == ("reviewed", saved.pk)

    # A signing page opened before the save signs nothing, and says why.
    client.force_login(deputy)
    response = client.post(f"/admin/qms/sign/{old_step.pk}/", {"password": PASSWORD})
    assert "Dự thảo đã thay đổi sau khi bước này bắt đầu" in message_after(client, response)
    assert not Signature.objects.exists()

    assert sign(client, deputy, document).status_code == 302
    assert current_step(document) == "approved"
    assert sign(client, org["approver"], document).status_code == 302
    issue = fresh(document).issues.get()
    assert issue.revision_id == saved.pk and "Bản lưu trong lúc xem xét" in issue.body_html
    assert round_signatures(document, "prepared") == sorted([HEAD, SECRETARY])


def test_a_save_during_approval_voids_the_old_signatures_visibly_and_the_new_round_completes(
    client, org, make_document, deputy
):
    from django.contrib.auth.models import Group

    # A secretary who is also an approver may open the draft during approval.
    org["secretary"].groups.add(Group.objects.get(name=roles.APPROVER))
    document = make_document()
    submit(document, org["head"])
    assert sign(client, deputy, document).status_code == 302
    assert current_step(document) == "approved"
    old = list(Signature.objects.all())
    assert edit(client, org["secretary"], document, "Sửa trong lúc phê duyệt").status_code == 302

    # The old round's signatures are kept, and voided by rows of their own.
    assert Signature.objects.count() == len(old) == 2
    assert all(s.voids.get().reason == "changed_after_signing" for s in old)
    assert current_step(document) == "reviewed"
    page = sign_page(client, deputy, document)
    assert page.count("<del") == 2
    assert "Đã hủy hiệu lực: dự thảo đã thay đổi sau khi ký" in page
    client.force_login(org["head"])
    history = client.get(f"/admin/pages/{document.pk}/history/").content.decode()
    assert "Hủy hiệu lực chữ ký" in history

    assert sign(client, deputy, document).status_code == 302
    assert sign(client, org["approver"], document).status_code == 302
    issue = fresh(document).issues.get()
    assert "Sửa trong lúc phê duyệt" in issue.body_html
    assert [(s.meaning, s.printed_name) for s in issue.signatures] == [
        ("prepared", HEAD),
        ("prepared", SECRETARY),
        ("reviewed", DEPUTY),
        ("approved", APPROVER),
    ]


def test_a_resubmission_after_changes_were_requested_goes_back_to_review(client, org, make_document):
    document = make_document()
    submit(document, org["head"])
    assert sign(client, org["secretary"], document).status_code == 302
    assert request_changes(client, org["approver"], document, "Bổ sung bước 3").status_code == 302
    assert edit(client, org["head"], document, "Đã bổ sung bước 3", "action-submit").status_code == 302

    # The review of the old text does not carry over to the new one.
    assert current_step(document) == "reviewed"
    assert Signature.objects.filter(voids__isnull=False).count() == 2
    assert sign(client, org["secretary"], document).status_code == 302
    assert sign(client, org["approver"], document).status_code == 302
    issue = fresh(document).issues.get()
    assert "Đã bổ sung bước 3" in issue.body_html
    assert all(s.revision_id == issue.revision_id for s in issue.signatures)

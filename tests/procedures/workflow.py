"""Taking a document through the real approval workflow: submit, and sign each step on its page."""

from django.utils import timezone
from wagtail.models import Workflow

from procedures.models import ControlledDocumentPage
from tests.qms.factories import PASSWORD


def submit(document, user, change_summary="", change_type="amendment", body=None):
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    document.change_summary = change_summary
    document.change_type = change_type
    if body is not None:
        document.body = body
    revision = document.save_revision(user=user)
    Workflow.objects.get(name="Phê duyệt tài liệu").start(document, user)
    return revision


def sign(client, user, document, effective_date=None, password=PASSWORD, comment=""):
    """Sign the current step of the document's workflow through the signing page."""
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    task_state = document.current_workflow_task_state
    if client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)
    data = {"password": password, "comment": comment}
    if effective_date is not None or task_state.task.specific.meaning == "approved":
        data["effective_date"] = (effective_date or timezone.localdate()).isoformat()
    return client.post(f"/admin/qms/sign/{task_state.pk}/", data)


def issue_through_workflow(client, org, document, effective_date=None, **submit_kwargs):
    """Submitted by the head, reviewed by the secretary, approved by the approver: the new issue."""
    submit(document, org["head"], **submit_kwargs)
    assert sign(client, org["secretary"], document).status_code == 302
    assert sign(client, org["approver"], document, effective_date).status_code == 302
    return ControlledDocumentPage.objects.get(pk=document.pk).issues.order_by("-pk").first()

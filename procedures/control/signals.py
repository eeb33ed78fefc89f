"""What happens in document control when an issue takes effect or a signing step starts."""

from django.urls import reverse

from procedures.models import ApprovalTask, ChangeRequest, ChangeRequestStatus, ControlledDocumentPage, ReviewTask
from procedures.models.tasks import step_start_moment
from procedures.notices import Notice
from qms import roles
from qms.models import User
from qms.notifications import notify


def on_issue_became_current(sender, issue, previous=None, **kwargs):
    from procedures.control.acknowledging import assign_readers

    close_addressed_change_requests(issue)
    assign_readers(issue)


def close_addressed_change_requests(issue):
    """Requests taken into a draft before this issue was approved are addressed by it."""
    addressed = ChangeRequest.objects.filter(
        document_id=issue.document_id,
        status=ChangeRequestStatus.ACCEPTED,
        linked_at__isnull=False,
        linked_at__lte=issue.approved_at,
    )
    for request in addressed:
        request.close(issue)


def on_task_submitted(sender, instance, user=None, **kwargs):
    """A review or approval step has started: tell the people who may sign it."""
    task = instance.task.specific
    if not isinstance(task, (ReviewTask, ApprovalTask)):
        return
    workflow_state = instance.workflow_state
    page = workflow_state.content_object.specific
    if not isinstance(page, ControlledDocumentPage):
        return
    # Narrow the candidates to the roles that can ever sign before asking the task.
    role_names = [roles.APPROVER] if isinstance(task, ApprovalTask) else [roles.ISO_SECRETARY, roles.DEPARTMENT_HEAD]
    candidates = User.objects.filter(is_active=True, groups__name__in=role_names).distinct()
    signers = [u for u in candidates if task.refusal_reason(page, u, workflow_state) is None]
    notify(
        signers,
        Notice.TASK_ASSIGNED,
        {"step": str(task.name), "code": page.code, "title": page.title},
        url=reverse("procedures_sign", args=[instance.pk]),
        key=f"task:{instance.pk}",
        at=step_start_moment(),
    )


def on_distribution_saved(sender, instance, created, raw=False, **kwargs):
    """Someone added to the distribution of a document in effect gets its current issue to read."""
    if created and not raw:
        from procedures.control.acknowledging import assign_readers

        issue = instance.document.issues.filter(status="current").first()
        if issue is not None:
            assign_readers(issue)

"""The signing pages of the back office: a workflow step (review, approval) and a
withdrawal, each signed by re-entering the password (procedures.lifecycle.signing)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from procedures.lifecycle import issuing
from procedures.lifecycle.signing import (
    AccountLocked,
    ApproveForm,
    SignatureRefused,
    SignForm,
    WithdrawForm,
    closed_step_message,
    complete_signing,
    locked_out,
    record_signature,
)
from procedures.models import ControlledDocumentPage, Signature, SignatureMeaning, authorship
from procedures.models.tasks import ApprovalTask, SigningTask
from qms import roles


def sign_task(request, task_state_id):
    task_state = get_object_or_404(TaskState.objects.select_related("workflow_state", "revision"), pk=task_state_id)
    task = task_state.task.specific
    if not isinstance(task, SigningTask):
        raise PermissionDenied
    workflow_state = task_state.workflow_state
    page = workflow_state.content_object.specific
    if not isinstance(page, ControlledDocumentPage):
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        messages.error(request, closed_step_message(task_state))
        return redirect(edit_url)
    refusal = task.refusal_reason(page, request.user, workflow_state)
    if refusal is not None:
        messages.error(request, refusal)
        return redirect("wagtailadmin_home")

    is_approval = isinstance(task, ApprovalTask)
    form_class = ApproveForm if is_approval else SignForm
    initial = {"effective_date": timezone.localdate()} if is_approval else {}
    form = form_class(request.POST or None, request=request, initial=initial)
    if request.method == "POST":
        try:
            valid = form.is_valid()
        except AccountLocked:
            return locked_out(request)
        if valid:
            try:
                complete_signing(request.user, task_state.pk, form.cleaned_data)
            except (SignatureRefused, IntegrityError) as exc:
                messages.error(
                    request,
                    str(exc)
                    if isinstance(exc, SignatureRefused)
                    else _("Someone else signed this step at the same moment; nothing was signed."),
                )
                return redirect(edit_url)
            messages.success(
                request,
                _("Approved and signed: %(title)s.") % {"title": page.title}
                if is_approval
                else _("Reviewed and signed: %(title)s. It now waits for approval.") % {"title": page.title},
            )
            return redirect("wagtailadmin_home")
    signatures = list(
        Signature.objects.filter(workflow_state=workflow_state).prefetch_related("voids").order_by("signed_at", "pk")
    )
    for signature in signatures:
        signature.void = next(iter(signature.voids.all()), None)
    revision_page = task_state.revision.as_object()
    edition, amendment = issuing.next_number(page, revision_page.change_type)
    return render(
        request,
        "procedures/admin/sign.html",
        {
            "form": form,
            "page": page,
            "task": task,
            "task_state": task_state,
            "revision_page": revision_page,
            # What approval will make of it: the number printed on every page.
            "first_issue": edition == 1 and amendment == 0,
            "edition": edition,
            "amendment": amendment,
            # Everyone who wrote a revision of this round (procedures.models.authorship).
            "preparers": [p.user for p in authorship.preparers_of(page, task_state.revision, workflow_state)],
            "signatures": signatures,
            # Once the preparers' signatures are recorded they name them (with the date): not twice.
            "preparer_signed": any(
                s.meaning == SignatureMeaning.PREPARED and s.void is None and s.revision_id == task_state.revision_id
                for s in signatures
            ),
            "is_approval": is_approval,
            "content_sha256": issuing.revision_sha256(task_state.revision),
        },
    )


def withdraw_document(request, page_id):
    page = get_object_or_404(ControlledDocumentPage, pk=page_id)
    if not roles.has_role(request.user, roles.APPROVER, agency=page.agency_id):
        messages.error(request, _("Only an approver of the document's agency may withdraw it."))
        return redirect("wagtailadmin_home")
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if page.withdrawn_at is not None:
        messages.error(request, _("This document has already been withdrawn."))
        return redirect(edit_url)
    form = WithdrawForm(request.POST or None, request=request)
    if request.method == "POST":
        try:
            valid = form.is_valid()
        except AccountLocked:
            return locked_out(request)
        if valid:
            try:
                with transaction.atomic():
                    signature = record_signature(
                        user=request.user,
                        document=page,
                        meaning=SignatureMeaning.WITHDRAWN,
                        comment=form.cleaned_data["reason"],
                    )
                    issuing.withdraw(page, signature, form.cleaned_data["reason"])
            except PermissionDenied as exc:
                messages.error(request, str(exc))
                return redirect(edit_url)
            messages.success(request, _("Withdrawn: %(title)s. Staff no longer see it.") % {"title": page.title})
            return redirect(edit_url)
    return render(request, "procedures/admin/withdraw.html", {"form": form, "page": page})

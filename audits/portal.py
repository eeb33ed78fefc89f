"""Corrective actions in the signed-in portal (/khac-phuc/): owners and heads
answer, auditors verify and close. Every view checks on the server who may
see and do what; a move the record does not allow gets a clear message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits import permissions
from audits.forms import ImplementForm, PlanForm, ReasonForm, VerifyForm
from audits.models import ActionEvidenceFile, CorrectiveAction


def action_list(request):
    """The actions the person may see; staff see only those assigned to them."""
    actions = CorrectiveAction.objects.visible_to(request.user).select_related("department", "owner", "finding")
    overdue_only = request.GET.get("overdue") == "1"
    if overdue_only:
        actions = actions.overdue()
    mine = request.GET.get("mine") == "1"
    if mine:
        actions = actions.filter(owner=request.user)
    today = timezone.localdate()
    rows = [(a, a.is_overdue(today)) for a in actions]
    return render(
        request,
        "audits/portal/action_list.html",
        {"rows": rows, "overdue_only": overdue_only, "mine": mine},
    )


def _visible_action(request, pk):
    action = get_object_or_404(CorrectiveAction.objects.select_related("department", "owner", "finding__clause"), pk=pk)
    if not permissions.can_view_action(request.user, action):
        raise PermissionDenied
    return action


def _detail(request, action, forms=None, status=200):
    user = request.user
    Status = CorrectiveAction.Status
    forms = forms or {}
    answer = permissions.can_answer(user, action)
    context = {
        "action": action,
        "overdue": action.is_overdue(),
        "verifications": action.verifications.select_related("verifier"),
        "files": action.files.select_related("uploaded_by"),
        "plan_form": forms.get("plan")
        or (
            PlanForm(
                auto_id="plan_%s",
                initial={
                    "correction": action.correction,
                    "root_cause": action.root_cause,
                    "action_plan": action.action_plan,
                },
            )
            if answer and action.status in (Status.OPEN, Status.PLANNED)
            else None
        ),
        "implement_form": forms.get("implement")
        or (
            ImplementForm(
                auto_id="implement_%s",
                initial={"implementation": action.implementation, "similar_checked": action.similar_checked},
            )
            if answer and action.status == Status.PLANNED
            else None
        ),
        "verify_form": forms.get("verify")
        or (
            VerifyForm(auto_id="verify_%s", initial={"verified_on": timezone.localdate()})
            if permissions.can_verify(user, action) and action.status == Status.IMPLEMENTED
            else None
        ),
        "close_form": forms.get("close")
        or (
            ReasonForm(auto_id="close_%s")
            if permissions.can_close(user, action) and action.status == Status.VERIFIED_EFFECTIVE
            else None
        ),
    }
    return render(request, "audits/portal/action_detail.html", context, status=status)


def action_detail(request, pk):
    return _detail(request, _visible_action(request, pk))


def _transition(request, pk, allowed, form_class, key, perform, success):
    action = _visible_action(request, pk)
    # Who may make this move is checked before the form is even read: someone
    # without the right gets a 403, never a form with errors to correct.
    if not allowed(request.user, action):
        raise PermissionDenied
    # Each form on the page has its own ids ("plan_reason", "implement_reason").
    form = form_class(request.POST, request.FILES, auto_id=f"{key}_%s")
    if form.is_valid():
        try:
            with transaction.atomic():
                perform(action, form.cleaned_data)
                for upload, content_type in form.cleaned_data.get("files") or []:
                    ActionEvidenceFile.objects.create(
                        action=action,
                        file=upload,
                        content_type=content_type,
                        size=upload.size,
                        stage=action.status,
                        uploaded_by=request.user,
                    )
        except ValidationError as error:
            action.refresh_from_db()
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
                messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success)
            return redirect("audits:action_detail", pk=action.pk)
    return _detail(request, action, {key: form}, status=400)


@require_POST
def action_plan(request, pk):
    def perform(action, data):
        action.plan(
            request.user,
            correction=data["correction"],
            root_cause=data["root_cause"],
            action_plan=data["action_plan"],
            reason=data["reason"],
        )

    return _transition(request, pk, permissions.can_answer, PlanForm, "plan", perform, _("The plan was saved."))


@require_POST
def action_implement(request, pk):
    def perform(action, data):
        action.implement(
            request.user,
            implementation=data["implementation"],
            similar_checked=data["similar_checked"],
            reason=data["reason"],
        )

    done = _("The action was reported implemented.")
    return _transition(request, pk, permissions.can_answer, ImplementForm, "implement", perform, done)


@require_POST
def action_verify(request, pk):
    def perform(action, data):
        action.verify(
            request.user,
            effective=data["effective"],
            verified_on=data["verified_on"],
            evidence=data["evidence"],
            comment=data["comment"],
        )

    done = _("The verification was recorded.")
    return _transition(request, pk, permissions.can_verify, VerifyForm, "verify", perform, done)


@require_POST
def action_close(request, pk):
    def perform(action, data):
        action.close(request.user, reason=data["reason"])

    return _transition(request, pk, permissions.can_close, ReasonForm, "close", perform, _("The action was closed."))


def action_evidence_file(request, pk):
    """An evidence file of a corrective action, to those who may see the action; media is never served unchecked."""
    evidence = get_object_or_404(ActionEvidenceFile.objects.select_related("action"), pk=pk)
    if not permissions.can_view_action(request.user, evidence.action):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=not evidence.is_image,
        filename=str(evidence),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response

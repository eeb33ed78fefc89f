"""planning's records in the signed-in site: the pages their owners' reminders open.

A management review decision: its owner sees it and closes it without any planning role
(and sees nothing else of planning); whoever reads the agency's planning records sees it
too, and the chair or the ISO secretary close it. Everyone else is refused; another
agency's reader does not find it.

A risk whose treatment actions are all closed: its owner (in the risk's agency) sees it and
records its residual rating without any planning role; the agency's readers see it, and its
ISO secretary re-rates it too. Anyone else of the agency is refused; nobody of another agency
finds it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from planning.admin.forms import CloseDecisionForm, ResidualRatingForm
from planning.models import ReviewDecision, Risk
from planning.models.risks import level_label, risk_scale
from planning.permissions import (
    can_close_decision,
    can_manage,
    can_read,
    can_rerate,
    can_see_decision,
    can_see_risk,
    readable_agencies,
)


def decision_detail(request, pk):
    decision = get_object_or_404(ReviewDecision.objects.select_related("review", "owner"), pk=pk)
    if not can_see_decision(request.user, decision):
        if readable_agencies(request.user):
            raise Http404
        raise PermissionDenied
    review = decision.review
    may_close = decision.status == ReviewDecision.Status.OPEN and can_close_decision(request.user, decision, review)
    if request.method == "POST" and not may_close:
        raise PermissionDenied
    form = CloseDecisionForm(request.POST or None) if may_close else None
    if request.method == "POST" and form.is_valid():
        try:
            decision.close(request.user, form.cleaned_data["outcome"])
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The decision was closed."))
        return redirect("planning:decision_detail", pk=pk)
    return render(
        request,
        "planning/portal/decision_detail.html",
        {
            "decision": decision,
            "review": review,
            "form": form,
            "may_read_review": can_read(request.user, decision.agency_id),
            "overdue": decision.is_overdue(),
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


def risk_detail(request, pk):
    risk = get_object_or_404(Risk.objects.with_rerating().select_related("owner", "department", "document"), pk=pk)
    if not can_see_risk(request.user, risk):
        # Another agency's risk is not found; a colleague of the agency without the right is refused.
        if risk.agency_id != request.user.agency_id or readable_agencies(request.user):
            raise Http404
        raise PermissionDenied
    may_rate = can_rerate(request.user, risk)
    if request.method == "POST" and not may_rate:
        raise PermissionDenied
    scale = risk_scale()
    form = None
    if may_rate:
        initial = {
            "residual_likelihood": risk.residual_likelihood,
            "residual_impact": risk.residual_impact,
            "residual_note": risk.residual_note,
        }
        form = ResidualRatingForm(request.POST if request.method == "POST" else None, initial=initial, scale=scale)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            risk.record_residual(
                request.user, data["residual_likelihood"], data["residual_impact"], data["residual_note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The residual rating was recorded."))
            return redirect("planning:risk_detail", pk=pk)
    return render(
        request,
        "planning/portal/risk_detail.html",
        {
            "risk": risk,
            "form": form,
            "actions": list(risk.actions.order_by("pk")),
            "scale": scale,
            "level": level_label(risk.rating),
            "residual_level": level_label(risk.residual_rating),
            "may_edit": can_manage(request.user, risk.agency_id),
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )

"""A management review decision in the signed-in site: the page its owner's reminder opens.

Its owner sees it and closes it without any planning role (and sees nothing else of
planning); whoever reads the agency's planning records sees it too, and the chair or the
ISO secretary close it. Everyone else is refused; another agency's reader does not find it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from planning.admin.forms import CloseDecisionForm
from planning.models import ReviewDecision
from planning.permissions import can_close_decision, can_read, can_see_decision, readable_agencies


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

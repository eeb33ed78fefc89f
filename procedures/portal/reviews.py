"""Periodic review: what is due, and recording a signed outcome."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.control import access
from procedures.control.periodic_review import accepted_requests_waiting, next_review_due, record_review, review_rows
from procedures.lifecycle.signing import AccountLocked, locked_out
from procedures.models import ControlledDocumentPage, PeriodicReview, ReviewOutcome
from procedures.portal.forms import ReviewForm


def reviewable_documents(user):
    if not access.can_follow_reading(user):
        return None
    return ControlledDocumentPage.objects.visible_to(user)


def review_due_list(request):
    documents = reviewable_documents(request.user)
    if documents is None:
        raise PermissionDenied
    today = timezone.localdate()
    rows = review_rows(today, documents)
    return render(
        request,
        "procedures/control/review_due.html",
        {"rows": rows, "today": today, "overdue_count": sum(1 for r in rows if r.overdue)},
    )


def review_document(request, document_id):
    document = get_object_or_404(ControlledDocumentPage, pk=document_id)
    if not access.sees_reviews_of(request.user, document):
        raise PermissionDenied
    issue = document.current_issue
    allowed = [o for o in ReviewOutcome if access.can_record_review(request.user, document, o)]
    form = ReviewForm(request.POST or None, request=request)
    form.fields["outcome"].choices = [(o.value, o.label) for o in allowed]
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied(_("You may not record a review outcome."))
        if document.withdrawn_at is not None or issue is None:
            messages.error(request, _("This document has no current issue to review."))
            return redirect("control:review", document.pk)
        try:
            valid = form.is_valid()
        except AccountLocked:
            return locked_out(request)
        if valid:
            outcome = form.cleaned_data["outcome"]
            with transaction.atomic():
                review = record_review(document, request.user, outcome, form.cleaned_data["comment"])
            if outcome == ReviewOutcome.WITHDRAW:
                messages.info(request, _("Review recorded. Sign the withdrawal to take the document out of use."))
                return redirect("procedures_withdraw", document.pk)
            if outcome == ReviewOutcome.REVISE:
                numbers = ", ".join(r.number for r in review.change_requests.all())
                messages.success(
                    request,
                    _("Review recorded: a draft revision is open for %(numbers)s.") % {"numbers": numbers},
                )
            else:
                messages.success(
                    request,
                    _("Review recorded: still valid. Next review due %(date)s.")
                    % {"date": next_review_due(document).strftime("%d/%m/%Y")},
                )
            return redirect("control:review", document.pk)
        messages.error(request, _("Nothing was recorded: correct the errors below."))
    return render(
        request,
        "procedures/control/review_form.html",
        {
            "document": document,
            "issue": issue,
            "form": form if allowed else None,
            "due": next_review_due(document) if issue else None,
            "reviews": PeriodicReview.objects.filter(document=document).select_related("reviewed_by", "issue"),
            "flags": document.review_flags.open().select_related("external_document"),
            "waiting_requests": accepted_requests_waiting(document),
        },
    )

"""Periodic review (xem xét định kỳ): when each document is due, and the three outcomes.

Due date = the current issue's effective date, or the last "still valid"
review of that issue if later, plus the document's review interval
(:func:`review_due`, the one rule every list, register and export calls). An
open review flag (e.g. a cited decree was replaced) makes a document due now.
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.models import (
    ChangeRequest,
    ChangeRequestStatus,
    ControlledDocumentPage,
    Issue,
    PeriodicReview,
    ReviewFlag,
    ReviewOutcome,
    SignatureMeaning,
)

DUE_SOON_DAYS = 30


def add_months(date, months):
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def review_due(document, effective_date, last_still_valid):
    """When the current issue (in effect since `effective_date`) is next due for review.

    `last_still_valid` is the date of that issue's last "still valid" review, or None.
    """
    base = effective_date
    if last_still_valid and last_still_valid > base:
        base = last_still_valid
    return add_months(base, document.effective_review_interval)


def latest_base_before(today, months):
    """The latest date whose review, ``months`` later (add_months), falls before ``today``.

    A current issue is overdue for review exactly when its base date (its
    effective date, or its last "still valid" review if later) is on or
    before this date, so the database can count overdue issues without
    returning them.
    """
    candidate = add_months(today, -months)
    while add_months(candidate + datetime.timedelta(days=1), months) < today:
        candidate += datetime.timedelta(days=1)
    while add_months(candidate, months) >= today:
        candidate -= datetime.timedelta(days=1)
    return candidate


def still_valid_reviews():
    """The "still valid" reviews, latest first: the last one moves the due date."""
    return PeriodicReview.objects.filter(outcome=ReviewOutcome.STILL_VALID).order_by("-reviewed_on")


def next_review_due(document):
    """The next review date of one document (None without a current issue)."""
    issue = document.current_issue
    if issue is None:
        return None
    last_valid = still_valid_reviews().filter(issue=issue).values_list("reviewed_on", flat=True).first()
    return review_due(document, issue.effective_date, last_valid)


class ReviewRow:
    def __init__(self, document, issue, due, flags, today):
        self.document = document
        self.issue = issue
        self.due = due
        self.flags = flags
        self.overdue = due < today
        self.days_left = (due - today).days


def review_rows(today=None, documents=None, horizon_days=DUE_SOON_DAYS):
    """Documents due within the horizon, overdue, or flagged; overdue first."""
    today = today or timezone.localdate()
    documents = documents if documents is not None else ControlledDocumentPage.objects.all()
    documents = documents.filter(withdrawn_at__isnull=True).select_related("document_type", "owner_department")
    issues = {i.document_id: i for i in Issue.objects.current().filter(document__in=documents)}
    last_valid = {}
    for issue_id, reviewed_on in (
        still_valid_reviews().filter(issue__in=issues.values()).values_list("issue_id", "reviewed_on")
    ):
        last_valid.setdefault(issue_id, reviewed_on)
    flags = {}
    for flag in ReviewFlag.objects.open().filter(document__in=documents).select_related("external_document"):
        flags.setdefault(flag.document_id, []).append(flag)
    horizon = today + datetime.timedelta(days=horizon_days)
    rows = []
    for document in documents.filter(pk__in=issues.keys()):
        issue = issues[document.pk]
        due = review_due(document, issue.effective_date, last_valid.get(issue.pk))
        document_flags = flags.get(document.pk, [])
        if due <= horizon or document_flags:
            rows.append(ReviewRow(document, issue, due, document_flags, today))
    rows.sort(key=lambda row: (not row.flags and not row.overdue, row.due, row.document.code))
    return rows


def accepted_requests_waiting(document):
    return ChangeRequest.objects.filter(document=document, status=ChangeRequestStatus.ACCEPTED, linked_at__isnull=True)


@transaction.atomic
def record_review(document, user, outcome, comment=""):
    """Record a signed outcome (the password was checked by the form)."""
    from procedures.lifecycle.signing import record_signature

    document = ControlledDocumentPage.objects.select_for_update().get(pk=document.pk)
    if document.withdrawn_at is not None:
        raise PermissionDenied(_("This document has been withdrawn."))
    issue = document.current_issue
    if issue is None:
        raise PermissionDenied(_("This document has no current issue to review."))
    today = timezone.localdate()
    signature = record_signature(
        user=user,
        document=document,
        meaning=SignatureMeaning.REVIEWED,
        comment=_("Periodic review: %(outcome)s. %(comment)s")
        % {"outcome": ReviewOutcome(outcome).label, "comment": comment},
    )
    review = PeriodicReview.objects.create(
        document=document,
        issue=issue,
        outcome=outcome,
        comment=comment,
        reviewed_by=user,
        reviewed_on=today,
        signature=signature,
    )
    for flag in ReviewFlag.objects.open().filter(document=document):
        flag.clear(review)
    if outcome == ReviewOutcome.REVISE:
        open_revision(document, user, review, comment)
    return review


def open_revision(document, user, review, comment):
    """Revise: accepted requests are taken into the draft, or one is raised for the review; a draft is saved."""
    requests = list(accepted_requests_waiting(document))
    if not requests:
        request = ChangeRequest.raise_on(
            document,
            user,
            reason=_("Periodic review of %(code)s (%(date)s)") % {"code": document.code, "date": f"{today_str()}"},
            proposed_change=comment or _("Revise the document after its periodic review."),
            origin=_("Periodic review"),
        )
        request.accept(user, _("Decided at the periodic review."))
        requests = [request]
    for request in requests:
        request.link_to_draft(user)
    review.change_requests.add(*requests)
    if not document.current_workflow_state:
        draft = document.get_latest_revision_as_object()
        if not draft.change_summary or draft.change_summary == review.issue.change_summary:
            draft.change_summary = _("Revised after the periodic review (%(numbers)s).") % {
                "numbers": ", ".join(r.number for r in requests)
            }
        draft.save_revision(user=user, log_action=True)


def today_str():
    return timezone.localdate().strftime("%d/%m/%Y")

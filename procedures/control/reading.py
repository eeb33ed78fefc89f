"""What document control adds to the reading page: request numbers in the
amendment history, periodic reviews, and the reader's confirmation."""

from procedures.control import access
from procedures.control.acknowledging import reading_state
from procedures.models import ChangeRequest, PeriodicReview


def attach_change_requests(history, none_raised=False):
    """Each issue of the amendment history gets the numbers of the requests it addressed
    (``none_raised``: the caller knows no request was ever raised on the document)."""
    numbers = {}
    for issue_id, number in (
        []
        if none_raised
        else (
            ChangeRequest.objects.filter(closed_by_issue__in=[i.pk for i in history])
            .order_by("year", "sequence")
            .values_list("closed_by_issue_id", "number")
        )
    ):
        numbers.setdefault(issue_id, []).append(number)
    for issue in history:
        issue.change_request_numbers = numbers.get(issue.pk, [])


def control_context(request, page, issue, state=None):
    """``state``: the page's validator state (procedures.portal.validators), which tells when the
    document never had a review and the reader never had an assignment (no query for them)."""
    reviews = []
    if state is None or state["v_reviews"] is not None:
        reviews = list(
            PeriodicReview.objects.filter(document=page).select_related("issue", "signature").order_by("-reviewed_on")
        )
    # The reader's assignment and confirmation, when read with the page's issues (no query of their own).
    read = getattr(issue, "reading", None)
    assigned = read is not None or state is None or state["v_assignment"] is not None
    return {
        **(reading_state(request.user, issue, read) if assigned else {}),
        "periodic_reviews": reviews,
        # Editing a draft happens in the Wagtail admin: whoever cannot enter it is no editor (and the
        # page permission test, two queries, is skipped for staff).
        "can_see_control": access.sees_reviews_of(request.user, page)
        or (request.user.has_perm("wagtailadmin.access_admin") and access.can_take_into_draft(request.user, page)),
    }

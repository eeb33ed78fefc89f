"""Read-and-understood: the reader's list and confirmation, the secretary's completion report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from procedures.control import access
from procedures.control.acknowledging import (
    AcknowledgementRefused,
    acknowledge,
    followed_assignments,
    listed,
    pending_assignments,
)
from procedures.documents import readers
from procedures.models import Acknowledgement, ControlledDocumentPage, IssueStatus, ReadingAssignment
from qms.spreadsheets import xlsx_response


def my_reading_list(request):
    pending = listed(pending_assignments(request.user))
    return render(request, "procedures/control/reading_list.html", {"reading_list": pending})


@require_POST
def confirm_reading(request, pk):
    assignment = get_object_or_404(ReadingAssignment.objects.select_related("issue", "issue__document"), pk=pk)
    if assignment.user_id != request.user.pk:
        raise PermissionDenied(_("You can only confirm your own reading."))
    document_url = assignment.issue.document.url
    try:
        acknowledge(request.user, assignment)
    except AcknowledgementRefused as exc:
        messages.error(request, str(exc))
        return redirect(document_url)
    messages.success(
        request,
        _("Thank you: you confirmed reading %(code)s (edition %(edition)s/%(amendment)s).")
        % {"code": assignment.issue.code, "edition": assignment.issue.edition, "amendment": assignment.issue.amendment},
    )
    return redirect(document_url)


def percent(done, total):
    return round(100 * done / total) if total else 0


def completion(request):
    """Completion per document and per department; .xlsx of everyone who has not read."""
    if not access.can_follow_reading(request.user):
        raise PermissionDenied
    assignments = followed_assignments(request.user)
    if request.GET.get("format") == "xlsx":
        return not_read_xlsx(assignments, agency=request.user.agency)
    by_document = [
        {**row, "percent": percent(row["read"], row["total"])}
        for row in assignments.values("issue_id", "issue__code", "issue__title", "issue__edition", "issue__amendment")
        .annotate(total=Count("pk"), read=Count("pk", filter=_done()))
        .order_by("issue__code")
    ]
    by_department = [
        {**row, "percent": percent(row["read"], row["total"])}
        for row in assignments.values("user__department__name")
        .annotate(total=Count("pk"), read=Count("pk", filter=_done()))
        .order_by("user__department__name")
    ]
    return render(
        request,
        "procedures/control/reading_completion.html",
        {"by_document": by_document, "by_department": by_department},
    )


def _done():
    from django.db.models import Q

    return Q(done=True)


def issue_readers(request, document_id):
    """Who has and has not read the current issue of one document."""
    if not access.can_follow_reading(request.user):
        raise PermissionDenied
    # Another agency's document (unless shared) is not found.
    document = get_object_or_404(
        ControlledDocumentPage.objects.filter(readers.document_condition(request.user, "")), pk=document_id
    )
    issue = document.current_issue
    assignments = (
        followed_assignments(request.user)
        .filter(issue=issue)
        .select_related("user", "user__department")
        .order_by("done", "user__department__name", "user__full_name")
    )
    acknowledged = {a.user_id: a for a in Acknowledgement.objects.filter(issue=issue)} if issue else {}
    rows = [(a, acknowledged.get(a.user_id)) for a in assignments]
    return render(
        request, "procedures/control/issue_readers.html", {"document": document, "issue": issue, "rows": rows}
    )


def not_read_xlsx(assignments, agency=None):
    """Everyone who must read a current issue, those who have not confirmed first."""
    rows = assignments.select_related("issue", "user", "user__department").order_by(
        "done", "issue__code", "user__department__name", "user__full_name"
    )
    confirmed = {
        (a.issue_id, a.user_id): a.acknowledged_at
        for a in Acknowledgement.objects.filter(issue__status=IssueStatus.CURRENT).only(
            "issue_id", "user_id", "acknowledged_at"
        )
    }
    return xlsx_response(
        "doc-hieu-tai-lieu",
        "Theo dõi đọc hiểu tài liệu",
        [
            "Mã tài liệu",
            "Tên tài liệu",
            "Lần ban hành/sửa đổi",
            "Họ và tên",
            "Đơn vị",
            "Ngày phân phối",
            "Ngày mở",
            "Tình trạng",
            "Ngày xác nhận",
        ],
        [
            [
                a.issue.code,
                a.issue.title,
                f"{a.issue.edition}/{a.issue.amendment}",
                a.user.get_full_name(),
                a.user.department.name if a.user.department else "",
                a.assigned_at,
                a.first_opened_at,
                "Đã xác nhận đọc hiểu" if a.done else "Chưa xác nhận",
                confirmed.get((a.issue_id, a.user_id)),
            ]
            for a in rows
        ],
        agency=agency,
        name="Đọc hiểu tài liệu",
    )

"""Demo data for document control: the external documents the procedures
cite, the records list, change requests in each state, periodic reviews
(a few due, one overdue) and distributions partly read.

Runs after the documents demo and copes without it: external documents and
the records list are created regardless; everything else links to the
documents it finds. Idempotent."""

import datetime
import re

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from procedures.control.acknowledging import assign_readers
from procedures.control.periodic_review import add_months, review_rows
from procedures.lifecycle.signing import record_signature
from procedures.models import (
    Acknowledgement,
    ChangeRequest,
    Citation,
    ControlledDocumentPage,
    Distribution,
    ExternalDocument,
    Issue,
    PeriodicReview,
    ReadingAssignment,
    RecordType,
    ReviewOutcome,
    SignatureMeaning,
)
from qms.agency_context import first_agency
from qms.models import Department, User

from .control_content import EXTERNAL_DOCUMENTS, EXTRA_CITATIONS, LATER_STATUS, RECORD_TYPES


def build(stdout):
    with transaction.atomic():
        externals = build_external_documents()
        records = build_records_list()
        documents = current_documents()
        citations = build_citations(documents, externals)
        apply_later_statuses(externals)
        requests = build_change_requests(documents) if documents else 0
        reviews = build_reviews() if documents else 0
        readers = build_distributions(documents) if documents else 0
    stdout.write(
        f"  document control: {len(externals)} external documents, {records} record types, "
        f"{citations} citations, {requests} change requests, {reviews} reviews, {readers} reading assignments"
    )


def build_external_documents():
    externals = {}
    for number, kind, title, body, issued, effective in EXTERNAL_DOCUMENTS:
        externals[number], _ = ExternalDocument.objects.get_or_create(
            agency=first_agency(),
            number=number,
            defaults={
                "kind": kind,
                "title": title,
                "issuing_body": body,
                "issue_date": issued,
                "effective_date": effective,
            },
        )
    return externals


def apply_later_statuses(externals):
    """Saved one by one, so documents citing a replaced one are flagged as in real use."""
    for number, (status, replaced_by, amended_by) in LATER_STATUS.items():
        external = externals[number]
        if external.status == status:
            continue
        external.status = status
        external.replaced_by = externals[replaced_by] if replaced_by else None
        external.amended_by = amended_by
        external.save()


def build_records_list():
    departments = {d.code: d for d in Department.objects.filter(agency=first_agency())}
    fallback = next(iter(departments.values()), None)
    if fallback is None:
        return 0
    for code, name, form, keeper, place, years, disposal in RECORD_TYPES:
        RecordType.objects.get_or_create(
            agency=first_agency(),
            code=code,
            defaults={
                "name": name,
                "form_code": form,
                "keeper_department": departments.get(keeper, fallback),
                "place": place,
                "permanent": years is None,
                "retention_years": years,
                "disposal_method": disposal,
            },
        )
    return RecordType.objects.count()


def current_documents():
    """The current documents of the first agency (the Sở Nội vụ); the province's others have their own demo."""
    return list(
        ControlledDocumentPage.objects.filter(
            library__agency=first_agency(), withdrawn_at__isnull=True, issues__status="current"
        )
        .select_related("owner_department")
        .order_by("code")
    )


def cited_numbers(document, externals):
    text = document.current_issue.body_html if document.current_issue else ""
    found = {number for number in externals if re.search(re.escape(number), text)}
    return found | {n for n in EXTRA_CITATIONS.get(document.code, []) if n in externals}


def build_citations(documents, externals):
    for document in documents:
        for number in sorted(cited_numbers(document, externals)):
            Citation.objects.get_or_create(document=document, external_document=externals[number])
    return Citation.objects.count()


def people():
    return {u.username: u for u in User.objects.filter(username__in=["thuky", "truongphong", "lanhdao", "nhanvien"])}


def build_change_requests(documents):
    who = people()
    if len(who) < 4:
        return ChangeRequest.objects.count()
    staff, head, secretary = who["nhanvien"], who["truongphong"], who["thuky"]
    plans = [
        ("open", "Biểu mẫu phiếu tiếp nhận chưa có ô số điện thoại liên hệ", "Bổ sung ô số điện thoại vào biểu mẫu"),
        ("accepted", "Thời gian thẩm định dài hơn thực tế", "Rút ngắn bước thẩm định còn 15 ngày"),
        ("rejected", "Đề nghị bỏ bước lấy ý kiến cơ quan liên quan", "Bỏ bước lấy ý kiến"),
        ("linked", "Căn cứ pháp lý chưa cập nhật Nghị định mới", "Cập nhật căn cứ pháp lý"),
    ]
    for document, (state, reason, proposal) in zip(documents, plans, strict=False):
        if ChangeRequest.objects.filter(document=document, reason=reason).exists():
            continue
        request = ChangeRequest.raise_on(document, staff, reason=reason, proposed_change=proposal)
        if state == "rejected":
            request.reject(head, "Bước lấy ý kiến là bắt buộc theo quy định")
        elif state in ("accepted", "linked"):
            request.accept(secretary, "Hợp lý, sẽ sửa trong lần sửa đổi tới")
            if state == "linked":
                request.link_to_draft(secretary)
    build_closed_request(staff, secretary)
    return ChangeRequest.objects.count()


def build_closed_request(staff, secretary):
    """A request that a later issue addressed, dated as it happened."""
    issue = (
        Issue.objects.filter(status="current", amendment__gt=0, document__withdrawn_at__isnull=True)
        .order_by("code")
        .first()
    ) or Issue.objects.filter(status="current", edition__gt=1).order_by("code").first()
    reason = "Đề nghị cập nhật nội dung theo thực tế áp dụng"
    if issue is None or ChangeRequest.objects.filter(document=issue.document, reason=reason).exists():
        return
    request = ChangeRequest.raise_on(issue.document, staff, reason=reason, proposed_change=issue.change_summary)
    request.accept(secretary, "Chấp nhận")
    request.link_to_draft(secretary)
    before = issue.approved_at - datetime.timedelta(days=20)
    request.raised_at, request.decided_at, request.linked_at = before, before, before
    request.save(update_fields=["raised_at", "decided_at", "linked_at"])
    request.close(issue)


def build_reviews():
    """Leave one overdue review and a few due soon; the rest were found still valid recently."""
    approver = people().get("lanhdao")
    if approver is None or PeriodicReview.objects.exists():
        return PeriodicReview.objects.count()
    today = timezone.localdate()
    overdue = [row for row in review_rows(today) if row.overdue and not row.flags]
    for index, row in enumerate(overdue[1:]):
        interval = row.document.effective_review_interval
        # Two become due within the month; the others were reviewed a month ago.
        reviewed_on = add_months(today, -interval) + datetime.timedelta(days=12 + 6 * index) if index < 2 else None
        reviewed_on = reviewed_on or today - datetime.timedelta(days=30)
        when = timezone.make_aware(datetime.datetime.combine(reviewed_on, datetime.time(9)))
        signature = record_signature(
            user=approver,
            document=row.document,
            meaning=SignatureMeaning.REVIEWED,
            comment="Xem xét định kỳ: còn phù hợp.",
            when=when,
        )
        PeriodicReview.objects.create(
            document=row.document,
            issue=row.issue,
            outcome=ReviewOutcome.STILL_VALID,
            comment="Tài liệu còn phù hợp với quy định hiện hành.",
            reviewed_by=approver,
            reviewed_on=reviewed_on,
            reviewed_at=when,
            signature=signature,
        )
    return PeriodicReview.objects.count()


def build_distributions(documents):
    """The first documents go to their owner department and the staff role; some have read them."""
    from django.contrib.auth.models import Group

    from qms import roles

    staff_group = Group.objects.filter(name=roles.STAFF).first()
    for document in documents[:6]:
        if Distribution.objects.filter(document=document).exists():
            continue
        entries = [Distribution(document=document, department=document.owner_department)]
        if staff_group is not None:
            entries.append(Distribution(document=document, group=staff_group))
        bulk_create_with_history(entries, Distribution)
        issue = document.current_issue
        assignments = assign_readers(issue, notify_readers=False)
        # About half have opened and confirmed it, the first two documents fully read by staff.
        for index, assignment in enumerate(assignments):
            if index % 2 == 0 or (documents.index(document) < 2 and assignment.user.username == "nhanvien"):
                opened = issue.became_current_at or timezone.now()
                assignment.first_opened_at = opened
                assignment.save(update_fields=["first_opened_at"])
                Acknowledgement.objects.get_or_create(
                    issue=issue, user=assignment.user, defaults={"opened_at": opened, "acknowledged_at": opened}
                )
    return ReadingAssignment.objects.count()

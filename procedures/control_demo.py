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
    ExternalDocumentStatus,
    Issue,
    PeriodicReview,
    ReadingAssignment,
    RecordType,
    ReviewOutcome,
    SignatureMeaning,
)
from qms.models import Department, User

D = datetime.date
QH, CP, TTG = "Quốc hội", "Chính phủ", "Thủ tướng Chính phủ"

# number, kind, title, issuing body, issue date, effective date
EXTERNAL_DOCUMENTS = [
    ("77/2015/QH13", "Luật", "Luật Tổ chức chính quyền địa phương", QH, D(2015, 6, 19), D(2016, 1, 1)),
    (
        "61/2018/NĐ-CP",
        "Nghị định",
        "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        CP,
        D(2018, 4, 23),
        D(2018, 6, 21),
    ),
    (
        "107/2021/NĐ-CP",
        "Nghị định",
        "Sửa đổi, bổ sung một số điều của Nghị định 61/2018/NĐ-CP",
        CP,
        D(2021, 12, 6),
        D(2022, 2, 20),
    ),
    (
        "01/2018/TT-VPCP",
        "Thông tư",
        "Hướng dẫn thi hành một số quy định của Nghị định 61/2018/NĐ-CP",
        "Văn phòng Chính phủ",
        D(2018, 11, 23),
        D(2019, 1, 8),
    ),
    (
        "19/2014/QĐ-TTg",
        "Quyết định",
        "Về việc áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2008 vào hoạt động của các cơ quan, "
        "tổ chức thuộc hệ thống hành chính nhà nước",
        TTG,
        D(2014, 3, 5),
        D(2014, 5, 18),
    ),
    (
        "101/2018/QĐ-TTg",
        "Quyết định",
        "Quy định về áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 vào hoạt động của các cơ quan, "
        "tổ chức thuộc hệ thống hành chính nhà nước",
        TTG,
        D(2018, 12, 21),
        D(2019, 2, 15),
    ),
    (
        "26/2014/TT-BKHCN",
        "Thông tư",
        "Quy định chi tiết thi hành Quyết định 19/2014/QĐ-TTg",
        "Bộ Khoa học và Công nghệ",
        D(2014, 10, 10),
        D(2014, 12, 1),
    ),
    ("30/2020/NĐ-CP", "Nghị định", "Về công tác văn thư", CP, D(2020, 3, 5), D(2020, 3, 5)),
    ("45/2010/NĐ-CP", "Nghị định", "Quy định về tổ chức, hoạt động và quản lý hội", CP, D(2010, 4, 21), D(2010, 7, 1)),
    (
        "33/2012/NĐ-CP",
        "Nghị định",
        "Sửa đổi, bổ sung một số điều của Nghị định 45/2010/NĐ-CP",
        CP,
        D(2012, 4, 13),
        D(2012, 6, 1),
    ),
    (
        "126/2024/NĐ-CP",
        "Nghị định",
        "Quy định về tổ chức, hoạt động và quản lý hội",
        CP,
        D(2024, 10, 8),
        D(2024, 11, 26),
    ),
    (
        "93/2019/NĐ-CP",
        "Nghị định",
        "Về tổ chức, hoạt động của quỹ xã hội, quỹ từ thiện",
        CP,
        D(2019, 11, 25),
        D(2020, 1, 15),
    ),
    (
        "138/2020/NĐ-CP",
        "Nghị định",
        "Quy định về tuyển dụng, sử dụng và quản lý công chức",
        CP,
        D(2020, 11, 27),
        D(2020, 11, 27),
    ),
    (
        "115/2020/NĐ-CP",
        "Nghị định",
        "Quy định về tuyển dụng, sử dụng và quản lý viên chức",
        CP,
        D(2020, 9, 25),
        D(2020, 9, 25),
    ),
    (
        "85/2023/NĐ-CP",
        "Nghị định",
        "Sửa đổi, bổ sung một số điều của Nghị định 115/2020/NĐ-CP",
        CP,
        D(2023, 12, 7),
        D(2023, 12, 7),
    ),
    ("06/2022/QH15", "Luật", "Luật Thi đua, khen thưởng", QH, D(2022, 6, 15), D(2024, 1, 1)),
    (
        "98/2023/NĐ-CP",
        "Nghị định",
        "Quy định chi tiết thi hành Luật Thi đua, khen thưởng",
        CP,
        D(2023, 12, 31),
        D(2024, 1, 1),
    ),
    ("02/2016/QH14", "Luật", "Luật Tín ngưỡng, tôn giáo", QH, D(2016, 11, 18), D(2018, 1, 1)),
    ("95/2023/NĐ-CP", "Nghị định", "Quy định chi tiết Luật Tín ngưỡng, tôn giáo", CP, D(2023, 12, 29), D(2024, 3, 30)),
    ("01/2011/QH13", "Luật", "Luật Lưu trữ", QH, D(2011, 11, 11), D(2012, 7, 1)),
    ("33/2024/QH15", "Luật", "Luật Lưu trữ", QH, D(2024, 6, 21), D(2025, 7, 1)),
    (
        "TCVN ISO 9001:2008",
        "Tiêu chuẩn quốc gia",
        "Hệ thống quản lý chất lượng – Các yêu cầu",
        "Bộ Khoa học và Công nghệ",
        D(2008, 12, 31),
        None,
    ),
    (
        "TCVN ISO 9001:2015",
        "Tiêu chuẩn quốc gia",
        "Hệ thống quản lý chất lượng – Các yêu cầu",
        "Bộ Khoa học và Công nghệ",
        D(2015, 12, 31),
        None,
    ),
]

# number: (status, replaced by, amended by)
LATER_STATUS = {
    "61/2018/NĐ-CP": (ExternalDocumentStatus.AMENDED, None, "107/2021/NĐ-CP"),
    "45/2010/NĐ-CP": (ExternalDocumentStatus.REPLACED, "126/2024/NĐ-CP", "33/2012/NĐ-CP"),
    "33/2012/NĐ-CP": (ExternalDocumentStatus.REPLACED, "126/2024/NĐ-CP", ""),
    "115/2020/NĐ-CP": (ExternalDocumentStatus.AMENDED, None, "85/2023/NĐ-CP"),
    "19/2014/QĐ-TTg": (ExternalDocumentStatus.REPLACED, "101/2018/QĐ-TTg", ""),
    "01/2011/QH13": (ExternalDocumentStatus.REPLACED, "33/2024/QH15", ""),
    "TCVN ISO 9001:2008": (ExternalDocumentStatus.REPLACED, "TCVN ISO 9001:2015", ""),
}

# Besides what the procedures' legal-basis sections name: the quality manual
# still cites the decision of the 2008 era, so it is flagged for review.
EXTRA_CITATIONS = {
    "STCL": ["19/2014/QĐ-TTg", "101/2018/QĐ-TTg", "TCVN ISO 9001:2015"],
    "QT-01": ["101/2018/QĐ-TTg", "TCVN ISO 9001:2015", "30/2020/NĐ-CP"],
    "QT-02": ["30/2020/NĐ-CP", "01/2011/QH13"],
}

# code, name, form, keeper department, place, years (None: permanent), disposal
RECORD_TYPES = [
    ("HS-01", "Danh mục tài liệu nội bộ", "BM-01-01", "van-phong", "Văn phòng Sở – máy chủ ISO", None, ""),
    ("HS-02", "Phiếu yêu cầu sửa đổi tài liệu", "BM-01-02", "van-phong", "Văn phòng Sở", 5, "Hủy theo quy định"),
    ("HS-03", "Danh mục hồ sơ", "BM-02-01", "van-phong", "Văn phòng Sở", 5, "Hủy theo quy định"),
    ("HS-04", "Kế hoạch và báo cáo đánh giá nội bộ", "BM-03-02", "thanh-tra", "Thanh tra Sở", 5, "Hủy theo quy định"),
    ("HS-05", "Phiếu yêu cầu hành động khắc phục", "BM-05-01", "thanh-tra", "Thanh tra Sở", 5, "Hủy theo quy định"),
    (
        "HS-06",
        "Biên bản họp xem xét của lãnh đạo",
        "BM-06-01",
        "van-phong",
        "Văn phòng Sở",
        10,
        "Hội đồng xác định giá trị tài liệu",
    ),
    ("HS-07", "Sổ theo dõi hồ sơ một cửa", "BM-07-02", "van-phong", "Bộ phận một cửa", 5, "Hủy theo quy định"),
    ("HS-08", "Hồ sơ tuyển dụng công chức", "BM-11-01", "ccvc", "Kho lưu trữ Sở", None, ""),
    ("HS-09", "Hồ sơ thành lập hội, phê duyệt điều lệ hội", "BM-08-01", "tccb", "Kho lưu trữ Sở", None, ""),
    (
        "HS-10",
        "Hồ sơ đề nghị khen thưởng",
        "",
        "tdkt",
        "Ban Thi đua – Khen thưởng",
        20,
        "Hội đồng xác định giá trị tài liệu",
    ),
    ("HS-11", "Sổ đăng ký độc giả phòng đọc", "", "vtlt", "Chi cục Văn thư – Lưu trữ", 10, "Hủy theo quy định"),
]


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
    departments = {d.code: d for d in Department.objects.all()}
    fallback = next(iter(departments.values()), None)
    if fallback is None:
        return 0
    for code, name, form, keeper, place, years, disposal in RECORD_TYPES:
        RecordType.objects.get_or_create(
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
    return list(
        ControlledDocumentPage.objects.filter(withdrawn_at__isnull=True, issues__status="current")
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

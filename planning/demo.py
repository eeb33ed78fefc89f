"""Demo planning records of the Sở Nội vụ: the 2026 quality objectives with a year of results,
one-stop statistics and citizens' satisfaction surveys for the 12 months of 2026 (the
satisfaction objective is computed from the surveys), a register of ten risks, complaints and
other nonconformities (one with its corrective action), and the 2026 management review
held, its minutes signed, with decisions. Idempotent: nothing is made twice."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from planning import review_inputs
from planning.models import (
    DataSource,
    DossierStatistic,
    Frequency,
    ManagementReview,
    Nonconformity,
    ObjectiveResult,
    OneStopImport,
    QualityObjective,
    ReviewDecision,
    Risk,
    SatisfactionResult,
)
from qms.models import Agency, Department, User

YEAR = 2026
AGENCY = "so-noi-vu"

OBJECTIVES = [
    # indicator, statement, unit, target, direction, frequency, source, department code
    (
        "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn",
        "100% hồ sơ thủ tục hành chính được giải quyết đúng hoặc trước hạn; phấn đấu đạt tối thiểu 98%.",
        "%",
        "98",
        "at_least",
        Frequency.MONTHLY,
        DataSource.ONE_STOP,
        None,
    ),
    (
        "Mức độ hài lòng của người dân",
        "Mức độ hài lòng của người dân, tổ chức đối với việc giải quyết TTHC đạt từ 95% trở lên.",
        "%",
        "95",
        "at_least",
        Frequency.QUARTERLY,
        DataSource.SURVEY,
        None,
    ),
    (
        "Số phản ánh, kiến nghị có căn cứ",
        "Không quá 2 phản ánh, kiến nghị có căn cứ mỗi quý về thái độ phục vụ.",
        "vụ",
        "2",
        "at_most",
        Frequency.QUARTERLY,
        DataSource.ENTERED,
        "van-phong",
    ),
    (
        "Tỷ lệ hồ sơ CCVC đúng hạn",
        "Phòng CCVC giải quyết đúng hạn tối thiểu 97% hồ sơ.",
        "%",
        "97",
        "at_least",
        Frequency.MONTHLY,
        DataSource.ONE_STOP,
        "ccvc",
    ),
    (
        "Số lượt đào tạo ISO",
        "Mỗi năm tổ chức ít nhất 2 lớp đào tạo nhận thức ISO 9001 cho công chức.",
        "lớp",
        "2",
        "at_least",
        Frequency.YEARLY,
        DataSource.ENTERED,
        None,
    ),
]
ENTERED = {
    "Số phản ánh, kiến nghị có căn cứ": ["1", "3", "0", "1"],
    "Số lượt đào tạo ISO": ["2"],
}
RISKS = [
    (
        "Hồ sơ TTHC bị trễ hạn do thiếu cán bộ thẩm định vào mùa cao điểm",
        "Nhân sự mỏng",
        "Trễ hạn, phản ánh",
        4,
        4,
        2,
        3,
    ),
    ("Mất dữ liệu hồ sơ điện tử do sự cố máy chủ", "Chưa sao lưu định kỳ", "Mất hồ sơ", 2, 5, 1, 5),
    ("Văn bản pháp luật thay đổi nhưng quy trình chưa cập nhật", "Chưa theo dõi văn bản", "Áp dụng sai", 3, 4, 2, 3),
    (
        "Người dân phản ánh về thái độ phục vụ tại bộ phận một cửa",
        "Áp lực công việc",
        "Giảm hài lòng",
        3,
        3,
        None,
        None,
    ),
    ("Tài liệu lỗi thời còn được sử dụng tại phòng chuyên môn", "Thu hồi chậm", "Sai sót", 2, 3, 1, 3),
    ("Công chức mới chưa nắm quy trình ISO", "Luân chuyển cán bộ", "Sai quy trình", 4, 2, 2, 2),
    ("Hồ sơ lưu trữ xuống cấp do kho chật hẹp", "Thiếu kho", "Hư hỏng hồ sơ", 3, 3, None, None),
    ("Phần mềm một cửa gián đoạn", "Đường truyền yếu", "Chậm tiếp nhận", 2, 4, None, None),
    ("Chuyên gia đánh giá nội bộ thiếu kinh nghiệm", "Ít được đào tạo", "Bỏ sót điểm không phù hợp", 3, 2, None, None),
]
OPPORTUNITY = (
    "Tiếp nhận hồ sơ trực tuyến toàn trình cho thủ tục nâng lương",
    "Dịch vụ công mức độ 4",
    "Giảm thời gian đi lại",
    4,
    3,
)
NONCONFORMITIES = [
    (
        Nonconformity.Source.COMPLAINT,
        datetime.date(YEAR, 4, 14),
        "van-phong",
        "Công dân phàn nàn phải bổ sung hồ sơ nhiều lần do hướng dẫn không đầy đủ.",
        "Ông Nguyễn Văn Bình",
    ),
    (
        Nonconformity.Source.FEEDBACK,
        datetime.date(YEAR, 6, 3),
        "ccvc",
        "Phản ánh trên Cổng dịch vụ công về việc trả kết quả chậm 2 ngày.",
        "Cổng DVC",
    ),
    (
        Nonconformity.Source.OBSERVATION,
        datetime.date(YEAR, 8, 21),
        "van-phong",
        "Sổ theo dõi hồ sơ tại bộ phận một cửa ghi chưa đầy đủ ngày trả kết quả.",
        "",
    ),
    (
        Nonconformity.Source.EXTERNAL_AUDIT,
        datetime.date(YEAR, 9, 25),
        "ccvc",
        "Tổ chức chứng nhận: mục tiêu chất lượng của phòng CCVC chưa có kế hoạch thực hiện.",
        "Đoàn kiểm tra Sở KH&CN",
    ),
]
DECISIONS = [
    ("Bổ sung 01 công chức thẩm định hồ sơ cho Phòng CCVC trong quý I/2027.", "truongphong", 90),
    ("Rà soát, cập nhật các quy trình bị ảnh hưởng bởi văn bản pháp luật mới.", "thuky", 60),
    ("Sao lưu dữ liệu hồ sơ điện tử hằng tuần và diễn tập khôi phục.", "truongphong", 30),
]


def build(stdout):
    agency = Agency.objects.filter(code=AGENCY).first()
    if agency is None or QualityObjective.objects.filter(agency=agency, year=YEAR).exists():
        stdout.write("  planning: demo already built or no Sở Nội vụ")
        return
    people = {u.username: u for u in User.objects.filter(agency=agency)}
    secretary, head, leader = people.get("thuky"), people.get("truongphong"), people.get("lanhdao")
    if not (secretary and head and leader):
        return
    departments = {d.code: d for d in Department.objects.filter(agency=agency)}
    today = timezone.localdate()
    rng = random.Random(2026)  # noqa: S311 - demo figures, not security
    objectives = build_objectives(agency, departments, secretary, head)
    build_statistics(agency, secretary, rng, today)
    build_satisfaction(agency, secretary, rng)
    build_results(objectives, secretary, today)
    build_risks(agency, departments, head, secretary)
    build_nonconformities(agency, departments, secretary, head)
    build_review(agency, secretary, leader, people, today)
    stdout.write("  planning: objectives, one-stop statistics, risks, nonconformities and a management review")


def build_objectives(agency, departments, secretary, head):
    from procedures.models import ControlledDocumentPage

    objectives = {}
    documents = list(ControlledDocumentPage.objects.filter(library__agency=agency, code__startswith="QT")[:3])
    for indicator, statement, unit, target, direction, frequency, source, department in OBJECTIVES:
        objective = QualityObjective.objects.create(
            agency=agency,
            year=YEAR,
            department=departments.get(department) if department else None,
            statement=statement,
            indicator=indicator,
            unit=unit,
            target=Decimal(target),
            direction=direction,
            frequency=frequency,
            data_source=source,
            owner=head if department == "ccvc" else secretary,
            method={
                DataSource.ONE_STOP: "Số liệu phần mềm một cửa điện tử",
                DataSource.SURVEY: "Phiếu khảo sát sự hài lòng tại bộ phận một cửa (tổng hợp hằng tháng)",
            }.get(source, "Sổ theo dõi"),
        )
        if source == DataSource.ONE_STOP:
            objective.documents.set(documents)
        objectives[indicator] = objective
    return objectives


def build_results(objectives, secretary, today):
    for indicator, values in ENTERED.items():
        objective = objectives[indicator]
        for start, value in zip(objective.periods(), values, strict=False):
            if start > today:
                break
            ObjectiveResult.objects.create(
                objective=objective,
                period_start=start,
                value=Decimal(value),
                entered_by=secretary,
                note="Tổng hợp từ phiếu khảo sát" if "hài lòng" in indicator else "",
            )


def build_statistics(agency, secretary, rng, today):
    from procedures.models import ControlledDocumentPage

    documents = list(
        ControlledDocumentPage.objects.filter(library__agency=agency, issues__isnull=False)
        .exclude(code="")
        .distinct()
        .order_by("code")
    )
    if not documents:
        return
    upload = OneStopImport(
        agency=agency,
        uploaded_by=secretary,
        original_name=f"thong-ke-mot-cua-{YEAR}.csv",
        status=OneStopImport.Status.IMPORTED,
        imported_at=timezone.now(),
    )
    lines = ["Mã thủ tục,Tháng,Tiếp nhận,Đúng hạn,Trễ hạn,Đang giải quyết"]
    rows = []
    for month in range(1, 13):
        for document in documents:
            received = rng.randint(8, 40)
            late = rng.choice([0, 0, 0, 0, 1, 2]) if month not in (3, 9) else rng.randint(1, 4)
            pending = rng.randint(0, 3)
            on_time = max(received - late - pending, 0)
            lines.append(f"{document.code},{month:02d}/{YEAR},{received},{on_time},{late},{pending}")
            rows.append((document, datetime.date(YEAR, month, 1), received, on_time, late, pending))
    import hashlib

    from django.core.files.base import ContentFile

    data = ("\n".join(lines) + "\n").encode("utf-8")
    upload.sha256 = hashlib.sha256(data).hexdigest()
    upload.file.save(upload.original_name, ContentFile(data), save=False)
    upload.rows = len(rows)
    upload.save()
    bulk_create_with_history(
        [
            DossierStatistic(
                agency=agency,
                source=upload,
                document=document,
                department_id=document.owner_department_id,
                month=month,
                received=received,
                on_time=on_time,
                late=late,
                pending=pending,
            )
            for document, month, received, on_time, late, pending in rows
        ],
        DossierStatistic,
        default_user=secretary,
    )


def build_satisfaction(agency, secretary, rng):
    """A year of survey results per procedure, as the monthly survey's file imported them."""
    import hashlib

    from django.core.files.base import ContentFile

    from procedures.models import ControlledDocumentPage

    documents = list(
        ControlledDocumentPage.objects.filter(library__agency=agency, issues__isnull=False)
        .exclude(code="")
        .distinct()
        .order_by("code")
    )
    if not documents:
        return
    lines, rows = ["Mã thủ tục,Tháng,Số phiếu khảo sát,Hài lòng"], []
    for month in range(1, 13):
        for document in documents:
            responses = rng.randint(10, 35)
            # A dip in the months of late dossiers (March, September), as citizens feel it.
            unhappy = rng.randint(1, 4) if month in (3, 9) else rng.choice([0, 0, 0, 1])
            satisfied = max(responses - unhappy, 0)
            lines.append(f"{document.code},{month:02d}/{YEAR},{responses},{satisfied}")
            rows.append((document, datetime.date(YEAR, month, 1), responses, satisfied))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    upload = OneStopImport(
        agency=agency,
        kind=OneStopImport.Kind.SATISFACTION,
        uploaded_by=secretary,
        original_name=f"khao-sat-hai-long-{YEAR}.csv",
        status=OneStopImport.Status.IMPORTED,
        imported_at=timezone.now(),
        sha256=hashlib.sha256(data).hexdigest(),
        rows=len(rows),
    )
    upload.file.save(upload.original_name, ContentFile(data), save=False)
    upload.save()
    bulk_create_with_history(
        [
            SatisfactionResult(
                agency=agency,
                source=upload,
                document=document,
                department_id=document.owner_department_id,
                month=month,
                responses=responses,
                satisfied=satisfied,
                entered_by=secretary,
            )
            for document, month, responses, satisfied in rows
        ],
        SatisfactionResult,
        default_user=secretary,
    )


def build_risks(agency, departments, head, secretary):
    from audits.models import CorrectiveAction

    actions = list(CorrectiveAction.objects.filter(agency=agency).order_by("pk")[:2])
    review_date = datetime.date(YEAR, 12, 15)
    for index, (description, cause, consequence, likelihood, impact, res_l, res_i) in enumerate(RISKS):
        risk = Risk.objects.create(
            agency=agency,
            description=description,
            cause=cause,
            consequence=consequence,
            likelihood=likelihood,
            impact=impact,
            owner=head if index % 2 == 0 else secretary,
            department=departments.get("ccvc"),
            treatment="Xem kế hoạch xử lý rủi ro năm 2026",
            review_date=review_date,
            residual_likelihood=res_l,
            residual_impact=res_i,
        )
        if index == 0 and actions:
            risk.actions.set(actions)
    description, cause, consequence, likelihood, impact = OPPORTUNITY
    Risk.objects.create(
        agency=agency,
        kind=Risk.Kind.OPPORTUNITY,
        description=description,
        cause=cause,
        consequence=consequence,
        likelihood=likelihood,
        impact=impact,
        owner=secretary,
        review_date=review_date,
    )


def build_nonconformities(agency, departments, secretary, head):
    for index, (source, reported_on, department, description, reporter) in enumerate(NONCONFORMITIES):
        nonconformity = Nonconformity.objects.create(
            agency=agency,
            source=source,
            reported_on=reported_on,
            department=departments.get(department) or departments.get("ccvc") or head.department,
            description=description,
            reporter=reporter,
            recorded_by=secretary,
        )
        if index == 0:
            nonconformity.open_corrective_action(
                secretary, owner=head, due_date=max(timezone.localdate(), reported_on) + datetime.timedelta(days=45)
            )
    late = DossierStatistic.objects.filter(agency=agency, late__gt=2).order_by("-late", "month").first()
    if late:
        Nonconformity.objects.create(
            agency=agency,
            source=Nonconformity.Source.LATE_DOSSIERS,
            reported_on=late.month + datetime.timedelta(days=35),
            department=late.department,
            document=late.document,
            statistic=late,
            recorded_by=secretary,
            description=(
                f"{late.late} hồ sơ của {late.document.code} giải quyết trễ hạn trong tháng {late.month:%m/%Y}."
            ),
        )


def build_review(agency, secretary, leader, people, today):
    held = min(datetime.date(YEAR, 12, 18), today)
    review = ManagementReview.objects.create(
        agency=agency,
        held_on=held,
        place="Phòng họp Sở Nội vụ",
        chair=leader,
        participants="Ban Giám đốc Sở; Trưởng các phòng, đơn vị; Thư ký ISO",
        # The first review since the QMS was applied: from the 2025 internal audits on.
        period_start=datetime.date(YEAR - 1, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
        conclusions="Hệ thống quản lý chất lượng phù hợp và có hiệu lực. Cần tăng cường nhân lực thẩm định hồ sơ, "
        "cập nhật quy trình theo văn bản mới và đẩy mạnh dịch vụ công trực tuyến.",
    )
    review_inputs.gather_into(review, secretary, today=held)
    for text, owner, days in DECISIONS:
        ReviewDecision.objects.create(
            review=review, text=text, owner=people.get(owner, secretary), due_date=held + datetime.timedelta(days=days)
        )
    review.sign(leader)

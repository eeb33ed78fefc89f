"""Demo internal audits: the 2025 programme of the Sở Nội vụ with two audits,
findings of every type and corrective actions in every state (one overdue, one
verified not effective). Idempotent: every record is looked up before it is
made, and every transition is applied only if it has not happened yet."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from audits.models import Audit, AuditProgramme, ChecklistItem, CorrectiveAction, Finding, Question
from qms import roles
from qms.agency_context import first_agency
from qms.demo import DEMO_PASSWORD
from qms.models import Department, IsoClause, User

YEAR = 2025
Status = CorrectiveAction.Status

QUESTIONS = [
    ("7.5.3", "Tài liệu đang sử dụng tại bộ phận một cửa có phải là lần ban hành hiện hành không?"),
    ("7.5.3", "Tài liệu lỗi thời có được nhận biết và thu hồi khỏi nơi sử dụng không?"),
    ("8.5", "Hồ sơ TTHC có được giải quyết đúng thời hạn quy định trong quy trình không?"),
    ("8.7", "Hồ sơ trễ hạn có được thông báo và xin lỗi công dân theo quy định không?"),
    ("9.1.2", "Đơn vị có thu thập và phân tích ý kiến của người dân, tổ chức không?"),
    ("9.2", "Chương trình đánh giá nội bộ năm có được phê duyệt và thực hiện không?"),
    ("10.2", "Các sự không phù hợp có được phân tích nguyên nhân và khắc phục không?"),
    ("6.2", "Mục tiêu chất lượng của đơn vị có đo lường được và được theo dõi không?"),
]

AUDITS = [
    {
        "title": "Đánh giá nội bộ đợt 1 – khối chuyên môn",
        "scope": "Các quy trình giải quyết TTHC về công chức, viên chức và tổ chức bộ máy",
        "departments": ["ccvc", "tccb"],
        "lead": "danhgia",
        "team": ["danhgia2"],
        "dates": (datetime.date(YEAR, 6, 9), datetime.date(YEAR, 6, 11)),
        "clauses": ["7.5.3", "8.5", "8.7", "9.2", "10.2"],
        "close": True,
    },
    {
        "title": "Đánh giá nội bộ đợt 2 – khối văn phòng và lưu trữ",
        "scope": "Kiểm soát thông tin dạng văn bản, lưu trữ hồ sơ và phục vụ độc giả",
        "departments": ["van-phong", "vtlt"],
        "lead": "danhgia2",
        "team": ["danhgia"],
        "dates": (datetime.date(YEAR, 11, 17), datetime.date(YEAR, 11, 18)),
        "clauses": ["7.5.3", "9.1.2", "6.2"],
        "close": False,
    },
]

# audit index, kind, department code, clause, description, evidence
FINDINGS = [
    (
        0,
        "major_nc",
        "ccvc",
        "8.7",
        "12 hồ sơ tuyển dụng viên chức quá hạn giải quyết nhưng không có phiếu xin lỗi",
        "Sổ theo dõi hồ sơ quý II/2025, hồ sơ số 031 đến 042",
    ),
    (
        0,
        "minor_nc",
        "ccvc",
        "7.5.3",
        "Bộ phận một cửa còn sử dụng biểu mẫu BM-02 lần ban hành 1 đã hết hiệu lực",
        "Biểu mẫu tại quầy số 3 ngày 10/6/2025",
    ),
    (
        0,
        "minor_nc",
        "tccb",
        "10.2",
        "Chưa phân tích nguyên nhân các phản ánh của tổ chức về thẩm định đề án",
        "Hai phản ánh tháng 4/2025 chưa có phiếu HĐKP",
    ),
    (
        0,
        "observation",
        "tccb",
        "9.2",
        "Hồ sơ đánh giá nội bộ năm trước lưu chưa đầy đủ biên bản họp kết thúc",
        "Bộ hồ sơ ĐGNB 2024",
    ),
    (0, "ofi", "ccvc", "8.5", "Có thể gửi tin nhắn tự động khi hồ sơ sắp đến hạn", "Phỏng vấn cán bộ một cửa"),
    (
        1,
        "minor_nc",
        "vtlt",
        "7.5.3",
        "Danh mục hồ sơ lưu chưa cập nhật thời hạn lưu trữ theo quy định mới",
        "Danh mục hồ sơ năm 2025 của Chi cục",
    ),
    (
        1,
        "major_nc",
        "van-phong",
        "6.2",
        "Mục tiêu chất lượng năm 2025 không được theo dõi, đánh giá định kỳ",
        "Không có báo cáo theo dõi mục tiêu quý I–III/2025",
    ),
    (
        1,
        "observation",
        "van-phong",
        "9.1.2",
        "Phiếu khảo sát sự hài lòng chưa được tổng hợp hằng tháng",
        "Hộp phiếu khảo sát tại bộ phận một cửa",
    ),
    (1, "ofi", "vtlt", "7.5.3", "Nên số hóa sổ đăng ký độc giả phòng đọc", "Sổ đăng ký độc giả 2025"),
]

# finding index, owner, target state, due date (None: a month from the demo's first load)
ACTIONS = [
    (0, "truongphong", "closed", datetime.date(YEAR, 8, 31)),
    (1, "nhanvien", "verified_effective", datetime.date(YEAR, 8, 15)),
    (2, "truongphong", "not_effective", None),
    (5, "thuky", "implemented", datetime.date(YEAR, 12, 31)),
    (6, "nhanvien", "planned", datetime.date(YEAR, 12, 15)),  # overdue
]


def build(stdout):
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["danhgia", "lanhdao", "truongphong", "nhanvien", "thuky"])
    }
    users["danhgia2"] = second_auditor()
    departments = {d.code: d for d in Department.objects.filter(agency=first_agency())}
    clauses = {c.number: c for c in IsoClause.objects.filter(edition="2015")}

    for number, text in QUESTIONS:
        Question.objects.get_or_create(clause=clauses[number], text=text)

    programme, _created = AuditProgramme.objects.get_or_create(
        agency=first_agency(),
        year=YEAR,
        defaults={
            "objectives": "Đánh giá sự phù hợp và hiệu lực của HTQLCL theo TCVN ISO 9001:2015 tại tất cả "
            "các đơn vị thuộc Sở; xác định cơ hội cải tiến việc giải quyết TTHC."
        },
    )
    if programme.status == AuditProgramme.Status.DRAFT:
        programme.approve(users["lanhdao"], reason="Phê duyệt tại cuộc họp giao ban tháng 1/2025")

    audits = [plan_audit(programme, spec, users, departments, clauses) for spec in AUDITS]
    findings = [record_finding(audits, row, users, departments, clauses) for row in FINDINGS]
    for audit in audits:
        if audit.status == Audit.Status.IN_PROGRESS:
            audit.report(audit.lead_auditor)

    for finding_index, owner, target, due in ACTIONS:
        follow_up(findings[finding_index], users[owner], target, due, users)
    complaint(users, departments)

    for audit, spec in zip(audits, AUDITS, strict=True):
        if spec["close"] and audit.status == Audit.Status.REPORTED:
            audit.close(audit.lead_auditor, reason="Tất cả điểm không phù hợp đã có phiếu HĐKP")
    stdout.write(
        f"  audits: programme {YEAR}, {Audit.objects.count()} audits, {Finding.objects.count()} findings, "
        f"{CorrectiveAction.objects.count()} corrective actions"
    )


def second_auditor():
    """A second internal auditor in another department, so that auditors verify each other."""
    user, created = User.objects.get_or_create(username="danhgia2")
    user.full_name = "Đỗ Quốc Bảo"
    user.job_title = "Phó Trưởng ban Thi đua – Khen thưởng, Chuyên gia đánh giá nội bộ"
    user.agency = first_agency()
    user.department = Department.objects.get(agency=user.agency, code="tdkt")
    user.email = "danhgia2@sonoivu.example.vn"
    if created:
        user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get(name=roles.INTERNAL_AUDITOR)])
    return user


def plan_audit(programme, spec, users, departments, clauses):
    audit = Audit.objects.filter(programme=programme, title=spec["title"]).first()
    if audit is None:
        audit = Audit.objects.create(
            programme=programme,
            title=spec["title"],
            scope=spec["scope"],
            criteria="TCVN ISO 9001:2015; quy trình nội bộ và quy trình giải quyết TTHC của Sở",
            edition="2015",
            planned_start=spec["dates"][0],
            planned_end=spec["dates"][1],
            lead_auditor=users[spec["lead"]],
        )
        audit.departments.set([departments[code] for code in spec["departments"]])
        audit.team.set([users[name] for name in spec["team"]])
        audit.clauses.set([clauses[number] for number in spec["clauses"]])
        for question in Question.objects.filter(clause__number__in=spec["clauses"], clause__edition="2015"):
            ChecklistItem.objects.create(audit=audit, clause=question.clause, question=question.text, source=question)
    if audit.status == Audit.Status.PLANNED:
        audit.start(audit.lead_auditor)
        for item in audit.items.all():
            result = ChecklistItem.Result.CONFORMS if item.position % 3 else ChecklistItem.Result.NONCONFORMITY
            item.record(audit.lead_auditor, result, evidence="Đã xem xét hồ sơ và phỏng vấn cán bộ")
    return audit


def record_finding(audits, row, users, departments, clauses):
    audit_index, kind, department, clause, description, evidence = row
    audit = audits[audit_index]
    finding = Finding.objects.filter(audit=audit, description=description).first()
    if finding is None:
        finding = Finding.objects.create(
            audit=audit,
            kind=kind,
            department=departments[department],
            clause=clauses[clause],
            description=description,
            evidence=evidence,
            recorded_by=audit.lead_auditor,
        )
    return finding


def follow_up(finding, owner, target, due, users):
    """Take the finding's corrective action to the target state, one transition at a time."""
    auditor = finding.audit.lead_auditor
    verifier = users["danhgia2"] if owner.pk != users["danhgia2"].pk else users["danhgia"]
    action = finding.corrective_action_or_none
    if action is None:
        action = CorrectiveAction(
            source=CorrectiveAction.Source.AUDIT,
            finding=finding,
            department=finding.department,
            nonconformity=finding.description,
            owner=owner,
            due_date=due or timezone.localdate() + datetime.timedelta(days=30),
            raised_by=auditor,
            year=YEAR,
        )
        action.save()
    if target == "open":
        return action
    if action.status == Status.OPEN:
        action.plan(
            owner,
            correction="Đã khắc phục ngay các trường hợp phát hiện",
            root_cause="Cán bộ chưa nắm rõ quy định; chưa có bước kiểm tra chéo trong quy trình",
            action_plan="Sửa đổi quy trình, bổ sung bước kiểm tra; tập huấn cán bộ",
        )
    if target == "planned":
        return action
    if action.status == Status.PLANNED and not action.verifications.exists():
        action.implement(
            owner,
            implementation="Đã sửa đổi quy trình và tổ chức tập huấn; biên bản tập huấn lưu tại đơn vị",
            similar_checked="Đã rà soát các bộ phận khác, không phát hiện trường hợp tương tự",
        )
    if target == "implemented":
        return action
    if action.status == Status.IMPLEMENTED:
        effective = target != "not_effective"
        action.verify(
            verifier,
            effective=effective,
            verified_on=datetime.date(YEAR, 9, 15),
            evidence="Kiểm tra 20 hồ sơ phát sinh sau khắc phục" if effective else "Kiểm tra 20 hồ sơ: còn 3 hồ sơ sai",
            comment="" if effective else "Chưa hiệu quả, cần lập kế hoạch mới",
        )
    if target == "closed" and action.status == Status.VERIFIED_EFFECTIVE:
        action.close(auditor, reason="Đã xác nhận hiệu lực")
    return action


def complaint(users, departments):
    """An action raised from a citizen's complaint, not from an audit, still open."""
    text = "Công dân phản ánh chưa được hướng dẫn đầy đủ thành phần hồ sơ nâng ngạch công chức"
    if not CorrectiveAction.objects.filter(nonconformity=text).exists():
        CorrectiveAction(
            source=CorrectiveAction.Source.COMPLAINT,
            department=departments["ccvc"],
            nonconformity=text,
            owner=users["truongphong"],
            due_date=timezone.localdate() + datetime.timedelta(days=20),
            raised_by=users["danhgia"],
            year=YEAR,
        ).save()

"""Demo: the 2026 internal audit programme of UBND thành phố Vĩnh Long (the province's district).

Approved by the city's approver, with one audit planned in its departments.
Runs after qms.demo.province (its agency and people); idempotent.
"""

import datetime

from audits.models import Audit, AuditProgramme, ChecklistItem, Question
from qms.models import Agency, Department, IsoClause, User

DISTRICT = "ubnd-tp-vinh-long"
YEAR = 2026
CLAUSES = ["7.5.3", "8.5", "9.2"]


def build(stdout):
    agency = Agency.objects.filter(code=DISTRICT).first()
    if agency is None:
        stdout.write("  district audits: skipped (no district in the demo)")
        return
    programme, _created = AuditProgramme.objects.get_or_create(
        agency=agency,
        year=YEAR,
        defaults={
            "objectives": "Đánh giá sự phù hợp và hiệu lực của HTQLCL theo TCVN ISO 9001:2015 tại các phòng "
            "chuyên môn thuộc UBND thành phố; kiểm tra việc áp dụng quy trình nội bộ giải quyết TTHC của tỉnh."
        },
    )
    if programme.status == AuditProgramme.Status.DRAFT:
        programme.approve(User.objects.get(username="lanhdao_tp"), reason="Phê duyệt tại cuộc họp UBND tháng 1/2026")
    title = "Đánh giá nội bộ năm 2026 – Văn phòng và Phòng Nội vụ"
    if not Audit.objects.filter(programme=programme, title=title).exists():
        clauses = list(IsoClause.objects.filter(edition="2015", number__in=CLAUSES))
        audit = Audit.objects.create(
            programme=programme,
            title=title,
            scope="Kiểm soát tài liệu, giải quyết TTHC theo quy trình nội bộ của tỉnh, đánh giá nội bộ",
            criteria="TCVN ISO 9001:2015; quy trình nội bộ của UBND thành phố và của UBND tỉnh",
            edition="2015",
            planned_start=datetime.date(YEAR, 6, 15),
            planned_end=datetime.date(YEAR, 6, 16),
            lead_auditor=User.objects.get(username="danhgia_tp"),
        )
        audit.departments.set(Department.objects.filter(agency=agency, code__in=["van-phong", "noi-vu"]))
        audit.clauses.set(clauses)
        for question in Question.objects.filter(clause__in=clauses):
            ChecklistItem.objects.create(audit=audit, clause=question.clause, question=question.text, source=question)
    stdout.write(f"  district audits: programme {YEAR} of {agency.agency_name}, {programme.audits.count()} audit")

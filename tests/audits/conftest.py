import datetime

import pytest

from audits.models import Audit, AuditProgramme, ChecklistItem, Finding
from qms import roles
from qms.models import Department, IsoClause

YEAR = 2026


@pytest.fixture
def audited(department):
    """The department under audit (Phòng Công chức, viên chức)."""
    return department


@pytest.fixture
def inspection(db):
    return Department.objects.create(name="Thanh tra Sở", code="thanh-tra")


@pytest.fixture
def office(db):
    return Department.objects.create(name="Văn phòng Sở", code="van-phong")


@pytest.fixture
def auditor(make_user, inspection):
    return make_user("danhgia", roles.INTERNAL_AUDITOR, inspection, "Phạm Thị Mai")


@pytest.fixture
def second_auditor(make_user, office):
    return make_user("danhgia2", roles.INTERNAL_AUDITOR, office, "Đỗ Quốc Bảo")


@pytest.fixture
def head(make_user, audited):
    user = make_user("truongphong", roles.DEPARTMENT_HEAD, audited, "Trần Văn Minh")
    audited.head = user
    audited.save()
    return user


@pytest.fixture
def approver(make_user, office):
    return make_user("lanhdao", roles.APPROVER, office, "Lê Hoàng Nam")


@pytest.fixture
def programme(approver):
    programme = AuditProgramme.objects.create(year=YEAR, objectives="Đánh giá toàn bộ HTQLCL")
    programme.approve(approver)
    return programme


@pytest.fixture
def clause_92(db):
    return IsoClause.objects.get(edition="2015", number="9.2")


@pytest.fixture
def audit(programme, auditor, second_auditor, audited, clause_92):
    audit = Audit.objects.create(
        programme=programme,
        title="Đánh giá Phòng Công chức, viên chức",
        scope="Các quy trình TTHC về công chức",
        criteria="TCVN ISO 9001:2015; các quy trình của Sở",
        planned_start=datetime.date(YEAR, 5, 11),
        planned_end=datetime.date(YEAR, 5, 12),
        lead_auditor=auditor,
    )
    audit.departments.add(audited)
    audit.team.add(second_auditor)
    audit.clauses.add(clause_92)
    return audit


@pytest.fixture
def running_audit(audit, auditor):
    audit.start(auditor)
    return audit


@pytest.fixture
def finding(running_audit, audited, clause_92, auditor):
    return Finding.objects.create(
        audit=running_audit,
        kind=Finding.Kind.MINOR_NC,
        clause=clause_92,
        department=audited,
        description="Hồ sơ tuyển dụng thiếu biên bản kiểm tra",
        evidence="Hồ sơ số 12/2026",
        recorded_by=auditor,
    )


@pytest.fixture
def owner(staff_user):
    return staff_user


@pytest.fixture
def action(finding, auditor, owner):
    return finding.raise_corrective_action(
        auditor, owner=owner, due_date=datetime.date.today() + datetime.timedelta(days=60)
    )


@pytest.fixture
def implemented_action(action, owner):
    action.plan(owner, correction="Bổ sung biên bản", root_cause="Chưa có mẫu", action_plan="Ban hành mẫu BM-05")
    action.implement(owner, implementation="Đã ban hành BM-05", similar_checked="Đã rà soát các hồ sơ khác")
    return action


@pytest.fixture
def item(running_audit, clause_92):
    return ChecklistItem.objects.create(audit=running_audit, clause=clause_92, question="Có kế hoạch đánh giá không?")

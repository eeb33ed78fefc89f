import datetime

import pytest

from tests.audits.factories import (
    YEAR,
    AuditFactory,
    ChecklistItemFactory,
    CorrectiveActionFactory,
    FindingFactory,
    ProgrammeFactory,
    clause,
)
from tests.qms.factories import ApproverFactory, AuditorFactory, DepartmentFactory, HeadFactory


@pytest.fixture
def audited(department):
    """The department under audit (Phòng Công chức, viên chức)."""
    return department


@pytest.fixture
def inspection(db):
    return DepartmentFactory(name="Thanh tra Sở", code="thanh-tra")


@pytest.fixture
def office(db):
    return DepartmentFactory(name="Văn phòng Sở", code="van-phong")


@pytest.fixture
def auditor(inspection):
    return AuditorFactory(username="danhgia", department=inspection, full_name="Phạm Thị Mai")


@pytest.fixture
def second_auditor(office):
    return AuditorFactory(username="danhgia2", department=office, full_name="Đỗ Quốc Bảo")


@pytest.fixture
def head(audited):
    return HeadFactory(username="truongphong", department=audited, full_name="Trần Văn Minh")


@pytest.fixture
def approver(office):
    return ApproverFactory(username="lanhdao", department=office, full_name="Lê Hoàng Nam")


@pytest.fixture
def programme(approver):
    return ProgrammeFactory(year=YEAR, approved_by=approver)


@pytest.fixture
def clause_92(db):
    return clause("9.2")


@pytest.fixture
def audit(programme, auditor, second_auditor, audited, clause_92):
    return AuditFactory(
        programme=programme,
        lead_auditor=auditor,
        departments=[audited],
        team=[second_auditor],
        clauses=[clause_92],
    )


@pytest.fixture
def running_audit(audit, auditor):
    audit.start(auditor)
    return audit


@pytest.fixture
def finding(running_audit, audited, clause_92, auditor):
    return FindingFactory(audit=running_audit, clause=clause_92, department=audited, recorded_by=auditor)


@pytest.fixture
def owner(staff_user):
    return staff_user


@pytest.fixture
def action(finding, auditor, owner):
    return CorrectiveActionFactory(
        finding=finding, raised_by=auditor, owner=owner, due_date=datetime.date.today() + datetime.timedelta(days=60)
    )


@pytest.fixture
def implemented_action(action, owner):
    action.plan(owner, correction="Bổ sung biên bản", root_cause="Chưa có mẫu", action_plan="Ban hành mẫu BM-05")
    action.implement(owner, implementation="Đã ban hành BM-05", similar_checked="Đã rà soát các hồ sơ khác")
    return action


@pytest.fixture
def item(running_audit, clause_92):
    return ChecklistItemFactory(audit=running_audit, clause=clause_92, question="Có kế hoạch đánh giá không?")

"""An auditor may not audit their own department (ISO 9001 9.2.2 c / 8.2.2)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from audits.models import Audit
from tests.qms.factories import AuditorFactory


def plan(programme, lead, **extra):
    return Audit(
        programme=programme,
        title="Đánh giá",
        scope="Phạm vi",
        criteria="TCVN ISO 9001:2015",
        planned_start=datetime.date(2026, 5, 1),
        planned_end=datetime.date(2026, 5, 2),
        lead_auditor=lead,
        **extra,
    )


def test_adding_the_lead_auditors_own_department_fails_naming_both(programme, auditor, inspection):
    audit = plan(programme, auditor)
    audit.save()
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        audit.departments.add(inspection)
    message = " ".join(caught.value.messages)
    assert "Phạm Thị Mai" in message and "Thanh tra Sở" in message
    assert not audit.departments.exists()


def test_adding_a_team_member_from_an_audited_department_fails(audit, audited):
    colleague = AuditorFactory(username="dg3", department=audited, full_name="Ngô Văn Tư")
    with pytest.raises(ValidationError, match="Ngô Văn Tư"), transaction.atomic():
        audit.team.add(colleague)
    assert not audit.team.filter(pk=colleague.pk).exists()


def test_model_clean_reports_a_conflict_made_by_moving_the_lead(audit, audited):
    audit.lead_auditor = AuditorFactory(username="dg4", department=audited, full_name="Bùi Thị Hoa")
    with pytest.raises(ValidationError, match="Bùi Thị Hoa"):
        audit.full_clean()


def test_independent_auditors_may_plan_the_audit(audit, audited):
    audit.full_clean()
    assert list(audit.departments.all()) == [audited]

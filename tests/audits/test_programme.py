"""The yearly programme is approved by an approver; audits move planned → in progress → reported → closed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import Audit, AuditProgramme, Finding, TransitionNotAllowed
from tests.audits.factories import AuditFactory, ProgrammeFactory
from tests.qms.factories import AuditorFactory


def test_approval_records_who_and_when_and_happens_once(approver, auditor):
    programme = ProgrammeFactory(year=2027, objectives="Mục tiêu")
    with pytest.raises(PermissionDenied):
        programme.approve(auditor)
    programme.refresh_from_db()
    assert programme.status == AuditProgramme.Status.DRAFT
    programme.approve(approver, reason="Họp giao ban")
    programme.refresh_from_db()
    assert programme.status == AuditProgramme.Status.APPROVED
    assert programme.approved_by == approver and programme.approved_at
    assert programme.history.first().history_change_reason == "Họp giao ban"
    with pytest.raises(TransitionNotAllowed):
        programme.approve(approver)


def test_audit_cannot_start_before_its_programme_is_approved(auditor, audited):
    audit = AuditFactory(programme=ProgrammeFactory(year=2028, objectives="Mục tiêu"), lead_auditor=auditor)
    with pytest.raises(ValidationError):
        audit.start(auditor)
    assert Audit.objects.get(pk=audit.pk).status == Audit.Status.PLANNED


def test_audit_lifecycle_and_closing_needs_an_action_for_each_nonconformity(running_audit, finding, auditor, owner):
    import datetime

    with pytest.raises(TransitionNotAllowed):
        running_audit.close(auditor)
    running_audit.report(auditor)
    assert running_audit.reported_on
    with pytest.raises(ValidationError, match=finding.number):
        running_audit.close(auditor)
    finding.raise_corrective_action(auditor, owner=owner, due_date=datetime.date(2026, 7, 1))
    running_audit.close(auditor)
    assert Audit.objects.get(pk=running_audit.pk).status == Audit.Status.CLOSED


def test_only_the_team_moves_the_audit(audit, office):
    outsider = AuditorFactory(username="dg9", department=office, full_name="Người ngoài")
    with pytest.raises(PermissionDenied):
        audit.start(outsider)
    assert audit.status == Audit.Status.PLANNED


def test_programme_shows_planned_against_done(programme, audit, running_audit, auditor):
    assert programme.progress()["planned"] == 1 and programme.progress()["done"] == 0
    running_audit.report(auditor)
    assert programme.progress()["done"] == 1
    assert Finding.objects.count() == 0

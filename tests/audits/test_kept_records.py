"""Audit records are never deleted, whatever the path: the admin offers no delete
view, and the models and their history refuse it too."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from audits.models import Audit, AuditProgramme, ChecklistItem, CorrectiveAction, Finding, Question, Verification
from qms.immutable import RecordKept


@pytest.fixture
def verified(implemented_action, second_auditor):
    return implemented_action.verify(
        second_auditor, effective=True, verified_on=timezone.localdate(), evidence="Đã kiểm tra BM-05"
    )


@pytest.mark.parametrize(
    "model", [AuditProgramme, Audit, Question, ChecklistItem, Finding, CorrectiveAction, Verification]
)
def test_audit_records_are_never_deleted(verified, item, model):
    record = model.objects.first() or model.objects.create(clause=item.clause, text="Có kế hoạch không?")
    with pytest.raises(RecordKept):
        model.objects.all().delete()
    with pytest.raises(RecordKept):
        record.delete()
    assert model.objects.filter(pk=record.pk).exists()


def test_findings_and_actions_stay_editable_until_closed(finding, action):
    Finding.objects.filter(pk=finding.pk).update(description="Mô tả bổ sung")
    action.due_date = action.due_date + datetime.timedelta(days=7)
    action.save()
    finding.refresh_from_db()
    assert finding.description == "Mô tả bổ sung"


def test_a_verification_is_never_changed(verified):
    with pytest.raises(RecordKept):
        Verification.objects.filter(pk=verified.pk).update(effective=False)
    verified.effective = False
    with pytest.raises(RecordKept):
        verified.save()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audits_verification SET effective = %s WHERE id = %s", [False, verified.pk])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audits_verification WHERE id = %s", [verified.pk])
    verified.refresh_from_db()
    assert verified.effective


def test_the_history_of_a_finding_is_never_deleted_or_changed(finding):
    row = finding.history.first()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audits_historicalfinding WHERE history_id = %s", [row.pk])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audits_historicalfinding SET description = %s WHERE history_id = %s", ["x", row.pk])
    assert finding.history.filter(pk=row.pk, description=row.description).exists()

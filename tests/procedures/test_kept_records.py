"""Nothing is ever lost: issues, signatures, acknowledgements and history rows refuse
deletion and rewriting, through the ORM and in raw SQL, on SQLite and PostgreSQL."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from procedures.models import Acknowledgement, Issue, IssueStatus, ReadingAssignment, Signature, SignatureVoid
from qms.immutable import RecordKept
from tests.procedures.control_helpers import issue_now


def run_sql(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@pytest.fixture
def kept(client, org, make_document, django_capture_on_commit_callbacks):
    """An issue with its signatures, a voided signature and a read-and-understood confirmation."""
    document = make_document()
    issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
    reading, _ = ReadingAssignment.objects.get_or_create(issue=issue, user=org["staff"])
    acknowledgement = Acknowledgement.objects.create(
        issue=issue, user=org["staff"], opened_at=reading.assigned_at, acknowledged_at=timezone.now()
    )
    signature = issue.signatures.first()
    void = SignatureVoid.objects.create(signature=signature, reason="changed_after_signing", voided_at=timezone.now())
    return {Issue: issue, Signature: signature, SignatureVoid: void, Acknowledgement: acknowledgement}


# A column each model never lets change, and a value to try.
FIXED = {Issue: ("body_html", "<p>giả mạo</p>"), Signature: ("printed_name", "Người khác"),
         SignatureVoid: ("reason", "khác"), Acknowledgement: ("opened_at", timezone.now())}  # fmt: skip

MODELS = list(FIXED)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_orm_refuses_to_delete_or_change(kept, model):
    record = kept[model]
    field, value = FIXED[model]
    with pytest.raises(RecordKept):
        record.delete()
    with pytest.raises(RecordKept):
        model.objects.all().delete()
    with pytest.raises(RecordKept):
        model.objects.filter(pk=record.pk).update(**{field: value})
    setattr(record, field, value)
    with pytest.raises(RecordKept):
        record.save()
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_database_refuses_to_delete_or_change(kept, model):
    record = kept[model]
    table = model._meta.db_table
    column = model._meta.get_field(FIXED[model][0]).column
    with pytest.raises(IntegrityError), transaction.atomic():
        run_sql(f"DELETE FROM {table} WHERE id = %s", [record.pk])  # noqa: S608
    with pytest.raises(IntegrityError), transaction.atomic():
        run_sql(f"UPDATE {table} SET {column} = %s WHERE id = %s", [FIXED[model][1], record.pk])  # noqa: S608
    with pytest.raises(IntegrityError), transaction.atomic():
        run_sql(f"DELETE FROM {table}", [])  # noqa: S608
    assert model.objects.filter(pk=record.pk).exists()
    record.refresh_from_db()
    assert getattr(record, FIXED[model][0]) != FIXED[model][1]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_database_refuses_to_delete_or_change_history_rows(kept, model):
    history = model.history.model
    row = history.objects.filter(id=kept[model].pk).first()
    table = history._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic():
        run_sql(f"DELETE FROM {table} WHERE history_id = %s", [row.pk])  # noqa: S608
    with pytest.raises(IntegrityError), transaction.atomic():
        run_sql(f"UPDATE {table} SET history_change_reason = %s WHERE history_id = %s", ["sửa", row.pk])  # noqa: S608
    with pytest.raises(IntegrityError), transaction.atomic():
        history.objects.filter(pk=row.pk).delete()
    assert history.objects.filter(pk=row.pk, history_change_reason=row.history_change_reason).exists()


def test_an_issue_moves_through_its_states_in_sql_but_says_nothing_new(kept):
    issue = kept[Issue]
    now = timezone.now()
    moved = run_sql(
        "UPDATE procedures_issue SET status = %s, withdrawn_at = %s, withdrawal_reason = %s WHERE id = %s",
        [IssueStatus.WITHDRAWN, now, "Hết hiệu lực", issue.pk],
    )
    assert moved == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        run_sql("UPDATE procedures_issue SET status = %s, code = %s WHERE id = %s", ["current", "QT-99", issue.pk])
    issue.refresh_from_db()
    assert (issue.status, issue.code) == (IssueStatus.WITHDRAWN, "QT-01")

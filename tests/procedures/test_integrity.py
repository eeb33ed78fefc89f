"""The trail is tamper-evident: altering, deleting or reordering rows by hand in SQL is found and named."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from procedures.models import Issue, Signature
from qms import db_guards
from qms.models import ChainEntry


def verify():
    out = StringIO()
    call_command("verify_integrity", stdout=out, stderr=StringIO())
    return out.getvalue()


def problems():
    """What verify_integrity names, one line each (it must fail)."""
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_integrity", stdout=StringIO(), stderr=err)
    return err.getvalue()


def run_sql(sql, params, guarded_table=None):
    """An intruder writing the database; with the owner's rights, they drop the guard triggers of
    ``guarded_table`` first (qms.db_guards; the test's transaction puts them back)."""
    if guarded_table:
        db_guards.remove(connection, guarded_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_untouched_trail_verifies(issued):
    assert ChainEntry.objects.filter(content_type__model="signature").count() == Signature.objects.count() == 6
    assert "intact" in verify()


def test_a_signature_altered_in_sql_is_named(issued):
    signature = Signature.objects.filter(meaning="approved").first()
    run_sql(
        "UPDATE procedures_signature SET printed_name = %s WHERE id = %s",
        ["Người giả mạo", signature.pk],
        "procedures_signature",
    )
    with pytest.raises(CommandError, match=f"procedures.Signature #{signature.pk}: the record was altered"):
        verify()


def test_an_issue_body_altered_in_sql_is_named(issued):
    run_sql("UPDATE procedures_issue SET body_html = %s WHERE id = %s", ["<p>khác</p>", issued.pk], "procedures_issue")
    with pytest.raises(CommandError, match=f"procedures.Issue #{issued.pk}: the record was altered"):
        verify()


def test_a_deleted_history_row_is_named(issued):
    row = Issue.history.order_by("history_id").first()
    run_sql(
        "DELETE FROM procedures_historicalissue WHERE history_id = %s", [row.history_id], "procedures_historicalissue"
    )
    with pytest.raises(CommandError, match=f"procedures.HistoricalIssue #{row.history_id}: the record was deleted"):
        verify()


def test_reordered_chain_entries_break_the_chain(issued):
    first, second = ChainEntry.objects.order_by("pk")[:2]
    sql = "UPDATE qms_chainentry SET content_type_id = %s, object_pk = %s, record_hash = %s WHERE id = %s"
    run_sql(sql, [first.content_type_id, "moving", first.record_hash, first.pk])
    run_sql(sql, [first.content_type_id, first.object_pk, first.record_hash, second.pk])
    run_sql(sql, [second.content_type_id, second.object_pk, second.record_hash, first.pk])
    found = problems()
    assert "the chain is broken" in found
    assert f"#{first.object_pk}" in found.splitlines()[0] or f"#{second.object_pk}" in found.splitlines()[0]


def test_a_row_inserted_by_hand_is_named(issued):
    entry = ChainEntry.objects.filter(content_type__model="signature").order_by("-pk").first()
    run_sql("DELETE FROM qms_chainentry WHERE id = %s", [entry.pk])
    assert f"procedures.Signature #{entry.object_pk}: the record is not in the chain" in problems()


def test_issue_status_moves_do_not_break_the_trail(issued):
    # The first issue was superseded after it was chained: allowed, and recorded in its history.
    assert Issue.objects.filter(status="superseded").exists()
    assert "intact" in verify()

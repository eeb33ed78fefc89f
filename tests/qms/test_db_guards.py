"""The database guards every table of a record kept for good, and a flush still empties them."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from qms import db_guards
from qms.models import Department
from tests.qms.factories import first_agency


def test_every_append_only_and_history_table_has_its_triggers(db):
    tables = dict(db_guards.guarded_tables(apps.get_models()))
    assert {
        "procedures_issue",
        "procedures_signature",
        "procedures_signaturevoid",
        "procedures_acknowledgement",
    } <= set(tables)
    assert {"qms_historicaluser", "procedures_historicalissue", "audits_historicalfinding"} <= set(tables)
    present = db_guards.installed(connection)
    missing = [
        table
        for table in tables
        if not {db_guards.trigger_name(table, "delete"), db_guards.trigger_name(table, "update")} <= present
    ]
    assert missing == []


def test_a_table_rebuilt_without_its_triggers_gets_them_back_after_migrate(db):
    db_guards.remove(connection, "qms_historicaldepartment")
    db_guards.ensure_all()
    department = Department.objects.create(agency=first_agency(), name="Phòng Thử")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM qms_historicaldepartment WHERE id = %s", [department.pk])


@pytest.mark.django_db(transaction=True)
def test_flush_empties_guarded_tables_and_leaves_them_guarded():
    department = Department.objects.create(agency=first_agency(), name="Phòng Thử")
    history = department.history.model
    assert history.objects.filter(id=department.pk).exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not history.objects.filter(id=department.pk).exists()
    department = Department.objects.create(agency=first_agency(), name="Phòng Thử lại")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM qms_historicaldepartment WHERE id = %s", [department.pk])
    assert history.objects.filter(id=department.pk).exists()

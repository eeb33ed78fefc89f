"""`manage.py restore_drill` at small size: a backup (pg_dump + the stored objects) restored
into a scratch database and a scratch directory or bucket, checked there; any mismatch fails it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from procedures.copies import printing
from procedures.models import CopyKind
from qms import restore_drill, storage

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def drill(**options):
    out, err = StringIO(), StringIO()
    try:
        call_command("restore_drill", stdout=out, stderr=err, **options)
    except CommandError as failed:
        return False, out.getvalue(), err.getvalue() + str(failed)
    return True, out.getvalue(), err.getvalue()


def scratch_databases():
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", ["%\\_drill\\_%"])
        return [row[0] for row in cursor.fetchall()]


def test_a_backup_restores_into_a_scratch_database_and_directory_and_verifies(issued):
    copy = printing.get_or_render(issued, CopyKind.UNCONTROLLED)
    stored = storage.stored_names()
    assert copy.file.name in stored
    passed, out, err = drill()
    assert passed, out + err
    assert "Backup: database test_" in out
    assert "Restore: into scratch database test_" in out and "scratch directory" in out
    assert f"Stored files: {len(stored)} restored, {len(stored)} match their backup SHA-256" in out
    assert "verify_integrity: Integrity check passed" in out
    assert "Restore drill PASSED" in out
    assert scratch_databases() == []


def test_a_file_that_does_not_come_back_as_backed_up_fails_the_drill(issued, monkeypatch):
    copy = printing.get_or_render(issued, CopyKind.UNCONTROLLED)
    fill = restore_drill.ScratchStorage.fill

    def damaging_fill(self, objects, manifest):
        fill(self, objects, manifest)
        with self.storage.open(copy.file.name, "wb") as handle:
            handle.write(b"%PDF-1.7 damaged in transit")

    monkeypatch.setattr(restore_drill.ScratchStorage, "fill", damaging_fill)
    passed, out, err = drill()
    assert not passed
    assert f"stored file {copy.file.name} does not match its backup (SHA-256)" in err
    assert f"procedures.RenderedCopy #{copy.pk}: its stored file {copy.file.name} was replaced" in err
    assert "Restore drill FAILED" in err
    assert scratch_databases() == []


def test_in_object_storage_a_replaced_object_fails_the_drill(issued, s3_server, object_storage):
    copy = printing.get_or_render(issued, CopyKind.UNCONTROLLED)
    s3 = s3_server.client()
    s3.put_object(Bucket=object_storage, Key=copy.file.name, Body=b"%PDF-1.7 replaced in the bucket")
    passed, out, err = drill()
    assert not passed
    assert "scratch bucket qms-test-" in out
    stored = len(storage.stored_names())
    assert f"Stored files: {stored} restored, {stored} match their backup SHA-256" in out
    assert f"procedures.RenderedCopy #{copy.pk}: its stored file {copy.file.name} was replaced" in err
    # The scratch bucket and database are gone; the source bucket is as it was.
    assert [b["Name"] for b in s3.list_buckets()["Buckets"] if "-drill-" in b["Name"]] == []
    assert scratch_databases() == []
    assert s3.get_object(Bucket=object_storage, Key=copy.file.name)["Body"].read().endswith(b"in the bucket")

"""An export of many PDFs renders in slices at a low priority: a render or a mail queued meanwhile does
not wait for the whole export (procedures/copies/exports.py)."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from procedures.copies.exports import EXPORT_PRIORITY
from procedures.models import CopyExport, CopyExportStatus, CopyKind, RenderedCopy
from qms.notifications import send_notification_emails
from tests.procedures.test_worker_killed import DATABASE_TASKS, issue_documents, start_export


def work(**options):
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1, stdout=io.StringIO(), **options)


@pytest.mark.django_db(transaction=True)
def test_an_export_renders_in_slices_and_a_mail_queued_meanwhile_goes_first(client, org, section, settings):
    documents = issue_documents(section, org, count=3)
    settings.TASKS = DATABASE_TASKS
    settings.QMS_EXPORT_SLICE_SECONDS = 0  # one copy a slice
    export, first = start_export(client, org)
    assert first.priority == EXPORT_PRIORITY < 0

    work(max_tasks=1)
    export.refresh_from_db()
    assert (export.status, export.done, export.total) == (CopyExportStatus.RUNNING, 1, 3)
    assert not export.file
    # Someone's mail, queued after the export's next slice.
    mail = DBTaskResult.objects.get(pk=send_notification_emails.enqueue([]).id)

    work()

    export.refresh_from_db()
    assert (export.status, export.done, export.total) == (CopyExportStatus.DONE, 3, 3)
    slices = list(DBTaskResult.objects.filter(task_path=first.task_path).order_by("started_at"))
    assert [s.status for s in slices] == ["SUCCESSFUL"] * 3
    mail.refresh_from_db()
    assert mail.status == "SUCCESSFUL"
    assert mail.started_at < slices[1].started_at
    with export.file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == len(documents)
    assert RenderedCopy.objects.filter(kind=CopyKind.UNCONTROLLED).count() == len(documents)


@pytest.mark.django_db
def test_without_a_queue_an_export_still_runs_to_the_end(
    client, org, section, settings, django_capture_on_commit_callbacks
):
    # The embedded default (immediate tasks, `make run`): each slice enqueues the next, which runs at once.
    documents = issue_documents(section, org, count=3)
    settings.QMS_EXPORT_SLICE_SECONDS = 0
    client.force_login(org["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/qms/exports/", {"department": "", "document_type": ""})
    assert response.status_code == 302
    export = CopyExport.objects.get()
    assert (export.status, export.done, export.total) == (CopyExportStatus.DONE, 3, 3)
    with export.file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == len(documents)

"""A task worker killed in the middle of a job: the job goes back in the queue
(by the next worker, or by the daily duty) and runs to completion once, with
no duplicate file or row."""

import datetime
import io
import os
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from procedures.copies.exports import run_export
from procedures.models import CopyExport, CopyExportStatus, CopyKind, RenderedCopy
from qms import worker
from tests.procedures.factories import make_issued_document
from tests.procedures.processes import wait_for

DATABASE_TASKS = {"default": {"BACKEND": "qms.task_backend.DatabaseBackend"}}


def issue_documents(section, org, count=3):
    return [
        make_issued_document(section, org["approver"], title=f"Quy trình số {n}", department=org["ccvc"])
        for n in range(1, count + 1)
    ]


def start_export(client, org):
    client.force_login(org["secretary"])
    response = client.post("/admin/qms/exports/", {"department": "", "document_type": ""})
    assert response.status_code == 302
    return CopyExport.objects.get(), DBTaskResult.objects.get(task_path="procedures.copies.exports.run_export")


def files_under(folder):
    root = default_storage.path(folder)
    return sorted(name for _dirs, _subdirs, names in os.walk(root) for name in names)


def lock_released(task_id):
    """Whether the database has dropped the task's lock (it does so as soon as it
    notices that the worker's connection is gone)."""
    key = worker.lock_key(task_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        free = cursor.fetchone()[0]
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    return free


def finished(task, export):
    """The killed (or held) task has succeeded and the export is done (a later slice may finish it)."""
    return (
        DBTaskResult.objects.get(pk=task.pk).status == "SUCCESSFUL"
        and CopyExport.objects.get(pk=export.pk).status == CopyExportStatus.DONE
    )


def kill_mid_export(processes, export, task):
    # One slice for the whole export (tests/procedures/test_export_slices.py has the slices): the task
    # killed is the export's only task so far.
    first = processes.worker("worker-1", QMS_TEST_COPY_DELAY=2, QMS_EXPORT_SLICE_SECONDS=600)
    wait_for(lambda: CopyExport.objects.filter(pk=export.pk, done__gte=1).exists(), message="the export to start")
    processes.kill(first)
    wait_for(lambda: lock_released(task.pk), message="the database to drop the dead worker's lock")
    task.refresh_from_db()
    export.refresh_from_db()
    assert task.status == "RUNNING" and task.worker_ids == ["worker-1"]
    assert export.status == CopyExportStatus.RUNNING and export.done < export.total


def assert_finished_once(export, task, documents):
    task.refresh_from_db()
    export.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids == ["worker-1", "worker-2"]
    assert (export.status, export.done, export.total) == (CopyExportStatus.DONE, 3, 3)
    assert len(files_under(f"exports/{export.pk}")) == 1
    with export.file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == len(documents)
    # One uncontrolled copy per issue, however many runs asked for it.
    assert RenderedCopy.objects.filter(kind=CopyKind.UNCONTROLLED).count() == len(documents)
    assert len(files_under("copies")) == len(documents)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_next_worker_reruns_the_job_of_a_killed_worker_to_completion_once(
    client, org, section, settings, processes
):
    documents = issue_documents(section, org)
    settings.TASKS = DATABASE_TASKS
    export, task = start_export(client, org)
    kill_mid_export(processes, export, task)

    processes.worker("worker-2")
    wait_for(lambda: finished(task, export), message="the export to finish")
    assert_finished_once(export, task, documents)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_daily_duty_requeues_the_job_of_a_killed_worker(client, org, section, settings, processes):
    documents = issue_documents(section, org)
    settings.TASKS = DATABASE_TASKS
    export, task = start_export(client, org)
    kill_mid_export(processes, export, task)

    out = io.StringIO()
    call_command("qms_daily", stdout=out)
    assert "abandoned background tasks requeued: 1" in out.getvalue()
    task.refresh_from_db()
    assert task.status == "READY"

    processes.worker("worker-2")
    wait_for(lambda: finished(task, export), message="the export to finish")
    assert_finished_once(export, task, documents)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_starting_while_another_runs_a_long_job_leaves_that_job_alone(
    client, org, section, settings, processes, tmp_path
):
    documents = issue_documents(section, org)
    settings.TASKS = DATABASE_TASKS
    export, task = start_export(client, org)
    gate = tmp_path / "hold-the-first-copy"
    gate.touch()
    first = processes.worker("worker-1", QMS_TEST_COPY_GATE=gate)
    wait_for(
        lambda: CopyExport.objects.filter(pk=export.pk, status=CopyExportStatus.RUNNING).exists(),
        message="worker-1 to start the export",
    )

    second = processes.worker("worker-2")
    wait_for(lambda: "requeued by worker-2: 0" in processes.output(second), message="worker-2 to look for dead workers")
    task.refresh_from_db()
    assert task.status == "RUNNING" and task.worker_ids == ["worker-1"]

    gate.unlink()
    wait_for(lambda: finished(task, export), message="the export to finish")
    task.refresh_from_db()
    assert task.worker_ids == ["worker-1"]
    assert first.poll() is None
    assert len(files_under(f"exports/{export.pk}")) == 1
    assert RenderedCopy.objects.filter(kind=CopyKind.UNCONTROLLED).count() == len(documents)


def running_task(started_at=None):
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [0], "kwargs": {}},
        task_path="procedures.copies.exports.run_export",
        backend_name="default",
        run_after=timezone.now(),
    )
    result.claim("worker-gone")
    if started_at is not None:
        DBTaskResult.objects.filter(pk=result.pk).update(started_at=started_at)
    return result


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_is_alive_stays_running_however_long_it_takes():
    task = running_task(started_at=timezone.now() - datetime.timedelta(days=2))
    alive = connections.create_connection("default")  # the worker's own lock connection
    try:
        with alive.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [worker.lock_key(task.pk)])
        assert worker.requeue_abandoned() == 0
        task.refresh_from_db()
        assert task.status == "RUNNING"
    finally:
        alive.close()  # the worker dies: the database drops its lock
    wait_for(lambda: lock_released(task.pk), message="the database to drop the lock")
    assert worker.requeue_abandoned() == 1
    task.refresh_from_db()
    assert task.status == "READY"


@pytest.mark.django_db
def test_without_postgresql_a_task_running_longer_than_the_setting_is_requeued(settings):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL tells a dead worker by its lock, not by time")
    settings.TASKS_ABANDONED_AFTER_MINUTES = 30
    recent = running_task(started_at=timezone.now() - datetime.timedelta(minutes=10))
    stale = running_task(started_at=timezone.now() - datetime.timedelta(minutes=31))
    assert worker.requeue_abandoned() == 1
    assert DBTaskResult.objects.get(pk=recent.pk).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=stale.pk).status == "READY"


@pytest.mark.django_db
def test_a_rerun_export_replaces_the_zip_its_killed_run_left_unrecorded(org, section):
    issue_documents(section, org, count=1)
    export = CopyExport.objects.create(requested_by=org["secretary"], status=CopyExportStatus.RUNNING)
    stamp = timezone.localtime(export.requested_at).strftime("%Y%m%d-%H%M")
    default_storage.save(f"exports/{export.pk}/tai-lieu-hien-hanh-{stamp}.zip", ContentFile(b"half a zip"))

    run_export.call(export.pk)

    export.refresh_from_db()
    assert export.status == CopyExportStatus.DONE
    assert files_under(f"exports/{export.pk}") == [f"tai-lieu-hien-hanh-{stamp}.zip"]
    with export.file.open("rb") as handle:
        assert zipfile.is_zipfile(handle)


@pytest.mark.django_db
def test_notification_emails_run_again_send_nothing_twice(org, mailoutbox):
    from qms.notifications import notify, send_notification_emails

    for username in ("staff", "head"):
        org[username].email = f"{org[username].username}@sonoivu.gov.vn"
        org[username].save()
    params = {"code": "QT-01", "title": "Quy trình tuyển dụng công chức"}
    created = notify([org["staff"], org["head"]], "document_issued", params, email=False)
    ids = [n.pk for n in created]
    send_notification_emails.call(ids)
    assert sorted(m.to[0] for m in mailoutbox) == ["nhanvien@sonoivu.gov.vn", "truongphong@sonoivu.gov.vn"]
    # The worker died after its last email; the task runs again from the start.
    send_notification_emails.call(ids)
    assert len(mailoutbox) == 2

"""A task enqueued in the middle of a request enters the queue when the request commits
(qms/task_backend.py): its queue delay is the time it waited for a worker."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from qms.notifications import send_notification_emails
from tests.procedures.test_worker_killed import DATABASE_TASKS


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() at a moment the test moves."""
    moment = [timezone.now()]
    monkeypatch.setattr(timezone, "now", lambda: moment[0])
    return moment


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_in_a_transaction_enters_the_queue_at_the_commit(settings, clock):
    settings.TASKS = DATABASE_TASKS
    began = clock[0]
    with transaction.atomic():
        task_id = send_notification_emails.enqueue([]).id
        assert DBTaskResult.objects.get(pk=task_id).enqueued_at == began
        clock[0] = began + datetime.timedelta(seconds=20)  # the rest of a long request
    row = DBTaskResult.objects.get(pk=task_id)
    assert (row.status, row.enqueued_at) == ("READY", began + datetime.timedelta(seconds=20))


@pytest.mark.django_db(transaction=True)
def test_a_task_outside_a_transaction_keeps_its_time_and_a_rolled_back_one_is_not_queued(settings, clock):
    settings.TASKS = DATABASE_TASKS
    began = clock[0]
    task_id = send_notification_emails.enqueue([]).id
    clock[0] = began + datetime.timedelta(seconds=20)
    assert DBTaskResult.objects.get(pk=task_id).enqueued_at == began

    with pytest.raises(RuntimeError), transaction.atomic():
        send_notification_emails.enqueue([])
        raise RuntimeError("the request failed")
    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [str(task_id)]

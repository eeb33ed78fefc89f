"""The task queue's backend: django-tasks-db's, with a task's place in the queue taken at its commit.

With ATOMIC_REQUESTS every request is one transaction, and Wagtail's own
signal handlers (the search index and the reference index) enqueue a task at
each save, in the middle of it. django-tasks-db writes the task's row right
there and stamps ``enqueued_at`` with that moment, but no worker can see the
row before the request commits: an approval that issues an edition commits
seconds after its page was published. The row is still written in the
transaction, so a task exists if and only if its transaction committed (an
insert after the commit would lose the task of a process that dies in
between); only its ``enqueued_at`` is moved to the commit. So:

- a worker takes the tasks of one priority in the order they entered the
  queue (the model orders by priority, run_after, enqueued_at), not in the
  order their requests began;
- the queue delay (``started_at - enqueued_at``), in the admin's task list and
  in the benchmarks, is the time a task waited for a worker, not the rest of
  the request that enqueued it.

django-tasks has no option for this. Async enqueues (``aenqueue``) are left as
they are: nothing here enqueues from async code.
"""

import functools

from django.db import router, transaction
from django.utils import timezone
from django_tasks_db import backend
from django_tasks_db.compat import TaskResultStatus


class DatabaseBackend(backend.DatabaseBackend):
    def _task_to_db_task(self, task, args, kwargs):
        row = super()._task_to_db_task(task, args, kwargs)
        using = router.db_for_write(type(row))
        if transaction.get_connection(using).in_atomic_block:
            transaction.on_commit(functools.partial(entered_queue, type(row), row.pk, using), using=using)
        return row


def entered_queue(model, pk, using):
    """The task's transaction has committed: it is in the queue from now (unless a worker already took it)."""
    model.objects.using(using).filter(pk=pk, status=TaskResultStatus.READY).update(enqueued_at=timezone.now())

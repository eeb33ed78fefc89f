"""Background tasks survive a worker that dies mid-job.

django-tasks-db marks a task RUNNING when a worker claims it and leaves it so
for ever if that worker is killed (SIGKILL, out of memory, power cut): no
other worker would run it again. This module finds such abandoned tasks and
puts them back in the queue (RUNNING -> READY), where the next worker picks
them up. Every task is written to be run again safely (see docs/operations.md).

- PostgreSQL: while it runs a task, the worker holds a session-level advisory
  lock named after the task, on a connection of its own, taken before its
  claim commits. The database releases the lock the moment the worker's
  connection ends, however it dies; a RUNNING task whose lock can be taken
  has no live worker.
- Other databases (SQLite): a task RUNNING for longer than
  TASKS_ABANDONED_AFTER_MINUTES is taken as abandoned.

`manage.py db_worker` (qms/management/commands/db_worker.py) takes the locks
and requeues abandoned tasks when it starts and every minute after;
`manage.py qms_daily` requeues them too.

Why not RQ, which has a registry of started jobs (django-tasks-rq): measured
with bench/queue.py, it loses a killed worker's job as shipped (RQ reruns an
abandoned job only if it has retries left), needs our own classes to lose
nothing and then reruns it 60 s+ later, and an installation without Redis
would still need this module. docs/reliability.md, "Why the task queue stays
in the database".
"""

import datetime
import logging
import random
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.management.commands.db_worker import logger as worker_logger
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger(__name__)

DEFAULT_ABANDONED_AFTER_MINUTES = 60


def lock_key(task_id):
    """The advisory lock key of a task: the first 64 bits of its UUID, signed."""
    key = task_id.int >> 64
    return key - (1 << 64) if key >= (1 << 63) else key


def abandoned_after():
    return datetime.timedelta(
        minutes=getattr(settings, "TASKS_ABANDONED_AFTER_MINUTES", DEFAULT_ABANDONED_AFTER_MINUTES)
    )


def requeue_abandoned(today=None, stdout=None, *, using="default"):
    """Put back in the queue every RUNNING task whose worker is gone. Returns how many.

    Also a daily duty (its signature is (today, stdout)); safe at any moment,
    from any process that is not the worker running the task.
    """
    connection = connections[using]
    running = DBTaskResult.objects.using(using).running()
    if connection.vendor == "postgresql":
        requeued = 0
        for task_id in running.values_list("pk", flat=True):
            key = lock_key(task_id)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
                if not cursor.fetchone()[0]:
                    continue  # its worker is alive and holds the lock
                try:
                    requeued += reset(task_id, using)
                finally:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    else:
        stale = running.filter(started_at__lt=timezone.now() - abandoned_after())
        requeued = sum(reset(task_id, using) for task_id in stale.values_list("pk", flat=True))
    if requeued:
        logger.warning("Requeued %s task(s) abandoned by a worker that stopped", requeued)
    if stdout is not None:
        stdout.write(f"  abandoned background tasks requeued: {requeued}")
    return requeued


def reset(task_id, using):
    # Still RUNNING now that nobody holds it (it may have finished meanwhile).
    with transaction.atomic(using=using):
        return (
            DBTaskResult.objects.using(using)
            .filter(pk=task_id, status=TaskResultStatus.RUNNING)
            .update(status=TaskResultStatus.READY)
        )


class TaskLocks:
    """Advisory locks on a connection of the worker's own, which nothing else closes."""

    def __init__(self, using):
        self.connection = None
        if connections[using].vendor == "postgresql":
            self.connection = connections.create_connection(using)

    def acquire(self, task_id):
        if self.connection is None:
            return
        try:
            self.execute("SELECT pg_advisory_lock(%s)", task_id)
        except (OperationalError, InterfaceError):
            # The lock connection broke (database restarted): open it again.
            self.connection.close()
            self.execute("SELECT pg_advisory_lock(%s)", task_id)

    def release(self, task_id):
        if self.connection is None:
            return
        try:
            self.execute("SELECT pg_advisory_unlock(%s)", task_id)
        except (OperationalError, InterfaceError):
            # A broken connection holds no lock any more.
            self.connection.close()

    def execute(self, sql, task_id):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [lock_key(task_id)])

    def close(self):
        if self.connection is not None:
            self.connection.close()


class RecoveringWorker(Worker):
    """django-tasks-db's worker, plus the lock held while a task runs and the
    periodic requeue of tasks whose worker died."""

    def __init__(self, *, recover_every=60.0, **kwargs):
        super().__init__(**kwargs)
        self.recover_every = recover_every
        self.next_recovery = 0.0
        self.locks = None

    def recover(self):
        if time.monotonic() < self.next_recovery:
            return
        first = not self.next_recovery
        self.next_recovery = time.monotonic() + self.recover_every
        try:
            count = requeue_abandoned()
        except OperationalError:
            worker_logger.exception("Could not look for abandoned tasks; trying again later")
            return
        worker_logger.log(
            logging.INFO if first else logging.DEBUG, "Tasks of dead workers requeued by %s: %d", self.worker_id, count
        )

    def run(self):
        self.locks = TaskLocks("default")
        try:
            self.loop()
        finally:
            self.locks.close()

    def loop(self):
        # django-tasks-db 0.13's Worker.run, with the task's lock taken before
        # the claim commits and the recovery of abandoned tasks.
        worker_logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads workers started together
        while self.running:
            close_old_connections()
            self.recover()

            tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
            if not self.process_all_queues:
                tasks = tasks.filter(queue_name__in=self.queue_names)
            if self.excluded_queue_names:
                tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)

            task_result = None
            with exclusive_transaction(tasks.db):
                try:
                    task_result = tasks.get_locked()
                    retrieved_task_result = True
                    if task_result is not None:
                        self.locks.acquire(task_result.pk)
                        task_result.claim(self.worker_id)
                except OperationalError as e:
                    retrieved_task_result = False
                    if task_result is not None:
                        self.locks.release(task_result.pk)
                    if is_locked_database_exception(e):
                        task_result = None
                    else:
                        raise

            if task_result is not None:
                try:
                    self.run_task(task_result)
                finally:
                    self.locks.release(task_result.pk)

            if self.batch and retrieved_task_result and task_result is None:
                worker_logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                worker_logger.info("Ran %d tasks, the maximum: worker=%s exits.", self._run_tasks, self.worker_id)
                return
            close_old_connections()
            if self.running and not task_result:
                time.sleep(self.interval)

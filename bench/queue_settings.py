"""Settings of the processes of bench/queue.py: production-like (DEBUG off),
on the benchmark's own PostgreSQL database (DATABASE_URL), with the task
backend chosen by BENCH_QUEUE_BACKEND:

- ``database``: django-tasks-db and `manage.py db_worker` (qms/worker.py);
- ``rq``: django-tasks-rq as shipped, `manage.py rqworker`;
- ``rq-retry``: the same with every job given RQ retries and workers that
  look for abandoned jobs every few seconds (bench/queue_tasks.py), the least
  that makes RQ run again the job of a killed worker.
"""

import os

from qms.settings.dev import *  # noqa: F403

DEBUG = False
BACKEND = os.environ.get("BENCH_QUEUE_BACKEND", "database")
if BACKEND == "database":
    TASKS = {"default": {"BACKEND": "qms.task_backend.DatabaseBackend"}}
else:
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]  # noqa: F405
    queue = {"URL": os.environ.get("BENCH_QUEUE_REDIS_URL", "redis://127.0.0.1:6379/10")}
    if BACKEND == "rq-retry":
        queue["QUEUE_CLASS"] = "bench.queue_tasks.RetryingQueue"
    RQ_QUEUES = {"default": queue}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

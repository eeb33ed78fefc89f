"""The tasks of bench/queue.py, and the two RQ classes its ``rq-retry``
variant needs. Each run of a task appends a start and an end line to the
file BENCH_QUEUE_LOG ("S number pid" / "E number pid"; appends of one short
line are atomic), so the benchmark can count the tasks lost (no end line)
and run twice (two end lines), and tell which process is in a task."""

import os
import time

from django_rq.queues import DjangoRQ
from django_tasks import task
from rq import Retry
from rq.worker import Worker

PDF_HTML = "<h1>Quy trình tiếp nhận hồ sơ</h1>" + "<p>Bước xử lý, trách nhiệm, thời hạn.</p>" * 200


def log(line):
    fd = os.open(os.environ["BENCH_QUEUE_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, f"{line}\n".encode())
    finally:
        os.close(fd)


@task()
def tick(number, kind):
    log(f"S {number} {os.getpid()}")
    if kind == "pdf":
        from weasyprint import HTML

        HTML(string=PDF_HTML).write_pdf()
    else:
        time.sleep(0.02)
    log(f"E {number} {os.getpid()}")


class RetryingQueue(DjangoRQ):
    """Every job may run three more times: RQ requeues an abandoned job only if it has retries left."""

    def create_job(self, *args, **kwargs):
        kwargs.setdefault("retry", Retry(max=3))
        return super().create_job(*args, **kwargs)


class QuickRecoveryWorker(Worker):
    """RQ's worker, looking for abandoned jobs every 5 s (default 10 min); a
    job is abandoned once its heartbeat is 60 s (fixed in RQ) + 5 s late."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("maintenance_interval", 5)
        kwargs.setdefault("job_monitoring_interval", 5)
        super().__init__(*args, **kwargs)

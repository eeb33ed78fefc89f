"""Background tasks under a killed worker: the database backend
(django-tasks-db + qms/worker.py) against RQ (django-tasks-rq).

    .venv/bin/python -m bench queue            # or: python -m bench.queue [--small 500 --pdfs 20]

For each backend: enqueue SMALL small tasks (20 ms each) and PDFS PDF renders
(WeasyPrint, one page set each), start two workers, SIGKILL one of them (and
RQ's work horse, its child in a process group of its own: the machine died)
while it is in a task, once a third of the tasks are done; then wait for the
survivor to drain the queue (at most --timeout seconds). Reports the tasks
lost (never finished), run to the end twice, and the time to drain.

Backends: ``database`` (db_worker --recover-every 5), ``rq`` (django-tasks-rq
as shipped: rqworker --job-class django_tasks_rq.Job) and ``rq-retry`` (RQ
with retries and a 5 s maintenance interval, bench/queue_tasks.py).

Needs PostgreSQL (BENCH_QUEUE_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/qms_queue, migrated on first use) and
Redis (BENCH_QUEUE_REDIS_URL, default redis://127.0.0.1:6379/10, emptied).
The run fails (exit 1) if the database backend loses a task: that is the
guarantee the project relies on.
"""

import argparse
import collections
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_QUEUE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qms_queue")
REDIS_URL = os.environ.get("BENCH_QUEUE_REDIS_URL", "redis://127.0.0.1:6379/10")
BACKENDS = ("database", "rq", "rq-retry")


def environment(backend, log):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.queue_settings",
        DATABASE_URL=DATABASE_URL,
        BENCH_QUEUE_BACKEND=backend,
        BENCH_QUEUE_REDIS_URL=REDIS_URL,
        BENCH_QUEUE_LOG=str(log),
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    return env


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def worker_command(backend, name):
    if backend == "database":
        return ["db_worker", "--interval", "0.1", "--no-startup-delay", "--recover-every", "5", "--worker-id", name]
    command = ["rqworker", "--job-class", "django_tasks_rq.Job", "--name", name]
    if backend == "rq-retry":
        command += ["--worker-class", "bench.queue_tasks.QuickRecoveryWorker"]
    return [*command, "default"]


ENQUEUE = """
import sys, time
from bench.queue_tasks import tick
began = time.monotonic()
small, pdfs = int(sys.argv[1]), int(sys.argv[2])
every = max(1, small // max(1, pdfs))
number = 0
for n in range(small):
    tick.enqueue(number, "small"); number += 1
    if pdfs and n % every == 0 and number < small + pdfs:
        tick.enqueue(number, "pdf"); number += 1
while number < small + pdfs:
    tick.enqueue(number, "pdf"); number += 1
print(time.monotonic() - began)
"""


def read_log(log):
    started, ended = {}, collections.Counter()
    if log.exists():
        for line in log.read_text().splitlines():
            kind, number, pid = line.split()
            if kind == "S":
                started[int(number)] = int(pid)
            else:
                ended[int(number)] += 1
    return started, ended


def in_task(log, pids):
    """The pid of one of ``pids``' processes that is in a task now, or None."""
    started, ended = read_log(log)
    for number, pid in started.items():
        if not ended[number] and pid in pids:
            return pid
    return None


def descendants(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout  # noqa: S603, S607
    children = [int(p) for p in out.split()]
    return children + [d for c in children for d in descendants(c)]


def prepare(backend, env):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    if backend == "database":
        manage(
            env,
            "shell",
            "-c",
            "from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()",
            stdout=subprocess.DEVNULL,
        )


def run_backend(backend, small, pdfs, timeout, workdir):
    log = workdir / f"{backend}.log"
    log.unlink(missing_ok=True)
    env = environment(backend, log)
    prepare(backend, env)
    total = small + pdfs
    enqueued = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup()\n{ENQUEUE}", str(small), str(pdfs)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    enqueue_seconds = float(enqueued.stdout.split()[-1])
    workers = []
    for name in ("bench-1", "bench-2"):
        out = open(workdir / f"{backend}-{name}.out", "w")  # noqa: SIM115 - closed below
        workers.append(
            (
                subprocess.Popen(  # noqa: S603
                    [sys.executable, "manage.py", *worker_command(backend, name)],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                ),
                out,
            )
        )
    start = time.monotonic()
    victim = workers[0][0]
    killed_in = None
    deadline = start + timeout
    try:
        while time.monotonic() < deadline:
            _started, ended = read_log(log)
            if killed_in is None and len(ended) >= total // 3:
                pids = {victim.pid, *descendants(victim.pid)}
                pid = in_task(log, pids)
                if pid is not None:
                    os.killpg(victim.pid, signal.SIGKILL)
                    for child in pids - {victim.pid}:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(child, signal.SIGKILL)  # RQ's work horse: a process group of its own
                    victim.wait(10)
                    killed_in = pid
            if len(ended) == total:
                break
            time.sleep(0.05)
        drain = time.monotonic() - start
    finally:
        for process, out in workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(10)
            out.close()
    started, ended = read_log(log)
    lost = [n for n in range(total) if not ended[n]]
    twice = [n for n in range(total) if ended[n] > 1]
    return {
        "backend": backend,
        "tasks": total,
        "enqueue_s": enqueue_seconds,
        "killed_mid_task": killed_in is not None,
        "lost": len(lost),
        "lost_ids": lost[:5],
        "twice": len(twice),
        "drain_s": drain,
        "drained": not lost,
    }


def migrate():
    env = environment("database", Path(tempfile.gettempdir()) / "unused.log")
    manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)


def report(results):
    lines = [
        f"{'backend':<10} {'tasks':>5} {'enqueue s':>9} {'killed mid-task':>15} {'lost':>4} {'twice':>5} {'drain s':>8}"
    ]
    for r in results:
        drain = f"{r['drain_s']:.1f}" if r["drained"] else f">{r['drain_s']:.0f}"
        lines.append(
            f"{r['backend']:<10} {r['tasks']:>5} {r['enqueue_s']:>9.1f} {str(r['killed_mid_task']):>15} "
            f"{r['lost']:>4} {r['twice']:>5} {drain:>8}"
        )
    return lines


def run(small=500, pdfs=20, timeout=150, backends=BACKENDS):
    migrate()
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as workdir:
        results = [run_backend(b, small, pdfs, timeout, Path(workdir)) for b in backends]
    database = [r for r in results if r["backend"] == "database"]
    ok = all(r["lost"] == 0 and r["killed_mid_task"] for r in database)
    return report(results), ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--pdfs", type=int, default=20)
    parser.add_argument("--timeout", type=int, default=150, help="seconds to wait for the queue to drain")
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="default: all three")
    args = parser.parse_args()
    lines, ok = run(args.small, args.pdfs, args.timeout, tuple(args.backend or BACKENDS))
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Real processes for the scale-out tests: gunicorn app servers and
`manage.py db_worker` task workers, on the pytest run's test database (which
must be PostgreSQL) and one shared MEDIA_ROOT (qms.settings.test_servers), or
one S3 bucket when ``extra_env`` carries QMS_S3_BUCKET (tests/s3_server.py).

The test must use ``django_db(transaction=True)``: what it writes is committed,
so the processes see it. Every process is stopped when the fixture ends.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
START_TIMEOUT = 90


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    assert connection.vendor == "postgresql", "server processes need the PostgreSQL test database"
    credentials = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


class Processes:
    """Start servers and workers; stop (or kill) them; read their output on failure."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.mail_dir = self.workdir / "mail"
        self.running = []
        # More environment for every process, e.g. an S3 bucket instead of the shared MEDIA_ROOT.
        self.extra_env = {}

    def env(self, **extra):
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="qms.settings.test_servers",
            DATABASE_URL=database_url(),
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            QMS_MAIL_DIR=str(self.mail_dir),
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        env.update({key: str(value) for key, value in extra.items()})
        return env

    def start(self, name, args, **env):
        log = open(self.workdir / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=self.env(**env), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.name, process.log = name, log
        self.running.append(process)
        return process

    def server(self, name):
        """A gunicorn app server on a free port; returns its base URL once it answers."""
        port = free_port()
        process = self.start(
            name,
            [sys.executable, "-m", "gunicorn", "qms.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"{name} exited: {self.output(process)}")
            try:
                if requests.get(f"{url}/healthz/", timeout=5).status_code == 200:
                    return url
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or its worker still loading the application (a busy machine)
            time.sleep(0.2)
        raise AssertionError(f"{name} did not answer: {self.output(process)}")

    def worker(self, name, **env):
        return self.start(
            name,
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--worker-id", name],
            **env,
        )

    def kill(self, process):
        """SIGKILL: the process gets no chance to clean anything up."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)

    def stop(self, process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        process.log.close()

    def stop_all(self):
        for process in self.running:
            self.stop(process)
        self.running = []

    def output(self, process):
        process.log.flush()
        return (self.workdir / f"{process.name}.log").read_text(errors="replace")[-4000:]


def wait_for(condition, timeout=120, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")

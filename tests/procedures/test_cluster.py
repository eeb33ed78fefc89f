"""`make cluster` (bench/cluster.py) on the test database: three gunicorn app
servers and two task workers sharing PostgreSQL, Redis and one MEDIA_ROOT.
A session opened on one server holds on the others, a lock-out counted on
one holds on another, and with a worker and a server killed mid-run every
queued task still runs to completion once: one PDF per issue, one email
per person, and nothing stale served by the servers left."""

import email
import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
import requests
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from procedures.copies.controlled_copies import render_uncontrolled_copy
from procedures.models import CopyKind, RenderedCopy
from qms.notifications import notify
from tests.procedures.factories import make_issued_document
from tests.procedures.processes import database_url, free_port, wait_for
from tests.procedures.test_scale_out import TOKEN, sign_in, signed_in, with_cookies_of
from tests.qms.factories import StaffFactory

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
PEOPLE = 8


class Cluster:
    """bench/cluster.py in a process of its own; reads what it prints."""

    def __init__(self, workdir, prefix, gate):
        self.workdir = workdir
        self.mail_dir = workdir / "mail"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "qms.settings.test_servers",
            "DATABASE_URL": database_url(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "QMS_MAIL_DIR": str(self.mail_dir),
            "REDIS_URL": REDIS_URL,
            "REDIS_KEY_PREFIX": prefix,
            # Every PDF waits while this file exists (tests/procedures/slowdown.py): each worker
            # holds a PDF task until the test lets them go, so one can be killed in the middle of one.
            "QMS_TEST_COPY_GATE": str(gate),
        }
        ports = ",".join(str(free_port()) for _ in range(3))
        command = [sys.executable, "-m", "bench.cluster", "--ports", ports, "--no-migrate", "--recover-every", "1"]
        self.output = open(workdir / "cluster.out", "w+")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603
            [*command, "--logs", str(workdir / "logs")], cwd=ROOT, env=env, stdout=self.output, stderr=subprocess.STDOUT
        )
        self.members = wait_for(self.ready, timeout=180, message="the cluster to start")

    def lines(self):
        return (self.workdir / "cluster.out").read_text().splitlines()

    def ready(self):
        if self.process.poll() is not None:
            raise AssertionError("the cluster exited:\n" + "\n".join(self.lines()[-30:]))
        lines = self.lines()
        if not any(line.startswith("cluster ready") for line in lines):
            return None
        return {m["name"]: m for m in map(json.loads, (line for line in lines if line.startswith("{")))}

    def url(self, name):
        return self.members[name]["url"]

    def kill(self, name):
        os.killpg(self.members[name]["pid"], signal.SIGKILL)

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        self.process.wait(60)
        self.output.close()
        return self.lines()


def recipients_of_sent_mail(mail_dir):
    recipients = []
    for path in sorted(mail_dir.glob("*.log")):
        # The file backend writes each message, then a line of 79 dashes.
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                recipients.append(email.message_from_string(raw.strip())["To"])
    return sorted(recipients)


@pytest.fixture
def redis_prefix():
    prefix = f"test-cluster-{uuid.uuid4().hex[:8]}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


def test_three_servers_and_two_workers_share_sessions_lockouts_and_tasks(
    org, section, settings, tmp_path, redis_prefix
):
    settings.TASKS = DATABASE_TASKS
    documents = [
        make_issued_document(section, org["approver"], title=f"Quy trình số {n}", department=org["ccvc"])
        for n in range(1, 5)
    ]
    for document in documents:
        render_uncontrolled_copy.enqueue(document.issues.get().pk)
    people = [StaffFactory(department=org["ccvc"], email=f"canbo{n}@sonoivu.gov.vn") for n in range(PEOPLE)]
    for person in people:
        notify([person], "document_issued", {"code": "QT-01", "title": "Quy trình tuyển dụng công chức"})

    gate = tmp_path / "hold-the-pdfs"
    gate.touch()
    cluster = Cluster(tmp_path, redis_prefix, gate)
    try:
        a, b, c = (cluster.url(name) for name in ("server-a", "server-b", "server-c"))

        # Signed in on A, read on B and C: the session is in Redis (and the database).
        staff_on_a = signed_in(a, "nhanvien")
        for base in (b, c):
            home = with_cookies_of(staff_on_a).get(f"{base}/", timeout=30, allow_redirects=False)
            assert home.status_code == 200 and "Võ Thị Ngọc Lan" in home.text
        assert list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{redis_prefix}*sessions.cached_db*"))

        # Wrong passwords on A lock the account on B.
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(a, "danhgia", password="sai-mat-khau")
        _session, locked = sign_in(b, "danhgia")
        assert locked.status_code == 429 and "Tài khoản bị khóa" in locked.text

        # A worker dies in the middle of a PDF, and server B with it.
        wait_for(
            lambda: DBTaskResult.objects.filter(status="RUNNING", worker_ids__contains=["worker-1"]).exists(),
            message="worker-1 to be in a task",
        )
        cluster.kill("worker-1")
        cluster.kill("server-b")
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{b}/healthz/", timeout=5)

        # Nothing stale on the servers left: signing out on C ends the session on A at once.
        staff_on_c = with_cookies_of(staff_on_a)
        token = TOKEN.search(staff_on_c.get(f"{c}/", timeout=30).text).group(1)
        logout = staff_on_c.post(f"{c}/dang-xuat/", data={"csrfmiddlewaretoken": token}, timeout=30)
        assert logout.status_code in (200, 302)
        assert staff_on_a.get(f"{a}/", timeout=30, allow_redirects=False).status_code == 302
        _session, locked = sign_in(c, "danhgia")
        assert locked.status_code == 429

        # worker-2 runs everything, the dead worker's task again included.
        gate.unlink()
        wait_for(
            lambda: not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists(),
            timeout=180,
            message="every task to finish",
        )
    finally:
        lines = cluster.stop()
    assert "cluster stopped" in lines
    assert {json.loads(line)["name"] for line in lines if '"exited"' in line} == {"worker-1", "server-b"}
    assert DBTaskResult.objects.filter(worker_ids__contains=["worker-1", "worker-2"]).exists()
    assert RenderedCopy.objects.filter(kind=CopyKind.UNCONTROLLED).count() == len(documents)
    assert {c.issue.document_id for c in RenderedCopy.objects.all()} == {d.pk for d in documents}
    assert recipients_of_sent_mail(cluster.mail_dir) == sorted(p.email for p in people)

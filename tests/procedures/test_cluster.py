"""`make cluster` (bench/cluster.py) on the test database: three gunicorn app
servers and two task workers sharing PostgreSQL, Redis and one S3 bucket (a
real S3 server: moto in server mode, tests/s3_server.py). A session opened on
one server holds on the others, a lock-out counted on one holds on another,
evidence uploaded through one server is downloaded through the others, and
with a worker and a server killed mid-run every queued task still runs to
completion once: one PDF per issue, in the bucket and served by every server
left, one email per person, and nothing stale served by the servers left."""

import email
import hashlib
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

from audits.models import EvidenceFile
from procedures.copies.controlled_copies import render_uncontrolled_copy
from procedures.models import CopyKind, RenderedCopy
from qms.notifications import notify
from tests.audits.factories import YEAR, AuditFactory, ChecklistItemFactory, ProgrammeFactory, clause
from tests.procedures.factories import make_issued_document
from tests.procedures.processes import database_url, free_port, wait_for
from tests.procedures.test_scale_out import TOKEN, sign_in, signed_in, with_cookies_of
from tests.procedures.test_worker_killed import DATABASE_TASKS
from tests.qms.factories import StaffFactory
from tests.upload_samples import jpeg

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PEOPLE = 8


class Cluster:
    """bench/cluster.py in a process of its own; reads what it prints."""

    def __init__(self, workdir, prefix, gate, files, options=()):
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
            **files,
        }
        ports = ",".join(str(free_port()) for _ in range(3))
        command = [sys.executable, "-m", "bench.cluster", "--ports", ports, "--no-migrate", "--recover-every", "1"]
        self.output = open(workdir / "cluster.out", "w+")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603
            [*command, *options, "--logs", str(workdir / "logs")],
            cwd=ROOT,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
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


def bucket_object(s3_server, bucket, key):
    return s3_server.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def test_three_servers_and_two_workers_share_sessions_lockouts_files_and_tasks(
    org, section, settings, tmp_path, redis_prefix, s3_server, object_storage
):
    settings.TASKS = DATABASE_TASKS
    audit = AuditFactory(
        programme=ProgrammeFactory(year=YEAR, approved_by=org["approver"]),
        lead_auditor=org["auditor"],
        departments=[org["ccvc"]],
        clauses=[clause("9.2")],
    )
    audit.start(org["auditor"])
    item = ChecklistItemFactory(audit=audit, clause=clause("9.2"), question="Có kế hoạch đánh giá không?")
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
    cluster = Cluster(tmp_path, redis_prefix, gate, s3_server.env(object_storage))
    try:
        a, b, c = (cluster.url(name) for name in ("server-a", "server-b", "server-c"))
        assert f"files in bucket {object_storage}" in "\n".join(cluster.lines())

        # Evidence recorded through A is in the bucket, and B and C hand it to the auditor.
        auditor_on_a = signed_in(a, "danhgia")
        finding_url = f"{a}/khac-phuc/danh-gia/{audit.pk}/{item.position}/"
        token = TOKEN.search(auditor_on_a.get(finding_url, timeout=30).text).group(1)
        photo = jpeg()
        recorded = auditor_on_a.post(
            finding_url,
            data={"csrfmiddlewaretoken": token, "result": "conforms", "evidence": "Đã xem"},
            files={"file": ("anh.jpg", photo, "image/jpeg")},
            timeout=60,
            allow_redirects=False,
        )
        assert recorded.status_code == 302, recorded.text[:500]
        evidence = EvidenceFile.objects.get(item=item)
        assert bucket_object(s3_server, object_storage, evidence.file.name) == photo
        for base in (b, c):
            download = with_cookies_of(auditor_on_a).get(f"{base}/khac-phuc/bang-chung/{evidence.pk}/", timeout=30)
            assert download.status_code == 200 and download.content == photo

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
        # The workers rendered the PDFs into the bucket; A and C stream those very files.
        staff_on_a = signed_in(a, "nhanvien")
        for document in documents:
            copy = RenderedCopy.objects.get(issue__document=document, kind=CopyKind.UNCONTROLLED)
            for base in (a, c):
                pdf = with_cookies_of(staff_on_a).get(f"{base}{document.url}pdf/", timeout=60)
                assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
                assert hashlib.sha256(pdf.content).hexdigest() == copy.sha256
    finally:
        lines = cluster.stop()
    assert "cluster stopped" in lines
    assert {json.loads(line)["name"] for line in lines if '"exited"' in line} == {"worker-1", "server-b"}
    assert DBTaskResult.objects.filter(worker_ids__contains=["worker-1", "worker-2"]).exists()
    assert RenderedCopy.objects.filter(kind=CopyKind.UNCONTROLLED).count() == len(documents)
    assert {c.issue.document_id for c in RenderedCopy.objects.all()} == {d.pk for d in documents}
    # Each PDF a worker rendered is the bucket's object (nothing went to MEDIA_ROOT).
    for copy in RenderedCopy.objects.all():
        assert hashlib.sha256(bucket_object(s3_server, object_storage, copy.file.name)).hexdigest() == copy.sha256
    assert not (settings.MEDIA_ROOT / "copies").exists()
    assert recipients_of_sent_mail(cluster.mail_dir) == sorted(p.email for p in people)


def test_an_app_server_with_an_office_pool_serves_the_back_office_and_the_reading_apart(
    org, section, tmp_path, redis_prefix, s3_server, object_storage
):
    """docs/operations.md, "Reading apart from the back office": each server is two gunicorn pools,
    the load balancer sends the sign-in and the back office (qms/routing.py) to the office pool; a
    session made there reads on the reading pool of any server, and the admin answers on the office pool."""
    document = make_issued_document(section, org["approver"], title="Quy trình tiếp nhận hồ sơ", department=org["ccvc"])
    options = ["--workers", "0", "--office-processes", "1"]
    cluster = Cluster(tmp_path, redis_prefix, tmp_path / "no-gate", s3_server.env(object_storage), options)
    try:
        pools = {name: member.get("pool") for name, member in cluster.members.items() if member.get("url")}
        assert pools == {
            **{f"server-{x}": "reading" for x in "abc"},
            **{f"server-{x}-office": "office" for x in "abc"},
        }
        assert all(cluster.url(f"server-{x}-office") != cluster.url(f"server-{x}") for x in "abc")
        assert "office pools" in next(line for line in cluster.lines() if line.startswith("cluster ready"))

        staff = signed_in(cluster.url("server-a-office"), "nhanvien")
        for x in "abc":
            page = with_cookies_of(staff).get(
                f"{cluster.url(f'server-{x}')}{document.url}", timeout=30, allow_redirects=False
            )
            assert page.status_code == 200 and "Quy trình tiếp nhận hồ sơ" in page.text

        secretary = signed_in(cluster.url("server-b-office"), "thuky")
        admin = with_cookies_of(secretary).get(
            f"{cluster.url('server-c-office')}/admin/", timeout=30, allow_redirects=False
        )
        assert admin.status_code == 200 and 'id="qms-dashboard-' in admin.text
    finally:
        lines = cluster.stop()
    assert "cluster stopped" in lines

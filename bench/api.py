"""The read API's speed with 5,000 current documents (docs/api.md).

1. GET /api/v1/documents/ by a client's bearer token, a page of 50 at a time
   over every page of the list: p95 server time (target <= 100 ms).
2. The queries of one call, for a page of 5 and a page of 50: the same number
   (target: equal).
3. The client's revisit of a page with the ETag it got (If-None-Match): a 304,
   against the full answer of the same page, measured in the same run,
   interleaved: median ratio (target <= 0.3).

Every call goes through the whole stack: the token's check, the client's
rate limit (counted in the shared cache table) and its log row. Server time is
the Django test client's request/response cycle in-process (no network). The
database is a temporary SQLite file or the PostgreSQL database qms_bench_api
(never db.sqlite3). BENCH_API_DOCUMENTS changes the number of documents,
BENCH_API_BACKENDS the backends (default "sqlite postgres"). Exits 1 (and
run() reports not ok) when a target is missed.

    python -m bench api                                   # both backends
    BENCH_API_DOCUMENTS=1000 python -m bench.api sqlite   # one, smaller
"""

import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.portal_reading import prepare_database

DOCUMENTS = int(os.environ.get("BENCH_API_DOCUMENTS", "5000"))
BACKENDS = os.environ.get("BENCH_API_BACKENDS", "sqlite postgres").split()
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/qms_bench_api")
PAGE_SIZE = 50
ROUNDS = 300
HERE = Path(__file__).parent
RESULT_PREFIX = "result: "
TARGET_P95_MS = 100
TARGET_REVISIT_RATIO = 0.3


def run():
    """Each backend in its own process (each sets up Django with its own database)."""
    lines, ok = [], True
    for backend in BACKENDS:
        result = subprocess.run(
            [sys.executable, "-m", "bench.api", backend], cwd=HERE.parent, capture_output=True, text=True, check=False
        )
        sys.stderr.write(result.stderr)
        lines.extend(line for line in result.stdout.splitlines() if line.startswith(("|", RESULT_PREFIX)))
        if result.returncode not in (0, 1):
            lines.append(f"{RESULT_PREFIX}{backend}: the benchmark failed (exit {result.returncode})")
        ok = ok and result.returncode == 0
    return lines, ok


def build_library(count):
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from api.models import ApiClient
    from bench.documents import issued_document, reading_body
    from procedures.models import LibraryPage, SectionPage
    from qms import roles
    from qms.models import Agency, Department, User

    rng = random.Random(7)
    agency = Agency.objects.order_by("pk").first()
    library = LibraryPage.objects.get(agency=agency)
    departments = [
        Department.objects.create(agency=agency, name=f"Phòng nghiệp vụ {n}", code=f"p{n}") for n in range(1, 9)
    ]
    sections = [library.add_child(instance=SectionPage(title=d.name, slug=d.code, department=d)) for d in departments]
    approver = User.objects.create_user("lanhdao", password=None, full_name="Lê Hoàng Nam", agency=agency)
    approver.groups.add(Group.objects.get(name=roles.APPROVER))
    started = time.perf_counter()
    for start in range(1, count + 1, 250):
        with transaction.atomic():  # one commit per 250 documents
            for number in range(start, min(start + 250, count + 1)):
                index = rng.randrange(len(sections))
                issued_document(
                    sections[index],
                    approver,
                    title=f"Thủ tục hành chính mẫu {number}",
                    code=f"QT-{number:04d}",
                    department=departments[index],
                    slug=f"qt-{number:04d}",
                    body=reading_body(f"Tiếp nhận hồ sơ {number}"),
                )
        print(f"  {number} documents ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    client = ApiClient(
        name="Cổng dịch vụ công",
        agency=agency,
        expires_at=timezone.now() + datetime.timedelta(days=1),
        rate_limit_per_minute=6000,
    )
    token = client.set_token()
    client.save()
    return token


def timed(client, url, data=None, status=200, if_none_match=None):
    headers = {"If-None-Match": if_none_match} if if_none_match else None
    started = time.perf_counter()
    response = client.get(url, data, headers=headers)
    elapsed = time.perf_counter() - started
    assert response.status_code == status, (url, data, response.status_code, response.content[:300])
    return elapsed, response


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(backend, workdir):
    if not prepare_database(backend, workdir, POSTGRES_URL):
        return 0
    os.environ["DJANGO_SETTINGS_MODULE"] = "qms.settings.test"
    os.environ.setdefault("TEST_MEDIA_ROOT", str(workdir))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    print(f"{backend}: building {DOCUMENTS} documents …", file=sys.stderr, flush=True)
    token = build_library(DOCUMENTS)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = "/api/v1/documents/"
    pages = max(1, -(-DOCUMENTS // PAGE_SIZE))

    def page(number, size=PAGE_SIZE):
        return {"page": number, "page_size": size}

    query_counts = {}
    for size in (5, PAGE_SIZE):
        timed(client, url, page(1, size))  # warm
        with CaptureQueriesContext(connection) as queries:
            timed(client, url, page(1, size))
        query_counts[size] = len(queries)

    rng = random.Random(11)
    numbers = [1 + (n * 7) % pages for n in range(ROUNDS)]
    etags = {number: timed(client, url, page(number))[1]["ETag"] for number in set(numbers)}
    full_times, revisit_times = [], []
    for number in numbers:
        measures = [
            (full_times, lambda n=number: timed(client, url, page(n))[0]),
            (revisit_times, lambda n=number: timed(client, url, page(n), status=304, if_none_match=etags[n])[0]),
        ]
        rng.shuffle(measures)  # interleaved, in no fixed order
        for times, run_one in measures:
            times.append(run_one())

    p50, p95 = percentile(full_times, 0.5) * 1000, percentile(full_times, 0.95) * 1000
    full_median = statistics.median(full_times) * 1000
    revisit_median = statistics.median(revisit_times) * 1000
    ratio = revisit_median / full_median
    same_queries = query_counts[5] == query_counts[PAGE_SIZE]
    vendor = connection.vendor
    print(
        f"| {vendor} | {DOCUMENTS} | {p50:.1f} ms | {p95:.1f} ms | {revisit_median:.1f} ms | {ratio:.2f}× "
        f"| {query_counts[5]} / {query_counts[PAGE_SIZE]} | {os.getloadavg()[0]:.1f} |"
    )
    ok = p95 <= TARGET_P95_MS and ratio <= TARGET_REVISIT_RATIO and same_queries
    print(
        f"{RESULT_PREFIX}{vendor}: list p95 {p95:.1f} ms (target ≤ {TARGET_P95_MS}), "
        f"304 revisit/full {ratio:.2f} (target ≤ {TARGET_REVISIT_RATIO}), "
        f"queries page 5/{PAGE_SIZE}: {query_counts[5]}/{query_counts[PAGE_SIZE]} (target equal): "
        + ("OK" if ok else "TARGET MISSED")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    workdir = Path(tempfile.mkdtemp(prefix="qms-bench-api-"))
    try:
        raise SystemExit(measure(sys.argv[1], workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

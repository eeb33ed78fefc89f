"""Staff portal speed, on SQLite and on PostgreSQL, with 5,000 current documents.

1. The staff document page against a bare Wagtail page serving the same body
   (a plain Page whose template extends the same base.html), measured in the
   same run, interleaved: median server time, and the ratio (target <= 1.0).
2. The browser's revisit of the document page with the ETag it got
   (If-None-Match): a 304, against the same bare page (target <= 0.3).
3. Search at /search/: p95 server time over a mix of queries (target <= 50 ms
   on SQLite, <= 100 ms on PostgreSQL).

Server time is the Django test client's request/response cycle in-process
(every middleware, the session and the rendering; no network). The database
is a temporary SQLite file or the PostgreSQL database qms_bench_portal (never
db.sqlite3). BENCH_PORTAL_DOCUMENTS changes the number of documents. Exits 1
(and run() reports not ok) when a target is missed.

    python -m bench portal_reading          # both backends
    python -m bench.portal_reading sqlite   # one
"""

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOCUMENTS = int(os.environ.get("BENCH_PORTAL_DOCUMENTS", "5000"))
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/qms_bench_portal")
PAGE_ROUNDS = 300
SEARCH_REQUESTS = 400
HERE = Path(__file__).parent
RESULT_PREFIX = "result: "
TARGET_PAGE_RATIO = 1.0
TARGET_REVISIT_RATIO = 0.3
TARGET_SEARCH_P95_MS = {"sqlite": 50, "postgresql": 100}

PROCEDURES = [
    "Thủ tục đăng ký kết hôn",
    "Thủ tục công nhận ban vận động thành lập hội",
    "Thủ tục thành lập hội",
    "Thủ tục phê duyệt điều lệ hội",
    "Thủ tục giải thể hội",
    "Thủ tục công nhận quỹ đủ điều kiện hoạt động",
    "Thủ tục thi tuyển công chức",
    "Thủ tục xét tuyển viên chức",
    "Thủ tục nâng ngạch công chức",
    "Thủ tục tiếp nhận vào làm công chức",
    "Thủ tục tặng Bằng khen của Chủ tịch UBND tỉnh",
    "Thủ tục đăng ký hoạt động tín ngưỡng",
    "Thủ tục phục vụ độc giả tại phòng đọc lưu trữ",
    "Thủ tục cấp bản sao tài liệu lưu trữ",
    "Quy trình kiểm soát tài liệu",
    "Quy trình đánh giá nội bộ",
    "Quy trình hành động khắc phục",
]
WORDS_TEXT = (
    "tiếp nhận hồ sơ kiểm tra thẩm định trình ký phê duyệt trả kết quả bộ phận một cửa chuyên viên "
    "lãnh đạo phòng sở quyết định tờ trình công văn giấy biên nhận thời hạn ngày làm việc lệ phí "
    "thành phần số lượng bản chính bản sao chứng thực điều kiện căn cứ pháp lý nghị định thông tư"
)
WORDS = WORDS_TEXT.split()
QUERIES = [
    "thu tuc dang ky",
    "dang ky ket hon",
    "quy dinh",
    "qt05",
    "QT-0123",
    "tiep nhan ho so",
    "thanh lap hoi",
    "xet tuyen vien chuc",
    "bang khen",
    "bm0042",
    "phe duyet dieu le",
    "luu tru",
    "trinh ky",
    "kiem soat tai lieu",
    "chung thuc ban sao",
    "nghi dinh",
]


def run():
    """Both database backends, each in its own process (each sets up Django with
    its own database). Returns the result lines."""
    lines, ok = [], True
    for backend in ("sqlite", "postgres"):
        result = subprocess.run(
            [sys.executable, "-m", "bench.portal_reading", backend],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            check=False,
        )
        sys.stderr.write(result.stderr)
        lines.extend(line for line in result.stdout.splitlines() if line.startswith(("|", RESULT_PREFIX)))
        if result.returncode not in (0, 1):
            lines.append(f"{RESULT_PREFIX}{backend}: the benchmark failed (exit {result.returncode})")
        ok = ok and result.returncode == 0  # 1: a target missed
    return lines, ok


def prepare_database(backend, workdir, postgres_url=None):
    """Point DATABASE_URL at a fresh database: a file in ``workdir``, or ``postgres_url`` (default
    POSTGRES_URL) dropped and created again. False when PostgreSQL is not reachable."""
    if backend == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        return True
    import psycopg

    postgres_url = postgres_url or POSTGRES_URL
    name = postgres_url.rsplit("/", 1)[1]
    admin_url = postgres_url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        print(f"{RESULT_PREFIX}PostgreSQL not reachable ({exc}); skipped")
        return False
    os.environ["DATABASE_URL"] = postgres_url
    return True


def build_library(count):
    from django.contrib.auth.models import Group
    from django.db import transaction

    from bench.documents import issued_document, reading_body
    from procedures.models import LibraryPage, SectionPage
    from procedures.search.index import rebuild
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
    staff = User.objects.create_user("nhanvien", password=None, full_name="Võ Thị Ngọc Lan", agency=agency)
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    started = time.perf_counter()
    for start in range(1, count + 1, 250):
        with transaction.atomic():  # one commit per 250 documents
            for number in range(start, min(start + 250, count + 1)):
                index = rng.randrange(len(sections))
                action = " ".join(rng.choice(WORDS) for _ in range(40))
                issued_document(
                    sections[index],
                    approver,
                    title=f"{rng.choice(PROCEDURES)} (mẫu {number})",
                    code=f"QT-{number:04d}",
                    department=departments[index],
                    slug=f"qt-{number:04d}",
                    body=reading_body(action, forms=[(f"BM-{number:04d}", "Tờ khai " + rng.choice(WORDS))]),
                )
        print(f"  {number} documents ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    rebuild()
    return staff


def bare_twins(documents):
    """A plain Wagtail page per sampled document, beside it in the tree (so its URL
    is routed through as many levels), serving the same frozen body."""
    from wagtail.models import Page

    twins = []
    for document in documents:
        issue = document.current_issue
        twin = Page(title=issue.title, slug=f"bare-{document.pk}", search_description=issue.body_html)
        document.get_parent().add_child(instance=twin)
        twins.append(twin)
    return twins


def timed(client, url, data=None, status=200, if_none_match=None):
    headers = {"If-None-Match": if_none_match} if if_none_match else None
    started = time.perf_counter()
    response = client.get(url, data, headers=headers)
    elapsed = time.perf_counter() - started
    assert response.status_code == status, (url, response.status_code)
    return elapsed


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(backend, workdir):
    if not prepare_database(backend, workdir):
        return 0
    os.environ["DJANGO_SETTINGS_MODULE"] = "qms.settings.test"
    os.environ.setdefault("TEST_MEDIA_ROOT", str(workdir))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.TEMPLATES[0]["DIRS"].insert(0, HERE / "templates")
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    print(f"{backend}: building {DOCUMENTS} documents …", file=sys.stderr, flush=True)
    staff = build_library(DOCUMENTS)

    from procedures.models import ControlledDocumentPage

    rng = random.Random(11)
    sample = rng.sample(list(ControlledDocumentPage.objects.order_by("pk")), 40)
    twins = bare_twins(sample)
    client = Client()
    client.force_login(staff)
    pairs = [(document.url, twin.url) for document, twin in zip(sample, twins, strict=True)]
    for document_url, twin_url in pairs:  # warm caches and compiled templates
        timed(client, document_url)
        timed(client, twin_url)
    etags = {url: client.get(url)["ETag"] for url, _ in pairs}

    document_times, bare_times, revisit_times = [], [], []
    for round_number in range(PAGE_ROUNDS):
        document_url, twin_url = pairs[round_number % len(pairs)]
        measures = [
            (document_times, lambda url=document_url: timed(client, url)),
            (bare_times, lambda url=twin_url: timed(client, url)),
            (revisit_times, lambda url=document_url: timed(client, url, status=304, if_none_match=etags[url])),
        ]
        rng.shuffle(measures)  # interleaved, in no fixed order
        for times, measure in measures:
            times.append(measure())

    search_times = []
    for number in range(SEARCH_REQUESTS):
        data = {"q": QUERIES[number % len(QUERIES)]}
        if number % 5 == 4:
            data["page"] = 2
        search_times.append(timed(client, "/search/", data))

    document_median = statistics.median(document_times) * 1000
    bare_median = statistics.median(bare_times) * 1000
    revisit_median = statistics.median(revisit_times) * 1000
    ratio, revisit_ratio = document_median / bare_median, revisit_median / bare_median
    p50, p95 = percentile(search_times, 0.5) * 1000, percentile(search_times, 0.95) * 1000
    vendor = connection.vendor
    search_target = TARGET_SEARCH_P95_MS[vendor]
    print(
        f"| {vendor} | {DOCUMENTS} | {document_median:.1f} ms | {bare_median:.1f} ms | {ratio:.2f}× "
        f"| {revisit_median:.1f} ms | {revisit_ratio:.2f}× "
        f"| {p50:.1f} ms | {p95:.1f} ms | {max(search_times) * 1000:.1f} ms | {os.getloadavg()[0]:.1f} |"
    )
    ok = ratio <= TARGET_PAGE_RATIO and revisit_ratio <= TARGET_REVISIT_RATIO and p95 <= search_target
    print(
        f"{RESULT_PREFIX}{vendor}: document/bare {ratio:.2f} (target ≤ {TARGET_PAGE_RATIO}), "
        f"304 revisit/bare {revisit_ratio:.2f} (target ≤ {TARGET_REVISIT_RATIO}), "
        f"search p95 {p95:.1f} ms (target ≤ {search_target}): " + ("OK" if ok else "TARGET MISSED")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    workdir = Path(tempfile.mkdtemp(prefix="qms-bench-portal-"))
    try:
        raise SystemExit(measure(sys.argv[1], workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

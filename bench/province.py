"""A province on one installation: does a staff member's reading cost more when
the installation serves 200 agencies instead of one?

Built in one run, on PostgreSQL (and SQLite): first one agency with
BENCH_PROVINCE_DOCUMENTS current documents, measured; then BENCH_PROVINCE_AGENCIES
- 1 more agencies as large, with their people (25 per agency: 5,000 in 200), measured again
with the same reader of the first agency. Reported, for each state:

- the staff document page's median server time and its number of queries;
- search p95 (target <= 150 ms) and its number of queries;
- the overseer's province dashboard (/tinh/) median (target <= 500 ms) and
  its number of queries (constant in the number of agencies), when the
  province app serves it;
- one agency's yearly report (PDF) time (target <= 3 s), when the province
  app makes it.

The ratios compare the province with the single agency measured in the same
run; the query counts must be equal.

    python -m bench province                     # 200 agencies x 100 documents
    BENCH_PROVINCE_AGENCIES=20 BENCH_PROVINCE_DOCUMENTS=50 python -m bench province
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

from bench.portal_reading import QUERIES, RESULT_PREFIX, percentile, prepare_database

AGENCIES = int(os.environ.get("BENCH_PROVINCE_AGENCIES", "200"))
DOCUMENTS = int(os.environ.get("BENCH_PROVINCE_DOCUMENTS", "100"))
PEOPLE = 24  # and an approver: 25 people per agency, 5,000 in 200 agencies
PAGE_ROUNDS = 200
SEARCH_REQUESTS = 200
HERE = Path(__file__).parent


def run():
    lines, ok = [], True
    for backend in ("postgres", "sqlite"):
        result = subprocess.run(
            [sys.executable, "-m", "bench.province", backend], cwd=HERE.parent, capture_output=True, text=True
        )
        sys.stderr.write(result.stderr)
        lines.extend(line for line in result.stdout.splitlines() if line.startswith(("|", RESULT_PREFIX)))
        if result.returncode not in (0, 1):
            lines.append(f"{RESULT_PREFIX}{backend}: the benchmark failed (exit {result.returncode})")
        ok = ok and result.returncode == 0  # 1: a target missed
    return lines, ok


def build_agency(agency, number, rng, documents=None):
    """An agency's departments, PEOPLE people and ``documents`` (default DOCUMENTS) current
    documents, written in bulk; returns its first staff member."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    from bench.loadtest_data import bulk_current_documents
    from procedures.models import DocumentType, LibraryPage, SectionPage
    from qms import roles
    from qms.models import Department, User

    library = LibraryPage.objects.get(agency=agency)
    with transaction.atomic():
        departments = [
            Department.objects.create(agency=agency, name=f"Phòng nghiệp vụ {n}", code=f"p{n}") for n in range(1, 5)
        ]
        sections = [
            library.add_child(instance=SectionPage(title=d.name, slug=d.code, department=d)) for d in departments
        ]
        for section in sections:
            section.refresh_from_db()
        staff_group = Group.objects.get(name=roles.STAFF)
        people = User.objects.bulk_create(
            User(
                username=f"cb{number}-{n}",
                full_name=f"Cán bộ {n}",
                agency=agency,
                department=departments[n % len(departments)],
            )
            for n in range(PEOPLE)
        )
        for person in people:  # one by one: their history records each group change
            person.groups.add(staff_group)
        approver = User.objects.create_user(f"lanhdao{number}", password=None, agency=agency)
        approver.groups.add(Group.objects.get(name=roles.APPROVER))
        document_type = DocumentType.objects.get(agency=agency, prefix="QT")
        bulk_current_documents(
            library,
            sections,
            departments,
            [approver],
            document_type,
            approver,
            range(1, (documents or DOCUMENTS) + 1),
            rng,
            width=3,
        )
    return people[0]


def timed(client, url, data=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # a full log (9,000 entries) would count nothing
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, data)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries)


def cold_queries(client, url, data=None):
    """The queries of one request with nothing cached: what grows with the data, if anything does."""
    from django.core.cache import caches

    caches["default"].clear()
    return timed(client, url, data)[1]


def measure_state(client, document_urls, overseer_client):
    pages = [timed(client, url) for url in document_urls for _ in range(PAGE_ROUNDS // len(document_urls))]
    searches = [timed(client, "/search/", {"q": QUERIES[n % len(QUERIES)]}) for n in range(SEARCH_REQUESTS)]
    result = {
        "page_ms": statistics.median(t for t, _q in pages) * 1000,
        "page_queries": max(cold_queries(client, url) for url in document_urls),
        "search_p95_ms": percentile([t for t, _q in searches], 0.95) * 1000,
        "search_queries": max(cold_queries(client, "/search/", {"q": q}) for q in QUERIES),
    }
    from django.urls import NoReverseMatch, reverse

    try:
        dashboard_url = reverse("province:dashboard")
    except NoReverseMatch:
        return result
    dashboard = [timed(overseer_client, dashboard_url) for _ in range(20)]
    result["dashboard_ms"] = statistics.median(t for t, _q in dashboard) * 1000
    result["dashboard_queries"] = cold_queries(overseer_client, dashboard_url)
    return result


def yearly_report_seconds(agency):
    """One agency's yearly report: its figures computed and its PDF rendered."""
    from django.utils import timezone

    from province.models import YearlyReport
    from province.yearly.figures import compute_figures
    from province.yearly.render import report_pdf

    year = timezone.localdate().year
    started = time.perf_counter()
    report = YearlyReport(agency=agency, year=year, figures=compute_figures(agency, year))
    report_pdf(report)
    return time.perf_counter() - started


def measure(backend, workdir):
    if not prepare_database(backend, workdir):
        return 0
    os.environ["DJANGO_SETTINGS_MODULE"] = "qms.settings.test"
    os.environ.setdefault("TEST_MEDIA_ROOT", str(workdir))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from procedures.models import ControlledDocumentPage
    from procedures.search.index import rebuild
    from qms import roles
    from qms.models import Agency, AgencyLevel, User

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    first = Agency.objects.order_by("pk").first()
    started = time.perf_counter()
    reader = build_agency(first, 0, rng)
    rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    overseer = User.objects.create_user("kiemtra", password=None, agency=first)
    overseer.groups.add(Group.objects.get(name=roles.OVERSEER))
    client, overseer_client = Client(), Client()
    client.force_login(reader)
    overseer_client.force_login(overseer)
    sample = rng.sample(list(ControlledDocumentPage.objects.filter(library__agency=first)), 10)
    urls = [document.url for document in sample]
    for url in urls:  # warm caches and compiled templates
        timed(client, url)
    one = measure_state(client, urls, overseer_client)
    print(f"{backend}: one agency measured; building {AGENCIES - 1} more …", file=sys.stderr, flush=True)
    for number in range(1, AGENCIES):
        agency = Agency.objects.create(
            agency_name=f"UBND XÃ SỐ {number}", code=f"xa-{number}", level=AgencyLevel.COMMUNE
        )
        build_agency(agency, number, rng)
        if number % 10 == 0:
            print(f"  {number} agencies ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    rebuild()
    with connection.cursor() as cursor:  # planner statistics, as a database in service has them
        cursor.execute("ANALYZE")
    for url in urls:
        timed(client, url)
    province = measure_state(client, urls, overseer_client)
    report_seconds = yearly_report_seconds(first)
    vendor = connection.vendor
    total = ControlledDocumentPage.objects.count()
    print(
        f"| {vendor} | 1 → {AGENCIES} agencies, {total} documents | page {one['page_ms']:.1f} → "
        f"{province['page_ms']:.1f} ms ({one['page_queries']} → {province['page_queries']} queries) "
        f"| search p95 {one['search_p95_ms']:.1f} → {province['search_p95_ms']:.1f} ms "
        f"({one['search_queries']} → {province['search_queries']} queries) "
        + (
            f"| dashboard {one['dashboard_ms']:.0f} → {province['dashboard_ms']:.0f} ms "
            f"({one['dashboard_queries']} → {province['dashboard_queries']} queries) |"
            if "dashboard_ms" in province
            else "| dashboard not served |"
        )
        + f" yearly report {report_seconds:.2f} s |"
    )
    ok = (
        province["page_queries"] == one["page_queries"]
        and province["search_queries"] == one["search_queries"]
        and province["search_p95_ms"] <= 150
        and province.get("dashboard_ms", 0) <= 500
        and province.get("dashboard_queries") == one.get("dashboard_queries")
        and report_seconds <= 3
    )
    ratio = province["page_ms"] / one["page_ms"]
    print(
        f"{RESULT_PREFIX}{vendor}: document page province/one {ratio:.2f}, same queries "
        f"{province['page_queries'] == one['page_queries']}; search p95 {province['search_p95_ms']:.1f} ms "
        f"(target ≤ 150); dashboard {province.get('dashboard_ms', 0):.0f} ms (target ≤ 500); "
        f"yearly report {report_seconds:.2f} s (target ≤ 3): " + ("OK" if ok else "OVER TARGET")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    workdir = Path(tempfile.mkdtemp(prefix="qms-bench-province-"))
    try:
        raise SystemExit(measure(sys.argv[1], workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

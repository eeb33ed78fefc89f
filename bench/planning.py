"""The leader's dashboard and the management review's draft with a lot of history: do they
stay fast, and in constant queries, with 5 years of monthly one-stop statistics for 300
procedures (18,000 rows), 30 objectives and 50 risks?

Measured in one run on the shared temporary SQLite database: first a baseline of one year
for 10 procedures, then the full history; reported for each: the median server time of the
dashboard page (GET /admin/planning/dashboard/, the ISO secretary) and of gathering the
draft's inputs, and their query counts. Target: median <= 300 ms; the query counts equal.

    python -m bench planning
    BENCH_PLANNING_PROCEDURES=100 BENCH_PLANNING_YEARS=3 python -m bench planning
"""

import datetime
import os
import statistics
import time
from decimal import Decimal

PROCEDURES = int(os.environ.get("BENCH_PLANNING_PROCEDURES", "300"))
YEARS = int(os.environ.get("BENCH_PLANNING_YEARS", "5"))
ROUNDS = 15
USES_SHARED_SETUP = True


def add_statistics(agency, upload, documents, years):
    from planning.models import DossierStatistic

    rows = [
        DossierStatistic(
            agency=agency,
            source=upload,
            document=document,
            department_id=document.owner_department_id,
            month=datetime.date(year, month, 1),
            received=20 + (month + n) % 7,
            on_time=17 + (n % 3),
            late=(month + n) % 3,
            pending=1,
        )
        for n, document in enumerate(documents)
        for year in years
        for month in range(1, 13)
    ]
    for start in range(0, len(rows), 2000):
        DossierStatistic.objects.bulk_create(rows[start : start + 2000])


def add_records(agency, people, year, count):
    from planning.models import DataSource, QualityObjective, Risk

    for n in range(count):
        QualityObjective.objects.create(
            agency=agency,
            year=year,
            statement="Mục tiêu",
            indicator=f"Chỉ số {n}",
            target=Decimal(95),
            data_source=DataSource.ONE_STOP if n % 2 else DataSource.ENTERED,
            owner=people["thuky"],
        )
        Risk.objects.create(
            agency=agency,
            description=f"Rủi ro {n}",
            likelihood=1 + n % 5,
            impact=1 + n % 4,
            owner=people["truongphong"],
            review_date=datetime.date(year, 12, 1),
        )


def measure(client, review, year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from planning import review_inputs

    url = reverse("planning_dashboard") + f"?year={year}"
    client.get(url)  # compiled templates
    pages, gathers = [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        pages.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        started = time.perf_counter()
        review_inputs.gather(review)
        gathers.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as page_queries:
        client.get(url)
    with CaptureQueriesContext(connection) as gather_queries:
        review_inputs.gather(review)
    return {
        "dashboard_ms": statistics.median(pages) * 1000,
        "dashboard_queries": len(page_queries),
        "draft_ms": statistics.median(gathers) * 1000,
        "draft_queries": len(gather_queries),
    }


def run():
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.utils import timezone

    from bench.documents import issued_document, organisation, reading_body
    from planning.models import ManagementReview, OneStopImport
    from qms import roles

    settings.ALLOWED_HOSTS = ["testserver"]
    people, department, section = organisation()
    people["thuky"].groups.add(Group.objects.get(name=roles.ISO_SECRETARY))
    agency = department.agency
    year = timezone.localdate().year
    years = list(range(year - YEARS + 1, year + 1))
    documents = [
        issued_document(
            section,
            people["lanhdao"],
            title=f"Quy trình {n}",
            code=f"QT-{n:03d}",
            department=department,
            slug=f"qt-{n:03d}",
            body=reading_body("Tiếp nhận hồ sơ"),
        )
        for n in range(1, PROCEDURES + 1)
    ]
    upload = OneStopImport.objects.create(
        agency=agency,
        uploaded_by=people["thuky"],
        original_name="b.csv",
        sha256="x",
        status=OneStopImport.Status.IMPORTED,
    )
    review = ManagementReview.objects.create(
        agency=agency,
        held_on=datetime.date(year, 12, 20),
        chair=people["lanhdao"],
        participants="BGĐ",
        period_start=datetime.date(years[0], 1, 1),
        period_end=datetime.date(year, 12, 31),
    )
    client = Client()
    client.force_login(people["thuky"])

    add_statistics(agency, upload, documents[:10], [year])
    add_records(agency, people, year, 3)
    base = measure(client, review, year)
    add_statistics(agency, upload, documents[10:], [year])
    add_statistics(agency, upload, documents, years[:-1])
    add_records(agency, people, year, 27)
    full = measure(client, review, year)

    load = os.getloadavg()[0]
    lines = [
        f"| planning (load {load:.1f}) | baseline: 10 procedures x 1 year | {PROCEDURES} procedures x {YEARS} years "
        "| ratio |",
        "|---|---|---|---|",
    ]
    for key, label in (("dashboard", "dashboard"), ("draft", "review draft")):
        lines.append(
            f"| {label} median | {base[key + '_ms']:.0f} ms | {full[key + '_ms']:.0f} ms "
            f"| {full[key + '_ms'] / base[key + '_ms']:.2f} |"
        )
        lines.append(f"| {label} queries | {base[key + '_queries']} | {full[key + '_queries']} | |")
    ok = (
        full["dashboard_ms"] <= 300
        and full["draft_ms"] <= 300
        and full["dashboard_queries"] == base["dashboard_queries"]
        and full["draft_queries"] == base["draft_queries"]
    )
    lines.append(f"result: {'within' if ok else 'OUTSIDE'} target (median <= 300 ms, queries constant)")
    return lines

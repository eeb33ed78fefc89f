"""The province replay's database and its figures (bench/province_replay.py).

Run inside Django (qms.settings.loadtest, DATABASE_URL to the replay's own
PostgreSQL database):

    python -m bench.province_replay_data build AGENCIES DOCUMENTS EXPORT   # in an empty database
    python -m bench.province_replay_data plan FILE                         # the simulated people (JSON)
    python -m bench.province_replay_data report SINCE                      # what the morning did (JSON)

The build: AGENCIES agencies of bench/province.py (25 people each, 5,000 in
200; DOCUMENTS current documents each, written in bulk by
bench/loadtest_data.py), the first one with max(DOCUMENTS, EXPORT) documents
so that its ISO secretary's export holds EXPORT PDFs. Then the people of the
morning get the password and their roles: STAFF readers spread over the
agencies, SECRETARIES ISO secretaries (each with a department head who
reviews, in the department whose documents the secretary edits, and the
agency's approver), AUDITORS internal auditors (150, 20 and 10;
BENCH_PROVINCE_STAFF, _SECRETARIES, _AUDITORS for a smaller morning), each leading a started audit
of their agency with ITEMS checklist questions.

Every current issue also has the row of yesterday's uncontrolled PDF, as a
day of service leaves it (the daily duty renders the copies that are missing:
without these rows it would render every document of the province). Their
file is not kept: nothing in the morning reads a past day's copy (a download
or an export renders today's).
"""

import datetime
import json
import os
import random
import secrets
import sys
import time

from bench.loadtest_data import PASSWORD, QUERIES_WITH_DIACRITICS, QUERIES_WITHOUT_DIACRITICS

STAFF = int(os.environ.get("BENCH_PROVINCE_STAFF", "150"))
SECRETARIES = int(os.environ.get("BENCH_PROVINCE_SECRETARIES", "20"))
AUDITORS = int(os.environ.get("BENCH_PROVINCE_AUDITORS", "10"))
ITEMS = 20
DOCUMENTS_PER_READER = 200  # the sample of its agency's documents a reader opens
PDF_DOCUMENTS = 8  # per agency: the documents whose PDF its readers download
BATCH = 1000


def setup():
    import django

    django.setup()


def build(agencies, documents, export):
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from audits.models import Audit, AuditProgramme, ChecklistItem
    from bench.province import PEOPLE, build_agency
    from procedures.control.acknowledging import assign_current_issues, assign_readers
    from procedures.models import CopyKind, Issue, RenderedCopy
    from procedures.search.index import rebuild
    from qms import roles
    from qms.models import Agency, AgencyLevel, Department, IsoClause, User

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(11)
    agency_list = [Agency.objects.order_by("pk").first()]
    build_agency(agency_list[0], 0, rng, documents=max(documents, export))
    for number in range(1, agencies):
        agency = Agency.objects.create(
            agency_name=f"UBND XÃ SỐ {number}", code=f"xa-{number}", level=AgencyLevel.COMMUNE
        )
        build_agency(agency, number, rng, documents=documents)
        agency_list.append(agency)
        if number % 10 == 0:
            print(f"  {number} agencies ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

    hashed = make_password(PASSWORD)
    groups = {name: Group.objects.get(name=name) for name in roles.ROLE_LABELS}
    staff = [f"cb{n % agencies}-{(n // agencies) % PEOPLE}" for n in range(STAFF)]
    User.objects.filter(username__in=staff).update(password=hashed)
    User.objects.filter(username__in=[f"lanhdao{n}" for n in range(agencies)]).update(password=hashed)

    def person(username, role, department):
        user = User.objects.create(
            username=username, password=hashed, full_name=username, agency=department.agency, department=department
        )
        user.groups.add(groups[role])
        return user

    year = timezone.localdate().year
    with transaction.atomic():
        for n in range(SECRETARIES):
            agency = agency_list[n % agencies]
            department = Department.objects.filter(agency=agency).order_by("code")[(n // agencies) % 4]
            person(f"thuky-{n}", roles.ISO_SECRETARY, department)
            person(f"truongphong-{n}", roles.DEPARTMENT_HEAD, department)
        clause = IsoClause.objects.get(edition="2015", number="9.2")
        programmes = {}
        for n in range(AUDITORS):
            agency = agency_list[n % agencies]
            departments = list(Department.objects.filter(agency=agency).order_by("code"))
            department = departments[0]  # audited by someone of another department (independence)
            auditor = person(f"danhgia-{n}", roles.INTERNAL_AUDITOR, departments[-1])
            if agency.pk not in programmes:
                programme = AuditProgramme.objects.create(agency=agency, year=year, objectives="Đánh giá nội bộ")
                programme.approve(User.objects.get(username=f"lanhdao{agency_list.index(agency)}"))
                programmes[agency.pk] = programme
            audit = Audit.objects.create(
                programme=programmes[agency.pk],
                title=f"Đánh giá nội bộ {n + 1}",
                scope="Các quy trình TTHC",
                criteria="TCVN ISO 9001:2015",
                planned_start=timezone.localdate(),
                planned_end=timezone.localdate(),
                lead_auditor=auditor,
            )
            audit.departments.add(department)
            audit.clauses.add(clause)
            audit.start(auditor)
            ChecklistItem.objects.bulk_create(
                ChecklistItem(audit=audit, clause=clause, position=p, question=f"Câu hỏi đánh giá số {p}?")
                for p in range(1, ITEMS + 1)
            )

    # A province in service: every reader already has the current issues of their documents to
    # read (given when each was issued, with its mail long sent). Without this the morning's daily
    # duty made its first walk then and assigned the whole province at once: 20,000 issues and as
    # many mails in the middle of the morning, which no real morning does. The second walk finds
    # nothing to add and leaves the duty's mark, as a duty that ran last night would.
    for issue in Issue.objects.current().select_related("document").order_by("pk"):
        assign_readers(issue, notify_readers=False)
    assign_current_issues(full=True)

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    issues = list(Issue.objects.current().values_list("pk", flat=True))
    for start in range(0, len(issues), BATCH):
        RenderedCopy.objects.bulk_create(
            RenderedCopy(
                issue_id=pk,
                kind=CopyKind.UNCONTROLLED,
                variant=f"uncontrolled:{yesterday.isoformat()}",
                print_date=yesterday,
                code=secrets.token_hex(8),
                sha256="0" * 64,
                file=f"copies/{pk}/yesterday.pdf",
                size=0,
            )
            for pk in issues[start : start + BATCH]
        )
    rebuild()
    with connection.cursor() as cursor:  # planner statistics, as a database in service has them
        cursor.execute("VACUUM ANALYZE")
    print(
        f"  {agencies} agencies, {User.objects.count()} people, {len(issues)} documents "
        f"({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
        flush=True,
    )


def plan(path):
    """Everything the simulated people need, read from the database."""
    from audits.models import Audit
    from procedures.models import ControlledDocumentPage, LibraryPage, SectionPage
    from qms.models import User

    home = LibraryPage.objects.order_by("pk").first().get_parent().url_path

    def url(url_path):
        return "/" + url_path[len(home) :]

    rng = random.Random(5)
    agencies = {}
    for library in LibraryPage.objects.order_by("pk"):
        documents = list(
            ControlledDocumentPage.objects.filter(library=library)
            .order_by("pk")
            .values("pk", "url_path", "title", "slug", "code", "document_type_id", "owner_department_id")
        )
        agencies[library.agency_id] = {
            "library": url(library.url_path),
            "sections": [url(s.url_path) for s in SectionPage.objects.child_of(library).order_by("pk")],
            "documents": [
                {"url": url(d["url_path"]), "code": d["code"]}
                for d in rng.sample(documents, min(DOCUMENTS_PER_READER, len(documents)))
            ],
            "pdf_documents": [url(d["url_path"]) for d in rng.sample(documents, min(PDF_DOCUMENTS, len(documents)))],
            "all": documents,
        }
    secretaries = []
    for secretary in User.objects.filter(username__startswith="thuky-").order_by("pk"):
        n = secretary.username.split("-")[1]
        same = User.objects.filter(username__startswith="thuky-", department=secretary.department).order_by("pk")
        share, of = list(same).index(secretary), same.count()
        own = [d for d in agencies[secretary.agency_id]["all"] if d["owner_department_id"] == secretary.department_id]
        approver = User.objects.get(agency=secretary.agency, username__startswith="lanhdao")
        secretaries.append(
            {
                "secretary": secretary.username,
                "reviewer": f"truongphong-{n}",
                "approver": approver.username,
                "documents": [
                    {
                        "id": d["pk"],
                        "url": url(d["url_path"]),
                        "title": d["title"],
                        "slug": d["slug"],
                        "code": d["code"],
                        "document_type": d["document_type_id"],
                        "owner_department": d["owner_department_id"],
                    }
                    for d in own[share::of]
                ],
            }
        )
    auditors = [
        {"username": audit.lead_auditor.username, "audit": audit.pk, "positions": list(range(1, 21))}
        for audit in Audit.objects.select_related("lead_auditor").order_by("pk")
    ]
    unusable = "!"  # noqa: S105 - the mark of an unusable password ("" when written in bulk)
    readers = User.objects.filter(username__startswith="cb").exclude(password="").exclude(password__startswith=unusable)
    staff = [{"username": u.username, "agency": u.agency_id} for u in readers.order_by("pk")]
    for agency in agencies.values():
        del agency["all"]
    data = {
        "password": PASSWORD,
        "staff": staff,
        "agencies": agencies,
        "secretaries": secretaries,
        "auditors": auditors,
        "exporter": "thuky-0",
        "queries_with_diacritics": QUERIES_WITH_DIACRITICS,
        "queries_without_diacritics": QUERIES_WITHOUT_DIACRITICS,
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(since):
    """What the morning did: issues, tasks with their queue delay, the export, the worker's throughput."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from audits.models import ChecklistItem, EvidenceFile
    from procedures.models import CopyExport, Issue, RenderedCopy

    since = datetime.datetime.fromisoformat(since)
    tasks = DBTaskResult.objects.filter(enqueued_at__gte=since)
    delays = [
        (started - enqueued).total_seconds()
        for enqueued, started in tasks.filter(started_at__isnull=False).values_list("enqueued_at", "started_at")
    ]
    finished = list(tasks.filter(finished_at__isnull=False).values_list("started_at", "finished_at"))
    window = (
        (max(f for _s, f in finished) - min(s for s, _f in finished)).total_seconds() if len(finished) > 1 else None
    )
    export = CopyExport.objects.order_by("-pk").first()
    json.dump(
        {
            "issues_published": Issue.objects.filter(approved_at__gte=since, workflow_state__isnull=False).count(),
            "pdf_copies_rendered": RenderedCopy.objects.filter(rendered_at__gte=since).count(),
            "checklist_results_recorded": ChecklistItem.objects.filter(recorded_at__gte=since).count(),
            "evidence_files": EvidenceFile.objects.count(),
            "tasks": {
                f"{path.rsplit('.', 1)[-1]} {status}": n
                for path, status, n in tasks.values_list("task_path", "status").annotate(n=Count("id")).order_by()
            },
            "queue_delay_s": {
                "count": len(delays),
                "p50": percentile(delays, 0.5),
                "p95": percentile(delays, 0.95),
                "max": max(delays, default=None),
            },
            "worker_tasks_finished": len(finished),
            "worker_tasks_per_minute": round(len(finished) / window * 60, 1) if window else None,
            "export": export
            and {
                "status": export.status,
                "pdfs": export.total,
                "done": export.done,
                "seconds": (export.finished_at - export.requested_at).total_seconds() if export.finished_at else None,
            },
        },
        sys.stdout,
    )


if __name__ == "__main__":
    setup()
    command = sys.argv[1]
    if command == "build":
        build(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif command == "plan":
        plan(sys.argv[2])
    elif command == "report":
        report(sys.argv[2])
    else:
        raise SystemExit(f"unknown command {command!r}")

"""The load test's database: 5,000 current documents and the people who read
and publish them, written in bulk (about a minute instead of the minutes that
one `add_child` per document takes).

Run by bench/loadtest.py, inside Django (qms.settings.loadtest, DATABASE_URL
to the load test's own PostgreSQL database):

    python -m bench.loadtest_data build COUNT     # migrate and build, in an empty database
    python -m bench.loadtest_data plan FILE       # what the simulated users need to know (JSON)
    python -m bench.loadtest_data report          # what the run published (JSON on stdout)

The pages, revisions and issues are what the workflow would have left
(a live page, its revision, a current issue frozen from that revision and its
search entry) without the signatures: reading does not look at them.
"""

import datetime
import json
import random
import sys
import time

# The simulated people. Every account has this password (the build stores one
# hash for all of them, computed once).
PASSWORD = "Tai-thu@2026!"  # noqa: S105
DEPARTMENTS = 8
STAFF = 20
SECRETARIES = 2
PDF_DOCUMENTS = 16  # the documents whose PDF readers download (the first download renders)
BATCH = 500

# Vietnamese queries, typed with and without diacritics.
QUERIES_WITH_DIACRITICS = [
    "thủ tục đăng ký",
    "đăng ký kết hôn",
    "tiếp nhận hồ sơ",
    "thành lập hội",
    "xét tuyển viên chức",
    "bằng khen",
    "phê duyệt điều lệ",
    "lưu trữ",
    "kiểm soát tài liệu",
    "chứng thực bản sao",
]
QUERIES_WITHOUT_DIACRITICS = [
    "thu tuc dang ky",
    "dang ky ket hon",
    "tiep nhan ho so",
    "thanh lap hoi",
    "xet tuyen vien chuc",
    "bang khen",
    "phe duyet dieu le",
    "luu tru",
    "kiem soat tai lieu",
    "chung thuc ban sao",
    "qt05",
    "QT-0123",
]


def setup():
    import django

    django.setup()


def make_people(departments):
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from qms import roles
    from qms.models import User

    hashed = make_password(PASSWORD)
    groups = {name: Group.objects.get(name=name) for name in roles.ROLE_LABELS}

    def person(username, role, full_name, job_title, department):
        user = User.objects.create(
            username=username,
            password=hashed,
            full_name=full_name,
            job_title=job_title,
            agency=department.agency,
            department=department,
        )
        user.groups.add(groups[role])
        return user

    people = {"staff": [], "secretaries": [], "heads": [], "approvers": []}
    for n in range(1, STAFF + 1):
        people["staff"].append(
            person(f"nhanvien{n:02d}", roles.STAFF, f"Cán bộ {n}", "Chuyên viên", departments[n % DEPARTMENTS])
        )
    for n, department in enumerate(departments, start=1):
        people["heads"].append(
            person(f"truongphong{n}", roles.DEPARTMENT_HEAD, f"Trưởng phòng {n}", "Trưởng phòng", department)
        )
    for n in range(1, SECRETARIES + 1):
        people["secretaries"].append(
            person(f"thuky{n}", roles.ISO_SECRETARY, f"Thư ký ISO {n}", "Thư ký ISO", departments[0])
        )
        people["approvers"].append(
            person(f"lanhdao{n}", roles.APPROVER, f"Lãnh đạo {n}", "Phó Giám đốc Sở", departments[0])
        )
    return people


def bulk_current_documents(library, sections, departments, owners, document_type, approver, numbers, rng, width=4):
    """One current document per number (QT-0001 …), spread over the sections at random.

    Written in bulk, as the workflow would have left them: the page and
    document rows, one revision, a current issue frozen from it (with its
    history row). The sections' child counts are kept right. Returns the
    documents.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history
    from wagtail.models import Page, Revision

    from bench.documents import reading_body
    from bench.portal_reading import PROCEDURES, WORDS
    from procedures.lifecycle import issuing
    from procedures.models import ControlledDocumentPage, Issue, IssueStatus

    page_type = ContentType.objects.get_for_model(Page)
    document_ct = ContentType.objects.get_for_model(ControlledDocumentPage)
    now = timezone.now()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    document_fields = ControlledDocumentPage._meta.local_concrete_fields
    page_fields = [field.attname for field in Page._meta.concrete_fields if field.attname != "id"]
    children = list(Page.objects.filter(pk__in=[s.pk for s in sections]).values_list("pk", "numchild"))
    children = [dict(children)[section.pk] for section in sections]
    documents = []
    for number in numbers:
        index = rng.randrange(len(sections))
        section = sections[index]
        children[index] += 1
        title = f"{rng.choice(PROCEDURES)} (mẫu {number})"
        slug = f"qt-{number:0{width}d}"
        action = " ".join(rng.choice(WORDS) for _ in range(40))
        documents.append(
            ControlledDocumentPage(
                path=Page._get_path(section.path, section.depth + 1, children[index]),
                depth=section.depth + 1,
                numchild=0,
                title=title,
                draft_title=title,
                slug=slug,
                url_path=f"{section.url_path}{slug}/",
                content_type=document_ct,
                locale_id=section.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                latest_revision_created_at=now,
                owner=owners[index % len(owners)],
                code=f"QT-{number:0{width}d}",
                document_type=document_type,
                owner_department=departments[index],
                library=library,
                body=reading_body(action, forms=[(f"BM-{number:0{width}d}", "Tờ khai " + rng.choice(WORDS))]),
            )
        )
    # The Page rows first (they give the ids), then the documents' own rows.
    pages = Page.objects.bulk_create(
        [Page(**{name: getattr(document, name) for name in page_fields}) for document in documents]
    )
    for document, page in zip(documents, pages, strict=True):
        document.pk = document.page_ptr_id = page.pk
    ControlledDocumentPage._base_manager._insert(documents, fields=document_fields, using="default")
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=document_ct,
                base_content_type=page_type,
                object_id=str(document.pk),
                created_at=now,
                user=document.owner,
                object_str=document.title,
                content=document.serializable_data(),
            )
            for document in documents
        ]
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = page.live_revision_id = revision.pk
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"])
    issues = []
    for document, revision in zip(documents, revisions, strict=True):
        body_html = issuing.render_body(document)
        issues.append(
            Issue(
                document_id=document.pk,
                revision=revision,
                code=document.code,
                title=document.title,
                owner_department_name=document.owner_department.name,
                document_type_name=document_type.name,
                edition=1,
                amendment=0,
                effective_date=yesterday,
                change_summary="Ban hành lần đầu",
                body_html=body_html,
                body_sha256=issuing.sha256_text(body_html),
                content_sha256=issuing.revision_sha256(revision),
                approved_by=approver,
                approved_at=now,
                status=IssueStatus.CURRENT,
                became_current_at=now,
            )
        )
    bulk_create_with_history(issues, Issue, batch_size=BATCH)
    for section, number in zip(sections, children, strict=True):
        Page.objects.filter(pk=section.pk).update(numchild=number)
    return documents


def build(count):
    from django.core.management import call_command
    from django.db import connection, transaction

    from procedures.models import DocumentType, LibraryPage, SectionPage
    from procedures.search.index import rebuild
    from qms.models import Agency, Department

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"  migrated ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    rng = random.Random(7)
    with transaction.atomic():
        agency = Agency.objects.order_by("pk").first()
        departments = [
            Department.objects.create(agency=agency, name=f"Phòng nghiệp vụ {n}", code=f"p{n}")
            for n in range(1, DEPARTMENTS + 1)
        ]
        people = make_people(departments)
        approver = people["approvers"][0]
        library = LibraryPage.objects.get(agency=agency)
        sections = [
            library.add_child(instance=SectionPage(title=d.name, slug=d.code, department=d)) for d in departments
        ]
        for section in sections:
            section.refresh_from_db()
        document_type = DocumentType.objects.get(agency=agency, prefix="QT")
        for start in range(1, count + 1, BATCH):
            numbers = range(start, min(start + BATCH, count + 1))
            bulk_current_documents(
                library, sections, departments, people["heads"], document_type, approver, numbers, rng
            )
            print(f"  {numbers[-1]} documents ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    rebuild()
    print(f"  search entries built ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:  # planner statistics, as a database in service has them
        cursor.execute("VACUUM ANALYZE")


def plan(path):
    """Everything the simulated users need, read from the database."""
    from procedures.models import ControlledDocumentPage, LibraryPage, SectionPage
    from qms.models import User

    documents = list(
        ControlledDocumentPage.objects.order_by("pk").values(
            "pk", "url_path", "title", "slug", "code", "document_type_id", "owner_department_id"
        )
    )
    site_root = LibraryPage.objects.get().get_parent().url_path

    def url(url_path):
        return "/" + url_path[len(site_root) :]

    rng = random.Random(3)
    secretaries = []
    for n in range(1, SECRETARIES + 1):
        head = User.objects.get(username=f"truongphong{n}")
        own = [d for d in documents if d["owner_department_id"] == head.department_id]
        secretaries.append(
            {
                "secretary": f"thuky{n}",
                "reviewer": head.username,
                "approver": f"lanhdao{n}",
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
                    for d in own
                ],
            }
        )
    data = {
        "password": PASSWORD,
        "staff": [f"nhanvien{n:02d}" for n in range(1, STAFF + 1)],
        "secretaries": secretaries,
        "library": url(LibraryPage.objects.get().url_path),
        "sections": [url(s.url_path) for s in SectionPage.objects.order_by("pk")],
        "documents": [{"url": url(d["url_path"]), "code": d["code"]} for d in documents],
        "pdf_documents": [url(d["url_path"]) for d in rng.sample(documents, PDF_DOCUMENTS)],
        "queries_with_diacritics": QUERIES_WITH_DIACRITICS,
        "queries_without_diacritics": QUERIES_WITHOUT_DIACRITICS,
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)


def report():
    """What the run changed: issues published through the workflow, PDFs, background tasks."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from procedures.models import Issue, IssueStatus, RenderedCopy

    published = Issue.objects.filter(workflow_state__isnull=False)
    tasks = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
    json.dump(
        {
            "issues_published": published.count(),
            "issues_published_current": published.filter(status=IssueStatus.CURRENT).count(),
            "pdf_copies_rendered": RenderedCopy.objects.count(),
            "pdf_copies_of_published_issues": RenderedCopy.objects.filter(issue__in=published).count(),
            "tasks": {str(status): n for status, n in tasks.items()},
        },
        sys.stdout,
    )


if __name__ == "__main__":
    setup()
    command = sys.argv[1]
    if command == "build":
        build(int(sys.argv[2]))
    elif command == "plan":
        plan(sys.argv[2])
    elif command == "report":
        report()
    else:
        raise SystemExit(f"unknown command {command!r}")

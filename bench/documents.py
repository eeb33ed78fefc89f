"""Documents with a current issue, built directly (the workflow is not what is measured)."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from procedures.lifecycle import issuing
from procedures.lifecycle.signing import record_signature
from procedures.models import ControlledDocumentPage, DocumentType, Issue, IssueStatus, LibraryPage, SectionPage
from qms import roles
from qms.models import Agency, Department, User


def first_agency():
    return Agency.objects.order_by("pk").first()


def organisation():
    agency = first_agency()
    department, _ = Department.objects.get_or_create(
        agency=agency, code="ccvc", defaults={"name": "Phòng Công chức, viên chức"}
    )
    people = {}
    for username, role, name, title in [
        ("truongphong", roles.DEPARTMENT_HEAD, "Trần Văn Minh", "Trưởng phòng CCVC"),
        ("thuky", roles.ISO_SECRETARY, "Nguyễn Thị Thu Hà", "Thư ký ISO"),
        ("lanhdao", roles.APPROVER, "Lê Hoàng Nam", "Phó Giám đốc Sở"),
        ("nhanvien", roles.STAFF, "Võ Thị Ngọc Lan", "Chuyên viên"),
    ]:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": name, "job_title": title, "agency": agency, "department": department},
        )
        if created:
            user.groups.add(Group.objects.get(name=role))
        people[username] = user
    library = LibraryPage.objects.get(agency=agency)
    section = SectionPage.objects.first() or library.add_child(
        instance=SectionPage(title="Phòng CCVC", slug="ccvc", department=department)
    )
    return people, department, section


def steps_body(steps, words=12):
    action = " ".join(["Kiểm tra, đối chiếu thành phần hồ sơ"] + ["và ghi sổ theo dõi"] * (words // 4))
    return [
        {
            "type": "section",
            "value": {"kind": "purpose", "heading": "1. Mục đích", "body": "<p>Quy định trình tự tiếp nhận hồ sơ.</p>"},
        },
        {
            "type": "steps_table",
            "value": {
                "heading": "5. Trình tự thực hiện",
                "processing_time_days": None,
                "steps": [
                    {
                        "step": f"B{n}",
                        "action": f"{action} (bước {n})",
                        "responsible": "Bộ phận tiếp nhận và trả kết quả",
                        "time_days": "0.5",
                        "time_note": "",
                        "result": f"BM-01-{n:02d}",
                    }
                    for n in range(1, steps + 1)
                ],
            },
        },
        {
            "type": "forms",
            "value": {
                "heading": "7. Biểu mẫu",
                "forms": [{"code": "BM-01-01", "title": "Phiếu tiếp nhận hồ sơ", "file": None}],
            },
        },
    ]


def current_document(people, department, section, title, steps, signed=False):
    page = ControlledDocumentPage(
        title=title,
        document_type=DocumentType.objects.get(agency=department.agency, prefix="QT"),
        owner_department=department,
        body=steps_body(steps),
    )
    section.add_child(instance=page)
    revision = page.save_revision(user=people["truongphong"])
    body_html = issuing.render_body(page)
    now = timezone.now()
    if signed:
        for meaning, user in (("prepared", "truongphong"), ("reviewed", "thuky"), ("approved", "lanhdao")):
            record_signature(user=people[user], document=page, meaning=meaning, revision=revision)
    return Issue.objects.create(
        document=page,
        revision=revision,
        code=page.code,
        title=page.title,
        owner_department_name=department.name,
        document_type_name="Quy trình",
        edition=1,
        amendment=0,
        effective_date=timezone.localdate() - datetime.timedelta(days=1),
        change_summary="Ban hành lần đầu",
        body_html=body_html,
        body_sha256=issuing.sha256_text(body_html),
        content_sha256=issuing.revision_sha256(revision),
        approved_by=people["lanhdao"],
        approved_at=now,
        status=IssueStatus.CURRENT,
        became_current_at=now,
    )


def reading_body(action, forms=()):
    """A procedure as staff read it: its purpose, a two-step table (the first step's action
    given) and its forms, each ``(code, title)`` without a file. The portal benchmarks'
    documents (bench/portal_reading.py, bench/loadtest_data.py) are made of it."""
    body = [
        {
            "type": "section",
            "value": {"kind": "purpose", "heading": "1. Mục đích", "body": "<p>Quy định trình tự giải quyết.</p>"},
        },
        {
            "type": "steps_table",
            "value": {
                "heading": "5. Trình tự thực hiện",
                "processing_time_days": "10",
                "steps": [
                    {
                        "step": "B1",
                        "action": action,
                        "responsible": "Bộ phận tiếp nhận và trả kết quả",
                        "time_days": "0.5",
                        "time_note": "",
                        "result": "BM-01",
                    },
                    {
                        "step": "B2",
                        "action": "Thẩm định hồ sơ, lập tờ trình trình lãnh đạo Sở xem xét, quyết định",
                        "responsible": "Phòng Công chức, viên chức",
                        "time_days": "7",
                        "time_note": "",
                        "result": "Tờ trình",
                    },
                ],
            },
        },
    ]
    if forms:
        body.append(
            {
                "type": "forms",
                "value": {"heading": "Biểu mẫu", "forms": [{"code": c, "title": t, "file": None} for c, t in forms]},
            }
        )
    return body


def issued_document(section, approver, *, title, code, department, slug, body):
    """A live document with one current issue (edition 1), its page, revision and issue
    written directly: thousands of them, fast."""
    document_type = DocumentType.objects.get(agency=department.agency, prefix="QT")
    document = ControlledDocumentPage(
        title=title, slug=slug, code=code, document_type=document_type, owner_department=department, body=body
    )
    section.add_child(instance=document)
    revision = document.save_revision(user=approver)
    body_html = issuing.render_body(document)
    now = timezone.now()
    Issue.objects.create(
        document=document,
        revision=revision,
        code=document.code,
        title=document.title,
        owner_department_name=department.name,
        document_type_name=document_type.name,
        edition=1,
        amendment=0,
        effective_date=timezone.localdate() - datetime.timedelta(days=1),
        change_summary="Ban hành lần đầu",
        body_html=body_html,
        body_sha256=issuing.sha256_text(body_html),
        content_sha256=issuing.sha256_text(body_html),
        approved_by=approver,
        approved_at=now,
        status=IssueStatus.CURRENT,
        became_current_at=now,
    )
    return document

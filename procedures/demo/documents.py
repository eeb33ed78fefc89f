"""The demo library of Sở Nội vụ tỉnh Vĩnh Long: 25 controlled documents
taken through the real review and approval workflow, some issued two or
three times, one scheduled, one withdrawn, one waiting for review.

Each step happens on its own day of the past two years, given explicitly to
what records it (see timeline.py); the clock is never touched."""

import datetime

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Workflow

from procedures.documents.library import WORKFLOW_NAME
from procedures.lifecycle import issuing
from procedures.lifecycle.signing import complete_signing, record_signature
from procedures.models import ControlledDocumentPage, DocumentType, SectionPage
from procedures.models.tasks import steps_starting_at
from qms import roles
from qms.agency_context import first_agency
from qms.demo import DEMO_PASSWORD
from qms.models import Department, User

from . import bodies
from .content import SYSTEM_PROCEDURES, TTHC_PROCEDURES
from .timeline import moment, wagtail_rows_dated

SECTIONS = [
    # slug, title, department code
    ("he-thong", "Tài liệu hệ thống", "van-phong"),
    ("cong-chuc-vien-chuc", "Công chức, viên chức", "ccvc"),
    ("to-chuc-bien-che", "Tổ chức, biên chế và tổ chức phi chính phủ", "tccb"),
    ("thi-dua-khen-thuong", "Thi đua – Khen thưởng", "tdkt"),
    ("ton-giao", "Tôn giáo", "tgcp"),
    ("van-thu-luu-tru", "Văn thư – Lưu trữ", "vtlt"),
]

# Heads of the departments that own documents (besides truongphong of ccvc).
HEADS = [
    ("chanhvanphong", "Đặng Thị Kim Oanh", "Chánh Văn phòng Sở", "van-phong"),
    ("truongtccb", "Ngô Quốc Bảo", "Trưởng phòng Tổ chức, biên chế và TCPCP", "tccb"),
    ("truongbantdkt", "Lâm Thị Hồng Nhung", "Trưởng ban Thi đua – Khen thưởng", "tdkt"),
    ("truongbantg", "Châu Văn Phước", "Trưởng ban Tôn giáo", "tgcp"),
    ("chicuctruong", "Phan Thanh Sơn", "Chi cục trưởng Chi cục Văn thư – Lưu trữ", "vtlt"),
]

TODAY = None  # set in build()

# The internal procedures for administrative procedures are public by law: their own document type,
# published at /cong-khai/ (docs/public.md), numbered QT-nn like the other procedures.
PUBLIC_TYPE = ("Quy trình nội bộ giải quyết thủ tục hành chính", "TTHC", "QT-{number:02d}")

# Demo codes of some procedures in the national procedure catalogue (the secretary enters them in the editor).
NATIONAL_CODES = {
    "QT-07": "1.003822",
    "QT-08": "1.003918",
    "QT-11": "1.005384",
    "QT-12": "1.005392",
    "QT-16": "1.000775",
    "QT-18": "1.001078",
}


def build(stdout):
    build_some(None, stdout)


def build_some(codes, stdout):
    """The demo documents with these codes (all when None)."""
    global TODAY
    TODAY = timezone.localdate()
    library = ensure_library()
    people = ensure_heads()
    sections = ensure_sections(library)
    ensure_public_type()
    created = 0
    for spec in document_specs():
        if codes is not None and spec["code"] not in codes:
            continue
        if ControlledDocumentPage.objects.filter(library=library, code=spec["code"]).exists():
            continue
        make_document(spec, sections, people)
        created += 1
    total = ControlledDocumentPage.objects.filter(library=library).count()
    stdout.write(f"  documents: {total} in the library ({created} new)")


def ensure_library():
    """The first agency's library, made with the agency (procedures.documents.library)."""
    from procedures.documents.library import library_of

    library = library_of(first_agency())
    if not library.live:
        library.save_revision().publish()
    return library


def ensure_public_type():
    name, prefix, pattern = PUBLIC_TYPE
    DocumentType.objects.update_or_create(
        agency=first_agency(), prefix=prefix, defaults={"name": name, "numbering_pattern": pattern, "public": True}
    )


def ensure_heads():
    people = {user.username: user for user in User.objects.filter(username__in=["thuky", "truongphong", "lanhdao"])}
    people["heads"] = {"ccvc": people["truongphong"]}
    head_group = Group.objects.get(name=roles.DEPARTMENT_HEAD)
    for username, full_name, title, dept_code in HEADS:
        department = Department.objects.get(agency=first_agency(), code=dept_code)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "job_title": title,
                "agency": department.agency,
                "department": department,
                "email": f"{username}@sonoivu.example.vn",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(head_group)
        if department.head_id != user.pk:
            # save(), not update(): the change leaves a (chained) history row.
            department.head = user
            department.save(update_fields=["head"])
        people["heads"][dept_code] = user
    return people


def ensure_sections(library):
    sections = {}
    for slug, title, dept_code in SECTIONS:
        section = SectionPage.objects.child_of(library).filter(slug=slug).first()
        if section is None:
            section = library.add_child(
                instance=SectionPage(
                    title=title, slug=slug, department=Department.objects.get(agency=first_agency(), code=dept_code)
                )
            )
            section.save_revision().publish()
        sections[dept_code] = section
    return sections


def document_specs():
    d = TODAY
    specs = [
        {
            "code": "STCL",
            "type": "STCL",
            "title": "Sổ tay chất lượng",
            "dept": "van-phong",
            "body": bodies.manual(),
            "issues": [
                (d.replace(year=d.year - 2), "new_edition", ""),
                (d.replace(year=d.year - 1), "amendment", "Cập nhật phạm vi áp dụng theo TCVN ISO 9001:2015"),
            ],
        },
        {
            "code": "CSCL",
            "type": "CSCL",
            "title": "Chính sách chất lượng",
            "dept": "van-phong",
            "body": bodies.policy(),
            "issues": [(d.replace(year=d.year - 2), "new_edition", "")],
        },
        {
            "code": "MTCL-01",
            "type": "MTCL",
            "title": f"Mục tiêu chất lượng năm {d.year}",
            "dept": "van-phong",
            "body": bodies.objectives(d.year),
            "issues": [(d.replace(month=1, day=5), "new_edition", "")],
        },
        {
            "code": "HD-01",
            "type": "HD",
            "title": "Hướng dẫn sử dụng phần mềm một cửa điện tử",
            "dept": "van-phong",
            "body": bodies.instruction("phần mềm một cửa điện tử"),
            "issues": [(d - datetime.timedelta(days=200), "new_edition", "")],
        },
        {
            "code": "HD-02",
            "type": "HD",
            "title": "Hướng dẫn tiếp nhận hồ sơ trực tuyến trên Cổng dịch vụ công",
            "dept": "van-phong",
            "body": bodies.instruction("Cổng dịch vụ công"),
            "issues": [(d - datetime.timedelta(days=150), "new_edition", "")],
        },
    ]
    for code, title, clause, steps, forms in SYSTEM_PROCEDURES:
        issues = [(d.replace(year=d.year - 2), "new_edition", "")]
        if code == "QT-01":
            issues += [
                (d - datetime.timedelta(days=300), "amendment", "Bổ sung bước cập nhật danh mục tài liệu nội bộ"),
                (d - datetime.timedelta(days=60), "new_edition", "Chuyển đổi sang TCVN ISO 9001:2015, ban hành mới"),
            ]
        specs.append(
            {
                "code": code,
                "type": "QT",
                "title": title,
                "dept": "van-phong",
                "body": bodies.system_procedure(title, clause, steps, forms),
                "issues": issues,
            }
        )
    for code, title, dept, limit, legal, steps, forms in TTHC_PROCEDURES:
        spec = {
            "code": code,
            "type": PUBLIC_TYPE[1],
            "national_code": NATIONAL_CODES.get(code, ""),
            "title": title,
            "dept": dept,
            "body": bodies.tthc_procedure(title, limit, legal, steps, forms),
            "issues": [(d - datetime.timedelta(days=400), "new_edition", "")],
        }
        if code in ("QT-11", "QT-16"):
            spec["issues"].append(
                (d - datetime.timedelta(days=90), "amendment", "Cập nhật căn cứ pháp lý và thời gian thẩm định")
            )
            spec["amended_body"] = bodies.tthc_procedure(
                title,
                limit,
                legal + ["Văn bản hợp nhất mới nhất"],
                steps[:-1] + [(steps[-1][0] + " (qua Cổng dịch vụ công)", *steps[-1][1:])],
                forms,
            )
        if code == "QT-12":
            spec["scheduled"] = (
                d + datetime.timedelta(days=20),
                "Áp dụng Nghị định 85/2023/NĐ-CP: rút ngắn thời gian thông báo",
            )
        if code == "QT-15":
            spec["withdraw"] = "Thủ tục được chuyển sang Sở Tài chính theo quyết định phân cấp của UBND tỉnh"
        if code == "QT-20":
            spec["issues"] = []
            spec["awaiting_review"] = True
        specs.append(spec)
    return specs


def attach_forms(body, code):
    """Give each form of the body a small file, as agencies attach their Word forms."""
    for block in body:
        if block["type"] != "forms":
            continue
        for form in block["value"]["forms"]:
            title = f"{form['code']} {form['title']}"
            document = Document.objects.filter(title=title).first()
            if document is None:
                document = Document(title=title)
                content = bodies.form_file(form["code"], form["title"])
                document.file.save(f"{form['code'].lower()}.pdf", ContentFile(content), save=False)
                document.save()
            form["file"] = document.pk
    return body


def make_document(spec, sections, people):
    department = Department.objects.get(agency=first_agency(), code=spec["dept"])
    preparer = people["heads"].get(spec["dept"]) or people["thuky"]
    reviewer = people["thuky"] if preparer != people["thuky"] else people["heads"]["van-phong"]
    approver = people["lanhdao"]
    first_date = spec["issues"][0][0] if spec["issues"] else TODAY - datetime.timedelta(days=10)
    with wagtail_rows_dated(moment(first_date - datetime.timedelta(days=15))):
        page = ControlledDocumentPage(
            title=spec["title"],
            code=spec["code"],
            document_type=DocumentType.objects.get(agency=first_agency(), prefix=spec["type"]),
            owner_department=department,
            national_code=spec.get("national_code", ""),
            body=attach_forms(spec["body"], spec["code"]),
        )
        sections[spec["dept"]].add_child(instance=page)
    for index, (effective, change_type, summary) in enumerate(spec["issues"]):
        body = spec.get("amended_body") if index > 0 and spec.get("amended_body") else None
        take_through_workflow(page, effective, change_type, summary, preparer, reviewer, approver, body)
    if spec.get("scheduled"):
        effective, summary = spec["scheduled"]
        take_through_workflow(page, effective, "amendment", summary, preparer, reviewer, approver, None, today=TODAY)
    if spec.get("withdraw"):
        when = moment(TODAY - datetime.timedelta(days=30))
        signature = record_signature(
            user=approver, document=page, meaning="withdrawn", comment=spec["withdraw"], at=when
        )
        issuing.withdraw(page, signature, spec["withdraw"], at=when)
    if spec.get("awaiting_review"):
        submit(page, preparer, "new_edition", "", at=moment(TODAY - datetime.timedelta(days=2)))
    return page


def submit(page, preparer, change_type, summary, body=None, *, at):
    """The preparer saves the draft and submits it to review, ``at`` that moment."""
    with wagtail_rows_dated(at), steps_starting_at(at):
        page = ControlledDocumentPage.objects.get(pk=page.pk)
        page.change_type = change_type
        page.change_summary = summary
        if body is not None:
            page.body = body
        page.save_revision(user=preparer)
        Workflow.objects.get(name=WORKFLOW_NAME).start(page, preparer)
    return ControlledDocumentPage.objects.get(pk=page.pk)


def sign(user, page, data, at):
    with wagtail_rows_dated(at):
        page = ControlledDocumentPage.objects.get(pk=page.pk)
        complete_signing(user, page.current_workflow_task_state.pk, data, at=at)


def take_through_workflow(page, effective, change_type, summary, preparer, reviewer, approver, body, today=None):
    page = submit(page, preparer, change_type, summary, body, at=moment(effective - datetime.timedelta(days=12)))
    sign(reviewer, page, {"comment": "Đồng ý nội dung dự thảo."}, moment(effective - datetime.timedelta(days=8), 10))
    sign(
        approver, page, {"comment": "", "effective_date": effective}, moment(effective - datetime.timedelta(days=5), 15)
    )
    if effective <= (today or TODAY):
        issuing.make_due_issues_current(effective, at=moment(effective, 7))

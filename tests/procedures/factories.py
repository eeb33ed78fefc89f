"""Document control's records, made by factory_boy and wagtail-factories.

The library tree (library, section, controlled document pages) is made by
wagtail-factories' page factories; issued documents get their issue written
directly by IssueFactory, without the signing workflow (tests/procedures/
workflow.py signs through the real pages when that is what a test is about).
An issue is written as it stands after taking effect; a later move (superseded,
withdrawn) goes through the Issue's own methods.
"""

import datetime
import itertools

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Page

from procedures.lifecycle.issuing import render_body, sha256_text
from procedures.models import (
    ChangeRequest,
    Citation,
    ControlledDocumentPage,
    CopyExport,
    DocumentType,
    ExternalDocument,
    Issue,
    IssueStatus,
    LibraryPage,
    ReadingAssignment,
    RecordType,
    ReviewFlag,
    SectionPage,
)
from tests.qms.factories import ApproverFactory, DepartmentFactory, StaffFactory, first_agency

_numbers = itertools.count(1)


def steps_body(action="Tiếp nhận hồ sơ", forms=(), extra_steps=0):
    """A procedure's body: its purpose, a steps table (plus extra_steps rows), and optionally forms."""
    steps = [
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
    ]
    steps += [
        {
            "step": f"B{number + 3}",
            "action": "Xem xét, xử lý hồ sơ theo quy định; chuyển kết quả cho bộ phận tiếp theo. " * 3,
            "responsible": "Chuyên viên thụ lý",
            "time_days": "0",
            "time_note": "Trong ngày",
            "result": f"BM-{number + 3:02d}",
        }
        for number in range(extra_steps)
    ]
    body = [
        {
            "type": "section",
            "value": {"kind": "purpose", "heading": "1. Mục đích", "body": "<p>Quy định trình tự giải quyết.</p>"},
        },
        {
            "type": "steps_table",
            "value": {"heading": "5. Trình tự thực hiện", "processing_time_days": "10", "steps": steps},
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


# The body most document tests start from (the text several tests look for in pages and PDFs).
STEPS_BODY = [
    {
        "type": "section",
        "value": {"kind": "purpose", "heading": "1. Mục đích", "body": "<p>Quy định trình tự tiếp nhận hồ sơ.</p>"},
    },
    {
        "type": "steps_table",
        "value": {
            "heading": "5. Trình tự thực hiện",
            "processing_time_days": "10",
            "steps": [
                {
                    "step": "B1",
                    "action": "Tiếp nhận hồ sơ",
                    "responsible": "Bộ phận một cửa",
                    "time_days": "0.5",
                    "time_note": "",
                    "result": "BM-01",
                },
                {
                    "step": "B2",
                    "action": "Thẩm định hồ sơ",
                    "responsible": "Phòng CCVC",
                    "time_days": "7",
                    "time_note": "",
                    "result": "Tờ trình",
                },
            ],
        },
    },
]


def site_home():
    """The site's home page, under which the library lives."""
    return Page.objects.get(depth=1).get_children().first()


class DocumentTypeFactory(DjangoModelFactory):
    """A document type; the migrations' own (QT, HD, BM, ...) are found by their prefix."""

    class Meta:
        model = DocumentType
        django_get_or_create = ("agency", "prefix")

    agency = factory.LazyFunction(first_agency)
    prefix = "QT"
    name = factory.LazyAttribute(lambda t: f"Loại {t.prefix}")


class LibraryPageFactory(factory.Factory):
    """An agency's library: every agency has one from its creation (procedures.documents.library)."""

    class Meta:
        model = LibraryPage

    agency = factory.LazyFunction(first_agency)

    @classmethod
    def _create(cls, model_class, agency, **fields):
        library = LibraryPage.objects.get(agency=agency)
        if fields:
            for name, value in fields.items():
                setattr(library, name, value)
            library.save()
        return library


class SectionPageFactory(wagtail_factories.PageFactory):
    """A department's part of the library (its heads draft there)."""

    class Meta:
        model = SectionPage

    title = factory.LazyAttribute(lambda s: f"Phòng {s.department.name}")
    slug = factory.LazyAttribute(lambda s: s.department.code)
    department = factory.SubFactory(DepartmentFactory)
    parent = factory.LazyAttribute(lambda s: LibraryPage.objects.get(agency_id=s.department.agency_id))


class ControlledDocumentPageFactory(wagtail_factories.PageFactory):
    """A controlled document in a section; revision_by=user saves its first draft as that author."""

    class Meta:
        model = ControlledDocumentPage
        skip_postgeneration_save = True

    title = "Quy trình tuyển dụng công chức"
    slug = ""  # made from the title by the page itself, as in the editor
    document_type = factory.LazyFunction(lambda: DocumentTypeFactory(prefix="QT"))
    owner_department = factory.LazyAttribute(lambda d: d.parent.specific.department)
    body = factory.LazyFunction(lambda: STEPS_BODY)
    parent = factory.SubFactory(SectionPageFactory)

    @factory.post_generation
    def revision_by(document, create, extracted, **kwargs):
        if create and extracted is not None:
            document.save_revision(user=extracted)


class IssueFactory(DjangoModelFactory):
    """An issue of the document's content as it is now, current since yesterday, written directly."""

    class Meta:
        model = Issue
        exclude = ("previous", "now")

    document = factory.SubFactory(ControlledDocumentPageFactory)
    approved_by = factory.SubFactory(ApproverFactory)
    revision = factory.LazyAttribute(lambda i: i.document.save_revision(user=i.approved_by))
    previous = factory.LazyAttribute(lambda i: i.document.issues.order_by("-edition", "-amendment").first())
    now = factory.LazyFunction(timezone.now)
    code = factory.LazyAttribute(lambda i: i.document.code)
    title = factory.LazyAttribute(lambda i: i.document.title)
    owner_department_name = factory.LazyAttribute(lambda i: i.document.owner_department.name)
    document_type_name = factory.LazyAttribute(lambda i: i.document.document_type.name)
    edition = factory.LazyAttribute(lambda i: 1 if i.previous is None else i.previous.edition)
    amendment = factory.LazyAttribute(lambda i: 0 if i.previous is None else i.previous.amendment + 1)
    effective_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    change_summary = factory.LazyAttribute(lambda i: "Ban hành lần đầu" if i.previous is None else "Sửa đổi")
    body_html = factory.LazyAttribute(lambda i: render_body(i.document))
    body_sha256 = factory.LazyAttribute(lambda i: sha256_text(i.body_html))
    content_sha256 = factory.LazyAttribute(lambda i: sha256_text(i.body_html))
    approved_at = factory.SelfAttribute("now")
    status = IssueStatus.CURRENT
    became_current_at = factory.LazyAttribute(lambda i: i.now if i.status == IssueStatus.CURRENT else None)


def add_issue(document, user, *, status=IssueStatus.CURRENT, body=None, title=None, became_current_at=None):
    """A new issue of the document's current content (optionally changed first), ending in `status`.

    Written current (or scheduled); superseded and withdrawn issues get there by
    the Issue's own moves. The previous current issue is left as it is.
    """
    if body is not None:
        document.body = body
    if title is not None:
        document.title = title
    written = IssueStatus.SCHEDULED if status == IssueStatus.SCHEDULED else IssueStatus.CURRENT
    fields = {"became_current_at": became_current_at} if became_current_at and written == IssueStatus.CURRENT else {}
    issue = IssueFactory(document=document, approved_by=user, status=written, **fields)
    if status == IssueStatus.SUPERSEDED:
        issue.supersede(None, user=user)
    elif status == IssueStatus.WITHDRAWN:
        issue.withdraw("Thu hồi", user=user)
    return issue


def make_issued_document(
    section,
    user,
    *,
    title,
    department,
    code=None,
    document_type=None,
    body=None,
    status=IssueStatus.CURRENT,
    became_current_at=None,
    slug=None,
):
    """A live document in `section` with one issue of `status`, written directly."""
    document_type = document_type or DocumentTypeFactory(prefix="QT")
    number = next(_numbers)
    document = ControlledDocumentPageFactory(
        parent=section,
        title=title,
        slug=slug or f"tai-lieu-{number}",
        code=code or f"{document_type.prefix}-{number:03d}",
        document_type=document_type,
        owner_department=department,
        body=body if body is not None else steps_body(),
    )
    add_issue(document, user, status=status, became_current_at=became_current_at)
    return document


class ChangeRequestFactory(DjangoModelFactory):
    """A numbered change request raised on a document in effect (ChangeRequest.raise_on)."""

    class Meta:
        model = ChangeRequest

    document = None
    raised_by = factory.SubFactory(StaffFactory)
    reason = "Quy định mới về thời hạn giải quyết"
    proposed_change = "Rút ngắn thời gian thẩm định từ 7 xuống 5 ngày"
    attachment = None

    @classmethod
    def _create(cls, model_class, document, raised_by, **fields):
        return model_class.raise_on(document, raised_by, **fields)


class ExternalDocumentFactory(DjangoModelFactory):
    class Meta:
        model = ExternalDocument

    agency = factory.LazyFunction(first_agency)
    number = factory.Sequence(lambda n: f"{n + 1:02d}/2024/NĐ-CP")
    title = "Quy định về tuyển dụng, sử dụng và quản lý công chức"
    issuing_body = "Chính phủ"
    issue_date = datetime.date(2024, 1, 1)


class RecordTypeFactory(DjangoModelFactory):
    class Meta:
        model = RecordType

    agency = factory.LazyFunction(first_agency)
    code = factory.Sequence(lambda n: f"HS-{n + 1:02d}")
    name = "Hồ sơ tuyển dụng"
    keeper_department = factory.SubFactory(DepartmentFactory)
    retention_years = 10


class ReadingAssignmentFactory(DjangoModelFactory):
    """A person's assignment to read an issue; the one issuing gave them already, with these fields."""

    class Meta:
        model = ReadingAssignment

    issue = factory.SubFactory(IssueFactory)
    user = factory.SubFactory(StaffFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        assignment = model_class.objects.filter(issue=kwargs["issue"], user=kwargs["user"]).first()
        if assignment is None:
            return super()._create(model_class, *args, **kwargs)
        for name, value in kwargs.items():
            setattr(assignment, name, value)
        assignment.save()
        return assignment


class CitationFactory(DjangoModelFactory):
    """An external document cited as a document's legal basis."""

    class Meta:
        model = Citation

    document = None
    external_document = factory.SubFactory(ExternalDocumentFactory)
    note = "Điều 5"


class ReviewFlagFactory(DjangoModelFactory):
    """An open flag asking for a document's review (e.g. a cited decree was replaced)."""

    class Meta:
        model = ReviewFlag

    document = None
    reason = "Văn bản viện dẫn đã được thay thế"


class CopyExportFactory(DjangoModelFactory):
    """A finished PDF export with its zip."""

    class Meta:
        model = CopyExport

    requested_by = None
    status = "done"
    finished_at = factory.LazyFunction(timezone.now)
    file = factory.django.FileField(filename="ban-sao.zip", data=b"PK\x05\x06" + bytes(18))

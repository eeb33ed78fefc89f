"""The organisation the URL walk runs against, built by the factories (no demo data).

One person in each role (docs/roles.md), plus a head of another department
("other_head") to show what a head may not see, and a Django superuser. The
records each URL needs exist in the state its action starts from: a document
in effect and one waiting for review, change requests open and accepted,
corrective actions open, planned, implemented and verified, a draft audit
programme, a planned and a running audit, ... The head's department (CCVC) owns
the documents and is the audited department; the staff member of CCVC raised
the change requests, must read the document and owns the corrective actions.
The planning records (objectives, one-stop statistics, nonconformities, risks,
management reviews) are the agency's, the reviews chaired by the approver.
"""

import datetime
from types import SimpleNamespace

import wagtail_factories
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from wagtail.models import Workflow

from procedures.control import acknowledging, periodic_review
from procedures.copies import printing
from procedures.copies.controlled_copies import issue_controlled_copy
from procedures.models import ControlledDocumentPage, CopyKind
from qms.models import SigningPassword
from tests.audits.factories import (
    PDF_BYTES,
    ActionEvidenceFileFactory,
    AuditFactory,
    ChecklistItemFactory,
    CorrectiveActionFactory,
    EvidenceFileFactory,
    FindingFactory,
    ProgrammeFactory,
    QuestionFactory,
    clause,
)
from tests.procedures.factories import (
    ChangeRequestFactory,
    CitationFactory,
    ControlledDocumentPageFactory,
    CopyExportFactory,
    DocumentTypeFactory,
    ExternalDocumentFactory,
    LibraryPageFactory,
    ReadingAssignmentFactory,
    RecordTypeFactory,
    ReviewFlagFactory,
    SectionPageFactory,
    make_issued_document,
)
from tests.procedures.workflow import submit
from tests.qms.factories import (
    ApproverFactory,
    AuditorFactory,
    DepartmentFactory,
    HeadFactory,
    NotificationFactory,
    SecretaryFactory,
    StaffFactory,
    SuperuserFactory,
    first_agency,
)


def people(o):
    o.ccvc = DepartmentFactory(name="Phòng Công chức, viên chức", code="ccvc")
    o.vp = DepartmentFactory(name="Văn phòng Sở", code="vp")
    tt = DepartmentFactory(name="Thanh tra Sở", code="tt")
    ld = DepartmentFactory(name="Ban Giám đốc", code="ld")
    o.users = {
        "anonymous": None,
        "staff": StaffFactory(username="nhanvien", department=o.ccvc),
        "head": HeadFactory(username="truongphong", department=o.ccvc),
        "other_head": HeadFactory(username="truongvp", department=o.vp),
        "secretary": SecretaryFactory(username="thuky", department=o.vp),
        "approver": ApproverFactory(username="lanhdao", department=ld),
        "auditor": AuditorFactory(username="danhgia", department=tt),
        "superuser": SuperuserFactory(),
    }
    o.second_auditor = AuditorFactory(username="danhgia2", department=o.vp)
    o.colleague = StaffFactory(username="chuyenvien2", department=o.ccvc)
    # One unread notification each.
    o.notices = {role: NotificationFactory(recipient=user, url="/thong-bao/") for role, user in o.users.items() if user}


def documents(o):
    u = o.users
    library = LibraryPageFactory()
    o.library = library
    section = SectionPageFactory(parent=library, title="Phòng CCVC", slug="ccvc", department=o.ccvc)
    o.document = make_issued_document(
        section, u["approver"], title="Quy trình tuyển dụng công chức", code="QT-01", department=o.ccvc
    )
    o.issue = o.document.current_issue
    # A public procedure (docs/public.md), its uncontrolled PDF of the day already rendered.
    o.public_document = make_issued_document(
        section,
        u["approver"],
        title="Quy trình thành lập hội",
        code="QT-03",
        department=o.ccvc,
        document_type=DocumentTypeFactory(prefix="TTHC", name="Quy trình nội bộ giải quyết TTHC", public=True),
    )
    printing.get_or_render(o.public_document.current_issue, CopyKind.UNCONTROLLED)
    # A colleague's signing password, which the secretary and the superuser may reset (the walked roles set
    # their own first one on /mat-khau-ky/).
    o.signing_password = SigningPassword(user=StaffFactory(username="nhanvien_ky", department=o.ccvc))
    o.signing_password.set_password("Ky-Ten-Nhan-Vien-2026")
    o.signing_password.save()
    # Drafted by the superuser (nobody in a role), so that both the head and the secretary may review it.
    o.in_review = ControlledDocumentPageFactory(parent=section, title="Quy trình nâng bậc lương", code="QT-02")
    submit(o.in_review, u["superuser"])
    o.task_state = ControlledDocumentPage.objects.get(pk=o.in_review.pk).current_workflow_task_state
    o.unused_type = DocumentTypeFactory(prefix="TK", name="Tài liệu tham khảo")
    o.open_request = ChangeRequestFactory(
        document=o.document, raised_by=u["staff"], attachment=ContentFile(PDF_BYTES, name="de-xuat.pdf")
    )
    o.accepted_request = ChangeRequestFactory(document=o.document, raised_by=u["staff"])
    o.accepted_request.accept(u["head"], "Đồng ý sửa đổi")
    o.assignment = ReadingAssignmentFactory(issue=o.issue, user=u["staff"], first_opened_at=timezone.now())
    read = ReadingAssignmentFactory(issue=o.issue, user=o.colleague, first_opened_at=timezone.now())
    o.acknowledgement = acknowledging.acknowledge(o.colleague, read)
    o.review = periodic_review.record_review(o.document, u["approver"], "still_valid", "Còn phù hợp")


def registers(o):
    u = o.users
    o.external = ExternalDocumentFactory(
        number="45/2010/NĐ-CP", kind="Nghị định", file=ContentFile(PDF_BYTES, name="van-ban.pdf")
    )
    o.citation = CitationFactory(document=o.document)
    o.flag = ReviewFlagFactory(document=o.document, external_document=o.citation.external_document)
    o.record_type = RecordTypeFactory(code="HS-01", keeper_department=o.ccvc)
    o.copy = issue_controlled_copy(o.issue, user=u["secretary"], holder_department=o.ccvc)
    o.rendered = printing.controlled_copy_rendered(o.copy, user=u["secretary"])
    o.export = CopyExportFactory(requested_by=u["secretary"])
    o.image = wagtail_factories.ImageFactory(title="Sơ đồ quy trình", collection=first_agency().collection)


def audits(o):
    u = o.users
    auditor, owner = u["auditor"], u["staff"]
    o.question = QuestionFactory(clause=clause("9.2"))
    programme = ProgrammeFactory(year=2026, approved_by=u["approver"])
    o.draft_programme = ProgrammeFactory(year=2027, objectives="Chương trình năm sau")
    plan = {"lead_auditor": auditor, "departments": [o.ccvc], "team": [o.second_auditor], "clauses": [clause("9.2")]}
    o.planned_audit = AuditFactory(programme=programme, title="Đánh giá lần 2", **plan)
    o.audit = AuditFactory(programme=programme, started=True, **plan)
    o.item = ChecklistItemFactory(audit=o.audit)
    o.evidence = EvidenceFileFactory(item=o.item)
    o.finding = FindingFactory(audit=o.audit, department=o.ccvc)
    o.finding_without_action = FindingFactory(audit=o.audit, department=o.ccvc, description="Thiếu sổ theo dõi")
    o.action = CorrectiveActionFactory(finding=o.finding, owner=owner)
    o.action_evidence = ActionEvidenceFileFactory(action=o.action)
    answer = {"correction": "Bổ sung", "root_cause": "Chưa có mẫu", "action_plan": "Ban hành mẫu"}
    done = {"implementation": "Đã ban hành mẫu", "similar_checked": "Đã rà soát"}
    verdict = {"effective": True, "verified_on": timezone.localdate(), "evidence": "Đã kiểm tra hồ sơ"}
    o.planned_action, o.implemented_action, o.verified_action = (
        CorrectiveActionFactory(finding=FindingFactory(audit=o.audit, department=o.ccvc), owner=owner) for _ in range(3)
    )
    for action in (o.planned_action, o.implemented_action, o.verified_action):
        action.plan(owner, **answer)
    for action in (o.implemented_action, o.verified_action):
        action.implement(owner, **done)
    o.verified_action.verify(o.second_auditor, **verdict)


def province(o):
    """A declaration of conformity of the agency, its notice stored."""
    from province.models import Declaration
    from tests.audits.factories import PDF_BYTES

    o.agency = o.ccvc.agency
    o.declaration = Declaration.objects.create(
        agency=o.agency,
        decision_number="125/QĐ-SNV",
        decision_date=datetime.date(2025, 4, 2),
        scope="Toàn bộ TTHC của Sở",
        notice_file=ContentFile(PDF_BYTES, name="thong-bao.pdf"),
        recorded_by=o.users["secretary"],
    )


def planning(o):
    """The agency's planning records: an objective with a result, a one-stop import waiting to be
    imported and one already imported (its January statistic had late dossiers), a nonconformity
    without its corrective action, a risk, and two draft management reviews chaired by the approver:
    one not yet gathered with an open decision (owned by the auditor), one gathered, ready to sign."""
    from planning import review_inputs
    from planning.models import (
        DossierStatistic,
        ManagementReview,
        Nonconformity,
        ObjectiveResult,
        OneStopImport,
        QualityObjective,
        ReviewDecision,
        Risk,
        SatisfactionResult,
    )

    u, agency = o.users, o.ccvc.agency
    o.objective = QualityObjective.objects.create(
        agency=agency,
        year=2026,
        department=o.ccvc,
        statement="Giải quyết hồ sơ đúng hạn",
        indicator="Tỷ lệ hồ sơ đúng hạn",
        unit="%",
        target=95,
        owner=u["secretary"],
    )
    o.result = ObjectiveResult.objects.create(
        objective=o.objective, period_start=datetime.date(2026, 1, 1), value=96, entered_by=u["secretary"]
    )
    header = "Mã thủ tục,Tháng,Tiếp nhận,Đúng hạn,Trễ hạn,Đang giải quyết\n"

    def upload(name, rows, status=OneStopImport.Status.UPLOADED):
        row = OneStopImport(agency=agency, uploaded_by=u["secretary"], original_name=name, sha256=name, status=status)
        row.file.save(name, ContentFile((header + rows).encode()), save=False)
        row.save()
        return row

    imported = upload("thang-1.csv", "QT-01,01/2026,20,17,3,0\n", OneStopImport.Status.IMPORTED)
    o.statistic = DossierStatistic.objects.create(
        agency=agency,
        source=imported,
        document=o.document,
        department=o.ccvc,
        month=datetime.date(2026, 1, 1),
        received=20,
        on_time=17,
        late=3,
        pending=0,
    )
    o.upload = upload("thang-2.csv", "QT-01,02/2026,20,18,2,0\n")
    o.satisfaction = SatisfactionResult.objects.create(
        agency=agency,
        document=o.document,
        month=datetime.date(2026, 1, 1),
        responses=20,
        satisfied=19,
        entered_by=u["secretary"],
    )
    o.nonconformity = Nonconformity.objects.create(
        agency=agency,
        source=Nonconformity.Source.COMPLAINT,
        reported_on=datetime.date(2026, 3, 2),
        department=o.ccvc,
        document=o.document,
        description="Công dân phản ánh hồ sơ bị trả lại nhiều lần",
        recorded_by=u["secretary"],
    )
    o.risk = Risk.objects.create(
        agency=agency,
        document=o.document,
        department=o.ccvc,
        description="Hồ sơ tuyển dụng bị trễ hạn",
        likelihood=3,
        impact=4,
        owner=u["head"],
        review_date=datetime.date(2026, 12, 31),
    )
    meeting = {
        "agency": agency,
        "chair": u["approver"],
        "participants": "Ban Giám đốc, trưởng các phòng",
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 12, 31),
    }
    o.management_review = ManagementReview.objects.create(held_on=datetime.date(2026, 12, 20), **meeting)
    o.decision = ReviewDecision.objects.create(
        review=o.management_review,
        text="Bổ sung công chức thẩm định hồ sơ",
        owner=u["auditor"],
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    o.gathered_review = ManagementReview.objects.create(held_on=datetime.date(2026, 6, 30), **meeting)
    review_inputs.gather_into(o.gathered_review, u["secretary"])


def api(o):
    """An API client of the agency (api/), made by its ISO secretary."""
    from api.models import ApiClient

    o.api_client = ApiClient(
        name="Cổng dịch vụ công",
        agency=o.agency,
        expires_at=timezone.now() + datetime.timedelta(days=30),
        created_by=o.users["secretary"],
    )
    o.api_client.set_token()
    o.api_client.save()
    # A retired signing certificate of the agency (not in use: the walk's PDFs stay unsigned).
    from qms.models import AgencyCertificate, KeyStore

    o.certificate = AgencyCertificate.objects.create(
        agency=o.agency, store=KeyStore.PKCS12, pkcs12_path="/nowhere/old.p12", subject="CN=Cũ", is_active=False
    )


def build():
    """The organisation, its signed-in clients by role, and the values of the URLs' parameters."""
    o = SimpleNamespace()
    people(o)
    documents(o)
    registers(o)
    audits(o)
    province(o)
    planning(o)
    api(o)
    o.clients = {}
    for role, user in o.users.items():
        o.clients[role] = Client()
        if user is not None:
            o.clients[role].force_login(user)
    o.generic = generic_parameters(o)
    return o


def generic_parameters(o):
    """Values for the path parameters of Wagtail's own admin views (and the defaults of the project's)."""
    document = o.document
    return {
        "document_id": document.pk,
        "page_id": document.pk,
        "page_pk": document.pk,
        "page_to_move_id": document.pk,
        "parent_page_id": o.library.pk,
        "destination_id": o.library.pk,
        "task_state_id": o.task_state.pk,
        "workflow_state_id": o.task_state.workflow_state_id,
        "workflow_pk": Workflow.objects.get(name="Phê duyệt tài liệu").pk,
        "task_id": o.task_state.task_id,
        "audit_pk": o.audit.pk,
        "copy_id": o.copy.pk,
        "export_id": o.export.pk,
        "revision_id": document.latest_revision_id,
        "app_label": "qms",
        "app_name": "qms",
        "model_name": "agency",
        "content_type_app_name": "procedures",
        "content_type_model_name": "controlleddocumentpage",
        "transition": "start",
        "action": "publish",
        "action_name": "publish",
        "filter_spec": "original",
        "object_id": document.pk,
        "code": o.rendered.code,
        "position": o.item.position,
        "path": o.image.file.name,
        "image_id": o.image.pk,
    }


def literal_paths(o):
    """Regular-expression patterns of Wagtail: a real path for each."""
    pk = o.document.pk
    return {
        "admin/api/main/^pages/": "/admin/api/main/pages/",
        "admin/api/main/^pages/<int:pk>/": f"/admin/api/main/pages/{pk}/",
        "admin/api/main/^pages/find/": f"/admin/api/main/pages/find/?id={pk}",
        "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": f"/admin/api/main/pages/{pk}/action/copy/",
        "admin/api/main/^documents/": "/admin/api/main/documents/",
        "admin/api/main/^documents/<int:pk>/": "/admin/api/main/documents/999999/",
        "admin/api/main/^documents/find/": "/admin/api/main/documents/find/?id=999999",
        "admin/api/main/^images/": "/admin/api/main/images/",
        "admin/api/main/^images/<int:pk>/": f"/admin/api/main/images/{o.image.pk}/",
        "admin/api/main/^images/find/": f"/admin/api/main/images/find/?id={o.image.pk}",
        (
            r"admin/pages/^(?P<pk>\d+)/revisions/compare/"
            r"(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$"
        ): f"/admin/pages/{pk}/revisions/compare/earliest...live/",
        "admin/^.*/$": "/admin/khong-co-trang-nay/",
        r"documents/^(\d+)/(.*)$": "/documents/999999/khong-co.pdf",
        r"^((?:[\w\-]+/)*)$": "/" + o.document.url_path.split("/", 2)[-1],
    }

"""A second agency (B) beside the URL walk's organisation (A, tests/qms/url_org.py), and the overseer.

B has its own departments and people, a document in effect and one in review,
change requests, reading, a periodic review, registers (an external document,
a record type, a controlled copy, an export), an audit programme with a running
audit, a finding with evidence and corrective actions in every state. Every
name, title and number of B carries "Tân Hạnh" (or a number A never uses), so
a page of A that shows any of it is caught by a plain text search.
"""

from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from procedures.control import acknowledging, periodic_review
from procedures.copies import printing
from procedures.copies.controlled_copies import issue_controlled_copy
from procedures.models import ControlledDocumentPage, DocumentType
from qms import roles
from tests.audits.factories import (
    PDF_BYTES,
    ActionEvidenceFileFactory,
    AuditFactory,
    ChecklistItemFactory,
    CorrectiveActionFactory,
    EvidenceFileFactory,
    FindingFactory,
    ProgrammeFactory,
    clause,
)
from tests.procedures.factories import (
    ChangeRequestFactory,
    CitationFactory,
    ControlledDocumentPageFactory,
    CopyExportFactory,
    DocumentTypeFactory,
    ExternalDocumentFactory,
    ReadingAssignmentFactory,
    RecordTypeFactory,
    ReviewFlagFactory,
    SectionPageFactory,
    make_issued_document,
)
from tests.procedures.workflow import submit
from tests.qms.factories import (
    AgencyFactory,
    ApproverFactory,
    AuditorFactory,
    DepartmentFactory,
    HeadFactory,
    SecretaryFactory,
    StaffFactory,
    UserFactory,
)

# What marks B's content on a page: its names, titles and numbers.
MARKERS = ("Tân Hạnh", "77/2099/QĐ-UBND", "HS-77", "QT-91", "QT-92")


def b_people(b):
    b.agency = AgencyFactory(agency_name="UBND XÃ TÂN HẠNH", code="tan-hanh")
    b.dept = DepartmentFactory(agency=b.agency, name="Bộ phận một cửa Tân Hạnh", code="mc")
    b.office = DepartmentFactory(agency=b.agency, name="Văn phòng Tân Hạnh", code="vp")
    b.staff = StaffFactory(username="th_nhanvien", full_name="Nhân viên Tân Hạnh", department=b.dept)
    b.colleague = StaffFactory(username="th_chuyenvien", full_name="Chuyên viên Tân Hạnh", department=b.dept)
    b.head = HeadFactory(username="th_truong", full_name="Trưởng bộ phận Tân Hạnh", department=b.dept)
    b.secretary = SecretaryFactory(username="th_thuky", full_name="Thư ký Tân Hạnh", department=b.office)
    b.approver = ApproverFactory(username="th_lanhdao", full_name="Chủ tịch Tân Hạnh", department=b.office)
    b.auditor = AuditorFactory(username="th_danhgia", full_name="Đánh giá viên Tân Hạnh", department=b.office)
    b.second_auditor = AuditorFactory(
        username="th_danhgia2", full_name="Đánh giá viên hai Tân Hạnh", department=b.office
    )


def b_documents(b, superuser):
    section = SectionPageFactory(department=b.dept, title="Bộ phận một cửa Tân Hạnh", slug="mot-cua-tan-hanh")
    b.section = section
    qt = DocumentType.objects.get(agency=b.agency, prefix="QT")
    b.document = make_issued_document(
        section, b.approver, title="Quy trình chứng thực Tân Hạnh", code="QT-91", department=b.dept, document_type=qt
    )
    b.issue = b.document.current_issue
    b.in_review = ControlledDocumentPageFactory(
        parent=section, title="Quy trình hộ tịch Tân Hạnh", code="QT-92", document_type=qt
    )
    submit(b.in_review, superuser)
    b.task_state = ControlledDocumentPage.objects.get(pk=b.in_review.pk).current_workflow_task_state
    b.unused_type = DocumentTypeFactory(agency=b.agency, prefix="TH", name="Loại Tân Hạnh")
    b.open_request = ChangeRequestFactory(
        document=b.document,
        raised_by=b.staff,
        reason="Lý do Tân Hạnh",
        attachment=ContentFile(PDF_BYTES, name="de-xuat-tan-hanh.pdf"),
    )
    b.accepted_request = ChangeRequestFactory(document=b.document, raised_by=b.staff, reason="Đã nhận Tân Hạnh")
    b.accepted_request.accept(b.head, "Đồng ý Tân Hạnh")
    b.assignment = ReadingAssignmentFactory(issue=b.issue, user=b.staff, first_opened_at=timezone.now())
    read = ReadingAssignmentFactory(issue=b.issue, user=b.colleague, first_opened_at=timezone.now())
    b.acknowledgement = acknowledging.acknowledge(b.colleague, read)
    b.review = periodic_review.record_review(b.document, b.approver, "still_valid", "Còn phù hợp Tân Hạnh")


def b_registers(b):
    b.external = ExternalDocumentFactory(
        agency=b.agency,
        number="77/2099/QĐ-UBND",
        kind="Quyết định",
        title="Quyết định của xã Tân Hạnh",
        file=ContentFile(PDF_BYTES, name="quyet-dinh-tan-hanh.pdf"),
    )
    b.citation = CitationFactory(document=b.document, external_document=b.external)
    b.flag = ReviewFlagFactory(document=b.document, external_document=b.external, reason="Cờ Tân Hạnh")
    b.record_type = RecordTypeFactory(
        agency=b.agency, code="HS-77", name="Sổ chứng thực Tân Hạnh", keeper_department=b.dept
    )
    b.copy = issue_controlled_copy(b.issue, user=b.secretary, holder_department=b.dept)
    b.rendered = printing.controlled_copy_rendered(b.copy, user=b.secretary)
    b.export = CopyExportFactory(requested_by=b.secretary, department=b.dept)
    b.export.file.save("tan-hanh.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)


def b_audits(b):
    auditor, owner = b.auditor, b.staff
    programme = ProgrammeFactory(agency=b.agency, year=2026, approved_by=b.approver, objectives="Đánh giá Tân Hạnh")
    b.draft_programme = ProgrammeFactory(agency=b.agency, year=2027, objectives="Chương trình Tân Hạnh năm sau")
    plan = {"lead_auditor": auditor, "departments": [b.dept], "team": [b.second_auditor], "clauses": [clause("9.2")]}
    b.planned_audit = AuditFactory(programme=programme, title="Đánh giá Tân Hạnh lần 2", **plan)
    b.audit = AuditFactory(programme=programme, title="Đánh giá Tân Hạnh", started=True, **plan)
    b.item = ChecklistItemFactory(audit=b.audit, question="Câu hỏi Tân Hạnh?")
    b.evidence = EvidenceFileFactory(item=b.item)
    b.finding = FindingFactory(audit=b.audit, department=b.dept, description="Phát hiện Tân Hạnh")
    b.finding_without_action = FindingFactory(audit=b.audit, department=b.dept, description="Thiếu sổ Tân Hạnh")
    b.action = CorrectiveActionFactory(finding=b.finding, owner=owner)
    b.action_evidence = ActionEvidenceFileFactory(action=b.action)
    answer = {"correction": "Bổ sung", "root_cause": "Chưa có mẫu", "action_plan": "Ban hành mẫu"}
    done = {"implementation": "Đã ban hành mẫu", "similar_checked": "Đã rà soát"}
    verdict = {"effective": True, "verified_on": timezone.localdate(), "evidence": "Đã kiểm tra hồ sơ"}
    b.planned_action, b.implemented_action, b.verified_action = (
        CorrectiveActionFactory(
            finding=FindingFactory(audit=b.audit, department=b.dept, description=f"Phát hiện Tân Hạnh {n}"),
            owner=owner,
        )
        for n in range(3)
    )
    for action in (b.planned_action, b.implemented_action, b.verified_action):
        action.plan(owner, **answer)
    for action in (b.implemented_action, b.verified_action):
        action.implement(owner, **done)
    b.verified_action.verify(b.second_auditor, **verdict)


def b_planning(b):
    """B's planning records: an objective, a satisfaction result, a one-stop import waiting and one
    imported (its statistic late), a nonconformity, a risk, a gathered review with a decision of B's staff."""
    import datetime

    from planning import review_inputs
    from planning.models import (
        DossierStatistic,
        ManagementReview,
        Nonconformity,
        OneStopImport,
        QualityObjective,
        ReviewDecision,
        Risk,
        SatisfactionResult,
    )

    b.objective = QualityObjective.objects.create(
        agency=b.agency,
        year=2026,
        statement="Mục tiêu Tân Hạnh",
        indicator="Chỉ số Tân Hạnh",
        target=95,
        owner=b.secretary,
    )
    b.satisfaction = SatisfactionResult.objects.create(
        agency=b.agency,
        document=b.document,
        month=datetime.date(2026, 1, 1),
        responses=20,
        satisfied=19,
        note="Khảo sát Tân Hạnh",
        entered_by=b.secretary,
    )

    def upload(name, status):
        row = OneStopImport(agency=b.agency, uploaded_by=b.secretary, original_name=name, sha256=name, status=status)
        header = "Mã thủ tục,Tháng,Tiếp nhận,Đúng hạn,Trễ hạn,Đang giải quyết\n"
        row.file.save(name, ContentFile((header + "QT-91,02/2026,20,18,2,0\n").encode()), save=False)
        row.save()
        return row

    b.upload = upload("tan-hanh-thang-2.csv", OneStopImport.Status.UPLOADED)
    b.statistic = DossierStatistic.objects.create(
        agency=b.agency,
        source=upload("tan-hanh-thang-1.csv", OneStopImport.Status.IMPORTED),
        document=b.document,
        department=b.dept,
        month=datetime.date(2026, 1, 1),
        received=20,
        on_time=17,
        late=3,
        pending=0,
    )
    b.nonconformity = Nonconformity.objects.create(
        agency=b.agency,
        source=Nonconformity.Source.COMPLAINT,
        reported_on=datetime.date(2026, 3, 2),
        department=b.dept,
        description="Phản ánh Tân Hạnh",
        recorded_by=b.secretary,
    )
    b.risk = Risk.objects.create(
        agency=b.agency,
        description="Rủi ro Tân Hạnh",
        likelihood=3,
        impact=4,
        owner=b.head,
        review_date=datetime.date(2026, 12, 31),
    )
    b.planning_review = ManagementReview.objects.create(
        agency=b.agency,
        held_on=datetime.date(2026, 12, 20),
        chair=b.approver,
        participants="Ban lãnh đạo Tân Hạnh",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    review_inputs.gather_into(b.planning_review, b.secretary, today=datetime.date(2026, 12, 20))
    b.decision = ReviewDecision.objects.create(
        review=b.planning_review, text="Quyết định Tân Hạnh", owner=b.staff, due_date=datetime.date(2027, 3, 31)
    )


def add_agency_b(o):
    """B's records on o.b, and the overseer (a user of A holding the province-wide role) with a client."""
    b = SimpleNamespace()
    b_people(b)
    b_documents(b, o.users["superuser"])
    b_registers(b)
    b_audits(b)
    b_planning(b)
    o.b = b
    o.users["overseer"] = UserFactory(username="sokhcn", full_name="Sở KH&CN", role=roles.OVERSEER)
    o.clients["overseer"] = Client()
    o.clients["overseer"].force_login(o.users["overseer"])
    return o

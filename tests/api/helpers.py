"""A small province for the API's tests: two agencies and a province-wide agency that shares its documents,
documents in every state, an audit with a finding and its corrective action in each agency, and clients."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from api.models import ApiClient
from procedures.models import DocumentType, IssueStatus
from tests.audits.factories import AuditFactory, CorrectiveActionFactory, FindingFactory, ProgrammeFactory
from tests.procedures.factories import (
    ControlledDocumentPageFactory,
    ExternalDocumentFactory,
    SectionPageFactory,
    add_issue,
    make_issued_document,
    steps_body,
)
from tests.qms.factories import (
    AgencyFactory,
    ApproverFactory,
    AuditorFactory,
    DepartmentFactory,
    HeadFactory,
    SecretaryFactory,
    StaffFactory,
    first_agency,
)


def make_client(agency, *scopes, token_out=None, **fields):
    """(client, token) of an API client of the agency holding these scopes (documents, registers, audits)."""
    client = ApiClient(
        name=f"Hệ thống {agency.code} {'-'.join(scopes)}",
        agency=agency,
        scope_documents="documents" in scopes,
        scope_registers="registers" in scopes,
        scope_audits="audits" in scopes,
        expires_at=fields.pop("expires_at", timezone.now() + datetime.timedelta(days=30)),
        **fields,
    )
    token = client.set_token()
    client.save()
    return client, token


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@dataclass
class Agency:
    agency: object
    department: object
    section: object
    people: dict
    current: list = field(default_factory=list)
    external: object = None
    audit: object = None
    finding: object = None
    action: object = None


def build_agency(agency, n_documents=1):
    department = DepartmentFactory(agency=agency, name=f"Văn phòng {agency.code}", code=f"vp-{agency.code}")
    audited = DepartmentFactory(agency=agency, name=f"Một cửa {agency.code}", code=f"mc-{agency.code}")
    section = SectionPageFactory(department=department, slug=f"van-phong-{agency.code}")
    people = {
        "secretary": SecretaryFactory(department=department),
        "approver": ApproverFactory(department=department),
        "auditor": AuditorFactory(department=department),
        "staff": StaffFactory(department=department),
        "head": HeadFactory(department=audited),
    }
    procedure = DocumentType.objects.get(agency=agency, prefix="QT")
    result = Agency(agency, department, section, people)
    for number in range(n_documents):
        result.current.append(
            make_issued_document(
                section,
                people["approver"],
                title=f"Quy trình số {number + 1} của {agency.code}",
                department=department,
                document_type=procedure,
                code=f"QT-{number + 1:03d}",
                slug=f"qt-{agency.code}-{number + 1}",
            )
        )
    result.external = ExternalDocumentFactory(agency=agency, number=f"{agency.pk}/2024/NĐ-CP")
    programme = ProgrammeFactory(agency=agency, approved_by=people["approver"])
    audit = AuditFactory(programme=programme, lead_auditor=people["auditor"], departments=[audited], started=True)
    result.audit = audit
    result.finding = FindingFactory(audit=audit, department=audited)
    result.action = CorrectiveActionFactory(finding=result.finding, owner=people["staff"])
    return result


def draft_and_past(built):
    """A draft with no issue, a document whose first issue is only scheduled, and a document with a
    superseded edition under its current one: (draft, scheduled, revised, superseded issue)."""
    people, section = built.people, built.section
    procedure = DocumentType.objects.get(agency=built.agency, prefix="QT")
    draft = ControlledDocumentPageFactory(
        parent=section,
        title="Dự thảo chưa ban hành",
        slug=f"du-thao-{built.agency.code}",
        code="QT-900",
        document_type=procedure,
        owner_department=built.department,
        body=steps_body(),
        revision_by=people["head"],
    )
    scheduled = make_issued_document(
        section,
        people["approver"],
        title="Sắp có hiệu lực",
        department=built.department,
        document_type=procedure,
        code="QT-901",
        slug=f"sap-hieu-luc-{built.agency.code}",
        status=IssueStatus.SCHEDULED,
    )
    revised = make_issued_document(
        section,
        people["approver"],
        title="Tiêu đề lần đầu",
        department=built.department,
        document_type=procedure,
        code="QT-902",
        slug=f"sua-doi-{built.agency.code}",
    )
    old = revised.issues.get()
    new = add_issue(revised, people["approver"], title="Tiêu đề sửa đổi", status=IssueStatus.SCHEDULED)
    new.make_current(user=people["approver"])  # the first issue is superseded at the same moment
    old.refresh_from_db()
    return draft, scheduled, revised, old


def build_province(n_documents=1):
    a = build_agency(first_agency(), n_documents)
    b = build_agency(AgencyFactory(agency_name="UBND XÃ PHƯỚC HẬU", code="phuoc-hau"), n_documents)
    shared = build_agency(AgencyFactory(agency_name="UBND TỈNH", code="tinh", shares_documents=True), n_documents)
    return {"a": a, "b": b, "shared": shared}

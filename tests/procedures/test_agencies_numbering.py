"""Two agencies' ISO secretaries issue QT-01 on the same day without conflict.

Every number is the agency's own: document codes per library, change
requests (YCSĐ-2026-001), corrective actions (HĐKP-2026-001), audit
programmes (one per year) and audits (ĐGNB-2026-01).
"""

from django.test import Client
from django.utils import timezone

from audits.models import AuditProgramme
from procedures.models import ChangeRequest, DocumentType, IssueStatus
from tests.audits.factories import AuditFactory, CorrectiveActionFactory, ProgrammeFactory
from tests.procedures.factories import ControlledDocumentPageFactory, SectionPageFactory, steps_body
from tests.procedures.workflow import issue_through_workflow
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


def agency_people(agency):
    department = DepartmentFactory(agency=agency, name=f"Văn phòng {agency.code}", code=f"vp-{agency.code}")
    return {
        "agency": agency,
        "department": department,
        "section": SectionPageFactory(department=department, slug=f"van-phong-{agency.code}"),
        "head": HeadFactory(department=department),
        "secretary": SecretaryFactory(department=department),
        "approver": ApproverFactory(department=department),
        "auditor": AuditorFactory(department=department),
        "staff": StaffFactory(department=department),
        # Auditors never audit their own department.
        "audited": DepartmentFactory(agency=agency, name=f"Bộ phận một cửa {agency.code}", code=f"mc-{agency.code}"),
    }


def draft_procedure(people, title):
    return ControlledDocumentPageFactory(
        parent=people["section"],
        title=title,
        document_type=DocumentType.objects.get(agency=people["agency"], prefix="QT"),
        body=steps_body(),
        revision_by=people["head"],
    )


def test_two_agencies_issue_qt_01_on_the_same_day_and_number_everything_on_their_own(client, db):
    today = timezone.localdate()
    agencies = {
        "a": agency_people(first_agency()),
        "b": agency_people(AgencyFactory(agency_name="UBND XÃ PHƯỚC HẬU", code="phuoc-hau")),
    }
    titles = {"a": "Quy trình kiểm soát tài liệu", "b": "Quy trình kiểm soát hồ sơ"}
    documents = {key: draft_procedure(people, titles[key]) for key, people in agencies.items()}
    assert {document.code for document in documents.values()} == {"QT-01"}

    issues = {
        key: issue_through_workflow(
            client, agencies[key], documents[key], effective_date=today, change_summary="Lần đầu"
        )
        for key in agencies
    }
    for key, issue in issues.items():
        assert (issue.code, issue.edition, issue.amendment) == ("QT-01", 1, 0)
        assert issue.status == IssueStatus.CURRENT and issue.effective_date == today
        assert issue.document_id == documents[key].pk

    for key, other in (("a", "b"), ("b", "a")):
        reader = Client()  # a fresh browser: no message of the signing left in a cookie
        reader.force_login(agencies[key]["secretary"])
        response = reader.get("/admin/qms/register/")
        assert response.status_code == 200
        html = response.content.decode()
        assert titles[key] in html and titles[other] not in html

    year = today.year
    requests = [
        ChangeRequest.raise_on(
            documents[key], agencies[key]["staff"], reason="Luật mới", proposed_change="Rút ngắn thời hạn"
        )
        for key in agencies
    ]
    assert [request.number for request in requests] == [f"YCSĐ-{year}-001"] * 2
    assert {request.agency_id for request in requests} == {people["agency"].pk for people in agencies.values()}

    actions = [
        CorrectiveActionFactory(
            finding=None, owner=people["staff"], raised_by=people["auditor"], department=people["department"]
        )
        for people in agencies.values()
    ]
    assert [action.number for action in actions] == [f"HĐKP-{year}-001"] * 2
    assert {action.agency_id for action in actions} == {people["agency"].pk for people in agencies.values()}

    audits = []
    for people in agencies.values():
        programme = ProgrammeFactory(agency=people["agency"], year=2026)
        audits.append(
            AuditFactory(programme=programme, lead_auditor=people["auditor"], departments=[people["audited"]])
        )
    assert AuditProgramme.objects.filter(year=2026).count() == 2
    assert [audit.number for audit in audits] == ["ĐGNB-2026-01"] * 2

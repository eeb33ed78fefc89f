"""The agency axis of the URL permission matrix: agency A's people before agency B's records.

Every row names one of B's records (tests/qms/url_org_agencies.py) and says
what each of A's roles gets, and what the province's overseer gets. A's people
find B closed: a 404, a refusal (403 or the admin's home) or a sign-in
redirect, never B's content; a POST of theirs changes nothing. The overseer
reads B's documents in effect, registers, audits and corrective actions, and
every write is refused with nothing changed.

LISTINGS are A's own pages that list records (portal, admin, search, registers,
spreadsheet exports): none of B's names, titles or numbers appear on them for
A's roles; the overseer's column says where B's records must show.
"""

from dataclasses import dataclass

from wagtail.models import TaskState

from audits.models import Audit, AuditProgramme, ChecklistItem, CorrectiveAction, Finding
from procedures.models import (
    Acknowledgement,
    ChangeRequest,
    Citation,
    ControlledCopy,
    ControlledDocumentPage,
    Distribution,
    DocumentType,
    ExternalDocument,
    Issue,
    PeriodicReview,
    RecordType,
    ReviewFlag,
)
from qms.models import Department
from tests.qms.factories import PASSWORD
from tests.qms.matrix import NOT_FOUND, OK, POST_ONLY, REFUSED, SIGN_IN, Post, Row, unchanged

# A's roles, and the overseer.
A_ROLES = ("staff", "head", "secretary", "approver", "auditor")
COLUMNS = (*A_ROLES, "overseer")

# Closed to this person: what they get tells nothing of B (404, a refusal, sign-in, or 405 to a GET).
CLOSED = "closed"
CLOSED_OUTCOMES = (NOT_FOUND, REFUSED, SIGN_IN, POST_ONLY)


def foreign(overseer=CLOSED):
    """B's record as seen from A: closed to every role of A; the overseer gets `overseer`."""
    return {**dict.fromkeys(A_ROLES, CLOSED), "overseer": overseer}


# Wagtail's page explorer redirects to the person's own part of the page tree.
OWN_EXPLORER = "redirect to their own library"

READ = foreign(OK)
SHUT = foreign()


def b(name):
    """Path parameters naming B's record o.b.<name>: {"pk": ...}."""
    return lambda o: {"pk": getattr(o.b, name).pk}


def b_rows(model, name):
    return lambda o: model.objects.filter(pk=getattr(o.b, name).pk)


def b_of_document(model):
    return lambda o: model.objects.filter(document=o.b.document)


def nothing_changes(rows):
    """rows(o) -> a queryset of B's rows: every field stays as it was."""
    return unchanged(lambda o, user: rows(o))


def write(rows, data=lambda o: {}):
    """A POST nobody of A, nor the overseer, may make on B's records."""
    return Post(SHUT, data, nothing_changes(rows))


def password(**data):
    return lambda o: {**data, "password": PASSWORD}


def external_form(o):
    return {
        "number": "77/2099/QĐ-UBND",
        "kind": "Quyết định",
        "title": "Sửa từ đơn vị khác",
        "issuing_body": "UBND xã",
        "issue_date": "2025-01-15",
        "effective_date": "",
        "status": "in_force",
        "replaced_by": "",
        "amended_by": "",
        "link": "",
        "notes": "",
    }


def record_type_form(o):
    return {
        "code": "HS-77",
        "name": "Sửa từ đơn vị khác",
        "form_code": "",
        "keeper_department": o.ccvc.pk,
        "place": "",
        "retention_years": "10",
        "disposal_method": "",
    }


def document_type_form(o):
    return {"name": "Sửa từ đơn vị khác", "prefix": "TH", "numbering_pattern": "{prefix}-{number:02d}"}


def admin_record(prefix, model, name, form, *, inspect=READ, history=READ, usage=SHUT):
    """An admin viewset's screens on one of B's records: edit, delete, copy change nothing; reading is the
    overseer's at most."""
    rows = b_rows(model, name)
    pk = b(name)
    screens = {
        f"{prefix}/edit/<int:pk>/": Row(get=SHUT, post=write(rows, form), params=pk),
        f"{prefix}/delete/<int:pk>/": Row(get=SHUT, post=write(rows), params=pk),
        f"{prefix}/copy/<int:pk>/": Row(get=SHUT, params=pk),
        f"{prefix}/usage/<int:pk>/": Row(get=usage, params=pk),
        f"{prefix}/history/<int:pk>/": Row(get=history, params=pk),
    }
    if inspect is not None:
        screens[f"{prefix}/inspect/<int:pk>/"] = Row(get=inspect, params=pk)
    return screens


def audit_record(prefix, model, name, form, *, detail=None):
    rows = b_rows(model, name)
    pk = b(name)
    screens = {
        f"{prefix}/edit/<int:pk>/": Row(get=SHUT, post=write(rows, form), params=pk),
        f"{prefix}/history/<int:pk>/": Row(get=SHUT, params=pk),
        f"{prefix}/usage/<int:pk>/": Row(get=SHUT, params=pk),
    }
    if detail is not None:
        screens[f"{prefix}/detail/<id:pk>/"] = Row(get=detail, params=pk)
    return screens


def b_task_state(o):
    return TaskState.objects.filter(pk=o.b.task_state.pk)


def on_document(pk_name="document_id"):
    return lambda o: {pk_name: o.b.document.pk}


ADMIN_ROWS = {
    # Signing B's draft and withdrawing B's document.
    "admin/qms/sign/<id:task_state_id>/": Row(
        get=SHUT,
        post=write(b_task_state, password(comment="Đã xem xét")),
        params=lambda o: {"task_state_id": o.b.task_state.pk},
    ),
    "admin/qms/withdraw/<id:page_id>/": Row(
        get=SHUT,
        post=write(b_rows(ControlledDocumentPage, "document"), password(reason="Không còn áp dụng")),
        params=lambda o: {"page_id": o.b.document.pk},
    ),
    # The current issue's PDF and controlled copies of B's document.
    # Every admin role downloads the current issue: the overseer too; nobody of A issues a copy of B's.
    "admin/qms/copies/<id:page_id>/": Row(
        get=READ,
        post=write(
            lambda o: ControlledCopy.objects.filter(issue__document=o.b.document),
            lambda o: {"holder_department": o.b.dept.pk},
        ),
        params=lambda o: {"page_id": o.b.document.pk},
    ),
    "admin/qms/controlled-copies/": Row(
        get=foreign(REFUSED) | {"staff": CLOSED, "head": CLOSED, "secretary": OK, "approver": OK, "auditor": OK},
        post=Post(
            foreign(REFUSED) | {"secretary": CLOSED, "approver": CLOSED, "auditor": CLOSED},
            lambda o: {"withdraw": o.b.copy.pk},
            nothing_changes(b_rows(ControlledCopy, "copy")),
        ),
    ),
    "admin/qms/controlled-copies/<id:copy_id>/pdf/": Row(get=SHUT, params=lambda o: {"copy_id": o.b.copy.pk}),
    "admin/qms/exports/<id:export_id>/": Row(get=SHUT, params=lambda o: {"export_id": o.b.export.pk}),
    "admin/qms/exports/<id:export_id>/download/": Row(get=SHUT, params=lambda o: {"export_id": o.b.export.pk}),
    # Registers.
    **admin_record("admin/external_documents", ExternalDocument, "external", external_form),
    **admin_record("admin/snippets/procedures/recordtype", RecordType, "record_type", record_type_form, inspect=READ),
    **admin_record("admin/document_types", DocumentType, "unused_type", document_type_form, inspect=None, history=SHUT),
    # Choosing answers the record's name: the overseer reads it, A's people do not.
    "admin/snippets/choose/procedures/recordtype/chosen/<str:pk>/": Row(get=READ, params=b("record_type")),
    # Read-only records of B: read by the overseer only.
    **admin_record(
        "admin/change_requests",
        ChangeRequest,
        "open_request",
        lambda o: {"reason": "Lý do", "proposed_change": "Đề xuất"},
        history=READ,
    ),
    **admin_record("admin/periodic_reviews", PeriodicReview, "review", lambda o: {"comment": "Nhận xét"}, history=READ),
    **admin_record("admin/review_flags", ReviewFlag, "flag", lambda o: {"reason": "Lý do"}, history=READ),
    **admin_record("admin/acknowledgements", Acknowledgement, "acknowledgement", lambda o: {}, history=READ),
    **admin_record("admin/issues", Issue, "issue", lambda o: {}, history=SHUT),
    # Audits.
    **audit_record(
        "admin/audits/programme",
        AuditProgramme,
        "draft_programme",
        lambda o: {"year": 2027, "objectives": "Sửa từ đơn vị khác"},
        detail=READ,
    ),
    "admin/audits/programme/approve/<id:pk>/": Row(
        get=SHUT, post=write(b_rows(AuditProgramme, "draft_programme")), params=b("draft_programme")
    ),
    **audit_record(
        "admin/audits/audit",
        Audit,
        "audit",
        lambda o: {"programme": o.b.audit.programme_id, "title": "Sửa từ đơn vị khác"},
        detail=READ,
    ),
    "admin/audits/audit/move/<id:pk>/<str:transition>/": Row(
        get=SHUT,
        post=write(b_rows(Audit, "planned_audit")),
        params=lambda o: {"pk": o.b.planned_audit.pk, "transition": "start"},
    ),
    "admin/audits/audit/checklist/<id:pk>/build/": Row(
        get=SHUT,
        post=write(lambda o: ChecklistItem.objects.filter(audit=o.b.audit), lambda o: {"clauses": [1]}),
        params=b("audit"),
    ),
    "admin/audits/audit/checklist/<id:pk>/add/": Row(
        get=SHUT,
        post=write(
            lambda o: ChecklistItem.objects.filter(audit=o.b.audit),
            lambda o: {"clause": o.question.clause_id, "department": o.b.dept.pk, "question": "Có sổ không?"},
        ),
        params=b("audit"),
    ),
    # The audit report is printed by B's secretary and auditors, and read by the overseer.
    "admin/audits/audit/report/<id:pk>/": Row(get=READ, params=b("audit")),
    **audit_record(
        "admin/audits/finding",
        Finding,
        "finding",
        lambda o: {"audit": o.b.audit.pk, "kind": "observation", "description": "Sửa từ đơn vị khác"},
    ),
    "admin/audits/finding/raise-action/<id:pk>/": Row(
        get=SHUT,
        post=write(
            lambda o: CorrectiveAction.objects.filter(finding=o.b.finding_without_action),
            lambda o: {"owner": o.users["staff"].pk, "due_date": "2099-01-01"},
        ),
        params=b("finding_without_action"),
    ),
    **audit_record(
        "admin/audits/action",
        CorrectiveAction,
        "action",
        lambda o: {"source": "complaint", "department": o.b.dept.pk, "nonconformity": "Sửa từ đơn vị khác"},
    ),
    # B's departments: its own secretary's.
    "admin/departments/edit/<int:pk>/": Row(
        get=SHUT,
        post=write(b_rows(Department, "dept"), lambda o: {"name": "Sửa từ đơn vị khác", "code": "mc"}),
        params=b("dept"),
    ),
    "admin/departments/delete/<int:pk>/": Row(get=SHUT, post=write(b_rows(Department, "dept")), params=b("dept")),
    # Wagtail's page screens of B's document.
    # The explorer sends a drafter of A back to their own library.
    "admin/pages/<int:page_id>/": Row(
        get=SHUT | {"head": OWN_EXPLORER, "secretary": OWN_EXPLORER}, params=on_document("page_id")
    ),
    "admin/pages/<int:page_id>/edit/": Row(get=SHUT, params=on_document("page_id")),
    "admin/pages/<int:page_id>/history/": Row(get=SHUT, params=on_document("page_id")),
}


REQUEST = b("open_request")

PORTAL_ROWS = {
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/": Row(get=READ, params=REQUEST),
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/tep/": Row(get=READ, params=REQUEST),
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/quyet-dinh/": Row(
        get=SHUT,
        post=write(b_rows(ChangeRequest, "open_request"), lambda o: {"decision": "accept", "reason": "Đồng ý"}),
        params=REQUEST,
    ),
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/dua-vao-du-thao/": Row(
        get=SHUT, post=write(b_rows(ChangeRequest, "accepted_request")), params=b("accepted_request")
    ),
    # Raising a change request is a write: the overseer raises none either.
    "kiem-soat/tai-lieu/<id:document_id>/de-nghi-sua-doi/": Row(
        get=SHUT,
        post=write(b_of_document(ChangeRequest), lambda o: {"reason": "Thủ tục mới", "proposed_change": "Bổ sung"}),
        params=on_document(),
    ),
    "kiem-soat/tai-lieu/<id:document_id>/yeu-cau-sua-doi/": Row(get=READ, params=on_document()),
    "kiem-soat/tai-lieu/<id:document_id>/": Row(get=READ, params=on_document()),
    "kiem-soat/tai-lieu/<id:document_id>/phan-phoi/": Row(
        get=SHUT,
        post=write(b_of_document(Distribution), lambda o: {"departments": [o.b.office.pk]}),
        params=on_document(),
    ),
    "kiem-soat/tai-lieu/<id:document_id>/can-cu/": Row(
        get=SHUT,
        post=write(b_of_document(Citation), lambda o: {"external_document": o.b.external.pk, "note": "Điều 3"}),
        params=on_document(),
    ),
    "kiem-soat/tai-lieu/<id:document_id>/can-cu/<id:pk>/xoa/": Row(
        get=SHUT,
        post=write(b_of_document(Citation)),
        params=lambda o: {"document_id": o.b.document.pk, "pk": o.b.citation.pk},
    ),
    "kiem-soat/tai-lieu/<id:document_id>/xem-xet/": Row(
        get=READ,
        post=write(b_of_document(PeriodicReview), password(outcome="revise", comment="Cần cập nhật")),
        params=on_document(),
    ),
    "kiem-soat/tai-lieu/<id:document_id>/nguoi-doc/": Row(get=READ, params=on_document()),
    "kiem-soat/tai-lieu-can-doc/<id:pk>/xac-nhan/": Row(
        get=SHUT,
        post=write(lambda o: Acknowledgement.objects.filter(issue=o.b.issue)),
        params=b("assignment"),
    ),
    "kiem-soat/tai-lieu-ben-ngoai/<id:pk>/": Row(get=READ, params=b("external")),
    "kiem-soat/tai-lieu-ben-ngoai/<id:pk>/tep/": Row(get=READ, params=b("external")),
    # Corrective actions and audits in the portal.
    "khac-phuc/<id:pk>/": Row(get=READ, params=b("action")),
    "khac-phuc/<id:pk>/ke-hoach/": Row(
        get=SHUT,
        post=write(
            b_rows(CorrectiveAction, "action"),
            lambda o: {"correction": "Bổ sung", "root_cause": "Chưa có mẫu", "action_plan": "Ban hành mẫu"},
        ),
        params=b("action"),
    ),
    "khac-phuc/<id:pk>/thuc-hien/": Row(
        get=SHUT,
        post=write(
            b_rows(CorrectiveAction, "planned_action"),
            lambda o: {"implementation": "Đã ban hành", "similar_checked": "Đã rà soát"},
        ),
        params=b("planned_action"),
    ),
    "khac-phuc/<id:pk>/xac-nhan/": Row(
        get=SHUT,
        post=write(
            b_rows(CorrectiveAction, "implemented_action"),
            lambda o: {"effective": "1", "verified_on": "2026-01-01", "evidence": "Đã kiểm tra", "comment": ""},
        ),
        params=b("implemented_action"),
    ),
    "khac-phuc/<id:pk>/dong/": Row(
        get=SHUT,
        post=write(b_rows(CorrectiveAction, "verified_action"), lambda o: {"reason": ""}),
        params=b("verified_action"),
    ),
    # The checklist runner is the audit team's: closed to the overseer too.
    "khac-phuc/danh-gia/<id:audit_pk>/": Row(get=SHUT, params=lambda o: {"audit_pk": o.b.audit.pk}),
    "khac-phuc/danh-gia/<id:audit_pk>/<id:position>/": Row(
        get=SHUT,
        post=write(b_rows(ChecklistItem, "item"), lambda o: {"result": "conforms", "evidence": "Đã xem sổ"}),
        params=lambda o: {"audit_pk": o.b.audit.pk, "position": o.b.item.position},
    ),
    "khac-phuc/bang-chung/<id:pk>/": Row(get=READ, params=b("evidence")),
    # B's document itself (page serving) and its PDF: only the overseer reads it (B shares nothing).
    "<document>": Row(get=READ, params=lambda o: {"url": o.b.document.url}),
    "<document>pdf/": Row(get=READ, params=lambda o: {"url": o.b.document.url + "pdf/"}),
}

# The read API (api/, docs/api.md) on B's document: A's people get 404 (a session here; a client's token of A
# is walked by tests/qms/test_agency_isolation_walk.py over the same rows). Nobody of A confirms reading it.
API_ROWS = {
    "api/v1/documents/<id:pk>/": Row(get=READ, params=on_document("pk")),
    "api/v1/documents/<id:pk>/editions/": Row(get=READ, params=on_document("pk")),
    "api/v1/documents/<id:pk>/acknowledge/": Row(
        get=SHUT, post=write(lambda o: Acknowledgement.objects.filter(issue=o.b.issue)), params=on_document("pk")
    ),
}


def planning_rows():
    """B's planning records: the overseer reads them (pages, PDF, a decision's page) and changes nothing;
    A's people find them closed. planning/permissions.py."""
    from planning.models import (
        ManagementReview,
        Nonconformity,
        OneStopImport,
        QualityObjective,
        ReviewDecision,
        Risk,
        SatisfactionResult,
    )

    prefix = "admin/planning"
    review = b("planning_review")
    decision = lambda o: {"pk": o.b.planning_review.pk, "decision_pk": o.b.decision.pk}  # noqa: E731
    return {
        f"{prefix}/objectives/edit/<int:pk>/": Row(
            get=SHUT,
            post=write(b_rows(QualityObjective, "objective"), lambda o: {"indicator": "Sửa"}),
            params=b("objective"),
        ),
        f"{prefix}/risks/edit/<int:pk>/": Row(
            get=SHUT, post=write(b_rows(Risk, "risk"), lambda o: {"description": "Sửa"}), params=b("risk")
        ),
        f"{prefix}/satisfaction/edit/<int:pk>/": Row(
            get=SHUT,
            post=write(b_rows(SatisfactionResult, "satisfaction"), lambda o: {"note": "Sửa"}),
            params=b("satisfaction"),
        ),
        f"{prefix}/satisfaction/inspect/<int:pk>/": Row(get=READ, params=b("satisfaction")),
        f"{prefix}/statistics/inspect/<int:pk>/": Row(get=READ, params=b("statistic")),
        f"{prefix}/statistics/nonconformity/<int:pk>/": Row(
            get=SHUT, post=write(lambda o: Nonconformity.objects.filter(agency=o.b.agency)), params=b("statistic")
        ),
        f"{prefix}/one-stop/preview/<int:pk>/": Row(get=READ, params=b("upload")),
        f"{prefix}/one-stop/confirm/<int:pk>/": Row(
            get=SHUT, post=write(b_rows(OneStopImport, "upload")), params=b("upload")
        ),
        f"{prefix}/nonconformities/detail/<int:pk>/": Row(get=READ, params=b("nonconformity")),
        f"{prefix}/nonconformities/raise-action/<int:pk>/": Row(
            get=SHUT,
            post=write(
                b_rows(Nonconformity, "nonconformity"), lambda o: {"owner": o.b.head.pk, "due_date": "2099-01-01"}
            ),
            params=b("nonconformity"),
        ),
        f"{prefix}/reviews/detail/<int:pk>/": Row(get=READ, params=review),
        f"{prefix}/reviews/pdf/<int:pk>/": Row(get=READ, params=review),
        f"{prefix}/reviews/edit/<int:pk>/": Row(
            get=SHUT, post=write(b_rows(ManagementReview, "planning_review"), lambda o: {"place": "Sửa"}), params=review
        ),
        f"{prefix}/reviews/gather/<int:pk>/": Row(
            get=SHUT, post=write(b_rows(ManagementReview, "planning_review")), params=review
        ),
        f"{prefix}/reviews/decide/<int:pk>/": Row(
            get=SHUT,
            post=write(
                lambda o: ReviewDecision.objects.filter(review=o.b.planning_review),
                lambda o: {"text": "Sửa", "owner": o.b.staff.pk, "due_date": "2099-01-01"},
            ),
            params=review,
        ),
        f"{prefix}/reviews/close/<int:pk>/<int:decision_pk>/": Row(
            get=SHUT, post=write(b_rows(ReviewDecision, "decision"), lambda o: {"outcome": "Xong"}), params=decision
        ),
        f"{prefix}/reviews/sign/<int:pk>/": Row(
            get=SHUT, post=write(b_rows(ManagementReview, "planning_review"), password()), params=review
        ),
        # The risk's own page (its owner is B's head): the overseer reads it, re-rates nothing.
        "xem-xet/rui-ro/<id:pk>/": Row(
            get=READ,
            post=write(b_rows(Risk, "risk"), lambda o: {"residual_likelihood": "2", "residual_impact": "2"}),
            params=b("risk"),
        ),
        # The decision's own page (its owner is B's staff): the overseer reads it, closes nothing.
        "xem-xet/quyet-dinh/<id:pk>/": Row(
            get=READ,
            post=write(b_rows(ReviewDecision, "decision"), lambda o: {"outcome": "Xong"}),
            params=b("decision"),
        ),
    }


ROWS = {**ADMIN_ROWS, **PORTAL_ROWS, **API_ROWS, **planning_rows()}


@dataclass
class Listing:
    """One of A's pages listing records: who opens it, and whether the overseer must find B on it."""

    path: object  # the path, or path(o) for a page of one of A's records
    readers: tuple
    overseer_sees_b: bool = False
    spreadsheet: bool = False


ADMIN_READERS = ("head", "secretary", "approver", "auditor", "overseer")
API_LISTINGS = [
    Listing("/api/v1/documents/?page_size=200", (*A_ROLES, "overseer"), overseer_sees_b=True),
    Listing("/api/v1/register/?page_size=200", ADMIN_READERS, overseer_sees_b=True),
    Listing("/api/v1/external-documents/?page_size=200", (*A_ROLES, "overseer"), overseer_sees_b=True),
    Listing("/api/v1/audits/?page_size=200", ADMIN_READERS, overseer_sees_b=True),
    Listing("/api/v1/findings/?page_size=200", ADMIN_READERS),
    Listing("/api/v1/corrective-actions/?page_size=200", ADMIN_READERS, overseer_sees_b=True),
]
CONTROL_READERS = ("head", "secretary", "approver", "auditor", "overseer")
ISO = ("secretary", "approver", "auditor")

PLANNING_READERS = ("secretary", "approver", "auditor", "overseer")

LISTINGS = [
    # The portal.
    Listing("/", (*A_ROLES, "overseer")),
    Listing("/search/", (*A_ROLES, "overseer")),
    Listing("/search/?q=chung+thuc", (*A_ROLES, "overseer")),
    Listing("/kiem-soat/yeu-cau-sua-doi/", (*A_ROLES, "overseer"), overseer_sees_b=True),
    Listing("/kiem-soat/xem-xet-dinh-ky/", ADMIN_READERS),
    Listing("/kiem-soat/doc-hieu/", ADMIN_READERS),
    Listing("/kiem-soat/tai-lieu-can-doc/", (*A_ROLES, "overseer")),
    Listing("/kiem-soat/tai-lieu-ben-ngoai/", (*A_ROLES, "overseer"), overseer_sees_b=True),
    Listing("/kiem-soat/danh-muc-ho-so/", (*A_ROLES, "overseer"), overseer_sees_b=True),
    Listing("/khac-phuc/", (*A_ROLES, "overseer"), overseer_sees_b=True),
    Listing("/thong-bao/", (*A_ROLES, "overseer")),
    # A's own records, whose forms offer choices (departments, external documents, owners).
    Listing(
        lambda o: f"/kiem-soat/tai-lieu/{o.document.pk}/", ("head", "secretary", "approver", "auditor", "overseer")
    ),
    Listing(lambda o: f"/admin/qms/copies/{o.document.pk}/", ("head", "secretary", "approver", "auditor", "overseer")),
    Listing(lambda o: f"/admin/audits/audit/detail/{o.audit.pk}/", ("head", "secretary", "approver", "auditor")),
    Listing(lambda o: f"/admin/audits/finding/edit/{o.finding.pk}/", ("auditor",)),
    Listing(lambda o: f"/admin/audits/action/edit/{o.action.pk}/", ("auditor",)),
    # The admin's listings.
    Listing("/admin/qms/register/", ADMIN_READERS, overseer_sees_b=True),
    Listing("/admin/qms/controlled-copies/", ISO),
    Listing("/admin/qms/exports/", ISO),
    Listing("/admin/external_documents/", ADMIN_READERS, overseer_sees_b=True),
    Listing("/admin/snippets/procedures/recordtype/", ADMIN_READERS, overseer_sees_b=True),
    Listing("/admin/snippets/procedures/recordtype/add/", ("secretary",)),
    Listing("/admin/snippets/choose/procedures/recordtype/", ADMIN_READERS),
    Listing("/admin/snippets/choose/procedures/recordtype/results/?q=Hồ", ADMIN_READERS),
    Listing("/admin/document_types/", ADMIN_READERS),
    Listing("/admin/change_requests/", ADMIN_READERS, overseer_sees_b=True),
    Listing("/admin/periodic_reviews/", ADMIN_READERS),
    Listing("/admin/review_flags/", ADMIN_READERS),
    Listing("/admin/acknowledgements/", ADMIN_READERS),
    Listing("/admin/issues/", ADMIN_READERS, overseer_sees_b=True),
    Listing("/admin/audits/programme/", ("secretary", "approver", "auditor", "overseer"), overseer_sees_b=True),
    Listing("/admin/audits/audit/", ("secretary", "approver", "auditor", "overseer"), overseer_sees_b=True),
    Listing("/admin/audits/audit/new/", ("auditor",)),
    Listing("/admin/audits/finding/", ("secretary", "auditor", "overseer"), overseer_sees_b=True),
    Listing("/admin/audits/finding/new/", ("auditor",)),
    Listing("/admin/audits/action/", ("head", "secretary", "auditor", "overseer"), overseer_sees_b=True),
    Listing("/admin/audits/action/new/", ("auditor",)),
    Listing("/admin/departments/", ("head", "secretary", "approver", "auditor", "overseer"), overseer_sees_b=True),
    Listing("/admin/departments/new/", ("secretary",)),
    # Planning: the readers of A's planning records; the overseer reads every agency's.
    Listing("/admin/planning/satisfaction/", PLANNING_READERS, overseer_sees_b=True),
    Listing("/admin/planning/risks/", PLANNING_READERS, overseer_sees_b=True),
    Listing("/admin/planning/reviews/", PLANNING_READERS, overseer_sees_b=True),
    Listing("/admin/planning/dashboard/", PLANNING_READERS),
    # Spreadsheet exports.
    Listing("/admin/audits/finding/export/", ("secretary", "auditor", "overseer"), spreadsheet=True),
    Listing("/admin/audits/action/export/", ("secretary", "auditor", "overseer"), spreadsheet=True),
    Listing("/admin/qms/register/?export=xlsx", ADMIN_READERS, spreadsheet=True),
    Listing("/kiem-soat/tai-lieu-ben-ngoai/?format=xlsx", (*A_ROLES, "overseer"), spreadsheet=True),
    Listing("/kiem-soat/danh-muc-ho-so/?format=xlsx", (*A_ROLES, "overseer"), spreadsheet=True),
    Listing("/kiem-soat/doc-hieu/?format=xlsx", ADMIN_READERS, spreadsheet=True),
    # The read API's lists (a session here; a client's token of A in test_agency_isolation_walk.py).
    *API_LISTINGS,
]

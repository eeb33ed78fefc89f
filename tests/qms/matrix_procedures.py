"""Matrix rows of document control: the admin's signing, copies, registers and
read-only record screens, and the portal's /kiem-soat/ pages (docs/roles.md,
procedures/control_access.py, the views' own checks)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import TaskState

from procedures.models import (
    Acknowledgement,
    Adoption,
    ChangeRequest,
    Citation,
    ControlledCopy,
    ControlledDocumentPage,
    CopyExport,
    Distribution,
    DocumentType,
    ExternalDocument,
    Issue,
    PeriodicReview,
    RecordType,
    ReviewFlag,
    UploadThrottle,
)
from tests.audits.factories import PDF_BYTES
from tests.qms.factories import PASSWORD
from tests.qms.matrix import (
    ADMIN,
    SIGNED_IN,
    Effect,
    Post,
    Row,
    admin,
    became,
    created,
    every,
    everyone,
    filled,
    no_data,
    pk_of,
    portal,
    post_only,
    removed,
    the,
    unchanged,
)

SECRETARY = ("secretary", "superuser")
# The ISO roles who read the controlled-copy register and the PDF exports.
COPY_READERS = ("secretary", "approver", "auditor", "superuser")
# Who reads every document-control record; a head reads those of their own department.
CONTROL_READERS = ("head", "secretary", "approver", "auditor", "superuser")


def external_form(o):
    return {
        "number": "02/2025/TT-BNV",
        "kind": "Thông tư",
        "title": "Thông tư hướng dẫn tuyển dụng",
        "issuing_body": "Bộ Nội vụ",
        "issue_date": "2025-01-15",
        "effective_date": "2025-03-01",
        "status": "in_force",
        "replaced_by": "",
        "amended_by": "",
        "link": "",
        "notes": "",
        # Only the superuser (every agency's) chooses; the secretary's own agency is fixed.
        "agency": o.ccvc.agency_id,
    }


def record_type_form(o):
    return {
        "code": "HS-09",
        "name": "Hồ sơ nâng ngạch",
        "form_code": "BM-09",
        "keeper_department": o.ccvc.pk,
        "place": "Tủ hồ sơ phòng CCVC",
        "retention_years": "10",
        "disposal_method": "Hủy theo quy định",
        "agency": o.ccvc.agency_id,
    }


def document_type_form(o):
    return {
        "name": "Kế hoạch",
        "prefix": "KH",
        "numbering_pattern": "{prefix}-{number:02d}",
        "review_interval_months": 12,
        "agency": o.ccvc.agency_id,
    }


def read_only_records(prefix, model, name, form):
    """Change requests, reviews, flags and confirmations: read-only in the admin for everyone (they change
    only through the portal's checked actions); a head reads those of their own department only."""
    nobody = Post(admin(), form, unchanged(every(model)))
    pk = pk_of(name)
    return {
        f"admin/{prefix}/": Row(get=admin(*ADMIN)),
        f"admin/{prefix}/results/": Row(get=admin(*ADMIN)),
        f"admin/{prefix}/new/": Row(get=admin(), post=nobody),
        f"admin/{prefix}/edit/<int:pk>/": Row(get=admin(), post=nobody, params=pk),
        f"admin/{prefix}/delete/<int:pk>/": Row(get=admin(), post=nobody, params=pk),
        f"admin/{prefix}/usage/<int:pk>/": Row(get=admin(), post=nobody, params=pk),
        f"admin/{prefix}/copy/<int:pk>/": Row(get=admin(), post=nobody, params=pk),
        f"admin/{prefix}/history/<int:pk>/": Row(get=admin(*CONTROL_READERS), params=pk),
        f"admin/{prefix}/history-results/<int:pk>/": Row(get=admin(*CONTROL_READERS), params=pk),
        f"admin/{prefix}/inspect/<int:pk>/": Row(get=admin(*CONTROL_READERS), params=pk),
    }


def password(**data):
    return lambda o: {**data, "password": PASSWORD}


SIGNING = {
    # Review: the head of the owner department or the ISO secretary, who did not write the draft.
    "admin/qms/sign/<id:task_state_id>/": Row(
        get=admin("head", "secretary"),
        post=Post(
            admin("head", "secretary"),
            password(comment="Đã xem xét"),
            became(lambda o, user: TaskState.objects.filter(pk=o.task_state.pk), "status", "approved"),
        ),
    ),
    # Withdrawal: approvers only (not the superuser either).
    "admin/qms/withdraw/<id:page_id>/": Row(
        get=admin("approver"),
        post=Post(
            admin("approver"),
            password(reason="Không còn áp dụng"),
            filled(the(ControlledDocumentPage, "document"), "withdrawn_at"),
        ),
    ),
    "admin/qms/register/": Row(get=admin(*ADMIN)),
    "admin/qms/register/results/": Row(get=admin(*ADMIN)),
}

COPIES = {
    # Every admin role downloads the current issue; the secretary issues controlled copies.
    "admin/qms/copies/<id:page_id>/": Row(
        get=admin(*ADMIN),
        post=Post(
            admin(*SECRETARY),
            lambda o: {"holder_department": o.vp.pk},
            created(lambda o, user: ControlledCopy.objects.filter(issue__document=o.document)),
        ),
    ),
    "admin/qms/controlled-copies/": Row(
        get=admin(*COPY_READERS),
        post=Post(
            admin(*SECRETARY), lambda o: {"withdraw": o.copy.pk}, filled(the(ControlledCopy, "copy"), "withdrawn_at")
        ),
    ),
    "admin/qms/controlled-copies/<id:copy_id>/pdf/": Row(get=admin(*COPY_READERS)),
    "admin/qms/exports/": Row(
        get=admin(*COPY_READERS),
        post=Post(admin(*SECRETARY), lambda o: {"department": "", "document_type": ""}, created(every(CopyExport))),
    ),
    "admin/qms/exports/<id:export_id>/": Row(get=admin(*COPY_READERS)),
    "admin/qms/exports/<id:export_id>/download/": Row(get=admin(*COPY_READERS)),
}


def register(prefix, model, name, form, edited, *, add="new", history=ADMIN, inspect=True, deletes=False):
    """A register the secretary keeps in the admin (add, edit, copy). Nobody deletes a kept record:
    the superuser (who holds every permission) gets the confirmation page, and is refused."""
    pk = pk_of(name)
    keeper = Post(admin(*SECRETARY), form, created(every(model)))
    delete = (
        Post(admin("superuser"), no_data, removed(every(model)))
        if deletes
        else Post(admin(), no_data, unchanged(every(model)))
    )
    rows = {
        f"{prefix}/": Row(get=admin(*ADMIN)),
        f"{prefix}/results/": Row(get=admin(*ADMIN)),
        f"{prefix}/{add}/": Row(get=admin(*SECRETARY), post=keeper),
        f"{prefix}/edit/<int:pk>/": Row(
            get=admin(*SECRETARY), post=Post(admin(*SECRETARY), form, became(the(model, name), *edited)), params=pk
        ),
        f"{prefix}/delete/<int:pk>/": Row(get=admin("superuser"), post=delete, params=pk),
        f"{prefix}/history/<int:pk>/": Row(get=admin(*history), params=pk),
        f"{prefix}/history-results/<int:pk>/": Row(get=admin(*history), params=pk),
        f"{prefix}/usage/<int:pk>/": Row(get=admin(*SECRETARY), params=pk),
        # The copy screen is the add form filled from this record; its form posts to the add URL above.
        # (Posted to the copy URL itself, Wagtail 8.0 saves onto the original record: not a path of the
        # screens, and only for those who may add, so left out here.)
        f"{prefix}/copy/<int:pk>/": Row(get=admin(*SECRETARY), params=pk),
    }
    if inspect:
        rows[f"{prefix}/inspect/<int:pk>/"] = Row(get=admin(*ADMIN), params=pk)
    return rows


RECORD_TYPE_CHOOSER = "admin/snippets/choose/procedures/recordtype"

REGISTERS = {
    **register(
        "admin/external_documents",
        ExternalDocument,
        "external",
        external_form,
        ("title", "Thông tư hướng dẫn tuyển dụng"),
    ),
    **register(
        "admin/snippets/procedures/recordtype",
        RecordType,
        "record_type",
        record_type_form,
        ("name", "Hồ sơ nâng ngạch"),
        add="add",
    ),
    # Document types are no kept record: the superuser deletes one no document uses. Wagtail's own
    # history screen asks for a right to change them.
    **register(
        "admin/document_types",
        DocumentType,
        "unused_type",
        document_type_form,
        ("name", "Kế hoạch"),
        history=SECRETARY,
        inspect=False,
        deletes=True,
    ),
    # Record types are chosen in the editor by every admin role, never created from the chooser.
    f"{RECORD_TYPE_CHOOSER}/": Row(get=admin(*ADMIN)),
    f"{RECORD_TYPE_CHOOSER}/results/": Row(get=admin(*ADMIN)),
    f"{RECORD_TYPE_CHOOSER}/chosen/<str:pk>/": Row(get=admin(*ADMIN), params=pk_of("record_type")),
    f"{RECORD_TYPE_CHOOSER}/chosen-multiple/": Row(get=admin(*ADMIN)),
    f"{RECORD_TYPE_CHOOSER}/create/": Row(
        get=admin(), post=Post(admin(), record_type_form, unchanged(every(RecordType)))
    ),
}

READ_ONLY_RECORDS = {
    **read_only_records(
        "change_requests", ChangeRequest, "open_request", lambda o: {"reason": "Lý do", "proposed_change": "Đề xuất"}
    ),
    **read_only_records("periodic_reviews", PeriodicReview, "review", lambda o: {"comment": "Nhận xét"}),
    **read_only_records("review_flags", ReviewFlag, "flag", lambda o: {"reason": "Lý do"}),
    **read_only_records("acknowledgements", Acknowledgement, "acknowledgement", no_data),
}

# Adoptions of shared provincial documents: listed for the ISO secretary (the overseer too: the agency
# axis), read-only in the generic screens; ended and renewed on their own screens. The walk's agency
# adopts nothing (its document is its own): a missing adoption is not found by those who may look
# (tests/procedures/test_adoption_listing.py walks real ones).
NO_ADOPTION = lambda o: {"pk": 2_000_000_000}  # noqa: E731
NO_ADOPTION_CHANGES = Post(admin(), lambda o: {"decision_reference": "1/QĐ"}, unchanged(every(Adoption)))
ADOPTIONS = {
    "admin/adoptions/": Row(get=admin(*SECRETARY)),
    "admin/adoptions/results/": Row(get=admin(*SECRETARY)),
    "admin/adoptions/new/": Row(get=admin(), post=NO_ADOPTION_CHANGES),
    "admin/adoptions/edit/<int:pk>/": Row(get=admin(), post=NO_ADOPTION_CHANGES, params=NO_ADOPTION),
    "admin/adoptions/delete/<int:pk>/": Row(
        get=admin(not_found=ADMIN),
        post=Post(admin(not_found=ADMIN), no_data, unchanged(every(Adoption))),
        params=NO_ADOPTION,
    ),
    "admin/adoptions/usage/<int:pk>/": Row(get=admin(not_found=ADMIN), params=NO_ADOPTION),
    "admin/adoptions/copy/<int:pk>/": Row(get=admin(), params=NO_ADOPTION),
    "admin/adoptions/history/<int:pk>/": Row(get=admin(not_found=ADMIN), params=NO_ADOPTION),
    "admin/adoptions/history-results/<int:pk>/": Row(get=admin(not_found=ADMIN), params=NO_ADOPTION),
    "admin/adoptions/inspect/<int:pk>/": Row(get=admin(not_found=ADMIN), params=NO_ADOPTION),
    "admin/adoptions/end/<int:pk>/": Row(
        get=admin(not_found=ADMIN),
        post=Post(admin(not_found=ADMIN), lambda o: {"reason": "Hết hiệu lực"}, unchanged(every(Adoption))),
        params=NO_ADOPTION,
    ),
    "admin/adoptions/adopt-again/<int:pk>/": Row(
        get=admin(not_found=ADMIN),
        post=Post(admin(not_found=ADMIN), lambda o: {"decision_reference": "2/QĐ"}, unchanged(every(Adoption))),
        params=NO_ADOPTION,
    ),
}

# Issues are made only by the final approval: read-only for everyone, the superuser included.
NO_ISSUE_CHANGES = Post(admin(), no_data, unchanged(every(Issue)))
ISSUE = pk_of("issue")
ISSUES = {
    "admin/issues/": Row(get=admin(*ADMIN)),
    "admin/issues/results/": Row(get=admin(*ADMIN)),
    "admin/issues/inspect/<int:pk>/": Row(get=admin(*ADMIN), params=ISSUE),
    "admin/issues/new/": Row(get=admin(), post=NO_ISSUE_CHANGES),
    **{
        f"admin/issues/{screen}/<int:pk>/": Row(get=admin(), post=NO_ISSUE_CHANGES, params=ISSUE)
        for screen in ("edit", "delete", "history", "history-results", "usage", "copy")
    },
}


def of_document(model):
    """rows(o, user): the records of the organisation's document in effect."""
    return lambda o, user: model.objects.filter(document=o.document)


def throttled_checks():
    """verify/ counts every PDF checked, per client address, for the limit."""
    return Effect(
        lambda o, user: sum(UploadThrottle.objects.values_list("count", flat=True)),
        lambda before, after: after == before + 1,
    )


REQUEST = pk_of("open_request")
# Who decides a change request, edits the distribution and the legal basis: the ISO secretary
# (and the superuser) for every document, a head for their own department's.
DECIDERS = ("head", *SECRETARY)

CONTROL = {
    "kiem-soat/yeu-cau-sua-doi/": Row(get=portal(*SIGNED_IN)),
    # Its raiser, the readers of every control record, the head of the document's department.
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/": Row(get=portal("staff", *CONTROL_READERS), params=REQUEST),
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/tep/": Row(get=portal("staff", *CONTROL_READERS), params=REQUEST),
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/quyet-dinh/": Row(
        get=post_only(),
        post=Post(
            portal(*DECIDERS),
            lambda o: {"decision": "accept", "reason": "Đồng ý sửa đổi"},
            became(the(ChangeRequest, "open_request"), "status", "accepted"),
        ),
        params=REQUEST,
    ),
    # The document's editors (page rights: the secretary, the head of its department) take it into the draft.
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/dua-vao-du-thao/": Row(
        get=post_only(),
        post=Post(portal(*DECIDERS), no_data, filled(the(ChangeRequest, "accepted_request"), "linked_at")),
        params=pk_of("accepted_request"),
    ),
    # Everyone signed in raises a change request on a document in effect.
    "kiem-soat/tai-lieu/<id:document_id>/de-nghi-sua-doi/": Row(
        get=portal(*SIGNED_IN),
        post=Post(
            portal(*SIGNED_IN),
            lambda o: {"reason": "Thủ tục mới", "proposed_change": "Bổ sung bước kiểm tra"},
            created(of_document(ChangeRequest)),
        ),
    ),
    "kiem-soat/tai-lieu/<id:document_id>/yeu-cau-sua-doi/": Row(get=portal(*CONTROL_READERS)),
    # Only a document the province shares is adopted, by another agency's ISO secretary
    # (tests/procedures/test_shared_documents.py): the walk's document is the agency's own.
    "kiem-soat/tai-lieu/<id:document_id>/ap-dung/": Row(
        get=post_only(),
        post=Post(
            portal(), lambda o: {"agency": o.vp.agency_id, "decision_reference": "12/QĐ"}, unchanged(every(Adoption))
        ),
    ),
    # No adoption in the walk's agency: ending one that does not exist is a 404 for everyone.
    "kiem-soat/ap-dung/<id:pk>/ket-thuc/": Row(
        get=post_only(),
        post=Post(portal(not_found=SIGNED_IN), lambda o: {"reason": "Không còn áp dụng"}, unchanged(every(Adoption))),
        params=lambda o: {"pk": 2_000_000_000},
    ),
    "kiem-soat/tai-lieu/<id:document_id>/": Row(get=portal(*CONTROL_READERS)),
    "kiem-soat/tai-lieu/<id:document_id>/phan-phoi/": Row(
        get=post_only(),
        post=Post(portal(*DECIDERS), lambda o: {"departments": [o.vp.pk]}, created(of_document(Distribution))),
    ),
    "kiem-soat/tai-lieu/<id:document_id>/can-cu/": Row(
        get=post_only(),
        post=Post(
            portal(*DECIDERS),
            lambda o: {"external_document": o.external.pk, "note": "Điều 3"},
            created(of_document(Citation)),
        ),
    ),
    "kiem-soat/tai-lieu/<id:document_id>/can-cu/<id:pk>/xoa/": Row(
        get=post_only(),
        post=Post(portal(*DECIDERS), no_data, removed(of_document(Citation))),
        params=pk_of("citation"),
    ),
    # Periodic review: approvers sign every outcome, the secretary and the owner's head may decide
    # to revise; auditors read the reviews and record none.
    "kiem-soat/tai-lieu/<id:document_id>/xem-xet/": Row(
        get=portal(*CONTROL_READERS),
        post=Post(
            portal("approver", *DECIDERS),
            password(outcome="revise", comment="Cần cập nhật quy định mới"),
            created(of_document(PeriodicReview)),
        ),
    ),
    # Reading completion and reviews due: every admin role (a head sees their own department's).
    "kiem-soat/tai-lieu/<id:document_id>/nguoi-doc/": Row(get=portal(*ADMIN)),
    "kiem-soat/xem-xet-dinh-ky/": Row(get=portal(*ADMIN)),
    "kiem-soat/doc-hieu/": Row(get=portal(*ADMIN)),
    "kiem-soat/tai-lieu-can-doc/": Row(get=portal(*SIGNED_IN)),
    # Only the reader confirms their own reading.
    "kiem-soat/tai-lieu-can-doc/<id:pk>/xac-nhan/": Row(
        get=post_only(),
        post=Post(
            portal("staff"),
            no_data,
            created(lambda o, user: Acknowledgement.objects.filter(issue=o.issue, user=o.users["staff"])),
        ),
        params=pk_of("assignment"),
    ),
    "kiem-soat/tai-lieu-ben-ngoai/": Row(get=portal(*SIGNED_IN)),
    "kiem-soat/tai-lieu-ben-ngoai/<id:pk>/": Row(get=portal(*SIGNED_IN), params=pk_of("external")),
    "kiem-soat/tai-lieu-ben-ngoai/<id:pk>/tep/": Row(get=portal(*SIGNED_IN), params=pk_of("external")),
    "kiem-soat/danh-muc-ho-so/": Row(get=portal(*SIGNED_IN)),
}

PORTAL = {
    "": Row(get=portal(*SIGNED_IN)),
    "search/": Row(get=portal(*SIGNED_IN)),
    # Anyone holding a copy checks it, signed in or not: by its code, or by uploading the PDF.
    "verify/": Row(
        get=everyone(),
        post=Post(
            everyone(),
            lambda o: {"file": SimpleUploadedFile("ban-sao.pdf", PDF_BYTES, content_type="application/pdf")},
            throttled_checks(),
        ),
    ),
    "verify/<str:code>/": Row(get=everyone()),
}

# Word import (ISO secretaries), a document's paper original, a draft as Word (its editors).
# The organisation's document has no paper original: those screens are not found past the permission check.
WORD = {
    "admin/qms/word-import/": Row(get=admin(*SECRETARY)),
    "admin/qms/word-import/confirm/": Row(get=admin()),  # acts only on a POST of a previewed upload
    "admin/qms/paper-original/<id:page_id>/": Row(get=admin(not_found=("secretary",))),  # ISO secretaries only
    "admin/qms/paper-original/<id:page_id>/scan/": Row(get=admin(not_found=ADMIN)),
    "admin/qms/draft-word/<id:page_id>/": Row(get=admin("head", *SECRETARY)),
}

ROWS = {
    **SIGNING,
    **COPIES,
    **REGISTERS,
    **READ_ONLY_RECORDS,
    **ADOPTIONS,
    **ISSUES,
    **CONTROL,
    **PORTAL,
    **WORD,
}

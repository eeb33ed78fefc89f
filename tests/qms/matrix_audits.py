"""Matrix rows of internal audits: the admin's programme, audits, question library, findings
and corrective actions, and the portal's /khac-phuc/ pages (docs/roles.md, audits/permissions.py,
audits/roles.py). Nobody deletes an audit record: the viewsets have no delete screen."""

import datetime

from django.utils import timezone

from audits.models import Audit, AuditProgramme, ChecklistItem, CorrectiveAction, Finding, Question
from tests.qms.matrix import (
    ADMIN_POST_ONLY,
    SIGNED_IN,
    Post,
    Row,
    admin,
    became,
    created,
    every,
    no_data,
    pk_of,
    portal,
    post_only,
    the,
)

# The auditors write the records (and the superuser, who holds every permission and counts as
# an auditor of every audit); the secretary reads them all; approvers read programmes and audits.
AUDITORS = ("auditor", "superuser")
ALL_READERS = ("secretary", *AUDITORS)
PROGRAMME_READERS = ("secretary", "approver", *AUDITORS)
# An audit is also open to the heads of the departments it covers (CCVC: "head").
AUDIT_READERS = ("head", *PROGRAMME_READERS)


def today(days=0):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def audit_form(o, title="Đánh giá Phòng CCVC lần 3"):
    return {
        "programme": o.audit.programme_id,
        "title": title,
        "scope": "Các quy trình về công chức",
        "criteria": "TCVN ISO 9001:2015",
        "edition": "2015",
        "departments": [o.ccvc.pk],
        "processes": "",
        "clauses": [o.question.clause_id],
        "planned_start": "2026-06-01",
        "planned_end": "2026-06-02",
        "lead_auditor": o.users["auditor"].pk,
        "team": [o.second_auditor.pk],
    }


def finding_form(o, description="Sổ theo dõi hồ sơ chưa cập nhật"):
    return {
        "audit": o.audit.pk,
        "kind": "observation",
        "clause": o.question.clause_id,
        "department": o.ccvc.pk,
        "document": "",
        "description": description,
        "evidence": "Sổ năm 2026",
        "checklist_item": "",
    }


def action_form(o, nonconformity="Giải quyết hồ sơ trễ hạn"):
    return {
        "source": "complaint",
        "finding": "",
        "department": o.ccvc.pk,
        "nonconformity": nonconformity,
        "owner": o.users["staff"].pk,
        "due_date": today(30),
    }


def records(prefix, model, name, *, readers, add_form, edit_form, edited, editors=AUDITORS):
    """A viewset of audit records: list, add, edit, history and usage (no delete, no copy)."""
    pk = pk_of(name)
    return {
        f"{prefix}/": Row(get=admin(*readers)),
        f"{prefix}/results/": Row(get=admin(*readers)),
        f"{prefix}/new/": Row(get=admin(*AUDITORS), post=Post(admin(*AUDITORS), add_form, created(every(model)))),
        f"{prefix}/edit/<int:pk>/": Row(
            get=admin(*editors),
            post=Post(admin(*editors), edit_form, became(the(model, name), *edited)),
            params=pk,
        ),
        # Wagtail's history and usage screens ask for a right to add or change.
        f"{prefix}/history/<int:pk>/": Row(get=admin(*AUDITORS), params=pk),
        f"{prefix}/history-results/<int:pk>/": Row(get=admin(*AUDITORS), params=pk),
        f"{prefix}/usage/<int:pk>/": Row(get=admin(*AUDITORS), params=pk),
    }


ADMIN_SCREENS = {
    # The draft programme of next year: edited by the auditors, approved by an approver.
    **records(
        "admin/audits/programme",
        AuditProgramme,
        "draft_programme",
        readers=PROGRAMME_READERS,
        add_form=lambda o: {"year": 2028, "objectives": "Đánh giá năm 2028", "agency": o.ccvc.agency_id},
        edit_form=lambda o: {"year": 2027, "objectives": "Đánh giá toàn bộ quy trình"},
        edited=("objectives", "Đánh giá toàn bộ quy trình"),
    ),
    "admin/audits/programme/detail/<id:pk>/": Row(get=admin(*PROGRAMME_READERS), params=pk_of("draft_programme")),
    # The superuser holds audits.approve_auditprogramme like every permission.
    "admin/audits/programme/approve/<id:pk>/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(
            admin("approver", "superuser"),
            no_data,
            became(the(AuditProgramme, "draft_programme"), "status", "approved"),
        ),
        params=pk_of("draft_programme"),
    ),
    # The running audit; its team (the lead auditor) edits it.
    **records(
        "admin/audits/audit",
        Audit,
        "audit",
        readers=PROGRAMME_READERS,
        add_form=audit_form,
        edit_form=lambda o: audit_form(o, title="Đánh giá Phòng CCVC (sửa)"),
        edited=("title", "Đánh giá Phòng CCVC (sửa)"),
    ),
    "admin/audits/audit/detail/<id:pk>/": Row(get=admin(*AUDIT_READERS), params=pk_of("audit")),
    # Only the team moves an audit: the planned one is started.
    "admin/audits/audit/move/<id:pk>/<str:transition>/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(admin(*AUDITORS), no_data, became(the(Audit, "planned_audit"), "status", "in_progress")),
        params=lambda o: {"pk": o.planned_audit.pk, "transition": "start"},
    ),
    "admin/audits/audit/checklist/<id:pk>/build/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(
            admin(*AUDITORS),
            lambda o: {"clauses": [o.question.clause_id]},
            created(lambda o, user: ChecklistItem.objects.filter(audit=o.audit, source=o.question)),
        ),
        params=pk_of("audit"),
    ),
    "admin/audits/audit/checklist/<id:pk>/add/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(
            admin(*AUDITORS),
            lambda o: {"clause": o.question.clause_id, "department": o.ccvc.pk, "question": "Có sổ theo dõi không?"},
            created(lambda o, user: ChecklistItem.objects.filter(audit=o.audit)),
        ),
        params=pk_of("audit"),
    ),
    # A finding recorded from the running audit's own page: by its team only.
    "admin/audits/audit/finding/<id:pk>/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(
            admin(*AUDITORS),
            lambda o: {"kind": Finding.Kind.OBSERVATION, "department": o.ccvc.pk, "description": "Ghi nhanh"},
            created(lambda o, user: Finding.objects.filter(audit=o.audit, description="Ghi nhanh")),
        ),
        params=pk_of("audit"),
    ),
    # Reports and logs are printed by the secretary and the auditors.
    "admin/audits/audit/report/<id:pk>/": Row(get=admin(*ALL_READERS), params=pk_of("audit")),
    **records(
        "admin/audits/question",
        Question,
        "question",
        readers=ALL_READERS,
        add_form=lambda o: {
            "clause": o.question.clause_id,
            "text": "Có biên bản họp không?",
            "guidance": "",
            "active": "on",
        },
        edit_form=lambda o: {
            "clause": o.question.clause_id,
            "text": "Có kế hoạch năm không?",
            "guidance": "",
            "active": "on",
        },
        edited=("text", "Có kế hoạch năm không?"),
    ),
    **records(
        "admin/audits/finding",
        Finding,
        "finding",
        readers=ALL_READERS,
        add_form=finding_form,
        edit_form=lambda o: {**finding_form(o, "Thiếu biên bản kiểm tra (bổ sung)"), "kind": "minor_nc"},
        edited=("description", "Thiếu biên bản kiểm tra (bổ sung)"),
    ),
    "admin/audits/finding/export/": Row(get=admin(*ALL_READERS)),
    "admin/audits/finding/raise-action/<id:pk>/": Row(
        get=ADMIN_POST_ONLY,
        post=Post(
            admin(*AUDITORS),
            lambda o: {"owner": o.users["staff"].pk, "due_date": today(30)},
            created(lambda o, user: CorrectiveAction.objects.filter(finding=o.finding_without_action)),
        ),
        params=pk_of("finding_without_action"),
    ),
    # A head reads their department's actions (other_head's list is empty); approvers do not read actions.
    **records(
        "admin/audits/action",
        CorrectiveAction,
        "action",
        readers=("head", "other_head", *ALL_READERS),
        add_form=action_form,
        edit_form=lambda o: {**action_form(o, "Thiếu biên bản (sửa)"), "source": "audit", "finding": o.finding.pk},
        edited=("nonconformity", "Thiếu biên bản (sửa)"),
    ),
    "admin/audits/action/export/": Row(get=admin(*ALL_READERS)),
}

# Staff see the actions assigned to them, a head those of their department, the secretary and the
# auditors all; the owner and the head answer, an auditor who is not the owner verifies and closes.
ACTION_READERS = ("staff", "head", *ALL_READERS)
ANSWERERS = ("staff", "head")


def move(name, status):
    return became(the(CorrectiveAction, name), "status", status)


PORTAL = {
    "khac-phuc/": Row(get=portal(*SIGNED_IN)),
    "khac-phuc/<id:pk>/": Row(get=portal(*ACTION_READERS), params=pk_of("action")),
    "khac-phuc/<id:pk>/ke-hoach/": Row(
        get=post_only(),
        post=Post(
            portal(*ANSWERERS),
            lambda o: {"correction": "Bổ sung biên bản", "root_cause": "Chưa có mẫu", "action_plan": "Ban hành mẫu"},
            move("action", "planned"),
        ),
        params=pk_of("action"),
    ),
    "khac-phuc/<id:pk>/thuc-hien/": Row(
        get=post_only(),
        post=Post(
            portal(*ANSWERERS),
            lambda o: {"implementation": "Đã ban hành mẫu BM-05", "similar_checked": "Đã rà soát"},
            move("planned_action", "implemented"),
        ),
        params=pk_of("planned_action"),
    ),
    "khac-phuc/<id:pk>/xac-nhan/": Row(
        get=post_only(),
        post=Post(
            portal(*AUDITORS),
            lambda o: {"effective": "1", "verified_on": today(), "evidence": "Đã kiểm tra hồ sơ", "comment": ""},
            move("implemented_action", "verified_effective"),
        ),
        params=pk_of("implemented_action"),
    ),
    "khac-phuc/<id:pk>/dong/": Row(
        get=post_only(),
        post=Post(portal(*AUDITORS), lambda o: {"reason": ""}, move("verified_action", "closed")),
        params=pk_of("verified_action"),
    ),
    # The checklist runner: the audit's team only.
    "khac-phuc/danh-gia/<id:audit_pk>/": Row(get=portal(*AUDITORS)),
    "khac-phuc/danh-gia/<id:audit_pk>/<id:position>/": Row(
        get=portal(*AUDITORS),
        post=Post(
            portal(*AUDITORS),
            lambda o: {"result": "conforms", "evidence": "Đã xem sổ"},
            became(the(ChecklistItem, "item"), "result", "conforms"),
        ),
    ),
    # Evidence is shown to those who may see the audit; to anyone else it does not exist.
    "khac-phuc/bang-chung/<id:pk>/": Row(
        get=portal(*AUDIT_READERS, not_found=("staff", "other_head")), params=pk_of("evidence")
    ),
    # A corrective action's evidence is shown to those who see the action (its owner among the staff).
    "khac-phuc/tep-minh-chung/<id:pk>/": Row(
        get=portal(*ACTION_READERS, not_found=("other_head", "approver", "superuser")), params=pk_of("action_evidence")
    ),
}

ROWS = {**ADMIN_SCREENS, **PORTAL}

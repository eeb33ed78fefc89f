"""The five role groups hold exactly the permissions of docs/roles.md."""

from django.apps import apps
from django.contrib.auth.models import Group

from qms import roles
from tests.qms.factories import AuditorFactory, HeadFactory, StaffFactory

AUDIT_MODELS = ["auditprogramme", "audit", "question", "checklistitem", "finding", "correctiveaction", "verification"]
AUDITS_READ = {f"audits.view_{model}" for model in AUDIT_MODELS}
CONTROL_READ = {
    "procedures.view_changerequest",
    "procedures.view_distribution",
    "procedures.view_citation",
    "procedures.view_externaldocument",
    "procedures.view_recordtype",
    "procedures.view_periodicreview",
    "procedures.view_reviewflag",
    "procedures.view_readingassignment",
    "procedures.view_acknowledgement",
}
CONTROL_OWNER = {
    "procedures.change_changerequest",
    "procedures.add_distribution",
    "procedures.change_distribution",
    "procedures.add_citation",
    "procedures.change_citation",
    "procedures.add_periodicreview",
}

EXPECTED = {
    "ISO secretary": {
        "wagtailadmin.access_admin",
        "qms.view_department",
        "qms.add_department",
        "qms.change_department",
        "qms.change_agencysettings",
        "qms.view_isoclause",
        "procedures.view_documenttype",
        "procedures.add_documenttype",
        "procedures.change_documenttype",
        "procedures.view_issue",
        "procedures.view_signature",
        *AUDITS_READ,
        "procedures.view_controlledcopy",
        "procedures.add_controlledcopy",
        "procedures.change_controlledcopy",
        "procedures.view_copyexport",
        "procedures.add_copyexport",
        *CONTROL_READ,
        *CONTROL_OWNER,
        "procedures.add_externaldocument",
        "procedures.change_externaldocument",
        "procedures.add_recordtype",
        "procedures.change_recordtype",
    },
    "Department head": {
        "wagtailadmin.access_admin",
        "qms.view_department",
        "qms.view_isoclause",
        "procedures.view_documenttype",
        "procedures.view_issue",
        "audits.view_correctiveaction",
        *CONTROL_READ,
        *CONTROL_OWNER,
    },
    "Approver": {
        "wagtailadmin.access_admin",
        "qms.view_department",
        "qms.view_isoclause",
        "procedures.view_documenttype",
        "procedures.view_issue",
        "procedures.view_signature",
        "audits.view_auditprogramme",
        "audits.view_audit",
        "audits.approve_auditprogramme",
        "procedures.view_controlledcopy",
        "procedures.view_copyexport",
        *CONTROL_READ,
        "procedures.add_periodicreview",
    },
    "Internal auditor": {
        "wagtailadmin.access_admin",
        "qms.view_department",
        "qms.view_isoclause",
        "procedures.view_documenttype",
        "procedures.view_issue",
        "procedures.view_signature",
        *AUDITS_READ,
        "audits.add_auditprogramme",
        "audits.change_auditprogramme",
        "audits.add_audit",
        "audits.change_audit",
        "audits.add_question",
        "audits.change_question",
        "audits.add_checklistitem",
        "audits.change_checklistitem",
        "audits.add_finding",
        "audits.change_finding",
        "audits.add_correctiveaction",
        "audits.change_correctiveaction",
        "audits.add_verification",
        "procedures.view_controlledcopy",
        "procedures.view_copyexport",
        *CONTROL_READ,
    },
    "Staff": set(),
}


def group_permissions(name):
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_each_group_has_exactly_its_permissions(db):
    for name, expected in EXPECTED.items():
        assert group_permissions(name) == expected, name


def test_staff_cannot_enter_the_admin_and_auditors_change_nothing_outside_audits(db):
    assert "wagtailadmin.access_admin" not in group_permissions(roles.STAFF)
    auditor = group_permissions(roles.INTERNAL_AUDITOR)
    writes = {p for p in auditor if p.split(".")[1].startswith(("add_", "change_", "delete_"))}
    assert writes
    assert {p.split(".")[0] for p in writes} == {"audits"}


def test_nobody_may_delete_an_audit_record(db):
    for name in EXPECTED:
        assert not {p for p in group_permissions(name) if p.startswith("audits.delete_")}, name


def test_syncing_again_restores_a_tampered_group_and_creates_nothing_twice(db):
    secretary = Group.objects.get(name=roles.ISO_SECRETARY)
    secretary.permissions.clear()
    before = Group.objects.count()
    roles.sync_roles(apps)
    roles.sync_roles(apps)
    assert Group.objects.count() == before
    assert group_permissions(roles.ISO_SECRETARY) == EXPECTED[roles.ISO_SECRETARY]


def collection_permissions(name):
    from wagtail.models import GroupCollectionPermission

    rows = GroupCollectionPermission.objects.filter(group__name=name, collection__depth=1)
    return {f"{r.permission.content_type.app_label}.{r.permission.codename}" for r in rows.select_related("permission")}


def test_drafters_upload_files_and_the_others_only_choose_them(db):
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    for role, expected in roles.ROLE_COLLECTION_PERMISSIONS.items():
        assert collection_permissions(role) == expected, role
    policy = policy_registry.get_by_type(get_document_model())
    assert policy.user_has_permission(HeadFactory(username="truongphong"), "add")
    assert policy.user_has_permission(AuditorFactory(username="danhgia"), "choose")
    assert not policy.user_has_permission(AuditorFactory(username="danhgia2"), "add")
    assert not policy.user_has_any_permission(StaffFactory(username="nhanvien"), ["add", "change", "choose"])


def test_syncing_again_restores_the_file_permissions(db):
    from wagtail.models import GroupCollectionPermission

    GroupCollectionPermission.objects.filter(group__name=roles.DEPARTMENT_HEAD).delete()
    staff = Group.objects.get(name=roles.STAFF)
    extra = GroupCollectionPermission.objects.filter(group__name=roles.ISO_SECRETARY).first()
    GroupCollectionPermission.objects.create(group=staff, collection=extra.collection, permission=extra.permission)
    roles.sync_roles(apps)
    roles.sync_roles(apps)
    assert collection_permissions(roles.DEPARTMENT_HEAD) == roles.ROLE_COLLECTION_PERMISSIONS[roles.DEPARTMENT_HEAD]
    assert collection_permissions(roles.STAFF) == set()

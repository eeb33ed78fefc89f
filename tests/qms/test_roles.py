"""The five role groups hold exactly the permissions of docs/roles.md."""

from django.apps import apps
from django.contrib.auth.models import Group

from qms import roles
from qms.agencies import AGENCY_GROUP_ROLES
from tests.qms.factories import (
    AgencyFactory,
    AuditorFactory,
    DepartmentFactory,
    HeadFactory,
    StaffFactory,
    first_agency,
)

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
PLANNING_MODELS = [
    "qualityobjective",
    "objectiveresult",
    "onestopimport",
    "dossierstatistic",
    "nonconformity",
    "risk",
    "managementreview",
    "reviewdecision",
    "satisfactionresult",
]
PLANNING_READ = {f"planning.view_{model}" for model in PLANNING_MODELS}
# The ISO secretary keeps the planning records; statistics come only from imports.
PLANNING_SECRETARY = {
    f"planning.{verb}_{model}" for model in PLANNING_MODELS if model != "dossierstatistic" for verb in ("add", "change")
}
# The leader chairs the review: its record and its decisions.
PLANNING_CHAIR = {
    "planning.add_managementreview",
    "planning.change_managementreview",
    "planning.add_reviewdecision",
    "planning.change_reviewdecision",
}

EXPECTED = {
    "ISO secretary": {
        "wagtailadmin.access_admin",
        "qms.view_department",
        "qms.add_department",
        "qms.change_department",
        "qms.view_agency",
        "qms.change_agency",
        "qms.view_rolegrant",
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
        # The agency's adoptions of shared provincial documents (listed; ended and renewed on their screens).
        "procedures.view_adoption",
        "province.view_declaration",
        "province.add_declaration",
        "province.change_declaration",
        *PLANNING_READ,
        *PLANNING_SECRETARY,
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
        "province.view_declaration",
        *PLANNING_READ,
        *PLANNING_CHAIR,
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
        *PLANNING_READ,
    },
    "Staff": set(),
    "Overseer": {
        "wagtailadmin.access_admin",
        "qms.view_department",
        "qms.view_isoclause",
        "qms.view_agency",
        "procedures.view_documenttype",
        "procedures.view_issue",
        "procedures.view_signature",
        *AUDITS_READ,
        *CONTROL_READ,
        "procedures.view_adoption",
        "province.view_declaration",
        *PLANNING_READ,
    },
}


def group_permissions(name):
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_each_group_has_exactly_its_permissions(db):
    for name, expected in EXPECTED.items():
        assert group_permissions(name) == expected, name


def test_the_overseer_reads_and_writes_nothing(db):
    writes = {
        p for p in group_permissions(roles.OVERSEER) if p.split(".")[1].startswith(("add_", "change_", "delete_"))
    }
    assert writes == set()


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


def collection_permissions(role, agency=None):
    """What the agency's group of this role holds on the agency's collection."""
    from wagtail.models import GroupCollectionPermission

    from qms.models import AgencyGroup

    agency = agency or first_agency()
    group = AgencyGroup.objects.get(agency=agency, role=role).group
    rows = GroupCollectionPermission.objects.filter(group=group, collection=agency.collection)
    return {f"{r.permission.content_type.app_label}.{r.permission.codename}" for r in rows.select_related("permission")}


def test_role_groups_hold_no_file_rights_of_their_own(db):
    from wagtail.models import GroupCollectionPermission

    assert not GroupCollectionPermission.objects.filter(group__name__in=roles.ROLE_LABELS).exists()


def test_drafters_upload_files_and_the_others_only_choose_them(db):
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    for role in AGENCY_GROUP_ROLES:
        assert collection_permissions(role) == roles.ROLE_COLLECTION_PERMISSIONS[role], role
    policy = policy_registry.get_by_type(get_document_model())
    assert policy.user_has_permission(HeadFactory(username="truongphong"), "add")
    assert policy.user_has_permission(AuditorFactory(username="danhgia"), "choose")
    assert not policy.user_has_permission(AuditorFactory(username="danhgia2"), "add")
    assert not policy.user_has_any_permission(StaffFactory(username="nhanvien"), ["add", "change", "choose"])


def test_files_of_one_agency_are_not_offered_to_another(db):
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    other = AgencyFactory()
    head = HeadFactory(username="truongphong", department=DepartmentFactory(agency=other))
    policy = policy_registry.get_by_type(get_document_model())
    collections = set(policy.collections_user_has_permission_for(head, "add"))
    assert collections == {other.collection}


def test_syncing_again_restores_the_file_permissions(db):
    from wagtail.models import GroupCollectionPermission

    from qms.agencies import set_up_all_agencies

    agency = first_agency()
    GroupCollectionPermission.objects.filter(group__agency_role__role=roles.DEPARTMENT_HEAD).delete()
    staff = Group.objects.get(name=roles.STAFF)
    GroupCollectionPermission.objects.create(
        group=staff,
        collection=agency.collection,
        permission=GroupCollectionPermission.objects.filter(collection=agency.collection).first().permission,
    )
    roles.sync_roles(apps)
    set_up_all_agencies(apps)
    set_up_all_agencies(apps)
    assert collection_permissions(roles.DEPARTMENT_HEAD) == roles.ROLE_COLLECTION_PERMISSIONS[roles.DEPARTMENT_HEAD]

"""The five role groups hold exactly the permissions of docs/roles.md."""

from django.apps import apps
from django.contrib.auth.models import Group

from qms import roles

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


def test_staff_cannot_enter_the_admin_and_auditors_change_nothing(db):
    assert "wagtailadmin.access_admin" not in group_permissions(roles.STAFF)
    auditor = group_permissions(roles.INTERNAL_AUDITOR)
    assert not {p for p in auditor if p.split(".")[1].startswith(("add_", "change_", "delete_"))}


def test_syncing_again_restores_a_tampered_group_and_creates_nothing_twice(db):
    secretary = Group.objects.get(name=roles.ISO_SECRETARY)
    secretary.permissions.clear()
    before = Group.objects.count()
    roles.sync_roles(apps)
    roles.sync_roles(apps)
    assert Group.objects.count() == before
    assert group_permissions(roles.ISO_SECRETARY) == EXPECTED[roles.ISO_SECRETARY]

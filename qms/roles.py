"""The five roles of the QMS and exactly which permissions each one holds.

Groups are created and brought to exactly these permissions by data
migrations that call :func:`sync_roles` (safe to run again: every run ends in
the same state) and by ``manage.py sync_roles``. docs/roles.md is the human
readable matrix; tests/qms/test_roles.py holds the two together.
"""

from django.contrib.auth.management import create_permissions
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from qms import registry

ISO_SECRETARY = "ISO secretary"
DEPARTMENT_HEAD = "Department head"
APPROVER = "Approver"
INTERNAL_AUDITOR = "Internal auditor"
STAFF = "Staff"

ROLE_LABELS = {
    ISO_SECRETARY: _("ISO secretary"),
    DEPARTMENT_HEAD: _("Department head"),
    APPROVER: _("Approver"),
    INTERNAL_AUDITOR: _("Internal auditor"),
    STAFF: _("Staff"),
}

ADMIN_ACCESS = "wagtailadmin.access_admin"

# The core's own permissions. Each app grants its own through qms.registry
# (procedures/roles.py, audits/roles.py); all_role_permissions() is the sum.
# Permissions are "app_label.codename".
CORE_ROLE_PERMISSIONS = {
    ISO_SECRETARY: {
        ADMIN_ACCESS,
        "qms.view_department",
        "qms.add_department",
        "qms.change_department",
        "qms.change_agencysettings",
        "qms.view_isoclause",
    },
    DEPARTMENT_HEAD: {ADMIN_ACCESS, "qms.view_department", "qms.view_isoclause"},
    APPROVER: {ADMIN_ACCESS, "qms.view_department", "qms.view_isoclause"},
    INTERNAL_AUDITOR: {ADMIN_ACCESS, "qms.view_department", "qms.view_isoclause"},
    STAFF: set(),
}


def all_role_permissions():
    """{role name: every permission the group holds}: the core's and those the apps granted."""
    granted = registry.granted()
    unknown = set(granted) - set(CORE_ROLE_PERMISSIONS)
    if unknown:
        raise ImproperlyConfigured(f"Permissions granted to unknown roles: {', '.join(sorted(unknown))}")
    return {role: perms | granted.get(role, set()) for role, perms in CORE_ROLE_PERMISSIONS.items()}


# Files and images (Wagtail documents and images) are granted per collection;
# the roles hold these on the root collection, so on every file. Drafters
# upload the forms and annexes of their procedures (Wagtail lets them edit
# what they uploaded); approvers and auditors choose existing files.
ROLE_COLLECTION_PERMISSIONS = {
    ISO_SECRETARY: {
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
    },
    DEPARTMENT_HEAD: {
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
    },
    APPROVER: {"wagtaildocs.choose_document"},
    INTERNAL_AUDITOR: {"wagtaildocs.choose_document"},
    STAFF: set(),
}


def sync_collection_permissions(apps, groups, role_permissions=None):
    """Bring each role's permissions on the root collection to exactly the above."""
    try:
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    except LookupError:
        return
    Permission = apps.get_model("auth", "Permission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for role, perms in (role_permissions or ROLE_COLLECTION_PERMISSIONS).items():
        group = groups.get(role)
        if group is None:
            continue
        wanted = set()
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            wanted.add(Permission.objects.get(content_type__app_label=app_label, codename=codename).pk)
        held = GroupCollectionPermission.objects.filter(group=group, collection=root)
        held.exclude(permission_id__in=wanted).delete()
        have = set(held.values_list("permission_id", flat=True))
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(group=group, collection=root, permission_id=pk) for pk in wanted - have
        )


def ensure_permissions(apps):
    """Create the content types and permissions of every installed model now.

    Django only creates them after all migrations have run; a data migration
    that grants them has to make sure they exist first.
    """
    for app_config in apps.get_app_configs():
        was = getattr(app_config, "models_module", None)
        app_config.models_module = was or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = was


def sync_roles(apps, role_permissions=None):
    """Bring every role group to exactly its permissions. Returns the groups."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ensure_permissions(apps)
    groups = {}
    for role, perms in (role_permissions or all_role_permissions()).items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in sorted(perms):
            app_label, codename = perm.split(".", 1)
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
        groups[role] = group
    if role_permissions is None:
        sync_collection_permissions(apps, groups)
    return groups


def has_role(user, *role_names):
    """Whether the user is in one of these role groups (cached per user object)."""
    if not user.is_authenticated:
        return False
    names = getattr(user, "_qms_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._qms_role_names = names
    return bool(names.intersection(role_names))


def reads_past_issues(user):
    """The ISO secretary, approvers and auditors may open superseded and withdrawn issues."""
    return user.is_superuser or has_role(user, ISO_SECRETARY, APPROVER, INTERNAL_AUDITOR)

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
# The province's overseer (Sở KH&CN): reads every agency's QMS, writes none of it.
OVERSEER = "Overseer"

ROLE_LABELS = {
    ISO_SECRETARY: _("ISO secretary"),
    DEPARTMENT_HEAD: _("Department head"),
    APPROVER: _("Approver"),
    INTERNAL_AUDITOR: _("Internal auditor"),
    STAFF: _("Staff"),
    OVERSEER: _("Overseer"),
}

# Roles whose scope is the whole province wherever they are held.
PROVINCE_WIDE = frozenset({OVERSEER})
ALL = "all"

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
        "qms.view_agency",
        "qms.change_agency",
        "qms.view_rolegrant",
        "qms.view_isoclause",
    },
    DEPARTMENT_HEAD: {ADMIN_ACCESS, "qms.view_department", "qms.view_isoclause"},
    APPROVER: {ADMIN_ACCESS, "qms.view_department", "qms.view_isoclause"},
    INTERNAL_AUDITOR: {ADMIN_ACCESS, "qms.view_department", "qms.view_isoclause"},
    STAFF: set(),
    OVERSEER: {ADMIN_ACCESS, "qms.view_department", "qms.view_isoclause", "qms.view_agency"},
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
    OVERSEER: set(),
}


def sync_collection_permissions(apps, groups, role_permissions=None):
    """Bring each group's permissions on the root collection to exactly these (the above by default)."""
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
        # Role groups hold no file rights: each agency's groups hold them on
        # the agency's collection (qms.agencies.ensure_agency_groups).
        sync_collection_permissions(apps, groups, {role: set() for role in groups})
    return groups


def role_names(user):
    """The role groups the user is in (cached per user object): their roles in their own agency."""
    names = getattr(user, "_qms_role_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._qms_role_names = names
    return names


def _held(user):
    """{role: agency ids where the user holds it}: their own agency and their grants (one query, cached)."""
    held = getattr(user, "_qms_role_agencies", None)
    if held is None:
        held = _held_from(user, role_names(user), user.role_grants.values_list("role", "agency_id"))
        user._qms_role_agencies = held
    return held


def _held_from(user, names, grants):
    held = {}
    if user.agency_id:
        for name in names:
            held.setdefault(name, set()).add(user.agency_id)
    for role, agency_id in grants:
        held.setdefault(role, set()).add(agency_id)
    return held


def remember_roles(user, group_names, grants):
    """What :func:`role_names` and the agencies of each role would read (the names of the user's groups,
    their (role, agency id) grants), when a query of the caller's already read them in this request."""
    names = frozenset(group_names)
    user._qms_role_names = names
    user._qms_role_agencies = _held_from(user, names, grants)


def agencies_with_role(user, *role_names_):
    """The ids of the agencies where the user holds one of these roles, or ALL.

    ALL for a superuser, and for a province-wide role (the overseer) when it
    is one of those asked for.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return ALL
    held = _held(user)
    if any(held.get(role) for role in PROVINCE_WIDE.intersection(role_names_)):
        return ALL
    return frozenset().union(*(held.get(role, ()) for role in role_names_))


def has_role(user, *role_names_, agency=None):
    """Whether the user holds one of these roles: anywhere, or in this agency (an Agency or its id)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if agency is None:
        return bool(role_names(user).intersection(role_names_)) or any(_held(user).get(role) for role in role_names_)
    agency_id = getattr(agency, "pk", agency)
    held = agencies_with_role(user, *role_names_)
    if user.is_superuser:
        # A superuser holds every right, not every role: roles decide who signs.
        return bool(role_names(user).intersection(role_names_)) and (held == ALL or agency_id in held)
    return held == ALL or agency_id in held


def forget_roles(user):
    """Drop what has_role cached on this user object (after their groups or grants changed)."""
    for attribute in ("_qms_role_names", "_qms_role_agencies", "_headed_departments", "_qms_scope"):
        user.__dict__.pop(attribute, None)


def reads_past_issues(user, agency=None):
    """The ISO secretary, approvers and auditors may open superseded and withdrawn issues (and the overseer)."""
    return user.is_superuser or has_role(user, ISO_SECRETARY, APPROVER, INTERNAL_AUDITOR, OVERSEER, agency=agency)

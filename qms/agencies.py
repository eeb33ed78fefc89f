"""Setting up an agency and keeping each person's agency groups in step.

Wagtail grants pages and collections to groups. The five role groups
(qms.roles) say what a role may do anywhere it holds; each agency has one
:class:`~qms.models.AgencyGroup` per role that holds rights on pages or
files, and that group alone holds them on the agency's library and
collection. A person is in the agency groups of the roles they hold in
their own agency (their role groups) and of their grants
(:class:`~qms.models.RoleGrant`); :func:`sync_user` keeps that so, called by
the signals below whenever a person's agency, groups or grants change.

Functions that take ``apps`` work both in data migrations (historical
models) and at run time (``django.apps.apps``).
"""

from django.apps import apps as global_apps
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.utils.module_loading import import_string

from qms import registry, roles

# The roles that hold rights on an agency's pages or files.
AGENCY_GROUP_ROLES = (roles.ISO_SECRETARY, roles.DEPARTMENT_HEAD, roles.APPROVER, roles.INTERNAL_AUDITOR)

_STEPS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def group_name(agency, role):
    return f"{agency.code} · {role}"


def _child_collection(apps, name):
    """A new collection under the root (treebeard's add_child, or its path by hand for historical models)."""
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return None
    if hasattr(root, "add_child"):
        return root.add_child(instance=Collection(name=name))
    last = Collection.objects.filter(depth=2, path__startswith=root.path).order_by("-path").first()
    step = 0
    if last is not None:
        step = int(last.path[len(root.path) :], 36) + 1
    digits = ""
    for _position in range(4):
        step, rest = divmod(step, 36)
        digits = _STEPS[rest] + digits
    child = Collection.objects.create(name=name, path=root.path + digits, depth=2, numchild=0)
    root.numchild += 1
    root.save(update_fields=["numchild"])
    return child


def ensure_agency_groups(apps, agency, role_collection_permissions=None):
    """The agency's collection and its groups, with exactly their rights on that collection. Idempotent."""
    Group = apps.get_model("auth", "Group")
    AgencyGroup = apps.get_model("qms", "AgencyGroup")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    if agency.collection_id is None:
        collection = _child_collection(apps, agency.agency_name)
        if collection is not None:
            agency.collection_id = collection.pk
            agency.save(update_fields=["collection"])
    groups = {}
    for role in AGENCY_GROUP_ROLES:
        link = AgencyGroup.objects.filter(agency=agency, role=role).select_related("group").first()
        if link is None:
            group, _created = Group.objects.get_or_create(name=group_name(agency, role))
            link = AgencyGroup.objects.create(group=group, agency=agency, role=role)
        groups[role] = link.group
    if agency.collection_id is not None:
        wanted_by_role = role_collection_permissions or roles.ROLE_COLLECTION_PERMISSIONS
        for role, group in groups.items():
            wanted = set()
            for perm in wanted_by_role.get(role, ()):
                app_label, codename = perm.split(".", 1)
                wanted.add(Permission.objects.get(content_type__app_label=app_label, codename=codename).pk)
            held = GroupCollectionPermission.objects.filter(group=group, collection_id=agency.collection_id)
            held.exclude(permission_id__in=wanted).delete()
            have = set(held.values_list("permission_id", flat=True))
            GroupCollectionPermission.objects.bulk_create(
                GroupCollectionPermission(group=group, collection_id=agency.collection_id, permission_id=pk)
                for pk in wanted - have
            )
    return groups


def wanted_agency_groups(apps, user):
    """The ids of the agency groups this person should be in."""
    AgencyGroup = apps.get_model("qms", "AgencyGroup")
    RoleGrant = apps.get_model("qms", "RoleGrant")
    pairs = set()
    if user.agency_id and user.is_active:
        names = set(user.groups.filter(agency_role__isnull=True).values_list("name", flat=True))
        pairs.update((user.agency_id, role) for role in names)
    if user.is_active:
        pairs.update(RoleGrant.objects.filter(user_id=user.pk).values_list("agency_id", "role"))
    pairs = {(agency_id, role) for agency_id, role in pairs if role in AGENCY_GROUP_ROLES}
    if not pairs:
        return set()
    ids = set()
    for agency_id, role, group_id in AgencyGroup.objects.filter(
        agency_id__in={agency_id for agency_id, _role in pairs}
    ).values_list("agency_id", "role", "group_id"):
        if (agency_id, role) in pairs:
            ids.add(group_id)
    return ids


def sync_user(user, apps=global_apps):
    """Put the person in exactly the agency groups of the roles they hold, where they hold them."""
    Group = apps.get_model("auth", "Group")
    wanted = wanted_agency_groups(apps, user)
    held = set(user.groups.filter(agency_role__isnull=False).values_list("pk", flat=True))
    if wanted - held:
        user.groups.add(*Group.objects.filter(pk__in=wanted - held))
    if held - wanted:
        user.groups.remove(*Group.objects.filter(pk__in=held - wanted))
    roles.forget_roles(user)


def set_up_agency(agency):
    """Everything a new agency needs: its collection and groups, then what each app adds (its library …)."""
    ensure_agency_groups(global_apps, agency)
    for path in registry.agency_set_ups():
        import_string(path)(agency)


def set_up_all_agencies(apps):
    Agency = apps.get_model("qms", "Agency")
    for agency in Agency.objects.all():
        ensure_agency_groups(apps, agency)


# Signals -------------------------------------------------------------------------


def _standing(user):
    """What a person's agency groups follow besides their role groups and grants."""
    return (user.agency_id, user.is_active)


def _remember_agency(sender, instance, **kwargs):
    instance._agency_at_load = _standing(instance)


def _user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "agency" not in update_fields and "is_active" not in update_fields):
        return
    if created or _standing(instance) != getattr(instance, "_agency_at_load", None):
        sync_user(instance)
    instance._agency_at_load = _standing(instance)


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse or action not in {"post_add", "post_remove", "post_clear"}:
        return
    AgencyGroup = global_apps.get_model("qms", "AgencyGroup")
    if action != "post_clear" and pk_set and AgencyGroup.objects.filter(group_id__in=pk_set).count() == len(pk_set):
        return  # only agency groups moved: that was sync_user itself
    sync_user(instance)


def _grant_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    sync_user(instance.user)


def _agency_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        set_up_agency(instance)


def connect():
    User = global_apps.get_model("qms", "User")
    RoleGrant = global_apps.get_model("qms", "RoleGrant")
    Agency = global_apps.get_model("qms", "Agency")
    post_init.connect(_remember_agency, sender=User, dispatch_uid="qms.agencies.remember")
    post_save.connect(_user_saved, sender=User, dispatch_uid="qms.agencies.user_saved")
    m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid="qms.agencies.groups")
    post_save.connect(_grant_changed, sender=RoleGrant, dispatch_uid="qms.agencies.grant_saved")
    post_delete.connect(_grant_changed, sender=RoleGrant, dispatch_uid="qms.agencies.grant_deleted")
    post_save.connect(_agency_created, sender=Agency, dispatch_uid="qms.agencies.created")

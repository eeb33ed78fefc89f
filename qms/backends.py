"""Model permissions of the roles a person holds in other agencies.

Django's ModelBackend gives a person the permissions of their groups: the
role groups of their own agency. A :class:`~qms.models.RoleGrant` gives a
role in another agency; this backend adds that role group's permissions, so
``has_perm`` opens the screens of the role. What the person may touch there
is narrowed to the agencies where they hold it by qms.scope and the views.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class AgencyRoleBackend(ModelBackend):
    def _get_group_permissions(self, user_obj):
        own = super()._get_group_permissions(user_obj)
        granted_roles = user_obj.role_grants.values("role")
        granted = Permission.objects.filter(group__name__in=granted_roles)
        return own | granted

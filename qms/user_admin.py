"""Wagtail's user screens, with the groups field showing the role groups only.

The per-agency groups (``AgencyGroup``: page and file rights of one role in one
agency) are many and kept in step by qms/agencies.py from the person's agency,
roles and grants: they are not ticked by hand. The forms leave them out, and
after saving put the person back in exactly the agency groups they should hold.
"""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from qms import agencies


class RoleGroupsOnlyMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "groups" in self.fields:
            self.fields["groups"].queryset = self.fields["groups"].queryset.filter(agency_role__isnull=True)

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            agencies.sync_user(user)
        return user


class RoleUserCreationForm(RoleGroupsOnlyMixin, UserCreationForm):
    pass


class RoleUserEditForm(RoleGroupsOnlyMixin, UserEditForm):
    pass


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return RoleUserEditForm if for_update else RoleUserCreationForm

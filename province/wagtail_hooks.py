"""Declarations of conformity in the back office: each agency's ISO secretary records and renews theirs."""

from django.db import models as db_models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from province.access import DECLARATION_READERS, DECLARATION_WRITERS
from province.models import Declaration
from qms.agency_admin import AgencyViewSetMixin
from qms.history_views import SimpleHistoryView


class NeverDeletedPolicy(ModelPermissionPolicy):
    """Declarations are kept for good: nobody deletes one, whatever permissions they hold."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "delete"])

    def users_with_any_permission(self, actions, **kwargs):
        return super().users_with_any_permission([a for a in actions if a != "delete"], **kwargs)

    def user_has_permission_for_instance(self, user, action, instance):
        return action != "delete" and super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(Declaration, NeverDeletedPolicy(Declaration))


class DeclarationCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.recorded_by = self.request.user
        return super().save_instance()


class DeclarationViewSet(AgencyViewSetMixin, ModelViewSet):
    model = Declaration
    icon = "doc-full"
    menu_label = _("Declarations of conformity")
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    add_view_class = DeclarationCreateView
    history_view_class = SimpleHistoryView
    agency_roles = DECLARATION_READERS
    agency_managing_roles = DECLARATION_WRITERS
    list_display = ["decision_number", "decision_date", "agency", "iso_edition", "status", "recorded_at"]
    list_filter = ["status", "iso_edition"]
    search_fields = ["decision_number", "scope"]
    form_fields = ["decision_number", "decision_date", "scope", "iso_edition", "notice_file", "notice_url"]
    inspect_view_fields = [
        "agency",
        "decision_number",
        "decision_date",
        "scope",
        "iso_edition",
        "notice_file",
        "notice_url",
        "status",
        "supersedes",
        "recorded_by",
        "recorded_at",
    ]

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name != "delete"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, db_models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, **kwargs)


@hooks.register("register_admin_viewset")
def register_declarations():
    return DeclarationViewSet("province_declarations")

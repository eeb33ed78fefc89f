"""API clients in the back office (Settings → API clients): the ISO secretary of an agency registers
and revokes the clients of their agency; a superuser any agency's, and province-wide ones.

The token is shown once, in the message after the client is created; only its
hash is kept. Revoking keeps the client and its call log for good.
"""

from datetime import timedelta

from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from api.models import ApiCall, ApiClient
from qms import roles
from qms.agency_admin import AgencyViewSetMixin
from qms.history_views import SimpleHistoryView

MANAGERS = (roles.ISO_SECRETARY,)


class ApiClientPolicy(ModelPermissionPolicy):
    """The ISO secretary (of the client's agency) and superusers; nobody deletes a client."""

    def _may(self, user, action, agency_id=None):
        if action == "delete" or not user.is_active:
            return False
        return user.is_superuser or roles.has_role(user, *MANAGERS, agency=agency_id)

    def user_has_permission(self, user, action):
        return self._may(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self._may(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self._may(user, action, instance.agency_id)


class ApiClientForm(WagtailAdminModelForm):
    revoke = forms.BooleanField(
        label=_("Revoke this client"),
        required=False,
        help_text=_("Its token is refused from now on. The client and its call log are kept; this cannot be undone."),
    )

    class Meta:
        model = ApiClient
        fields = [
            "name",
            "province_wide",
            "scope_documents",
            "scope_registers",
            "scope_audits",
            "expires_at",
            "rate_limit_per_minute",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "province_wide" in self.fields and not (user and user.is_superuser):
            del self.fields["province_wide"]
        if self.instance.pk is None:
            del self.fields["revoke"]
            self.fields["expires_at"].initial = timezone.now() + timezone.timedelta(days=365)

    def clean_expires_at(self):
        expires = self.cleaned_data["expires_at"]
        if self.instance.pk is None and expires is not None and expires <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return expires

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and self.instance.revoked_at is not None:
            raise forms.ValidationError(_("This client was revoked: it cannot be changed. Create a new client."))
        if not any(cleaned.get(name) for name in ("scope_documents", "scope_registers", "scope_audits")):
            raise forms.ValidationError(_("Choose at least one scope."))
        return cleaned


class ApiClientCreateView(generic.CreateView):
    def save_instance(self):
        self.token = self.form.instance.set_token()
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def get_success_message(self, instance):
        return _(
            "API client “%(name)s” created. Its token is shown this once only; copy it now and give it to "
            "the system's administrator: %(token)s"
        ) % {"name": instance.name, "token": self.token}


class ApiClientEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        if self.form.cleaned_data.get("revoke"):
            instance.revoke(self.request.user)
        return instance


class ApiClientInspectView(generic.InspectView):
    """The client's fields, then its call log: totals and the latest calls (the log is kept for good)."""

    template_name = "api/admin/client_inspect.html"
    shown_calls = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calls = self.object.calls.all()
        context["call_totals"] = calls.aggregate(
            total=Count("pk"),
            day=Count("pk", filter=Q(at__gte=timezone.now() - timedelta(days=1))),
            refused=Count("pk", filter=Q(status__gte=400)),
        )
        context["calls"] = list(calls.order_by("-at", "-pk")[: self.shown_calls])
        fields = ("at", "method", "path", "status", "duration_ms")
        context["headings"] = [ApiCall._meta.get_field(name).verbose_name for name in fields]
        return context


class ApiClientViewSet(AgencyViewSetMixin, ModelViewSet):
    model = ApiClient
    icon = "key"
    menu_label = _("API clients")
    menu_order = 170
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    add_view_class = ApiClientCreateView
    edit_view_class = ApiClientEditView
    inspect_view_class = ApiClientInspectView
    history_view_class = SimpleHistoryView
    agency_roles = MANAGERS
    agency_managing_roles = MANAGERS
    list_display = ["name", "agency", "token_hint", "expires_at", "revoked_at", "rate_limit_per_minute"]
    list_filter = ["province_wide", "scope_documents", "scope_registers", "scope_audits"]
    search_fields = ["name", "token_hint"]
    inspect_view_fields = [
        "name",
        "agency",
        "province_wide",
        "scope_documents",
        "scope_registers",
        "scope_audits",
        "token_hint",
        "expires_at",
        "rate_limit_per_minute",
        "created_by",
        "created_at",
        "revoked_at",
        "revoked_by",
    ]

    def get_form_class(self, for_update=False):
        return ApiClientForm

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name != "delete"]

"""The agency's signing certificates in the admin: read-only status for the ISO secretary.

Keys are loaded, checked and rotated by the operator with ``manage.py
signing_certificate`` (docs/operations.md, "Signing keys"), never through the
web: a private key, its passphrase or a token PIN must not pass through a web
form or land in the media storage. What the people who run the QMS need is to
see whether their agency signs, with which certificate, until when, and what is
waiting for the key: that is this screen (Settings → Digital signature).
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from qms import registry, roles
from qms.agency_admin import AgencyViewSetMixin
from qms.models import AgencyCertificate

READERS = (roles.ISO_SECRETARY,)
# Within this many days of its end a certificate is shown as expiring, so a new one is ordered in time.
EXPIRY_WARNING_DAYS = 30


def validity(certificate, now=None):
    """(label, tone) of a certificate's validity: expired, expiring in N days, or valid."""
    now = now or timezone.now()
    if certificate.not_after is None:
        return _("not checked"), "warning"
    if certificate.not_after <= now:
        return _("expired"), "critical"
    days = (certificate.not_after - now).days
    if days < EXPIRY_WARNING_DAYS:
        return _("expires in %(days)s days") % {"days": days}, "warning"
    return _("valid"), "success"


class CertificatePolicy(ModelPermissionPolicy):
    """Superusers, and the ISO secretary of the certificate's agency, read; nobody changes anything here."""

    def _may(self, user, action, agency_id=None):
        if action not in ("view", "inspect") or not user.is_active:
            return False
        return user.is_superuser or roles.has_role(user, *READERS, agency=agency_id)

    def user_has_permission(self, user, action):
        return self._may(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self._may(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self._may(user, action, instance.agency_id)


class ValidityColumn(StatusTagColumn):
    def get_value(self, instance):
        return validity(instance)[0]

    def get_primary(self, instance):
        return validity(instance)[1] == "success"


class CertificateInspectView(generic.InspectView):
    """The certificate's fields, its validity, what waits for it, and how the operator rotates it."""

    template_name = "qms/admin/certificate_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        label, tone = validity(self.object)
        context["validity"] = {"label": label, "tone": tone}
        context["pending"] = registry.pending_signatures(self.object.agency_id)
        return context


class CertificateViewSet(AgencyViewSetMixin, ModelViewSet):
    model = AgencyCertificate
    icon = "key"
    menu_label = _("Digital signature")
    menu_order = 160
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = CertificateInspectView
    agency_roles = READERS
    agency_managing_roles = ()
    # Wagtail asks for form fields even though the add and edit screens are not routed (get_urlpatterns).
    form_fields = ["subject"]
    list_filter = ["store", "is_active"]
    search_fields = ["subject"]
    inspect_view_fields = [
        "agency",
        "store",
        "subject",
        "not_after",
        "is_active",
        "tsa_url",
        "pkcs12_path",
        "pkcs11_module",
        "token_label",
        "key_label",
        "passphrase_env",
        "created_at",
        "created_by",
    ]

    @property
    def list_display(self):
        return [
            "agency",
            "subject",
            Column("store", label=_("key store"), accessor="get_store_display"),
            Column("not_after", label=_("valid until"), accessor="not_after"),
            ValidityColumn("validity", label=_("validity")),
            "is_active",
        ]

    def get_urlpatterns(self):
        # Read-only: the operator's command adds, checks and rotates keys (module docstring).
        shown = ("index", "index_results", "inspect")
        return [p for p in super().get_urlpatterns() if p.name in shown]


def expiring_soon(now=None):
    """Active certificates that expire within the warning window, for the daily notice."""
    now = now or timezone.now()
    return AgencyCertificate.objects.active().filter(not_after__lte=now + timedelta(days=EXPIRY_WARNING_DAYS))

"""Who reads what through the API: a client by its agency and scopes, a signed-in person by their own rights.

Every rule is the portal's or the admin's, asked here with the agencies a
client reads: its own agency's rows (and the documents other agencies share
province-wide), or every agency's for a province-wide client. A signed-in
person reads exactly what the portal and the admin show them
(procedures.documents.readers, procedures.control.registers, the scoped
querysets of qms.scope).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from api.models import ApiClient
from audits.models import Audit, CorrectiveAction, Finding
from procedures.control.registers import register_agencies
from procedures.documents import readers
from qms import roles, scope

ALL = roles.ALL
DOCUMENTS, REGISTERS, AUDITS = "documents", "registers", "audits"
SCOPE_LABELS = {
    DOCUMENTS: _("current documents"),
    REGISTERS: _("registers"),
    AUDITS: _("audits, findings and corrective actions"),
}


class Reader:
    """The one reading: an API client (request.auth) or the signed-in person (request.user)."""

    def __init__(self, request):
        auth = getattr(request, "auth", None)
        self.client = auth if isinstance(auth, ApiClient) else None
        self.user = None if self.client is not None else request.user

    @property
    def key(self):
        return f"client-{self.client.pk}" if self.client is not None else f"user-{self.user.pk}"

    def client_agencies(self):
        return ALL if self.client.province_wide else frozenset({self.client.agency_id})

    def etag_agencies(self):
        """The agencies whose records can change this reader's answers (besides the shared ones), or ALL."""
        if self.client is not None:
            return self.client_agencies()
        return readers.readable_agencies(self.user)

    # What each scope reads ---------------------------------------------------------

    def document_condition(self, document_path="document"):
        """A Q of the rows whose controlled document (by ``document_path``) this reader reads."""
        if self.client is None:
            return readers.document_condition(self.user, document_path)
        prefix = f"{document_path}__" if document_path else ""
        return readers.agencies_condition(self.client_agencies(), f"{prefix}library__agency")

    def register_agencies(self):
        """The agencies whose document register (danh mục) this reader reads, or ALL."""
        return self.client_agencies() if self.client is not None else register_agencies(self.user)

    def external_condition(self):
        if self.client is None:
            return readers.register_condition(self.user)
        return readers.register_agencies_condition(self.client_agencies())

    def audits(self):
        if self.client is None:
            return Audit.objects.visible_to(self.user)
        return _in_agencies(Audit.objects.all(), self.client_agencies(), "programme__agency")

    def findings(self):
        if self.client is None:
            return person_findings(self.user)
        return _in_agencies(Finding.objects.all(), self.client_agencies(), "audit__programme__agency")

    def corrective_actions(self):
        if self.client is None:
            return CorrectiveAction.objects.visible_to(self.user)
        return _in_agencies(CorrectiveAction.objects.all(), self.client_agencies(), "agency")


def person_findings(user):
    """The admin's findings log: those of the agencies where the person reads audits (with the permission to
    view findings), and a head's of the departments they head."""
    condition = Q(pk__in=[])
    if user.has_perm("audits.view_finding"):
        agencies = roles.agencies_with_role(user, *Audit.objects.all().seen_by_all)
        if agencies == ALL:
            return Finding.objects.all()
        condition |= Q(audit__programme__agency__in=sorted(agencies))
    if headed := scope.headed_departments(user):
        condition |= Q(department__in=sorted(headed))
    return Finding.objects.filter(condition)


def _in_agencies(queryset, agencies, path):
    return queryset if agencies == ALL else queryset.filter(**{f"{path}__in": sorted(agencies)})


def person_may_read(user, scope_name):
    """Whether a signed-in person reads this part of the API at all (what they read is narrowed after)."""
    if scope_name == DOCUMENTS:
        return True
    if scope_name == REGISTERS:
        # The document register is for the roles that read it (the external one is everyone's: its own view).
        return bool(register_agencies(user))
    if scope_name == AUDITS:
        return (
            user.has_perm("audits.view_audit")
            or user.has_perm("audits.view_correctiveaction")
            or bool(scope.headed_departments(user))
        )
    return False


class HasScope(BasePermission):
    """The view's ``api_scope``: held by the client, or open to the signed-in person's roles."""

    message = _("This client may not read this part of the API.")

    def has_permission(self, request, view):
        scope_name = view.api_scope
        reader = Reader(request)
        if reader.client is not None:
            if scope_name not in reader.client.scopes:
                self.message = _("This client does not hold the scope “%(scope)s”.") % {
                    "scope": SCOPE_LABELS[scope_name]
                }
                return False
            return True
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if scope_name in getattr(view, "everyone_signed_in", ()):
            return True
        if not person_may_read(user, scope_name):
            self.message = _("You may not read this part of the API.")
            return False
        return True


class SignedInPerson(BasePermission):
    """Only a person signed in to the portal (never a client's token)."""

    message = _("Only a person signed in to the portal may do this.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and not isinstance(request.auth, ApiClient))


class SignedInPersonOrClient(BasePermission):
    """A client's valid token or a signed-in person: the schema and its documentation page."""

    def has_permission(self, request, view):
        if isinstance(request.auth, ApiClient):
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)

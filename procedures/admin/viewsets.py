"""The back office's screens for document types, issues and the document-control registers.

Registers the secretary keeps in the admin; decisions, reviews and readings
happen on the portal's /kiem-soat/ pages, which check each action. Their
records are read-only here, with their full history, and a department head
sees only the records of their own department (each model's
``visible_to(user)``).
"""

from django.core.exceptions import PermissionDenied
from django.db import models as db_models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import HistoryView as SnippetHistoryView
from wagtail.snippets.views.snippets import SnippetViewSet

from procedures.admin import adoptions as adoption_views
from procedures.admin import document_templates
from procedures.models import (
    Acknowledgement,
    Adoption,
    ChangeRequest,
    ControlledDocumentPage,
    DocumentType,
    ExternalDocument,
    Issue,
    PeriodicReview,
    RecordType,
    ReviewFlag,
)
from qms import roles
from qms.agency_admin import SEEN_IN_AGENCY, AgencyViewSetMixin
from qms.history_views import SimpleHistoryMixin, SimpleHistoryView


class DocumentTypeViewSet(AgencyViewSetMixin, ModelViewSet):
    model = DocumentType
    icon = "tag"
    menu_label = _("Document types")
    menu_order = 300
    add_to_settings_menu = True
    list_display = ["name", "prefix", "numbering_pattern", "review_interval_months", "public"]
    form_fields = ["name", "prefix", "numbering_pattern", "review_interval_months", "public", "structure"]
    search_fields = ["name", "prefix"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "structure":
            return document_templates.StructureField(
                label=capfirst(db_field.verbose_name), help_text=db_field.help_text, required=False
            )
        return super().formfield_for_dbfield(db_field, **kwargs)

    def get_form_class(self, for_update=False):
        class DocumentTypeForm(document_templates.StructureFormMixin, super().get_form_class(for_update)):
            pass

        return DocumentTypeForm


class DocumentListingViewSet(PageListingViewSet):
    """Every controlled document the person may explore (Wagtail's page permissions: their agency's
    library), in one flat list with its code, next to the library's tree of sections."""

    model = ControlledDocumentPage
    icon = "doc-full"
    menu_label = _("Controlled documents")
    menu_order = 150
    add_to_admin_menu = True
    columns = [
        PageListingViewSet.columns[0],  # the bulk actions' check box
        Column("code", label=_("Code"), sort_key="code", width="12%"),
        *PageListingViewSet.columns[1:],
    ]


# Issue.approved_by has no translated name (a model change for a label): the screens name it.
APPROVED_BY = _("Approved by")


class IssueInspectView(InspectView):
    def get_field_label(self, field_name, field):
        return APPROVED_BY if field_name == "approved_by" else super().get_field_label(field_name, field)


class IssueViewSet(AgencyViewSetMixin, ModelViewSet):
    """Every approved edition of the person's agencies, read-only: issues are never edited or deleted."""

    model = Issue
    agency_field = "document__owner_department__agency"
    icon = "history"
    menu_label = _("Issues")
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        "code",
        "title",
        "edition",
        "amendment",
        "effective_date",
        "status",
        Column("approved_by", label=APPROVED_BY),
    ]
    inspect_view_class = IssueInspectView
    list_filter = ["status", "effective_date"]
    search_fields = ["code", "title", "change_summary"]
    inspect_view_fields = [
        "code",
        "title",
        "document_type_name",
        "owner_department_name",
        "edition",
        "amendment",
        "effective_date",
        "change_summary",
        "status",
        "approved_by",
        "approved_at",
        "became_current_at",
        "superseded_at",
        "withdrawn_at",
        "withdrawal_reason",
        "body_sha256",
        "content_sha256",
    ]
    form_fields = []

    def get_queryset(self, request):
        return Issue.objects.select_related("approved_by")


class ReadOnlyInAdminPolicy(ModelPermissionPolicy):
    """Viewed in the admin, changed only through the actions that check who may act."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


# Issues too: they are made only by the final approval, never in a form.
# Adoptions too: made on a shared document's reading page, ended or renewed by their own screens.
READ_ONLY_IN_ADMIN = (Issue, ChangeRequest, PeriodicReview, ReviewFlag, Acknowledgement, Adoption)


class ControlModelViewSet(AgencyViewSetMixin, ModelViewSet):
    """Registers of one agency: each person sees and adds to those of the agencies where they hold a role."""

    history_view_class = SimpleHistoryView
    inspect_view_enabled = True
    add_to_admin_menu = False

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, db_models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, **kwargs)


class InScopeObjectMixin:
    """Inspect and history of one record: refused (403) outside the person's scope."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset) if queryset is not None else super().get_object()
        if not type(obj)._default_manager.filter(pk=obj.pk).visible_to(self.request.user).exists():
            raise PermissionDenied
        return obj


class InScopeInspectView(InScopeObjectMixin, InspectView):
    pass


class InScopeHistoryView(InScopeObjectMixin, SimpleHistoryView):
    pass


class InScopeIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().visible_to(self.request.user)


class ScopedControlViewSet(ControlModelViewSet):
    """Read-only document-control records, narrowed to the head's department."""

    index_view_class = InScopeIndexView
    inspect_view_class = InScopeInspectView
    history_view_class = InScopeHistoryView


class ExternalDocumentViewSet(ControlModelViewSet):
    model = ExternalDocument
    icon = "openquote"
    menu_label = _("External documents")
    list_display = ["number", "title", "issuing_body", "issue_date", "status"]
    list_filter = ["status"]
    search_fields = ["number", "title", "issuing_body"]
    form_fields = [
        "number",
        "kind",
        "title",
        "issuing_body",
        "issue_date",
        "effective_date",
        "status",
        "replaced_by",
        "amended_by",
        "file",
        "link",
        "notes",
    ]


class ChangeRequestViewSet(ScopedControlViewSet):
    model = ChangeRequest
    agency_field = "agency"
    icon = "edit"
    menu_label = _("Change requests")
    list_display = ["number", "document", "raised_by", "raised_at", "status", "closed_by_issue"]
    list_filter = ["status"]
    search_fields = ["number", "reason", "proposed_change"]
    form_fields = ["reason", "proposed_change"]


class PeriodicReviewViewSet(ScopedControlViewSet):
    model = PeriodicReview
    agency_field = "document__owner_department__agency"
    icon = "calendar-check"
    menu_label = _("Periodic reviews")
    list_display = ["document", "reviewed_on", "outcome", "reviewed_by"]
    list_filter = ["outcome"]
    form_fields = ["comment"]


class ReviewFlagViewSet(ScopedControlViewSet):
    model = ReviewFlag
    agency_field = "document__owner_department__agency"
    icon = "warning"
    menu_label = _("Review flags")
    list_display = ["document", "reason", "raised_at", "cleared_at"]
    form_fields = ["reason"]


class AcknowledgementViewSet(ScopedControlViewSet):
    model = Acknowledgement
    agency_field = "user__agency"
    icon = "tick"
    menu_label = _("Read-and-understood confirmations")
    list_display = ["issue", "user", "acknowledged_at"]
    form_fields = []


class AdoptionViewSet(ControlModelViewSet):
    """Adoptions of shared provincial documents: the ISO secretary's agency's, every agency's for the
    overseer. Read-only here; ending and adopting again have their own screens (procedures.admin.adoptions)."""

    model = Adoption
    agency_roles = adoption_views.SEEN_BY
    icon = "doc-full"
    menu_label = _("Adoptions of shared documents")
    index_view_class = adoption_views.AdoptionIndexView
    list_display = [
        "document",
        "agency",
        "decision_reference",
        Column("adopted_at", label=_("adopted on")),
        Column("withdrawn_at", label=_("ended on")),
        Column("distributed", label=_("distribution (departments)")),
    ]
    search_fields = ["document__title", "document__code", "decision_reference"]
    form_fields = ["decision_reference"]

    def get_urlpatterns(self):
        from django.urls import path

        return super().get_urlpatterns() + [
            path("end/<int:pk>/", adoption_views.end, name="end"),
            path("adopt-again/<int:pk>/", adoption_views.adopt_again, name="adopt_again"),
        ]


class RecordTypeHistoryView(SimpleHistoryMixin, SnippetHistoryView):
    pass


class RecordTypeChooserCreateView(SnippetCreateView):
    """Record types are added on their own screen, not from inside a chooser."""

    def can_create(self):
        return False


def record_types_seen_by(user, record_types):
    """The record types of the agencies where the user sees registers (every agency's for the overseer)."""
    agencies = roles.agencies_with_role(user, *SEEN_IN_AGENCY)
    return record_types if agencies == roles.ALL else record_types.filter(agency_id__in=agencies)


class RecordTypeChooseView(ChooseView):
    def get_object_list(self):
        return record_types_seen_by(self.request.user, super().get_object_list())


class RecordTypeChooseResultsView(ChooseResultsView):
    def get_object_list(self):
        return record_types_seen_by(self.request.user, super().get_object_list())


class RecordTypeChosenView(SnippetChosenView):
    def get_object(self, pk):
        return record_types_seen_by(self.request.user, RecordType.objects.all()).get(pk=pk)


class RecordTypeChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return record_types_seen_by(self.request.user, RecordType.objects.filter(pk__in=pks))


class RecordTypeChooserViewSet(SnippetChooserViewSet):
    """Another agency's record types are neither listed nor chosen."""

    choose_view_class = RecordTypeChooseView
    choose_results_view_class = RecordTypeChooseResultsView
    chosen_view_class = RecordTypeChosenView
    chosen_multiple_view_class = RecordTypeChosenMultipleView
    create_view_class = RecordTypeChooserCreateView


class RecordTypeViewSet(AgencyViewSetMixin, SnippetViewSet):
    model = RecordType
    chooser_viewset_class = RecordTypeChooserViewSet
    icon = "folder-open-inverse"
    menu_label = _("Records list")
    add_to_admin_menu = False
    history_view_class = RecordTypeHistoryView
    inspect_view_enabled = True
    list_display = ["code", "name", "form_code", "keeper_department", Column("retention_label", label=_("Retention"))]
    search_fields = ["code", "name"]


class DocumentControlGroup(ViewSetGroup):
    menu_label = _("Document control")
    menu_icon = "clipboard-list"
    menu_order = 250
    items = (
        ExternalDocumentViewSet("external_documents"),
        RecordTypeViewSet,
        ChangeRequestViewSet("change_requests"),
        PeriodicReviewViewSet("periodic_reviews"),
        ReviewFlagViewSet("review_flags"),
        AcknowledgementViewSet("acknowledgements"),
        AdoptionViewSet("adoptions"),
    )

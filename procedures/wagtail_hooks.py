from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from procedures import signing
from procedures.models import ControlledDocumentPage, DocumentType, Issue
from qms import roles


@hooks.register("register_admin_urls")
def register_admin_urls():
    from procedures import registers

    return [
        path("qms/sign/<id:task_state_id>/", signing.sign_task, name="procedures_sign"),
        path("qms/withdraw/<id:page_id>/", signing.withdraw_document, name="procedures_withdraw"),
        path("qms/register/", registers.DocumentRegisterView.as_view(), name="procedures_register"),
        path(
            "qms/register/results/",
            registers.DocumentRegisterView.as_view(results_only=True),
            name="procedures_register_results",
        ),
    ]


@hooks.register("after_edit_page")
def go_to_signing_page(request, page):
    """Signing from the editor's footer goes through the password page too."""
    if request.POST.get("workflow-action-name") == "sign":
        task_state = page.current_workflow_task_state
        if task_state is not None:
            return redirect("procedures_sign", task_state.pk)
    return None


@hooks.register("register_log_actions")
def register_signature_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action("procedures.signatures_voided")
    class SignaturesVoided(LogFormatter):
        label = _("Signatures voided")

        def format_message(self, log_entry):
            from procedures.models import SignatureMeaning

            names = ", ".join(
                f"{SignatureMeaning(s['meaning']).label}: {s['printed_name']}"
                for s in log_entry.data.get("signatures", [])
                if s.get("meaning") in SignatureMeaning.values
            )
            return _("Signatures voided, the draft was changed after it was signed: %(names)s") % {"names": names}


@hooks.register("before_delete_page")
def never_delete_issued_documents(request, page):
    from django.contrib import messages

    specific = page.specific
    issued = (
        specific.issues.exists()
        if isinstance(specific, ControlledDocumentPage)
        else ControlledDocumentPage.objects.descendant_of(page).filter(issues__isnull=False).exists()
    )
    if issued:
        messages.error(request, _("Issued documents are never deleted; withdraw the document instead."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


class WithdrawMenuItem(ActionMenuItem):
    label = _("Withdraw…")
    name = "action-withdraw"
    icon_name = "warning"
    order = 90

    def is_shown(self, context):
        page = context.get("page")
        return (
            context.get("view") == "edit"
            and isinstance(page, ControlledDocumentPage)
            and page.withdrawn_at is None
            and page.issues.exists()
            and roles.has_role(context["request"].user, roles.APPROVER)
        )

    def get_url(self, context):
        return reverse("procedures_withdraw", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_withdraw_menu_item():
    return WithdrawMenuItem()


@hooks.register("register_reports_menu_item")
def register_register_menu_item():
    from wagtail.admin.menu import MenuItem

    class RegisterMenuItem(MenuItem):
        def is_shown(self, request):
            return (
                roles.has_role(
                    request.user, roles.ISO_SECRETARY, roles.DEPARTMENT_HEAD, roles.APPROVER, roles.INTERNAL_AUDITOR
                )
                or request.user.is_superuser
            )

    return RegisterMenuItem(_("Internal document list"), reverse("procedures_register"), icon_name="list-ul", order=50)


class DocumentTypeViewSet(ModelViewSet):
    model = DocumentType
    icon = "tag"
    menu_label = _("Document types")
    menu_order = 300
    add_to_settings_menu = True
    list_display = ["name", "prefix", "numbering_pattern", "review_interval_months"]
    form_fields = ["name", "prefix", "numbering_pattern", "review_interval_months"]
    search_fields = ["name", "prefix"]


@hooks.register("register_admin_viewset")
def register_document_types():
    return DocumentTypeViewSet("document_types")


class IssueViewSet(ModelViewSet):
    """Every approved edition, read-only: issues are never edited or deleted."""

    model = Issue
    icon = "history"
    menu_label = _("Issues")
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["code", "title", "edition", "amendment", "effective_date", "status", "approved_by"]
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


@hooks.register("register_admin_viewset")
def register_issues():
    return IssueViewSet("issues")


# Document control ----------------------------------------------------------
# Registers the secretary keeps in the admin; decisions, reviews and readings
# happen on the portal's /kiem-soat/ pages, which check each action. Their
# records are read-only here, with their full history.
from django.core.exceptions import PermissionDenied  # noqa: E402
from wagtail.admin.ui.tables import Column  # noqa: E402
from wagtail.admin.views.generic.models import IndexView, InspectView  # noqa: E402
from wagtail.admin.viewsets.base import ViewSetGroup  # noqa: E402
from wagtail.admin.widgets import Button  # noqa: E402
from wagtail.permission_policies import ModelPermissionPolicy  # noqa: E402
from wagtail.permissions import register_permission_policy  # noqa: E402
from wagtail.snippets.models import register_snippet  # noqa: E402
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView  # noqa: E402
from wagtail.snippets.views.snippets import HistoryView as SnippetHistoryView  # noqa: E402
from wagtail.snippets.views.snippets import SnippetViewSet  # noqa: E402

from procedures import copy_admin  # noqa: E402,F401 - PDF copies, controlled-copy register, exports
from procedures.models import (  # noqa: E402
    Acknowledgement,
    ChangeRequest,
    ExternalDocument,
    PeriodicReview,
    RecordType,
    ReviewFlag,
)
from qms.history_views import SimpleHistoryMixin, SimpleHistoryView  # noqa: E402


class ReadOnlyInAdminPolicy(ModelPermissionPolicy):
    """Viewed in the admin, changed only through the actions that check who may act."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


# Issues too: they are made only by the final approval, never in a form.
for read_only_model in (Issue, ChangeRequest, PeriodicReview, ReviewFlag, Acknowledgement):
    register_permission_policy(read_only_model, ReadOnlyInAdminPolicy(read_only_model), exact_class=True)


class ControlModelViewSet(ModelViewSet):
    history_view_class = SimpleHistoryView
    inspect_view_enabled = True
    add_to_admin_menu = False


# A department head sees in the admin only what the portal shows them: the
# records of their own department (the path to the department, per model).
# The secretary, approvers and auditors see every record.
DEPARTMENT_OF_RECORD = {
    ChangeRequest: "document__owner_department_id",
    PeriodicReview: "document__owner_department_id",
    ReviewFlag: "document__owner_department_id",
    Acknowledgement: "user__department_id",
}


def records_in_scope(user, queryset):
    from procedures import control_access

    if control_access.reads_all_control_records(user):
        return queryset
    if roles.has_role(user, roles.DEPARTMENT_HEAD) and user.department_id:
        return queryset.filter(**{DEPARTMENT_OF_RECORD[queryset.model]: user.department_id})
    return queryset.none()


class InScopeObjectMixin:
    """Inspect and history of one record: refused (403) outside the person's scope."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset) if queryset is not None else super().get_object()
        if not records_in_scope(self.request.user, type(obj)._default_manager.filter(pk=obj.pk)).exists():
            raise PermissionDenied
        return obj


class InScopeInspectView(InScopeObjectMixin, InspectView):
    pass


class InScopeHistoryView(InScopeObjectMixin, SimpleHistoryView):
    pass


class InScopeIndexView(IndexView):
    def get_base_queryset(self):
        return records_in_scope(self.request.user, super().get_base_queryset())


class ScopedControlViewSet(ControlModelViewSet):
    """Read-only document-control records, narrowed to the head's department."""

    index_view_class = InScopeIndexView
    inspect_view_class = InScopeInspectView
    history_view_class = InScopeHistoryView

    def formfield_for_dbfield(self, db_field, **kwargs):
        from django.db import models as db_models

        if isinstance(db_field, db_models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, **kwargs)


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
    icon = "edit"
    menu_label = _("Change requests")
    list_display = ["number", "document", "raised_by", "raised_at", "status", "closed_by_issue"]
    list_filter = ["status"]
    search_fields = ["number", "reason", "proposed_change"]
    form_fields = ["reason", "proposed_change"]


class PeriodicReviewViewSet(ScopedControlViewSet):
    model = PeriodicReview
    icon = "calendar-check"
    menu_label = _("Periodic reviews")
    list_display = ["document", "reviewed_on", "outcome", "reviewed_by"]
    list_filter = ["outcome"]
    form_fields = ["comment"]


class ReviewFlagViewSet(ScopedControlViewSet):
    model = ReviewFlag
    icon = "warning"
    menu_label = _("Review flags")
    list_display = ["document", "reason", "raised_at", "cleared_at"]
    form_fields = ["reason"]


class AcknowledgementViewSet(ScopedControlViewSet):
    model = Acknowledgement
    icon = "tick"
    menu_label = _("Read-and-understood confirmations")
    list_display = ["issue", "user", "acknowledged_at"]
    form_fields = []


class RecordTypeHistoryView(SimpleHistoryMixin, SnippetHistoryView):
    pass


class RecordTypeChooserCreateView(SnippetCreateView):
    """Record types are added on their own screen, not from inside a chooser."""

    def can_create(self):
        return False


class RecordTypeChooserViewSet(SnippetChooserViewSet):
    create_view_class = RecordTypeChooserCreateView


class RecordTypeViewSet(SnippetViewSet):
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
    )


register_snippet(DocumentControlGroup)


@hooks.register("register_page_header_buttons")
def document_control_buttons(page, user, view_name, next_url=None):
    from procedures import control_access

    specific = page.specific_deferred
    if not isinstance(specific, ControlledDocumentPage):
        return
    if control_access.sees_reviews_of(user, specific) or control_access.can_take_into_draft(user, specific):
        yield Button(
            _("Change requests"),
            reverse("control:document_change_requests", args=[page.pk]),
            icon_name="edit",
            priority=80,
        )
        yield Button(
            _("Distribution and legal basis"),
            reverse("control:document", args=[page.pk]),
            icon_name="group",
            priority=81,
        )
        yield Button(
            _("Periodic review"), reverse("control:review", args=[page.pk]), icon_name="calendar-check", priority=82
        )


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    from wagtail.admin.menu import MenuItem

    from procedures import control_access

    class ControlMenuItem(MenuItem):
        def is_shown(self, request):
            return control_access.can_follow_reading(request.user)

    return ControlMenuItem(_("Periodic reviews due"), reverse("control:review_due"), icon_name="date", order=60)


@hooks.register("register_reports_menu_item")
def register_reading_menu_item():
    from wagtail.admin.menu import MenuItem

    from procedures import control_access

    class ControlMenuItem(MenuItem):
        def is_shown(self, request):
            return control_access.can_follow_reading(request.user)

    return ControlMenuItem(_("Read-and-understood"), reverse("control:reading_completion"), icon_name="tick", order=61)


@hooks.register("before_serve_document")
def serve_only_files_of_current_issues(document, request):
    """Staff download an attached file (a form, an annex) only while the current
    issue of some document links to it; a file attached to a draft, or only to a
    superseded or withdrawn edition, is for the people who manage documents."""
    from django.http import Http404
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_document_model())
    if policy.user_has_any_permission(request.user, ["add", "change", "choose"]):
        return None
    if Issue.objects.current().filter(body_html__contains=f"/documents/{document.pk}/").exists():
        return None
    raise Http404

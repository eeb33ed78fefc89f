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
        path("qms/sign/<int:task_state_id>/", signing.sign_task, name="procedures_sign"),
        path("qms/withdraw/<int:page_id>/", signing.withdraw_document, name="procedures_withdraw"),
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
from procedures import copy_admin  # noqa: E402,F401 - PDF copies, controlled-copy register, exports

"""The back office's menu items for document control, each shown to the roles that use it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from procedures.control import access as control_access
from procedures.models import ControlledDocumentPage
from qms import roles


class ShownToMenuItem(MenuItem):
    """A menu item shown only to the people ``shown_to(user)`` accepts."""

    def __init__(self, label, url, *, shown_to, **kwargs):
        super().__init__(label, url, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)


def has_perm(permission):
    return lambda user: user.has_perm(permission)


def reads_the_register(user):
    return user.is_superuser or roles.has_role(
        user, roles.ISO_SECRETARY, roles.DEPARTMENT_HEAD, roles.APPROVER, roles.INTERNAL_AUDITOR
    )


def register_menu_item():
    return ShownToMenuItem(
        _("Internal document list"),
        reverse("procedures_register"),
        shown_to=reads_the_register,
        icon_name="list-ul",
        order=50,
    )


def reviews_due_menu_item():
    return ShownToMenuItem(
        _("Periodic reviews due"),
        reverse("control:review_due"),
        shown_to=control_access.can_follow_reading,
        icon_name="date",
        order=60,
    )


def reading_menu_item():
    return ShownToMenuItem(
        _("Read-and-understood"),
        reverse("control:reading_completion"),
        shown_to=control_access.can_follow_reading,
        icon_name="tick",
        order=61,
    )


def copy_register_menu_item():
    return ShownToMenuItem(
        _("Controlled copies"),
        reverse("procedures_copy_register"),
        shown_to=has_perm("procedures.view_controlledcopy"),
        icon_name="doc-full-inverse",
        order=55,
    )


def exports_menu_item():
    return ShownToMenuItem(
        _("PDF export of current issues"),
        reverse("procedures_exports"),
        shown_to=has_perm("procedures.view_copyexport"),
        icon_name="download",
        order=56,
    )


def copies_button(page, user, priority):
    """The "PDF copies" button of a document, in the page listing and its header."""
    specific = page.specific_deferred
    if isinstance(specific, ControlledDocumentPage) and user.has_perm("procedures.view_issue"):
        url = reverse("procedures_document_copies", args=[page.pk])
        return Button(_("PDF copies"), url, icon_name="doc-full", priority=priority)
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


def word_import_menu_item():
    from procedures.admin.word_import import can_import

    return ShownToMenuItem(
        _("Import from Word"),
        reverse("procedures_word_import"),
        shown_to=can_import,
        icon_name="doc-full",
        order=70,
    )

"""What document control adds to Wagtail's page screens: signing from the editor
goes through the password page, issued documents are never deleted, the
document-control buttons in a document's header, and attached files served
only while a current issue links to them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import Button
from wagtail.documents import get_document_model
from wagtail.log_actions import LogFormatter
from wagtail.permissions import policy_registry

from procedures.control import access as control_access
from procedures.models import ControlledDocumentPage, Issue, LegacyRecord, SignatureMeaning
from qms import roles


def note_revision_before_edit(request, page):
    """Remembers the revision the editor started from (see go_to_signing_page)."""
    request.qms_revision_before_edit = page.latest_revision_id
    return None


def go_to_signing_page(request, page):
    """Signing from the editor's footer goes through the password page too.

    A reviewer or approver who changed nothing is not told "Page … has been
    updated" (Wagtail says it after every workflow action): nothing was saved."""
    if request.POST.get("workflow-action-name") == "sign":
        task_state = page.current_workflow_task_state
        if task_state is not None:
            if page.latest_revision_id == getattr(request, "qms_revision_before_edit", None):
                _drop_update_message(request, page)
            return redirect("procedures_sign", task_state.pk)
    return None


def apply_public_fields_at_once(request, page):
    """The ISO secretary's public choice and national procedure code (docs/public.md) take effect when saved,
    not with the next issue: they say how the document is made public, not what it says. Only from the
    secretary of the document's agency (or a superuser): for anyone else the editor ignores them."""
    if not isinstance(page, ControlledDocumentPage):
        return None
    user = request.user
    library = page.library
    if not (user.is_superuser or (library and roles.has_role(user, roles.ISO_SECRETARY, agency=library.agency_id))):
        return None
    ControlledDocumentPage.objects.filter(pk=page.pk).exclude(
        publication=page.publication, national_code=page.national_code
    ).update(publication=page.publication, national_code=page.national_code)
    return None


def _drop_update_message(request, page):
    from django.utils.translation import gettext

    updated = gettext("Page '%(page_title)s' has been updated.") % {"page_title": page.get_admin_display_title()}
    storage = messages.get_messages(request)
    # The messages added during this request wait in the storage's queue (Django's
    # BaseStorage); iterating the storage instead would mark older ones as read.
    storage._queued_messages = [m for m in storage._queued_messages if str(m.message) != updated]


def never_delete_issued_documents(request, page):
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


def document_control_buttons(page, user, view_name, next_url=None):
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
    if specific.permissions_for_user(user).can_edit():
        yield Button(
            _("Draft as Word"), reverse("procedures_draft_docx", args=[page.pk]), icon_name="download", priority=83
        )
        if LegacyRecord.objects.filter(document_id=page.pk).exists() and roles.has_role(
            user, roles.ISO_SECRETARY, agency=specific.agency_id
        ):
            yield Button(
                _("Paper original"),
                reverse("procedures_paper_original", args=[page.pk]),
                icon_name="doc-full",
                priority=84,
            )


def serve_only_files_of_current_issues(document, request):
    """Staff download an attached file (a form, an annex) only while the current
    issue of some document links to it; a file attached to a draft, or only to a
    superseded or withdrawn edition, is for the people who manage documents."""
    policy = policy_registry.get_by_type(get_document_model())
    if policy.user_has_any_permission(request.user, ["add", "change", "choose"]):
        return None
    if Issue.objects.current().filter(body_html__contains=f"/documents/{document.pk}/").exists():
        return None
    raise Http404


class SignaturesVoided(LogFormatter):
    label = _("Signatures voided")

    def format_message(self, log_entry):
        names = ", ".join(
            f"{SignatureMeaning(s['meaning']).label}: {s['printed_name']}"
            for s in log_entry.data.get("signatures", [])
            if s.get("meaning") in SignatureMeaning.values
        )
        return _("Signatures voided, the draft was changed after it was signed: %(names)s") % {"names": names}

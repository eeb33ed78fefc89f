"""Admin pages for copies: every PDF variant of a document, and the controlled-copy register.

Permissions are checked on each view: the ISO secretary issues controlled
copies and records their withdrawal; approvers and auditors see the register;
every admin role downloads the current issue, and the ISO roles past ones.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from procedures import controlled_copies
from procedures.models import ControlledCopy, ControlledDocumentPage, IssueStatus
from qms import roles
from qms.models import Department, User


class IssueCopyForm(forms.Form):
    holder_user = forms.ModelChoiceField(
        label=gettext_lazy("Holder (person)"), queryset=User.objects.filter(is_active=True), required=False
    )
    holder_department = forms.ModelChoiceField(
        label=gettext_lazy("Holder (department)"), queryset=Department.objects.all(), required=False
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("holder_user")) == bool(data.get("holder_department")):
            raise forms.ValidationError(_("Choose either a person or a department as the holder, not both."))
        return data


def pdf_url(page, issue):
    if issue.status == IssueStatus.CURRENT:
        return page.url + "pdf/"
    return page.url + f"lan/{issue.edition}-{issue.amendment}/pdf/"


def record_withdrawal(request):
    if not request.user.has_perm("procedures.change_controlledcopy"):
        raise PermissionDenied
    copy = get_object_or_404(ControlledCopy, pk=request.POST.get("withdraw"))
    try:
        copy.record_withdrawal(request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Withdrawal recorded: %(copy)s.") % {"copy": copy})


def document_copies(request, page_id):
    user = request.user
    if not user.has_perm("procedures.view_issue"):
        raise PermissionDenied
    page = get_object_or_404(ControlledDocumentPage, pk=page_id)
    here = reverse("procedures_document_copies", args=[page.pk])
    current = page.current_issue
    form = IssueCopyForm(request.POST or None) if user.has_perm("procedures.add_controlledcopy") else None
    if request.method == "POST":
        if "withdraw" in request.POST:
            record_withdrawal(request)
            return redirect(here)
        if form is None:
            raise PermissionDenied
        if current is None:
            messages.error(request, _("Controlled copies are issued only of the current issue."))
            return redirect(here)
        if form.is_valid():
            try:
                copy = controlled_copies.issue_controlled_copy(
                    current,
                    user=user,
                    holder_user=form.cleaned_data["holder_user"],
                    holder_department=form.cleaned_data["holder_department"],
                )
            except controlled_copies.CopyNotIssued as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Issued: %(copy)s to %(holder)s.") % {"copy": copy, "holder": copy.holder})
            return redirect(here)

    issues = page.issues.exclude(status=IssueStatus.SCHEDULED).order_by("-edition", "-amendment")
    if not roles.reads_past_issues(user):
        issues = issues.filter(status=IssueStatus.CURRENT)
    downloads = [(issue, pdf_url(page, issue)) for issue in issues]
    copies = None
    if user.has_perm("procedures.view_controlledcopy"):
        copies = (
            ControlledCopy.objects.filter(issue__document=page)
            .select_related("issue", "holder_user", "holder_department", "issued_by", "withdrawn_by")
            .order_by("-issue__edition", "-issue__amendment", "number")
        )
    return render(
        request,
        "procedures/admin/document_copies.html",
        {
            "page": page,
            "current": current,
            "downloads": downloads,
            "copies": copies,
            "form": form,
            "can_withdraw": user.has_perm("procedures.change_controlledcopy"),
        },
    )


def copy_register(request):
    """All controlled copies still with a holder; those to be withdrawn first."""
    user = request.user
    if not user.has_perm("procedures.view_controlledcopy"):
        raise PermissionDenied
    if request.method == "POST":
        record_withdrawal(request)
        return redirect(request.get_full_path())
    copies = ControlledCopy.objects.select_related(
        "issue", "issue__document", "holder_user", "holder_department", "issued_by", "withdrawn_by"
    )
    show = request.GET.get("show", "due")
    if show == "due":
        copies = copies.due_for_withdrawal()
    elif show == "outstanding":
        copies = copies.outstanding()
    copies = copies.order_by("withdrawal_due_at", "issue__code", "number")
    return render(
        request,
        "procedures/admin/copy_register.html",
        {"copies": copies, "show": show, "can_withdraw": user.has_perm("procedures.change_controlledcopy")},
    )


@hooks.register("register_admin_urls")
def register_copy_urls():
    from procedures import downloads, exports

    return [
        path("qms/copies/<id:page_id>/", document_copies, name="procedures_document_copies"),
        path("qms/controlled-copies/", copy_register, name="procedures_copy_register"),
        path(
            "qms/controlled-copies/<id:copy_id>/pdf/",
            downloads.download_controlled_copy,
            name="procedures_controlled_copy_pdf",
        ),
        path("qms/exports/", exports.export_list, name="procedures_exports"),
        path("qms/exports/<id:export_id>/", exports.export_status, name="procedures_export_status"),
        path("qms/exports/<id:export_id>/download/", exports.export_download, name="procedures_export_download"),
    ]


def copies_button(page, user, priority):
    specific = page.specific_deferred
    if isinstance(specific, ControlledDocumentPage) and user.has_perm("procedures.view_issue"):
        url = reverse("procedures_document_copies", args=[page.pk])
        return Button(_("PDF copies"), url, icon_name="doc-full", priority=priority)
    return None


@hooks.register("register_page_listing_more_buttons")
def page_listing_copies_button(page, user, next_url=None):
    button = copies_button(page, user, priority=45)
    if button:
        yield button


@hooks.register("register_page_header_buttons")
def page_header_copies_button(page, user, view_name=None, next_url=None):
    button = copies_button(page, user, priority=62)
    if button:
        yield button


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def register_copy_register_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Controlled copies"),
        reverse("procedures_copy_register"),
        icon_name="doc-full-inverse",
        order=55,
        permission="procedures.view_controlledcopy",
    )


@hooks.register("register_reports_menu_item")
def register_exports_menu_item():
    return PermissionMenuItem(
        gettext_lazy("PDF export of current issues"),
        reverse("procedures_exports"),
        icon_name="download",
        order=56,
        permission="procedures.view_copyexport",
    )

"""Admin pages for copies: every PDF variant of a document, and the controlled-copy register.

Permissions are checked on each view: the ISO secretary issues controlled
copies and records their withdrawal; approvers and auditors see the register;
every admin role downloads the current issue, and the ISO roles past ones.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.control.registers import register_agencies
from procedures.copies import controlled_copies
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


def in_agencies_of(user, agency_path, role_names=None):
    """A Q of the rows of the agencies whose register the user reads (or where they hold one of role_names)."""
    agencies = roles.agencies_with_role(user, *role_names) if role_names else register_agencies(user)
    return Q() if agencies == roles.ALL else Q(**{f"{agency_path}__in": agencies})


def pdf_url(page, issue):
    if issue.status == IssueStatus.CURRENT:
        return page.url + "pdf/"
    return page.url + f"lan/{issue.edition}-{issue.amendment}/pdf/"


def record_withdrawal(request):
    if not request.user.has_perm("procedures.change_controlledcopy"):
        raise PermissionDenied
    # Only a copy of a document of an agency where the person is its ISO secretary.
    managed = in_agencies_of(request.user, "issue__document__library__agency", [roles.ISO_SECRETARY])
    copy = get_object_or_404(ControlledCopy.objects.filter(managed), pk=request.POST.get("withdraw"))
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
    # Another agency's document is not found.
    page = get_object_or_404(ControlledDocumentPage.objects.filter(in_agencies_of(user, "library__agency")), pk=page_id)
    here = reverse("procedures_document_copies", args=[page.pk])
    current = page.current_issue
    form = None
    issues_copies = user.is_superuser or roles.has_role(user, roles.ISO_SECRETARY, agency=page.agency_id)
    if user.has_perm("procedures.add_controlledcopy") and issues_copies:
        form = IssueCopyForm(request.POST or None)
        # The holders are the document's agency's people and departments.
        form.fields["holder_user"].queryset = User.objects.filter(is_active=True, agency_id=page.agency_id)
        form.fields["holder_department"].queryset = Department.objects.filter(agency_id=page.agency_id)
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
    copies = ControlledCopy.objects.filter(in_agencies_of(user, "issue__document__library__agency")).select_related(
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

"""The adoptions of shared provincial documents in the admin: the ISO secretary lists her agency's
(document, adopted on, ended, distribution) and ends or renews them; the province's overseer lists
every agency's, and changes nothing. Ending and adopting again are procedures.control.adoptions'
own functions, which check who may act; another agency's adoption is not found."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.widgets.button import Button

from procedures.control import adoptions
from procedures.models import Adoption, Distribution
from qms import roles
from qms.text_limits import NOTE

SEEN_BY = (roles.ISO_SECRETARY, roles.OVERSEER)


class RowButton(Button):
    """Shown on the row itself, not in its "…" menu."""

    allow_in_dropdown = False


def may_manage(user, adoption):
    return roles.has_role(user, roles.ISO_SECRETARY, agency=adoption.agency_id)


def may_adopt_again(adoption):
    """Ended, and the agency holds no other adoption of the document now (one active at a time)."""
    if adoption.is_active:
        return False
    return not Adoption.objects.active().filter(agency_id=adoption.agency_id, document_id=adoption.document_id).exists()


def with_distribution(queryset):
    """Each adoption with the number of the adopting agency's departments in the document's distribution."""
    departments = (
        Distribution.objects.filter(document_id=OuterRef("document_id"), department__agency_id=OuterRef("agency_id"))
        .order_by()
        .values("document_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(distributed=Subquery(departments, output_field=IntegerField()))


class AdoptionIndexView(IndexView):
    def get_base_queryset(self):
        return with_distribution(super().get_base_queryset().select_related("agency", "document"))

    def get_list_more_buttons(self, instance):
        buttons = [b for b in super().get_list_more_buttons(instance) if "/edit/" not in (b.url or "")]
        if may_manage(self.request.user, instance):
            if instance.is_active:
                url = reverse("adoptions:end", args=[instance.pk])
                buttons.insert(0, RowButton(_("End the adoption"), url=url, icon_name="cross", priority=1))
            elif may_adopt_again(instance):
                url = reverse("adoptions:adopt_again", args=[instance.pk])
                buttons.insert(0, RowButton(_("Adopt again"), url=url, icon_name="repeat", priority=1))
        return buttons


class EndForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for ending the adoption"), max_length=NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdoptAgainForm(forms.Form):
    decision_reference = forms.CharField(
        label=gettext_lazy("Adoption decision (number)"), max_length=200, required=False
    )


def _managed(request, pk):
    """The adoption, for its agency's ISO secretary: another agency's is not found, a reader is refused."""
    adoption = get_object_or_404(Adoption.objects.select_related("agency", "document"), pk=pk)
    seen = roles.agencies_with_role(request.user, *SEEN_BY)
    if seen != roles.ALL and adoption.agency_id not in seen:
        if seen:
            raise Http404
        raise PermissionDenied
    if not may_manage(request.user, adoption):
        raise PermissionDenied
    return adoption


def end(request, pk):
    adoption = _managed(request, pk)
    if not adoption.is_active:
        messages.error(request, _("This adoption has already ended."))
        return redirect("adoptions:index")
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            adoptions.end_adoption(request.user, adoption, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The adoption has ended; its record is kept."))
            return redirect("adoptions:index")
    return render(
        request,
        "procedures/admin/adoption_action.html",
        {
            "adoption": adoption,
            "form": form,
            "title": _("End the adoption"),
            "explanation": _(
                "The agency stops applying this document: its departments leave the document's distribution "
                "and their people no longer have to read it. The adoption's record is kept."
            ),
            "submit": _("End the adoption"),
        },
        status=400 if form.is_bound else 200,
    )


def adopt_again(request, pk):
    adoption = _managed(request, pk)
    if not may_adopt_again(adoption):
        messages.error(request, _("Your agency has already adopted this document."))
        return redirect("adoptions:index")
    form = AdoptAgainForm(request.POST or None, initial={"decision_reference": adoption.decision_reference})
    if request.method == "POST" and form.is_valid():
        try:
            renewed = adoptions.adopt(
                request.user, adoption.agency, adoption.document, form.cleaned_data["decision_reference"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(agency)s now applies this document. Choose the departments that must read it.")
                % {"agency": renewed.agency.agency_name},
            )
            return redirect(f"{reverse('control:document', args=[renewed.document_id])}?agency={renewed.agency_id}")
    return render(
        request,
        "procedures/admin/adoption_action.html",
        {
            "adoption": adoption,
            "form": form,
            "title": _("Adopt again"),
            "explanation": _(
                "The agency applies this shared document again, as a new adoption; the ended one stays recorded."
            ),
            "submit": _("Adopt again"),
        },
        status=400 if form.is_bound else 200,
    )

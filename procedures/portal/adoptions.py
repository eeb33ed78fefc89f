"""Adopting a shared provincial document, and ending the adoption: the ISO secretary, from the reading page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from procedures.control import adoptions
from procedures.documents import readers
from procedures.models import Adoption, ControlledDocumentPage
from qms import roles
from qms.models import Agency
from qms.text_limits import NOTE


class AdoptionForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("Adopting agency"), queryset=Agency.objects.none())
    decision_reference = forms.CharField(
        label=gettext_lazy("Adoption decision (number)"), max_length=200, required=False
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        listed = list(agencies)
        if len(listed) == 1:
            self.fields["agency"].initial = listed[0].pk
            self.fields["agency"].widget = forms.HiddenInput()


class EndAdoptionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for ending the adoption"), max_length=NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )


def adoption_context(user, page):
    """On the reading page of a shared document: the adopt form, and the user's agencies' adoptions."""
    agency_id, shared = readers.page_agency(page)
    if not shared or not getattr(user, "is_authenticated", False):
        return {}
    agencies = adoptions.agencies_that_may_adopt(user, page)
    return {
        "adoption_form": AdoptionForm(agencies=agencies) if agencies.exists() else None,
        "managed_adoptions": list(adoptions.adoptions_managed_by(user, page)),
        "end_adoption_form": EndAdoptionForm(),
    }


@require_POST
def adopt(request, document_id):
    document = get_object_or_404(ControlledDocumentPage, pk=document_id)
    if not readers.may_read(request.user, document):
        raise PermissionDenied
    agencies = adoptions.agencies_that_may_adopt(request.user, document)
    if not agencies.exists():
        # Not a shared document, or the person is the ISO secretary of no agency that may adopt it.
        raise PermissionDenied
    form = AdoptionForm(request.POST, agencies=agencies)
    if not form.is_valid():
        messages.error(request, _("Nothing was adopted: choose your agency and give at most 200 characters."))
        return redirect(document.url)
    try:
        adoption = adoptions.adopt(
            request.user, form.cleaned_data["agency"], document, form.cleaned_data["decision_reference"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(document.url)
    messages.success(
        request,
        _("%(agency)s now applies this document. Choose the departments that must read it.")
        % {"agency": adoption.agency.agency_name},
    )
    return redirect(f"{document_control_url(document)}?agency={adoption.agency_id}")


@require_POST
def end_adoption(request, pk):
    adoption = get_object_or_404(Adoption.objects.select_related("document"), pk=pk)
    if not roles.has_role(request.user, roles.ISO_SECRETARY, agency=adoption.agency_id):
        raise PermissionDenied
    form = EndAdoptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The adoption was not ended: give the reason."))
        return redirect(adoption.document.url)
    try:
        adoptions.end_adoption(request.user, adoption, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(adoption.document.url)
    messages.success(request, _("The adoption has ended; its record is kept."))
    return redirect(adoption.document.url)


def document_control_url(document):
    from django.urls import reverse

    return reverse("control:document", args=[document.pk])

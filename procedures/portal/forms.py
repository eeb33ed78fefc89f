from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from procedures.lifecycle.signing import SignForm
from procedures.models import ChangeRequest, Citation, ExternalDocument, ReviewOutcome
from qms import roles
from qms.models import Department
from qms.text_limits import LONG_TEXT


class ChangeRequestForm(forms.ModelForm):
    class Meta:
        model = ChangeRequest
        fields = ["reason", "proposed_change", "attachment"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "proposed_change": forms.Textarea(attrs={"rows": 5}),
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT)


class ReviewForm(SignForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices, widget=forms.RadioSelect)

    field_order = ["outcome", "comment", "password"]


class DistributionForm(forms.Form):
    """One agency's part of a document's distribution: its departments, and roles for the owning agency."""

    agency = forms.IntegerField(required=False, widget=forms.HiddenInput)
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Roles"),
        queryset=Group.objects.filter(name__in=list(roles.ROLE_LABELS)).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agency_id, with_roles=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.filter(agency_id=agency_id).order_by("name")
        if not with_roles:
            del self.fields["groups"]
            return
        self.fields["groups"].label_from_instance = lambda group: roles.ROLE_LABELS.get(group.name, group.name)


class CitationForm(forms.ModelForm):
    class Meta:
        model = Citation
        fields = ["external_document", "note"]

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.document = document
        # The external documents of the document's agency's register.
        self.fields["external_document"].queryset = (
            ExternalDocument.objects.filter(agency_id=document.agency_id)
            .exclude(citations__document=document)
            .order_by("number")
        )

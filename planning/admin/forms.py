"""Forms of planning's own admin screens."""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.models import OneStopImport, ReviewDecision
from qms import uploads
from qms.models import User
from qms.text_limits import LONG_TEXT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OneStopUploadForm(forms.ModelForm):
    class Meta:
        model = OneStopImport
        fields = ["kind", "file"]
        help_texts = {
            "file": _(
                "The .xlsx or .csv the one-stop software exports: columns procedure code, month (MM/YYYY), "
                "received, settled on time, settled late, pending; or the satisfaction survey's results: "
                "procedure code, month (MM/YYYY), survey forms collected, satisfied."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Dossier statistics unless said otherwise (the one-stop software's monthly export).
        self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data.get("kind") or OneStopImport.Kind.DOSSIERS

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if name.lower().endswith(".csv"):
            if upload.size > uploads.limit("QMS_UPLOAD_MAX_BYTES", 20 * 1024 * 1024):
                raise ValidationError(_("The file is too large."))
        elif name.lower().endswith(".xlsx"):
            uploads.check_upload(upload, frozenset({uploads.XLSX}))
        else:
            raise ValidationError(_("Choose an .xlsx or .csv file."))
        upload.seek(0)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        self.instance.sha256 = digest.hexdigest()
        self.instance.original_name = name[:255]
        return upload


def people_field(agency_id, label):
    field = forms.ModelChoiceField(
        queryset=User.objects.filter(agency_id=agency_id, is_active=True).order_by("full_name", "username"),
        label=label,
    )
    field.label_from_instance = lambda user: user.get_full_name() or user.get_username()
    return field


class RaiseActionForm(forms.Form):
    due_date = forms.DateField(label=_("Due date"), widget=DATE)

    def __init__(self, *args, agency_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"owner": people_field(agency_id, _("Owner")), **self.fields}

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return due


class DecisionForm(forms.ModelForm):
    class Meta:
        model = ReviewDecision
        fields = ["text", "owner", "due_date"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_date": DATE}

    def __init__(self, *args, agency_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = people_field(agency_id, _("Owner"))


class CloseDecisionForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT)


class ResidualRatingForm(forms.Form):
    """A risk re-rated after its treatment: the residual likelihood and impact on the register's scale, and a note."""

    residual_likelihood = forms.TypedChoiceField(label=_("Residual likelihood"), coerce=int)
    residual_impact = forms.TypedChoiceField(label=_("Residual impact"), coerce=int)
    residual_note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the treatment changed, and what the rating rests on."),
    )

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        message = _("Give a number from 1 to %(scale)s.") % {"scale": scale}
        for name in ("residual_likelihood", "residual_impact"):
            field = self.fields[name]
            field.choices = [("", "—"), *((number, str(number)) for number in range(1, scale + 1))]
            field.error_messages = {**field.error_messages, "required": message, "invalid_choice": message}

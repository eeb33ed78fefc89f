from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from province.models import YearlyReport

FIRST_YEAR = 2000


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"))

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= timezone.localdate().year:
            raise forms.ValidationError(
                _("Choose a year between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": timezone.localdate().year}
            )
        return year


class ReportTextsForm(forms.ModelForm):
    class Meta:
        model = YearlyReport
        fields = ["number", "place", "auditor_training", "assessment"]
        widgets = {
            "auditor_training": forms.Textarea(attrs={"rows": 4}),
            "assessment": forms.Textarea(attrs={"rows": 8}),
        }

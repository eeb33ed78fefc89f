from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class ControlledDocumentPageForm(WagtailAdminPageForm):
    """The editor's form: each new edition says what it changes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if (
            instance.pk
            and not self.is_bound
            and instance.issues.filter(revision_id=instance.latest_revision_id).exists()
        ):
            # Editing starts from an issued text: the next change is a new one.
            self.initial["change_summary"] = ""
            self.initial["change_type"] = "amendment"

    def clean(self):
        cleaned = super().clean()
        submitting = "action-submit" in self.data
        if (
            submitting
            and self.instance.pk
            and self.instance.issues.exists()
            and not cleaned.get("change_summary", "").strip()
        ):
            self.add_error(
                "change_summary",
                forms.ValidationError(
                    _("Say what this edition changes before submitting it for review."), code="required"
                ),
            )
        return cleaned

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from qms import vietnamese


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
        self._derive_slug_and_code()
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

    def _derive_slug_and_code(self):
        """Wagtail's browser-side slug drops the Vietnamese letters it cannot
        transliterate ('đánh giá' -> 'djanh-gia'): until the page is live, such a
        slug, or none, becomes the title without diacritics. A new document with
        no code gets the next code of its type, as it is shown after saving."""
        cleaned = self.cleaned_data
        title = cleaned.get("title") or ""
        slug = cleaned.get("slug")
        browser_made = not slug or (slug != vietnamese.slug(title) and slug == vietnamese.browser_slug(title))
        if title and "slug" in cleaned and not (self.instance.pk and self.instance.live) and browser_made:
            cleaned["slug"] = vietnamese.slug(title)[:255]
        document_type = cleaned.get("document_type")
        if "code" in cleaned and not cleaned.get("code") and document_type is not None:
            parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
            from procedures.models import LibraryPage

            library = LibraryPage.objects.ancestor_of(parent, inclusive=True).first() if parent else None
            if library is not None:
                cleaned["code"] = document_type.propose_code(library)

"""The page editor's forms, attached to the page models as their base_form_class at start-up
(ProceduresConfig.ready() calls :func:`attach`), so the models import no form."""

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import SlugInput
from wagtail.models import Page

from procedures.models.numbering import code_taken, lock_codes
from qms import vietnamese


class VietnameseSlugPageForm(WagtailAdminPageForm):
    """Pages of the library get an ASCII slug of their whole Vietnamese title.

    Wagtail's slug widget drops the Vietnamese letters it cannot transliterate
    ('điều động' -> 'djiu-djng'); here it is given rules that fold them as the
    server does, the server makes the slug from the title when the browser's is
    missing or mangled, and a page not yet live whose title-made slug is taken in
    its section gets the next free one ('-2'): a draft left half-typed never
    blocks starting the same document again.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].widget = SlugInput(formatters=vietnamese.slug_formatters())

    def clean(self):
        auto = self._derive_slug()
        if auto:
            self._free_slug()
        cleaned = super().clean()
        if "slug" in self.errors and not self.non_field_errors():
            # The slug sits on its own tab: say on the form's banner what is wrong, and where.
            self.add_error(
                None,
                _("The address %(slug)s is used by another page of this section: change it on the “Address” tab.")
                % {"slug": self.data.get("slug", "")},
            )
        return cleaned

    def _derive_slug(self):
        """Until the page is live, a slug the browser mangled, or none, becomes the
        title without diacritics. True if the slug is the title's (not typed by hand)."""
        cleaned = self.cleaned_data
        title = cleaned.get("title") or ""
        slug = cleaned.get("slug")
        if not title or "slug" not in cleaned or (self.instance.pk and self.instance.live):
            return False
        derived = vietnamese.slug(title)[:255]
        if not slug or slug == vietnamese.browser_slug(title):
            cleaned["slug"] = slug = derived
        return bool(derived) and slug == derived

    def _free_slug(self):
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if parent is None:
            return
        base = self.cleaned_data["slug"]
        slug, number = base, 1
        while not Page._slug_is_available(slug, parent, self.instance):
            number += 1
            suffix = f"-{number}"
            slug = base[: 255 - len(suffix)] + suffix
        self.cleaned_data["slug"] = slug


class ClauseChecklist(forms.CheckboxSelectMultiple):
    """Check boxes in groups (one per ISO edition) under a box that narrows them (static/js/clause-filter.js)."""

    template_name = "procedures/admin/widgets/clause_checklist.html"

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates, not the form renderer's (which sees only the apps' templates).
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))  # noqa: S308

    class Media:
        js = ["js/clause-filter.js"]
        css = {"all": ["css/clause-filter.css"]}


class ControlledDocumentPageForm(VietnameseSlugPageForm):
    """The editor's form: each new edition says what it changes.

    The national procedure code and the public choice are the ISO secretary's: for anyone else
    (a department head drafting) the fields are shown disabled, so the posted values are ignored."""

    SECRETARY_FIELDS = ("national_code", "publication")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self._by_secretary():
            for name in self.SECRETARY_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = (
                        _("Entered by the ISO secretary.") + " " + str(self.fields[name].help_text)
                    )
        if "national_code" in self.fields:
            self.fields["national_code"].widget.attrs.setdefault("placeholder", "1.004227")
        if "clauses" in self.fields:
            self._group_clauses(self.fields["clauses"])
        instance = self.instance
        if (
            instance.pk
            and not self.is_bound
            and instance.issues.filter(revision_id=instance.latest_revision_id).exists()
        ):
            # Editing starts from an issued text: the next change is a new one.
            self.initial["change_summary"] = ""
            self.initial["change_type"] = "amendment"

    def _group_clauses(self, field):
        """The clauses of both editions, grouped by edition, the agency's own first; each says its
        edition, and a box above the list finds a clause by its number or title."""
        from qms.models import IsoEdition

        library = self._library()
        own = library.agency.iso_edition if library is not None else IsoEdition.ISO_9001_2015
        editions = sorted(IsoEdition, key=lambda edition: edition != own)
        clauses = list(field.queryset)
        groups = []
        for edition in editions:
            members = [(clause.pk, clause.label) for clause in clauses if clause.edition == edition]
            if members:
                name = _("%(edition)s (this agency's edition)") if edition == own else "%(edition)s"
                groups.append((name % {"edition": edition.label}, members))
        field.widget = ClauseChecklist()
        field.choices = groups

    def _by_secretary(self):
        from qms import roles

        user = self.for_user
        if user is None:
            return False
        if user.is_superuser:
            return True
        library = self._library()
        return library is not None and roles.has_role(user, roles.ISO_SECRETARY, agency=library.agency_id)

    def _library(self):
        from procedures.models import LibraryPage

        if self.instance.library_id:
            return self.instance.library
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if parent is None:
            return None
        return LibraryPage.objects.ancestor_of(parent, inclusive=True).first()

    def _clean_code(self, cleaned):
        """Propose the next code, or refuse a typed one already used, one person at a time.

        The library's row stays locked until the request's transaction ends, so
        two people creating documents at the same moment get distinct codes,
        and the second to type a code already taken gets this form error
        instead of a database error.
        """
        library = self._library()
        if library is None or "code" in self.errors:
            return
        lock_codes(library)
        code = (cleaned.get("code") or "").strip()
        document_type = cleaned.get("document_type")
        if not code and document_type is not None:
            cleaned["code"] = document_type.propose_code(library)
        elif code and code_taken(library, code, self.instance.pk):
            self.add_error(
                "code",
                forms.ValidationError(
                    _("Another document of this agency already has the code %(code)s.") % {"code": code},
                    code="unique",
                ),
            )

    def clean(self):
        cleaned = super().clean()
        self._clean_code(cleaned)
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


def attach():
    from procedures.admin.compare import label_choices
    from procedures.models import ControlledDocumentPage, LibraryPage, SectionPage

    LibraryPage.base_form_class = VietnameseSlugPageForm
    SectionPage.base_form_class = VietnameseSlugPageForm
    ControlledDocumentPage.base_form_class = ControlledDocumentPageForm
    label_choices(ControlledDocumentPage._meta.get_field("body").stream_block)

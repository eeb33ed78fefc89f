"""Forms of the audit screens. Every form validates on the server what the model
would refuse, so a user gets a clear message instead of an error page."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from audits.models import ChecklistItem, CorrectiveAction, Finding, Question, check_independence, default_edition
from audits.uploads import validate_evidence_file
from qms import roles
from qms.agency_admin import in_agencies
from qms.models import IsoClause, RoleGrant, User
from qms.text_limits import LONG_TEXT, NOTE


def auditors(agency=None):
    """The active internal auditors: of this agency (an Agency or its id; their own or by a grant), or of any."""
    at_home = Q(groups__name=roles.INTERNAL_AUDITOR)
    granted = Q(pk__in=RoleGrant.objects.filter(role=roles.INTERNAL_AUDITOR).values("user_id"))
    if agency is not None:
        agency_id = getattr(agency, "pk", agency)
        at_home &= Q(agency_id=agency_id)
        granted = Q(pk__in=RoleGrant.objects.filter(role=roles.INTERNAL_AUDITOR, agency_id=agency_id).values("user_id"))
    return User.objects.filter(at_home | granted, is_active=True).distinct().order_by("full_name")


class AuditAdminForm(WagtailAdminModelForm):
    """The audit plan. Refuses an auditor on the audit of their own department."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agency = self.instance.programme.agency if self.instance.programme_id else None
        for name in ("lead_auditor", "team"):
            if name in self.fields:
                self.fields[name].queryset = auditors(agency)
        if "edition" in self.fields and not self.instance.pk:
            user = getattr(self, "for_user", None)
            self.fields["edition"].initial = default_edition(agency or getattr(user, "agency", None))
        if "documents" in self.fields:
            # Issued controlled documents by code: never the tree's root, the home page, a library or a section.
            field = self.fields["documents"]
            field.queryset = (
                field.queryset.filter(controlleddocumentpage__issues__isnull=False)
                .annotate(document_code=F("controlleddocumentpage__code"))
                .distinct()
                .order_by("document_code", "title")
            )
            field.label_from_instance = lambda page: f"{page.document_code} – {page.title}"
            field.help_text = _("The issued controlled documents this audit covers, by their code.")

    def clean(self):
        cleaned = super().clean()
        lead, team, departments = cleaned.get("lead_auditor"), cleaned.get("team"), cleaned.get("departments")
        programme = cleaned.get("programme")
        if programme is not None:
            chosen = [person for person in [lead, *(team or [])] if person is not None]
            team_of_agency = auditors(programme.agency_id).filter(pk__in=[person.pk for person in chosen])
            of_agency = set(team_of_agency.values_list("pk", flat=True))
            if any(person.pk not in of_agency for person in chosen):
                self.add_error(None, _("Choose the audit team from the internal auditors of the programme's agency."))
        if lead and departments is not None:
            try:
                check_independence([lead, *(team or [])], departments)
            except ValidationError as error:
                self.add_error(None, error)
        edition, clauses = cleaned.get("edition"), cleaned.get("clauses")
        if edition and clauses:
            wrong = [c.number for c in clauses if c.edition != edition]
            if wrong:
                self.add_error(
                    "clauses",
                    _("These clauses are not of the edition cited (%(edition)s): %(numbers)s.")
                    % {"edition": edition, "numbers": ", ".join(wrong)},
                )
        return cleaned


class BuildChecklistForm(forms.Form):
    clauses = forms.ModelMultipleChoiceField(
        label=_("Clauses"),
        queryset=IsoClause.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The active questions of the library filed under these clauses are copied into the checklist."),
    )

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        used = Question.objects.filter(active=True, clause__edition=audit.edition).values("clause")
        self.fields["clauses"].queryset = IsoClause.objects.filter(pk__in=used)
        self.fields["clauses"].initial = list(audit.clauses.values_list("pk", flat=True))


class ChecklistItemForm(forms.ModelForm):
    """A question added to the checklist by hand."""

    class Meta:
        model = ChecklistItem
        fields = ["clause", "department", "question"]

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = IsoClause.objects.filter(edition=audit.edition)
        self.fields["department"].queryset = audit.departments.all()


class RecordResultForm(forms.Form):
    """One tap on the phone: the result, with the evidence typed so far."""

    result = forms.ChoiceField(label=_("Result"), choices=ChecklistItem.Result.choices)
    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT
    )


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(label=_("Photo or file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = validate_evidence_file(upload)
        return upload


MAX_ACTION_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several photos or files at once (Django's documented pattern for a multiple file input); each is checked
    like a checklist item's evidence (audits.uploads). Cleans to a list of (upload, content type)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if len(uploads) > MAX_ACTION_FILES:
            raise ValidationError(
                _("Attach at most %(count)d files at a time.") % {"count": MAX_ACTION_FILES}, code="too_many"
            )
        cleaned, errors = [], []
        for upload in uploads:
            upload = super().clean(upload, initial)
            try:
                cleaned.append((upload, validate_evidence_file(upload)))
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


def evidence_files_field():
    return EvidenceFilesField(
        label=_("Evidence files"),
        help_text=_("Photos (JPEG, PNG, WebP, HEIC), PDF, Word or Excel files, up to 10 MB each."),
    )


# A corrective action raised from a finding is due this many days later unless the auditor sets another date.
DEFAULT_ACTION_DAYS = 30


class RaiseActionForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.filter(is_active=True))
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, agency_id, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The owner is a person of the audit's agency (there, or by a role granted there).
        self.fields["owner"].queryset = (
            User.objects.filter(is_active=True).filter(in_agencies(User, [agency_id])).distinct()
        )
        # Proposed: the head of the finding's department, due in a month; the auditor may change both.
        if department is not None and department.head_id:
            self.fields["owner"].initial = department.head_id
        self.fields["due_date"].initial = timezone.localdate() + datetime.timedelta(days=DEFAULT_ACTION_DAYS)

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return due


class CorrectiveActionAdminForm(WagtailAdminModelForm):
    """Raising an action from another source, or changing who owns it and by when."""

    def clean(self):
        cleaned = super().clean()
        source, finding = cleaned.get("source"), cleaned.get("finding")
        if source == CorrectiveAction.Source.AUDIT and not finding:
            self.add_error("finding", _("An action raised by an audit names its finding."))
        if source and source != CorrectiveAction.Source.AUDIT and finding:
            self.add_error("finding", _("Only an action raised by an audit names a finding."))
        return cleaned


class PlanForm(forms.Form):
    correction = forms.CharField(
        label=_("Correction"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )
    root_cause = forms.CharField(label=_("Root cause"), widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT)
    action_plan = forms.CharField(
        label=_("Corrective action plan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT
    )
    reason = forms.CharField(label=_("Note for the history (optional)"), required=False, max_length=NOTE)


class ImplementForm(forms.Form):
    implementation = forms.CharField(
        label=_("Implementation evidence"), widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT
    )
    similar_checked = forms.CharField(
        label=_("Similar nonconformities checked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
    )
    files = evidence_files_field()
    reason = forms.CharField(label=_("Note for the history (optional)"), required=False, max_length=NOTE)


class VerifyForm(forms.Form):
    effective = forms.TypedChoiceField(
        label=_("Verdict"),
        choices=[("1", _("Effective")), ("0", _("Not effective"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    verified_on = forms.DateField(
        label=_("Verified on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT)
    files = evidence_files_field()
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Note for the history (optional)"), required=False, max_length=NOTE)


class QuickFindingForm(forms.Form):
    """A finding recorded from the audit's own page: its type, department and description (the rest later)."""

    kind = forms.ChoiceField(label=_("Type"), choices=[("", "---------")])
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    description = forms.CharField(
        label=_("Description"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "---------"), *Finding.Kind.choices]
        departments = audit.departments.order_by("name")
        self.fields["department"].queryset = departments
        if len(departments) == 1:
            self.fields["department"].initial = departments[0].pk

"""Moving in from Word: upload → preview → confirm → drafts; and the paper original of a document.

Between the preview and the confirmation the upload waits in the default
storage under word-import/<user id>/ (shared by every app server, served by no
view, never on a page), named by a random id; the confirmation form carries
that id in a token signed for the user who uploaded it and valid for an hour.
Confirming reads the file again, makes the drafts, and removes it; a person's
uploads never confirmed go at their next upload after the hour. Nothing is
written to pages before.
"""

import datetime
import posixpath
import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.models import ControlledDocumentPage, LegacyRecord, LibraryPage, SectionPage
from procedures.wordio import drafts, export
from procedures.wordio.files import ImportRefused, entries_of
from qms import roles, storage

SALT = "procedures.word_import"
MAX_AGE = 3600
MAX_UPLOAD = 100 * 1024 * 1024


def upload_folder(user):
    """Where a person's uploads wait between the preview and the confirmation: in the default
    storage (the confirmation may reach another app server), never served by any view."""
    return f"word-import/{user.pk}"


def keep_upload(user, data):
    """Store the upload for the confirmation; the person's uploads older than the preview's lifetime go."""
    folder = upload_folder(user)
    limit = timezone.now() - datetime.timedelta(seconds=MAX_AGE)
    for name in storage.stored_names(default_storage, folder):
        try:
            if default_storage.get_modified_time(name) < limit:
                default_storage.delete(name)
        except FileNotFoundError:
            pass
    key = uuid.uuid4().hex
    default_storage.save(f"{folder}/{key}", ContentFile(data))
    return key


def sections_for(user):
    """The sections where the user, an ISO secretary of the section's agency, may add documents."""
    agencies = roles.agencies_with_role(user, roles.ISO_SECRETARY)
    if not agencies:
        return []
    libraries = LibraryPage.objects.all() if agencies == roles.ALL else LibraryPage.objects.filter(agency__in=agencies)
    result = []
    for library in libraries:
        for section in SectionPage.objects.child_of(library).order_by("path"):
            if section.permissions_for_user(user).can_add_subpage():
                result.append(section)
    return result


def can_import(user):
    return bool(roles.agencies_with_role(user, roles.ISO_SECRETARY))


class UploadForm(forms.Form):
    section = forms.TypedChoiceField(label=gettext_lazy("Library section"), coerce=int)
    file = forms.FileField(
        label=gettext_lazy("Word file or .zip"),
        help_text=gettext_lazy("A procedure as .docx, .doc or .odt, or a .zip of many."),
    )
    in_force = forms.BooleanField(
        label=gettext_lazy("Already in force on paper"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "The edition and amendment of the header table are recorded; the first electronic issue continues them."
        ),
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(s.pk, f"{s.get_parent().title} › {s.title}") for s in sections]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is too large (at most 100 MB)."))
        return upload


def import_documents(request):
    if not can_import(request.user):
        raise PermissionDenied
    sections = sections_for(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, sections=sections)
    if request.method == "POST" and form.is_valid():
        section = SectionPage.objects.get(pk=form.cleaned_data["section"])
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            plans = drafts.plan(request.user, section, entries_of(upload.name, data))
        except (ImportRefused, PermissionDenied) as refused:
            form.add_error("file" if isinstance(refused, ImportRefused) else "section", str(refused))
        else:
            key = keep_upload(request.user, data)
            token = signing.dumps(
                {
                    "user": request.user.pk,
                    "key": key,
                    "name": upload.name,
                    "section": section.pk,
                    "in_force": form.cleaned_data["in_force"],
                },
                salt=SALT,
            )
            return render(
                request,
                "procedures/admin/word_import_preview.html",
                {"plans": plans, "section": section, "token": token, "ready": sum(p.ok for p in plans)},
            )
    return render(request, "procedures/admin/word_import.html", {"form": form})


def confirm_import(request):
    if request.method != "POST" or not can_import(request.user):
        raise PermissionDenied
    try:
        ticket = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect("procedures_word_import")
    if ticket["user"] != request.user.pk:
        raise PermissionDenied
    name = f"{upload_folder(request.user)}/{posixpath.basename(ticket['key'])}"
    try:
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect("procedures_word_import")
    section = get_object_or_404(SectionPage, pk=ticket["section"])
    try:
        plans = drafts.plan(request.user, section, entries_of(ticket["name"], data))
    except (ImportRefused, PermissionDenied) as refused:
        messages.error(request, str(refused))
        return redirect("procedures_word_import")
    results = drafts.create_drafts(request.user, section, plans, in_force=ticket["in_force"])
    default_storage.delete(name)
    created = [page for _item, page, _error in results if page is not None]
    if created:
        messages.success(request, _("%(count)s draft(s) created.") % {"count": len(created)})
    return render(request, "procedures/admin/word_import_done.html", {"results": results, "section": section})


class LegacyForm(forms.ModelForm):
    class Meta:
        model = LegacyRecord
        fields = ["in_force", "edition", "amendment", "effective_date", "scanned_pdf"]
        widgets = {"effective_date": forms.DateInput(attrs={"type": "date"})}


def paper_original(request, page_id):
    """The paper original of an imported document: its numbering (until the first issue) and the scanned PDF."""
    page = get_object_or_404(ControlledDocumentPage, pk=page_id)
    if (
        not roles.has_role(request.user, roles.ISO_SECRETARY, agency=page.agency_id)
        or not page.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    try:
        legacy = page.legacy
    except LegacyRecord.DoesNotExist:
        raise Http404 from None
    issued = page.issues.exists()
    form = LegacyForm(request.POST or None, request.FILES or None, instance=legacy)
    if issued:
        for name in ("in_force", "edition", "amendment", "effective_date"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The paper original was saved."))
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return render(request, "procedures/admin/paper_original.html", {"form": form, "page": page, "legacy": legacy})


def paper_scan(request, page_id):
    """The scanned paper original, for the people who read a document's past issues (media is never served as is)."""
    from procedures.documents import readers

    page = get_object_or_404(ControlledDocumentPage, pk=page_id)
    legacy = LegacyRecord.objects.filter(document=page).first()
    if legacy is None or not legacy.scanned_pdf or not readers.reads_past_issues(request.user, page):
        raise Http404
    return storage.file_response(legacy.scanned_pdf, content_type="application/pdf")


def draft_word(request, page_id):
    """The draft as Word, for its editors."""
    page = get_object_or_404(ControlledDocumentPage, pk=page_id)
    data = export.draft_docx(request.user, page)
    return export.docx_response(data, f"{page.code or 'du-thao'}-du-thao.docx")

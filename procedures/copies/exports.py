"""Zip of the current issues' PDFs plus the internal document list (.xlsx), made in the background.

The ISO secretary asks for an export (all documents, or one department or
document type); django-tasks tasks make it and record its progress (x of N)
on the :class:`CopyExport`, which the status page shows and refreshes. Each
PDF is today's stored uncontrolled copy, rendered first if nobody has asked
for it today.

In slices: rendering 300 PDFs takes minutes, and one task doing it all held a
worker that long while renders of newly issued editions and notification
mails queued behind it. So each task renders for about
``QMS_EXPORT_SLICE_SECONDS`` and enqueues the next slice at a lower priority
(``EXPORT_PRIORITY``) than everyone's tasks, which therefore go first. Once
every copy is rendered, the last slice writes the zip entry by entry into a
temporary file (one PDF in memory at a time) and saves it to storage. A
worker killed in a slice loses that slice only: its task is run again from
the copies already stored.
"""

import io
import logging
import tempfile
import time
import zipfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from procedures.control import registers
from procedures.copies import printing
from procedures.models import CopyExport, CopyExportStatus, CopyKind, DocumentType, Issue
from qms import roles, storage
from qms.models import Department

REGISTER_NAME = "danh-muc-tai-lieu-noi-bo.xlsx"


class ExportForm(forms.Form):
    """Filters of an export, offering the departments and types of the agencies whose register the user reads."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = registers.register_agencies(user)
        if agencies != roles.ALL:
            self.fields["department"].queryset = Department.objects.filter(agency_id__in=agencies)
            self.fields["document_type"].queryset = DocumentType.objects.filter(agency_id__in=agencies)

    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=gettext_lazy("All departments"),
    )
    document_type = forms.ModelChoiceField(
        label=gettext_lazy("Document type"),
        queryset=DocumentType.objects.all(),
        required=False,
        empty_label=gettext_lazy("All document types"),
    )


def documents_of(export):
    documents = registers.register_queryset(export.requested_by)
    if export.department_id:
        documents = documents.filter(owner_department_id=export.department_id)
    if export.document_type_id:
        documents = documents.filter(document_type_id=export.document_type_id)
    return documents


def write_register(zf, documents, agency=None):
    """The internal document list, headed by ``agency`` (the requester's)."""
    output = io.BytesIO()
    view = registers.DocumentRegisterView()
    view.export_agency = agency
    view.write_xlsx([registers.decorate(d) for d in documents], output)
    zf.writestr(REGISTER_NAME, output.getvalue())


def entry_name(issue, taken):
    name = f"{issue.code}_lan-{issue.edition}-{issue.amendment}.pdf"
    if name in taken:
        name = f"{issue.code}_lan-{issue.edition}-{issue.amendment}_{issue.document_id}.pdf"
    taken.add(name)
    return name


# Below the default (0) of every other task: a worker takes the next slice of an export only when nobody's
# render or mail is waiting.
EXPORT_PRIORITY = -10


@task(priority=EXPORT_PRIORITY)
def run_export(export_id):
    export = CopyExport.objects.get(pk=export_id)
    if export.is_finished:
        return
    try:
        if render_slice(export):
            build_export(export)
        else:
            run_export.enqueue(export_id)
    except Exception as exc:
        logging.getLogger(__name__).exception("Export %s failed", export_id)
        CopyExport.objects.filter(pk=export_id).update(
            status=CopyExportStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )


def issues_of(export):
    documents = documents_of(export)
    return Issue.objects.current().filter(document__in=documents.values("pk")).order_by("code", "pk")


def render_slice(export):
    """Render the next copies for about QMS_EXPORT_SLICE_SECONDS, counting them as done; True once
    every issue's copy is there (the zip is next)."""
    issues = issues_of(export)
    if export.status != CopyExportStatus.RUNNING:
        export.total = issues.count()
        export.done = 0
        CopyExport.objects.filter(pk=export.pk).update(status=CopyExportStatus.RUNNING, total=export.total, done=0)
    deadline = time.monotonic() + settings.QMS_EXPORT_SLICE_SECONDS
    done = export.done
    for issue in issues[done:].iterator(chunk_size=50):
        printing.get_or_render(issue, CopyKind.UNCONTROLLED, user=export.requested_by)
        done += 1
        CopyExport.objects.filter(pk=export.pk).update(done=done)
        if time.monotonic() >= deadline:
            break
    return done >= export.total


def build_export(export):
    documents = documents_of(export)
    issues = issues_of(export)
    total = issues.count()
    CopyExport.objects.filter(pk=export.pk).update(status=CopyExportStatus.RUNNING, total=total)
    taken = set()
    with tempfile.TemporaryFile() as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for issue in issues.iterator(chunk_size=50):
                # Rendered by the slices before (or now, if it became current since).
                copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED, user=export.requested_by)
                # Checked against the copy's SHA-256 (re-rendered if the stored file was altered).
                data = printing.intact_bytes(copy, user=export.requested_by)
                with zf.open(entry_name(issue, taken), "w") as target:
                    target.write(data)
            write_register(zf, documents, agency=export.requested_by.agency)
        tmp.seek(0)
        stamp = timezone.localtime(export.requested_at).strftime("%Y%m%d-%H%M")
        name = f"exports/{export.pk}/tai-lieu-hien-hanh-{stamp}.zip"
        if default_storage.exists(name):
            # Left by a run of this export whose worker died before recording it:
            # never offered for download; replaced rather than kept beside the new one.
            default_storage.delete(name)
        name = default_storage.save(name, File(tmp))
    CopyExport.objects.filter(pk=export.pk).update(
        status=CopyExportStatus.DONE, file=name, done=total, finished_at=timezone.now()
    )


def exports_seen_by(user):
    """The exports requested by people of the agencies whose register the user reads (another agency's: none)."""
    agencies = registers.register_agencies(user)
    exports = CopyExport.objects.all()
    return exports if agencies == roles.ALL else exports.filter(requested_by__agency_id__in=agencies)


def export_list(request):
    user = request.user
    if not user.has_perm("procedures.view_copyexport"):
        raise PermissionDenied
    can_add = user.has_perm("procedures.add_copyexport")
    form = ExportForm(request.POST or None, user=request.user) if can_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            export = CopyExport.objects.create(
                requested_by=user,
                department=form.cleaned_data["department"],
                document_type=form.cleaned_data["document_type"],
            )
            transaction.on_commit(lambda: run_export.enqueue(export.pk))
            messages.success(request, _("The export has started."))
            return redirect("procedures_export_status", export.pk)
    exports = exports_seen_by(user).select_related("requested_by", "department", "document_type")[:20]
    return render(request, "procedures/admin/exports.html", {"form": form, "exports": exports})


def export_status(request, export_id):
    if not request.user.has_perm("procedures.view_copyexport"):
        raise PermissionDenied
    export = get_object_or_404(exports_seen_by(request.user), pk=export_id)
    return render(request, "procedures/admin/export_status.html", {"export": export})


def export_download(request, export_id):
    if not request.user.has_perm("procedures.view_copyexport"):
        raise PermissionDenied
    export = get_object_or_404(exports_seen_by(request.user), pk=export_id)
    if export.status != CopyExportStatus.DONE or not export.file:
        raise Http404
    return storage.file_response(export.file, content_type="application/zip", as_attachment=True)

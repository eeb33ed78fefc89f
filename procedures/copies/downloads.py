"""Where people get PDFs: the document page's pdf/ routes and the admin's controlled copies.

Staff get only the current issue's uncontrolled copy (``<page>/pdf/``). The
ISO roles (:func:`qms.roles.reads_past_issues`) also get a past issue stamped
superseded or obsolete (``<page>/lan/<e>-<a>/pdf/``). Every download streams
the stored file of a :class:`RenderedCopy`; only the first one renders it.
"""

import io

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response

from procedures.copies import printing
from procedures.documents import readers
from procedures.models import ControlledCopy, CopyKind, IssueStatus


def file_response(copy):
    # The bytes served are the bytes checked against the copy's SHA-256.
    data = printing.intact_bytes(copy)
    response = FileResponse(io.BytesIO(data), content_type="application/pdf", filename=copy.filename)
    response["Cache-Control"] = "private, no-store"
    return response


def reader_copy_response(request, copy):
    """A reader's copy (the same file for every reader of the issue that day): its SHA-256 is a strong
    ETag, so the browser's revisit is a 304 that reads no file. Asked after the access checks."""
    etag = f'"pdf-{copy.sha256}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        data = printing.intact_bytes(copy)
        response = FileResponse(io.BytesIO(data), content_type="application/pdf", filename=copy.filename)
    response["ETag"] = etag
    response.private_revalidation = True  # qms.middleware.PrivatePagesMiddleware: kept, always revalidated
    return response


def kind_for(issue):
    """The copy a reader gets of this issue: uncontrolled while current, else stamped."""
    if issue.status == IssueStatus.CURRENT:
        return CopyKind.UNCONTROLLED
    kind = printing.past_kind(issue)
    if kind is None:  # scheduled: nothing to print before it takes effect
        raise Http404
    return kind


def serve_current_pdf(request, page):
    if not readers.may_read(request.user, page):
        raise Http404
    issue = page.current_issue
    if issue is None:
        raise Http404
    return reader_copy_response(request, printing.get_or_render(issue, CopyKind.UNCONTROLLED, user=request.user))


def serve_issue_pdf(request, page, edition, amendment):
    if not readers.reads_past_issues(request.user, page):
        raise Http404
    issue = page.get_issue_or_404(edition, amendment)
    return reader_copy_response(request, printing.get_or_render(issue, kind_for(issue), user=request.user))


def download_controlled_copy(request, copy_id):
    if not request.user.has_perm("procedures.view_controlledcopy"):
        raise PermissionDenied
    copy = get_object_or_404(ControlledCopy.objects.select_related("issue", "issue__document"), pk=copy_id)
    if not readers.reads_past_issues(request.user, copy.issue.document):
        # Another agency's controlled copies are not found.
        raise Http404
    try:
        rendered = printing.controlled_copy_rendered(copy, user=request.user)
    except printing.CopyRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    return file_response(rendered)

"""/verify/: anyone holding a paper or PDF copy can check that it is still current.

Open without signing in. A copy is found by the code printed on it (also in
its QR code) or by the SHA-256 of an uploaded PDF; an uploaded PDF's own PAdES
signatures are validated too (qms/pdf_verification.py): by whom, when,
whether it was modified after signing, whether the certificate is trusted. The page tells which copy
it is and whether its issue is current, superseded or withdrawn, and never
shows the body of the document. Codes carry 100 random bits, so they cannot
be guessed or enumerated; uploads and look-ups by code are counted per
client address where every app server counts (Redis's atomic INCR when
REDIS_URL is set, else a locked row in the database) and refused beyond
their limits with a 429 page.
"""

import datetime
import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from procedures.models import CopyKind, IssueStatus, RenderedCopy, UploadThrottle
from procedures.models.copies import CODE_ALPHABET, CODE_LENGTH, normalise_code
from qms import cache as shared_cache
from qms import pdf_verification, uploads
from qms.client_address import client_ip
from qms.uploads import check_upload

MAX_UPLOAD_BYTES = settings.QMS_VERIFY_UPLOAD_MAX_BYTES
UPLOADS_PER_WINDOW = 10
UPLOAD_WINDOW = datetime.timedelta(minutes=10)
# Look-ups by code are cheap but still counted, so that nobody can hammer the
# page: codes cannot be guessed, and a person checks a handful of copies.
LOOKUPS_PER_WINDOW = 60
LOOKUP_WINDOW = datetime.timedelta(minutes=10)


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Verification code printed on the copy"), max_length=40)

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or set(code) - set(CODE_ALPHABET):
            raise forms.ValidationError(_("This is not a verification code: it has 20 letters and digits."))
        return code


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("PDF file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; our copies are much smaller.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        try:
            check_upload(upload, {uploads.PDF}, max_bytes=MAX_UPLOAD_BYTES)
        except forms.ValidationError as error:
            if error.code == "file_type":
                raise forms.ValidationError(_("This file is not a PDF.")) from None
            raise
        upload.seek(0)
        # At most MAX_UPLOAD_BYTES (checked above): read whole, for the hash and the signatures.
        self.pdf_bytes = b"".join(upload.chunks())
        return hashlib.sha256(self.pdf_bytes).hexdigest()


def client_address(request):
    """The client's address as the sign-in lock-out counts it (qms.client_address), as a throttle key."""
    return (client_ip(request) or "unknown")[:64]


def _counted(key, limit, window):
    """Count one request against ``key``'s window; False when over the limit."""
    if shared_cache.atomic_counters():
        # One INCR in Redis: exact whatever the number of servers, no database row locked.
        return shared_cache.count(f"qms:throttle:{key[:64]}", int(window.total_seconds())) <= limit
    # The database cache's incr is a read and a write, not atomic: the row
    # locked FOR UPDATE serialises the servers instead.
    now = timezone.now()
    with transaction.atomic():
        throttle, _created = UploadThrottle.objects.select_for_update().get_or_create(
            key=key[:64], defaults={"window_start": now}
        )
        if now - throttle.window_start > window:
            throttle.window_start, throttle.count = now, 0
        if throttle.count >= limit:
            return False
        throttle.count += 1
        throttle.save(update_fields=["window_start", "count"])
    return True


def upload_allowed(request):
    """Count this upload against the client's window; False when over the limit."""
    return _counted(client_address(request), UPLOADS_PER_WINDOW, UPLOAD_WINDOW)


def lookup_allowed(request):
    """Count this look-up by code against the client's window; False when over the limit."""
    return _counted(f"lookup:{client_address(request)}", LOOKUPS_PER_WINDOW, LOOKUP_WINDOW)


def copy_status(copy):
    """What the page says about a copy's validity."""
    issue = copy.issue
    controlled = copy.controlled_copy
    if controlled is not None and controlled.withdrawn_at is not None:
        return "copy_withdrawn"
    if issue.status == IssueStatus.WITHDRAWN:
        return "withdrawn"
    if issue.status == IssueStatus.SUPERSEDED:
        return "superseded"
    return "current"


def verification_context(request, copy):
    issue = copy.issue
    return {
        "copy": copy,
        "issue": issue,
        "status": copy_status(copy),
        "kind_label": CopyKind(copy.kind).label,
        "holder": copy.controlled_copy.holder if copy.controlled_copy else None,
        "superseded_by": issue.superseded_by if issue.status == IssueStatus.SUPERSEDED else None,
        "document_url": issue.document.url if request.user.is_authenticated else None,
    }


@login_not_required
@require_http_methods(["GET", "POST"])
def verify_home(request):
    """Type the printed code, or upload a PDF to learn whether it is one of ours."""
    code_form = CodeForm(request.GET or None)
    if request.GET and code_form.is_valid():
        return redirect("verify_copy", code=code_form.cleaned_data["code"])
    upload_form = UploadForm()
    status = 200
    context = {"code_form": code_form}
    if request.method == "POST":
        if not upload_allowed(request):
            context["refused"] = _("Too many files checked from your address; please try again in a few minutes.")
            status = 429
        else:
            upload_form = UploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                digest = upload_form.cleaned_data["file"]
                # A copy issued unsigned (its key was away) and signed later is found by either file.
                copy = (
                    RenderedCopy.objects.select_related("issue", "controlled_copy")
                    .filter(Q(sha256=digest) | Q(unsigned_sha256=digest))
                    .first()
                )
                pdf_report = pdf_verification.inspect(upload_form.pdf_bytes)
                if copy is not None:
                    context = {**verification_context(request, copy), "pdf_report": pdf_report}
                    return render(request, "procedures/verify_copy.html", context)
                context.update(not_ours=True, pdf_report=pdf_report)
            else:
                status = 400
    context["upload_form"] = upload_form
    return render(request, "procedures/verify.html", context, status=status)


@login_not_required
@require_http_methods(["GET"])
def verify_copy(request, code):
    if not lookup_allowed(request):
        context = {
            "code_form": CodeForm(),
            "upload_form": UploadForm(),
            "refused": _("Too many copies checked from your address; please try again in a few minutes."),
        }
        return render(request, "procedures/verify.html", context, status=429)
    copy = RenderedCopy.objects.select_related("issue", "controlled_copy").filter(code=normalise_code(code)).first()
    if copy is None:
        context = {"code_form": CodeForm(), "upload_form": UploadForm(), "unknown_code": True}
        return render(request, "procedures/verify.html", context, status=404)
    return render(request, "procedures/verify_copy.html", verification_context(request, copy))

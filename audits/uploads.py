"""Evidence files: what may be uploaded, judged by the bytes, not by the name
or the type the browser claims."""

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
ALLOWED_EVIDENCE_TYPES = {
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/heic",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def sniff_content_type(upload):
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else ""


def validate_evidence_file(upload):
    """Refuse files that are too large or not a photo, PDF, Word or Excel file."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_EVIDENCE_BYTES)},
        )
    content_type = sniff_content_type(upload)
    if content_type not in ALLOWED_EVIDENCE_TYPES:
        raise ValidationError(
            _(
                "This file type is not accepted as evidence. Upload a photo (JPEG, PNG, WebP, HEIC), a PDF, "
                "a Word or an Excel file."
            ),
            code="file_type",
        )
    return content_type

"""Evidence files: what may be uploaded, judged by the bytes, not by the name
or the type the browser claims."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qms.uploads import check_upload

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


def validate_evidence_file(upload):
    """Refuse files that are too large, damaged, or not a photo, PDF, Word or Excel file
    (checked by qms.uploads: content, inner structure of office files, zip bombs)."""
    try:
        return check_upload(upload, ALLOWED_EVIDENCE_TYPES, max_bytes=MAX_EVIDENCE_BYTES)
    except ValidationError as error:
        if error.code != "file_type":
            raise
    raise ValidationError(
        _(
            "This file type is not accepted as evidence. Upload a photo (JPEG, PNG, WebP, HEIC), a PDF, "
            "a Word or an Excel file."
        ),
        code="file_type",
    )

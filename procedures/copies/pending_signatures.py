"""Daily duty: the copies issued unsigned while their agency's key was away are signed once it is back.

Signing is an incremental update of the stored bytes (the copy as first issued
stays inside the signed file); the row keeps the unsigned file's SHA-256, so
that /verify/ still finds a copy someone downloaded before it was signed.
"""

import hashlib
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from procedures.copies import printing, signing
from procedures.models import PdfSignature, RenderedCopy


def sign_pending_copies(today, stdout=None):
    """Daily duty: copies issued unsigned while the key was away are signed now."""
    signed = failed = 0
    for pk in RenderedCopy.objects.filter(signature=PdfSignature.PENDING).order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            copy = (
                RenderedCopy.objects.select_for_update(of=("self",))
                .select_related("issue", "issue__document")
                .get(pk=pk)
            )
            if copy.signature != PdfSignature.PENDING:
                continue
            agency = printing.agency_for(copy.issue)
            data = printing.intact_bytes(copy)
            copy.refresh_from_db()
            if copy.signature != PdfSignature.PENDING:
                continue  # rendered again (and signed) because the stored file was damaged
            new_data, values = signing.sign(copy.issue, agency, data, copy.signature_box)
            if values["signature"] != PdfSignature.SIGNED:
                failed += 1
                continue
            store_signed(copy, data, new_data, values)
            signed += 1
    if stdout is not None:
        stdout.write(f"  PDF copies signed: {signed}, still unsigned: {failed}")
    return signed


def store_signed(copy, unsigned, data, values):
    with tempfile.TemporaryFile() as tmp:
        tmp.write(data)
        tmp.seek(0)
        name = default_storage.save(f"copies/{copy.issue_id}/{copy.code}.pdf", File(tmp))
    copy.unsigned_sha256 = hashlib.sha256(unsigned).hexdigest()
    copy.file = name
    copy.sha256 = hashlib.sha256(data).hexdigest()
    copy.size = len(data)
    for field, value in values.items():
        setattr(copy, field, value)
    copy._change_reason = f"signed when the key was back; unsigned SHA-256 {copy.unsigned_sha256}"
    copy.save(update_fields=["file", "sha256", "size", "unsigned_sha256", *values])


def waiting_for_the_key(agency_id, limit=50):
    """The agency's copies issued unsigned and waiting for its key (qms.registry.add_pending_signature_source)."""
    copies = (
        RenderedCopy.objects.filter(signature=PdfSignature.PENDING, issue__document__library__agency_id=agency_id)
        .select_related("issue")
        .order_by("rendered_at", "pk")[:limit]
    )
    return [(str(copy), copy.rendered_at, copy.signing_problem) for copy in copies]

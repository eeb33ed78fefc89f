"""Reading the PAdES signatures of a PDF back: for /verify/ and `manage.py verify_pdf`.

pyHanko validates each signature: the signed bytes against the signed hash
(intact), the signature itself (valid), the certificate path to the trust
roots (:func:`qms.pdf_signing.trust_roots`, nothing fetched from the
network), and what changed after signing (coverage and difference analysis).
"""

import logging
from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass
class SignatureReport:
    field: str
    signer: str
    signed_at: object  # aware datetime or None
    intact: bool
    valid: bool
    trusted: bool
    modified: bool
    timestamped: bool

    @property
    def ok(self):
        return self.intact and self.valid and self.trusted and not self.modified


@dataclass
class PdfReport:
    signatures: list
    error: str = ""

    @property
    def signed(self):
        return bool(self.signatures)


def inspect(data):
    """Every (non-timestamp) signature of the PDF, validated against the trust roots."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from qms.pdf_signing import trust_roots

    roots = trust_roots()
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = [s for s in reader.embedded_signatures if s.sig_object_type != "/DocTimeStamp"]
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as exc:
        logger.info("PDF signatures unreadable: %s", exc)
        return PdfReport([], error=_("The file is damaged or not a PDF: its signatures cannot be read."))
    reports = []
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        try:
            status = validate_pdf_signature(signature, context)
        except Exception as exc:  # noqa: BLE001 (a tampered signature can fail anywhere in the parser)
            logger.info("PDF signature %s unreadable: %s", signature.field_name, exc)
            reports.append(SignatureReport(signature.field_name, "", None, False, False, False, True, False))
            continue
        reports.append(report_of(signature, status))
    return PdfReport(reports)


def report_of(signature, status):
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel

    level = status.modification_level
    modified = not status.intact or (
        status.coverage != SignatureCoverageLevel.ENTIRE_FILE
        and (level is None or level not in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES))
    )
    timestamp = status.timestamp_validity
    signed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    return SignatureReport(
        field=signature.field_name,
        signer=status.signing_cert.subject.human_friendly,
        signed_at=signed_at,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        modified=modified,
        timestamped=timestamp is not None and timestamp.intact and timestamp.valid,
    )
